"""Read the checks' inputs from the marts, and write back what needs Python.

Tables written (schema `marts`, replaced on every run, in one transaction):
- `dq_findings`: one row per finding.
- `dq_instructions`: one row per preparation instruction a local page states, typed (kind,
  value and unit or rule, conditions, reference point, sentence): the evidence divergent_fact
  and defers_to_letter compare. Successor of `dq_fact_statements` (five numbers per page).
- `dq_checks`: the checks that ran (name, severity, description, position).

The summaries over them (`dq_foretak_summary`, `dq_procedure_summary`) are dbt models
(dbt_project/models/quality/), sources `quality.*` there. The marts read here are named in the
SQL as `{model}` and found through dbt's manifest (`transform.project.model_relations`).
"""

from __future__ import annotations

import string

import pandas as pd

from fnsp_pipeline.quality.checks import CHECKS, DqInputs, Finding, SectionAnalysis
from fnsp_pipeline.quality.instructions import KINDS
from fnsp_pipeline.transform.project import model_relations, source_relations

QUERIES = {
    "offerings": """
        select offering_id, procedure_id, orgnr, region_id, has_offering_response,
               is_offering_rejected, is_offered,
               has_local_page, page_url, has_contact, has_attendance_place,
               linked_pages_lookup, linked_pages_lookup_error
        from {fct_procedure_offering}""",
    "sections": """
        select section_id, offering_id, procedure_id, orgnr, section, section_text, word_count,
               is_empty
        from {fct_local_description_section}""",
    "foretak": "select orgnr, foretak_name, region_id, is_orphan_reference, has_website from {dim_foretak}",
    "procedures": "select procedure_id, procedure_title from {dim_procedure}",
    "websites": "select website_id from {dim_website}",
    "events": """
        select event_id, event_title, orgnr, website_id, linked_procedure_ids, event_url
        from {fct_event}""",
    "study_foretak": """
        select participant.study_id, participant.orgnr, participant.foretak_name,
               study.study_title, study.study_url
        from {bridge_study_foretak} as participant
        inner join {dim_clinical_study} as study on participant.study_id = study.study_id""",
    "study_codes": """
        select hrcs.study_id, hrcs.hrcs_dimension, hrcs.api_value, study.study_title, study.study_url
        from {bridge_study_hrcs} as hrcs
        inner join {dim_clinical_study} as study on hrcs.study_id = study.study_id
        where not hrcs.is_known_code""",
    "studies_without_hrcs": """
        select study.study_id, study.study_title, study.study_url
        from {dim_clinical_study} as study
        where not exists (select 1 from {bridge_study_hrcs} as hrcs where hrcs.study_id = study.study_id)""",
}
FINDINGS_SQL = """
    create or replace table {dq_findings} as
    select f.finding_id, f.check_name, f.severity, f.procedure_id, p.procedure_title,
           f.orgnr, fo.foretak_name, coalesce(o.region_id, fo.region_id) as region_id,
           f.section, f.fact, f.detail, f.observed, f.expected, f.page_url,
           f.resource, f.item_id, f.reference, f.score
    from dq_findings_df as f
    left join {dim_procedure} as p on f.procedure_id = p.procedure_id
    left join {dim_foretak} as fo on f.orgnr = fo.orgnr
    left join {fct_procedure_offering} as o
        on f.procedure_id = o.procedure_id and f.orgnr = o.orgnr
    order by f.check_name, f.procedure_id, f.orgnr, f.section, f.fact, f.finding_id"""
INSTRUCTIONS_SQL = """
    create or replace table {dq_instructions} as
    select s.procedure_id, s.orgnr, s.instruction_key, s.kind, s.value, s.unit, s.rule,
           case when s.conditions = '' then []::varchar[]
                else string_split(s.conditions, ',') end as conditions, s.reference_point, s.display,
           s.is_compared, s.section, s.sentence, o.page_url,
           exists (select 1 from {dq_findings} as f
                   where f.check_name in ('divergent_fact', 'defers_to_letter')
                     and f.procedure_id = s.procedure_id and f.orgnr = s.orgnr
                     and f.fact = s.instruction_key) as is_divergent
    from dq_instructions_df as s
    left join {fct_procedure_offering} as o
        on s.procedure_id = o.procedure_id and s.orgnr = o.orgnr
    order by s.procedure_id, s.instruction_key, s.orgnr, s.section"""


TABLES = ("dq_findings", "dq_instructions", "dq_checks")  # dbt source `quality` (models/quality/)


def _models_in(*sql: str) -> tuple[str, ...]:
    names = {field for text in sql for _, field, _, _ in string.Formatter().parse(text) if field}
    return tuple(sorted(names - set(TABLES)))


# The dbt models this step reads: its Dagster dependencies (quality/assets.py), from the SQL.
MODELS_READ = _models_in(*QUERIES.values(), FINDINGS_SQL, INSTRUCTIONS_SQL)

FINDING_COLUMNS = ["finding_id", "check_name", "severity", "procedure_id", "orgnr", "section", "fact",
                   "detail", "observed", "expected", "page_url", "resource", "item_id", "reference", "score"]
INSTRUCTION_COLUMNS = ["procedure_id", "orgnr", "instruction_key", "kind", "value", "unit", "rule",
                       "conditions", "reference_point", "display", "is_compared", "section", "sentence"]


def relations() -> dict[str, str]:
    """Where the marts read and the tables written are: model or table name -> relation."""
    written = source_relations("quality")
    missing = set(TABLES) - set(written)
    if missing:
        raise KeyError(f"dbt source quality lacks {', '.join(sorted(missing))}")
    return {**model_relations(MODELS_READ), **written}


def load_inputs(con, where: dict[str, str] | None = None) -> DqInputs:
    """`where`: model name -> relation (default: from dbt's manifest)."""
    where = where or relations()
    return DqInputs(**{name: con.execute(sql.format(**where)).df() for name, sql in QUERIES.items()})


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    rows = [{**{c: getattr(x, c) for c in FINDING_COLUMNS if c not in ("finding_id", "severity")},
             "finding_id": x.finding_id, "severity": x.severity} for x in findings]
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    return frame.drop_duplicates("finding_id").astype({"score": "float64"})


def instructions_frame(analysis: SectionAnalysis) -> pd.DataFrame:
    rows = [{"procedure_id": pid, "orgnr": orgnr, "instruction_key": item.key, "kind": item.kind,
             "value": item.value, "unit": KINDS[item.kind].unit or None, "rule": item.rule,
             # joined, not a list: DuckDB infers a list's type from a sample of rows, and a few
             # conditioned rows among many empty lists make it LIST(NULL)
             "conditions": ",".join(item.conditions), "reference_point": item.reference,
             "display": item.display, "is_compared": KINDS[item.kind].compared and item.stance is not None,
             "section": section, "sentence": item.sentence}
            for (pid, orgnr), stated in analysis.instructions.items() for item, section in stated]
    frame = pd.DataFrame(rows, columns=INSTRUCTION_COLUMNS)
    return frame.astype({"value": "float64", "is_compared": "bool"})


def checks_frame() -> pd.DataFrame:
    return pd.DataFrame([{"check_name": name, "severity": severity, "description": text,
                          "position": position}
                         for position, (name, (severity, text)) in enumerate(CHECKS.items(), 1)])


def write_tables(con, findings: list[Finding], analysis: SectionAnalysis,
                 where: dict[str, str] | None = None) -> dict[str, int]:
    """Replace the DQ tables in one transaction; returns rows per table."""
    where = where or relations()
    frames = {"dq_findings_df": findings_frame(findings),
              "dq_instructions_df": instructions_frame(analysis), "checks_df": checks_frame()}
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        con.execute("begin transaction")
        for schema in sorted({where[t].split(".")[0] for t in TABLES}):
            con.execute(f"create schema if not exists {schema}")
        con.execute(FINDINGS_SQL.format(**where))
        con.execute(INSTRUCTIONS_SQL.format(**where))
        con.execute("""
            create or replace table {dq_checks} as
            select * from checks_df order by position""".format(**where))
        con.execute("drop table if exists marts.dq_fact_statements")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        for name in frames:
            con.unregister(name)
    return {t: con.execute(f"select count(*) from {where[t]}").fetchone()[0] for t in TABLES}
