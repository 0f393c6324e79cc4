"""Read the checks' inputs from the marts, and write the findings and summaries back as marts.

Tables written (schema `marts`, replaced on every run):
- `dq_findings`: one row per finding.
- `dq_instructions`: one row per preparation instruction a local page states, typed (kind,
  value and unit or rule, conditions, reference point, sentence): the evidence divergent_fact
  and defers_to_letter compare. Successor of `dq_fact_statements` (five numbers per page).
- `dq_foretak_summary`: per foretak: procedures adopted, complete, findings per check, score.
- `dq_procedure_summary`: the same per procedure.
"""

from __future__ import annotations

import pandas as pd

from fnsp_pipeline.quality.checks import CHECKS, DqInputs, Finding, SectionAnalysis
from fnsp_pipeline.quality.instructions import KINDS

QUERIES = {
    "offerings": """
        select offering_id, procedure_id, orgnr, region_id, has_offering_response,
               is_offering_rejected, is_offered,
               has_local_page, page_url, has_contact, has_attendance_place,
               linked_pages_lookup, linked_pages_lookup_error
        from marts.fct_procedure_offering""",
    "sections": """
        select section_id, offering_id, procedure_id, orgnr, section, section_text, word_count,
               is_empty
        from marts.fct_local_description_section""",
    "foretak": "select orgnr, foretak_name, region_id, is_orphan_reference, has_website from marts.dim_foretak",
    "procedures": "select procedure_id, procedure_title from marts.dim_procedure",
    "websites": "select website_id from marts.dim_website",
    "events": """
        select event_id, event_title, orgnr, website_id, linked_procedure_ids, event_url
        from marts.fct_event""",
    "study_foretak": """
        select participant.study_id, participant.orgnr, participant.foretak_name,
               study.study_title, study.study_url
        from marts.bridge_study_foretak as participant
        inner join marts.dim_clinical_study as study on participant.study_id = study.study_id""",
    "study_codes": """
        select hrcs.study_id, hrcs.hrcs_dimension, hrcs.api_value, study.study_title, study.study_url
        from marts.bridge_study_hrcs as hrcs
        inner join marts.dim_clinical_study as study on hrcs.study_id = study.study_id
        where not hrcs.is_known_code""",
    "studies_without_hrcs": """
        select study.study_id, study.study_title, study.study_url
        from marts.dim_clinical_study as study
        where not exists (select 1 from marts.bridge_study_hrcs as hrcs where hrcs.study_id = study.study_id)""",
}
FINDING_COLUMNS = ["finding_id", "check_name", "severity", "procedure_id", "orgnr", "section", "fact",
                   "detail", "observed", "expected", "page_url", "resource", "item_id", "reference", "score"]
TABLES = ("dq_findings", "dq_instructions", "dq_foretak_summary", "dq_procedure_summary")
INSTRUCTION_COLUMNS = ["procedure_id", "orgnr", "instruction_key", "kind", "value", "unit", "rule",
                       "conditions", "reference_point", "display", "is_compared", "section", "sentence"]


def load_inputs(con) -> DqInputs:
    return DqInputs(**{name: con.execute(sql).df() for name, sql in QUERIES.items()})


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


def _per_check_counts() -> str:
    # Column names from the fixed check list, not from data.
    return ",\n".join(f"count(*) filter (where check_name = '{name}') as {name}_count" for name in CHECKS)


def _per_check_columns(alias: str) -> str:
    return ",\n".join(f"coalesce({alias}.{name}_count, 0) as {name}_count" for name in CHECKS)


def write_tables(con, findings: list[Finding], analysis: SectionAnalysis) -> dict[str, int]:
    """Replace the DQ marts in one transaction; returns rows per table."""
    findings_df, instructions_df = findings_frame(findings), instructions_frame(analysis)
    con.register("dq_findings_df", findings_df)
    con.register("dq_instructions_df", instructions_df)
    try:
        con.execute("begin transaction")
        con.execute("create schema if not exists marts")
        con.execute("""
            create or replace table marts.dq_findings as
            select f.finding_id, f.check_name, f.severity, f.procedure_id, p.procedure_title,
                   f.orgnr, fo.foretak_name, coalesce(o.region_id, fo.region_id) as region_id,
                   f.section, f.fact, f.detail, f.observed, f.expected, f.page_url,
                   f.resource, f.item_id, f.reference, f.score
            from dq_findings_df as f
            left join marts.dim_procedure as p on f.procedure_id = p.procedure_id
            left join marts.dim_foretak as fo on f.orgnr = fo.orgnr
            left join marts.fct_procedure_offering as o
                on f.procedure_id = o.procedure_id and f.orgnr = o.orgnr
            order by f.check_name, f.procedure_id, f.orgnr, f.section, f.fact, f.finding_id""")
        con.execute("""
            create or replace table marts.dq_instructions as
            select s.procedure_id, s.orgnr, s.instruction_key, s.kind, s.value, s.unit, s.rule,
                   case when s.conditions = '' then []::varchar[]
                        else string_split(s.conditions, ',') end as conditions, s.reference_point, s.display,
                   s.is_compared, s.section, s.sentence, o.page_url,
                   exists (select 1 from marts.dq_findings as f
                           where f.check_name in ('divergent_fact', 'defers_to_letter')
                             and f.procedure_id = s.procedure_id and f.orgnr = s.orgnr
                             and f.fact = s.instruction_key) as is_divergent
            from dq_instructions_df as s
            left join marts.fct_procedure_offering as o
                on s.procedure_id = o.procedure_id and s.orgnr = o.orgnr
            order by s.procedure_id, s.instruction_key, s.orgnr, s.section""")
        con.execute("drop table if exists marts.dq_fact_statements")
        con.execute(_summary_sql("orgnr", "foretak_summary"))
        con.execute(_summary_sql("procedure_id", "procedure_summary"))
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        con.unregister("dq_findings_df")
        con.unregister("dq_instructions_df")
    return {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in TABLES}


def _summary_sql(grain: str, name: str) -> str:
    """Per foretak or per procedure: adopted, with a page, complete (a page and no finding)."""
    label = ("fo.foretak_name, fo.region_id" if grain == "orgnr" else "p.procedure_title")
    join = ("inner join marts.dim_foretak as fo on a.orgnr = fo.orgnr" if grain == "orgnr"
            else "inner join marts.dim_procedure as p on a.procedure_id = p.procedure_id")
    return f"""
        create or replace table marts.dq_{name} as
        with offering_findings as (
            select procedure_id, orgnr, count(*) as findings
            from marts.dq_findings
            where procedure_id is not null and orgnr is not null
            group by all
        ),
        adopted as (
            select o.{grain},
                   count(*) as offered_count,
                   count(*) filter (where o.has_local_page) as with_local_page,
                   count(*) filter (where o.has_local_page and f.findings is null) as complete
            from marts.fct_procedure_offering as o
            left join offering_findings as f
                on o.procedure_id = f.procedure_id and o.orgnr = f.orgnr
            group by all
        ),
        counts as (
            select {grain}, count(*) as findings_total,
                   count(*) filter (where severity = 'error') as error_findings,
                   {_per_check_counts()}
            from marts.dq_findings
            group by all
        )
        select a.{grain}, {label}, a.offered_count, a.with_local_page, a.complete,
               round(a.complete / nullif(a.offered_count, 0), 4) as completeness_score,
               coalesce(c.findings_total, 0) as findings_total,
               coalesce(c.error_findings, 0) as error_findings,
               {_per_check_columns('c')}
        from adopted as a
        {join}
        left join counts as c on a.{grain} = c.{grain}
        order by a.{grain}"""
