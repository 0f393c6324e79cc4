"""The analysts' questions in the README ("Query the warehouse"), run on a warehouse built from the
national-size sample by the raw and dbt assets, and answered again independently from the
sample generator's dataset and truth record (never from the marts themselves)."""

from __future__ import annotations

import collections
import datetime as dt
import html
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from fnsp_pipeline.sample import load_sample
from fnsp_pipeline.transform.project import DBT_PROJECT_DIR, prepare_manifest

pytestmark = pytest.mark.slow

SCALE = 1.0  # 'MR av hode' and the other named procedures exist at national size only
QUERY_BLOCK = re.compile(r"```sql id=(\w+)\n(.*?)```", re.DOTALL)


def load_queries() -> dict[str, str]:
    return dict(QUERY_BLOCK.findall((DBT_PROJECT_DIR.parent / "README.md").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def warehouse(national_warehouse) -> Path:
    """The national-size sample refreshed once for the session (tests/conftest.py)."""
    return national_warehouse


@pytest.fixture(scope="module")
def dataset():
    return load_sample(scale=SCALE)


def run(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


# -- the sample, read directly -----------------------------------------------------------------

def has_text(markup: str | None) -> bool:
    return bool(markup) and html.unescape(re.sub(r"<[^>]*>", " ", markup)).strip() != ""


def is_complete(side: dict | None) -> bool:
    if not side:
        return False
    with_text = {s["seksjon"] for s in side.get("innhold", []) if has_text(s.get("tekst"))}
    return {"for", "under", "etter"} <= with_text


class Sample:
    def __init__(self, dataset):
        self.d = dataset
        self.region_of = {f["orgnr"]: f["region"] for f in dataset.foretak}
        self.name_of = {f["orgnr"]: f["navn"] for f in dataset.foretak}
        self.title_of = {p["id"]: p["tittel"] for p in dataset.procedures}
        self.offered = [o for o in dataset.offerings if o["tilbys"]]

    def procedure(self, title: str) -> dict:
        [procedure] = [p for p in self.d.procedures if p["tittel"] == title]
        return procedure


@pytest.fixture(scope="module")
def sample(dataset) -> Sample:
    return Sample(dataset)


# -- every query in the README ------------------------------------------------------------------

def test_queries_md_has_the_documented_questions():
    assert set(load_queries()) == set(EXPECTED)


def expect_helse_nord_mr_av_hode(s: Sample):
    mr = s.procedure("MR av hode")
    return sorted((s.name_of[o["foretak"]["orgnr"]], o["side"] and o["side"]["url"],
                   is_complete(o["side"]))
                  for o in s.offered if o["prosedyre"] == mr["id"]
                  and s.region_of[o["foretak"]["orgnr"]] == "helse-nord")


def expect_helse_vest_offered_without_local_page(s: Sample):
    return sorted((s.title_of[o["prosedyre"]], s.name_of[o["foretak"]["orgnr"]])
                  for o in s.offered if o["side"] is None
                  and s.region_of[o["foretak"]["orgnr"]] == "helse-vest")


def expect_recruiting_studies_by_health_category_and_region(s: Sample):
    from fnsp_pipeline.sample.reference import HRCS_HEALTH_CATEGORIES

    official = {name.lower(): name for name in HRCS_HEALTH_CATEGORIES}
    counts = collections.Counter()
    for study in s.d.studies:
        if study["status"] != "rekrutterer":
            continue
        categories = {official[c.lower()] for c in (study.get("hrcs") or {}).get(
            "helsekategorier", []) if c.lower() in official}
        regions = {s.region_of[f["orgnr"]] for f in study["foretak"] if f["orgnr"] in s.region_of}
        counts.update((c, r) for c in categories for r in regions)
    return sorted((c, r, n) for (c, r), n in counts.items())


def expect_events_next_30_days_by_region_and_language(s: Sample):
    with duckdb.connect() as con:  # the same clock and time zone as the warehouse session
        today, zone = con.execute("select current_date, current_setting('TimeZone')").fetchone()
    start = dt.datetime.combine(today, dt.time(), ZoneInfo(zone))
    end = start + dt.timedelta(days=30)
    counts = collections.Counter()
    for event in s.d.events:
        if start <= dt.datetime.fromisoformat(event["start"]) < end:
            orgnr = event["foretak"]["orgnr"]
            region = s.region_of.get(orgnr) or event["foretak"].get("region")
            counts[(region, event["sprak"])] += 1
    return sorted((r, lang, n) for (r, lang), n in counts.items())


def expect_procedures_offered_by_one_foretak(s: Sample):
    by_procedure = collections.defaultdict(list)
    for o in s.offered:
        by_procedure[o["prosedyre"]].append(o["foretak"]["orgnr"])
    return sorted((s.title_of[p], s.name_of[orgnrs[0]], s.region_of[orgnrs[0]])
                  for p, orgnrs in by_procedure.items() if len(orgnrs) == 1)


def expect_foretak_without_website(s: Sample):
    d = s.d
    with_site = {w["foretak"]["orgnr"] for w in d.websites}
    listed = ({f["orgnr"] for p in d.procedures for f in p["foretak"]}
              | {o["foretak"]["orgnr"] for o in d.offerings})
    referenced = ({f["orgnr"] for st in d.studies for f in st["foretak"]}
                  | {e["foretak"]["orgnr"] for e in d.events})
    return sorted((orgnr, orgnr not in listed) for orgnr in (listed | referenced) - with_site)


CLINICAL = {"diagnose", "prosedyre"}


def typed_codes(item: dict) -> dict[str, str]:
    """code -> type on one procedure or study; a code listed twice keeps the smallest type
    name, as the bridges do."""
    out: dict[str, str] = {}
    for c in item["snomed"]:
        if c.get("kode"):
            out[c["kode"]] = min(out.get(c["kode"], c["type"]), c["type"])
    return out


def expected_study_links(dataset) -> dict[tuple[str, str], tuple[str, bool | None]]:
    """The README's link rule, from the raw payloads: (procedure, study) -> (match_strength,
    target_group_fits). A link needs a shared code that both type as diagnose or prosedyre;
    target-group codes only rank it and say whether it fits."""
    links = {}
    for procedure in dataset.procedures:
        p_codes = typed_codes(procedure)
        p_groups = {c for c, t in p_codes.items() if t == "malgruppe"}
        for study in dataset.studies:
            s_codes = typed_codes(study)
            shared = p_codes.keys() & s_codes.keys()
            if not any(p_codes[c] in CLINICAL and s_codes[c] in CLINICAL for c in shared):
                continue
            s_groups = {c for c, t in s_codes.items() if t == "malgruppe"}
            strength = "procedure" if any(p_codes[c] == s_codes[c] == "prosedyre" for c in shared) else "diagnosis"
            if p_groups & s_groups:
                strength += "+target_group"
            fits = bool(p_groups & s_groups) if p_groups and s_groups else None
            links[(procedure["id"], study["id"])] = (strength, fits)
    return links


def expect_recruiting_studies_for_child_epilepsy_in_helse_nord(s: Sample):
    procedure = s.procedure("Behandling av epilepsi hos barn")
    links = expected_study_links(s.d)
    offered_here = {o["foretak"]["orgnr"] for o in s.offered if o["prosedyre"] == procedure["id"]}
    return sorted({(st["tittel"], links[(procedure["id"], st["id"])][0], links[(procedure["id"], st["id"])][1],
                    s.name_of[f["orgnr"]], f.get("rolle"), f["orgnr"] in offered_here)
                   for st in s.d.studies if st["status"] == "rekrutterer"
                   and (procedure["id"], st["id"]) in links and links[(procedure["id"], st["id"])][1] is not False
                   for f in st["foretak"] if s.region_of.get(f["orgnr"]) == "helse-nord"})


def expect_coverage_by_region(s: Sample):
    rows = []
    for region in s.d.regions:
        here = [o for o in s.offered if s.region_of[o["foretak"]["orgnr"]] == region["id"]]
        complete = sum(is_complete(o["side"]) for o in here)
        rows.append((region["navn"], len(here), sum(o["side"] is not None for o in here), complete,
                     round(100.0 * complete / len(here), 1) if here else None))
    return sorted(rows)


EXPECTED = {
    "helse_nord_mr_av_hode": expect_helse_nord_mr_av_hode,
    "helse_vest_offered_without_local_page": expect_helse_vest_offered_without_local_page,
    "recruiting_studies_by_health_category_and_region":
        expect_recruiting_studies_by_health_category_and_region,
    "events_next_30_days_by_region_and_language": expect_events_next_30_days_by_region_and_language,
    "procedures_offered_by_one_foretak": expect_procedures_offered_by_one_foretak,
    "foretak_without_website": expect_foretak_without_website,
    "recruiting_studies_for_child_epilepsy_in_helse_nord":
        expect_recruiting_studies_for_child_epilepsy_in_helse_nord,
    "coverage_by_region": expect_coverage_by_region,
}
# Columns of each query's answer that the independent computation reproduces.
COMPARED_COLUMNS = {"foretak_without_website": (0, 2)}


@pytest.mark.parametrize("query_id", sorted(EXPECTED))
def test_query_answers_match_the_sample(query_id, warehouse, sample):
    rows = run(warehouse, load_queries()[query_id])
    columns = COMPARED_COLUMNS.get(query_id)
    if columns:
        rows = [tuple(row[i] for i in columns) for row in rows]
    expected = EXPECTED[query_id](sample)
    assert rows, "every documented question has an answer on the sample"
    assert sorted(rows, key=repr) == sorted(expected, key=repr)


# -- related studies: the link rule, computed independently ------------------------------------

def test_related_studies_follow_the_link_rule(warehouse, dataset):
    expected = expected_study_links(dataset)
    rows = run(warehouse, "select distinct procedure_id, study_id, match_strength, target_group_fits "
                          "from marts.procedure_related_studies")
    assert {(p, st): (m, f) for p, st, m, f in rows} == expected
    assert len(rows) == len(expected)  # one strength and fit per link
    # the sample makes the mistake possible: many pairs share only a target group or body structure
    context_only = 0
    for procedure in dataset.procedures:
        p_codes = typed_codes(procedure)
        for study in dataset.studies:
            shared = p_codes.keys() & typed_codes(study).keys()
            context_only += bool(shared) and (procedure["id"], study["id"]) not in expected
    assert context_only > len(expected) / 2
    assert {m for m, _ in expected.values()} == {"procedure", "diagnosis", "diagnosis+target_group",
                                                 "procedure+target_group"}
    assert {f for _, f in expected.values()} == {True, False, None}


def test_link_basis_names_the_shared_codes_with_their_types_and_terms(warehouse):
    rows = run(warehouse, "select shared_snomed_codes, link_basis from marts.procedure_related_studies limit 2000")
    assert rows
    for codes, basis in rows:
        assert [b["snomed_code"] for b in basis] == codes
        assert any(b["procedure_snomed_type"] in CLINICAL and b["study_snomed_type"] in CLINICAL for b in basis)
        assert all(b["snomed_term"] and b["match_type"] == "exact" for b in basis)


# -- the truth record's known counts -------------------------------------------------------------

def scalar(warehouse: Path, sql: str):
    return run(warehouse, sql)[0][0]


def test_marts_match_the_sample_truth_counts(warehouse, dataset):
    truth = dataset.truth
    counts = truth["counts"]
    offering = "select count(*) from marts.fct_procedure_offering"
    actual = {
        "regions": scalar(warehouse, "select count(*) from marts.dim_region"),
        "nettsteder": scalar(warehouse, "select count(*) from marts.dim_website"),
        "prosedyrer": scalar(warehouse, "select count(*) from marts.dim_procedure"),
        "adoptions": scalar(warehouse, offering),
        "tilbud": scalar(warehouse, offering + " where has_offering_response"),
        "not_found_adoptions": scalar(warehouse, offering + " where not has_offering_response"),
        "null_side": scalar(warehouse, offering + " where has_offering_response and not has_local_page"),
        "behandlingssider": scalar(warehouse, offering + " where has_local_page"),
        "kliniske-studier": scalar(warehouse, "select count(*) from marts.dim_clinical_study"),
        "arrangementer": scalar(warehouse, "select count(*) from marts.fct_event"),
        "clinical_foretak": scalar(
            warehouse, "select count(distinct orgnr) from marts.fct_procedure_offering"),
        "single_adopter_procedures": scalar(
            warehouse, "select count(*) from marts.dim_procedure where adopting_foretak_count = 1"),
    }
    assert actual == {key: counts[key] for key in actual}
    with_website = scalar(warehouse, "select count(*) from marts.dim_foretak where has_website")
    assert with_website == counts["foretak"] - len(truth["foretak_without_website"])


def test_coverage_per_region_matches_the_truth(warehouse, dataset):
    rows = run(warehouse, "select region_id, distinct_procedures_offered, offered_count "
                          "from marts.coverage_by_region")
    assert {r: n for r, n, _ in rows} == dataset.truth["procedures_offered_per_region"]
    assert {r: n for r, _, n in rows} == dataset.truth["offerings_per_region"]


def test_seeded_defects_show_in_the_marts(warehouse, dataset):
    defects = collections.Counter(
        (d["check_name"], d.get("resource"), d.get("field")) for d in dataset.truth["defects"])
    offering = "select count(*) from marts.fct_procedure_offering where has_local_page and "
    assert scalar(warehouse, offering + "not is_description_complete") == defects[
        ("missing_section", None, None)]
    assert scalar(warehouse, offering + "not has_contact") == defects[("missing_contact", None, None)]
    assert scalar(warehouse, offering + "not has_attendance_place") == defects[
        ("missing_attendance_place", None, None)]
    assert scalar(warehouse, "select count(*) from marts.dim_foretak where is_orphan_reference") == (
        defects[("orphan_reference", "arrangementer", "foretak")]
        + defects[("orphan_reference", "kliniske-studier", "foretak")])
    assert scalar(warehouse, "select count(*) from marts.fct_event where website_id not in "
                             "(select website_id from marts.dim_website)") == defects[
        ("orphan_reference", "arrangementer", "nettsted")]
    assert scalar(warehouse, "select count(*) from (select unnest(linked_procedure_ids) as p "
                             "from marts.fct_event) where p not in "
                             "(select procedure_id from marts.dim_procedure)") == defects[
        ("orphan_reference", "arrangementer", "prosedyrer")]


def test_plain_text_of_sections_keeps_the_words_and_drops_the_markup(warehouse):
    rows = run(warehouse, "select section_html, section_text from marts.fct_local_description_section "
                          "where section_html like '%<%' order by section_id limit 500")
    assert rows
    block_end = re.compile(r"(?i)<br\s*/?>|</(p|div|h[1-6]|li|tr|ul|ol)\s*>")
    for markup, text in rows:
        expected = html.unescape(re.sub(r"<[^>]*>", "", block_end.sub(" ", markup))).split()
        assert "<" not in (text or "") and "&" not in (text or "").replace("& ", "")
        assert [w for w in (text or "").split() if w != "-"] == [w for w in expected if w != "-"]


# -- documentation ------------------------------------------------------------------------------

def test_every_column_of_every_mart_is_documented(warehouse):
    import json

    manifest = json.loads(prepare_manifest().read_text(encoding="utf-8"))
    documented = {n["alias"]: set(n["columns"]) for n in manifest["nodes"].values()
                  if n["resource_type"] == "model" and n["schema"] == "marts"}
    built = collections.defaultdict(set)
    for table, column in run(warehouse, "select table_name, column_name from "
                                        "information_schema.columns where table_schema = 'marts'"):
        built[table].add(column)
    # What fnsp_pipeline.quality writes is dbt's source `quality` (documented there and in the
    # README); the summaries over it are dbt models. Nothing else lands in marts undocumented.
    python_written = {n["identifier"] for n in manifest["sources"].values()
                      if n["source_name"] == "quality"}
    assert python_written == {"dq_findings", "dq_instructions", "dq_checks"}
    assert {"dq_foretak_summary", "dq_procedure_summary"} <= set(documented)
    # the summaries' per-check columns come from marts.dq_checks, one per check
    checks = [r[0] for r in run(warehouse, "select check_name from marts.dq_checks order by position")]
    for summary in ("dq_foretak_summary", "dq_procedure_summary"):
        assert {f"{c}_count" for c in checks} <= built[summary]
        documented[summary] |= {f"{c}_count" for c in checks}
    assert {t: c for t, c in built.items() if t not in python_written} == documented


def test_dbt_docs_generate_works_on_the_built_warehouse(warehouse, tmp_path):
    import json
    import subprocess

    from fnsp_pipeline.transform.project import DBT_EXECUTABLE

    target = tmp_path / "docs"
    result = subprocess.run(
        [str(DBT_EXECUTABLE), "docs", "generate", "--target-path", str(target),
         "--vars", json.dumps({"warehouse_path": str(warehouse)})],
        cwd=DBT_PROJECT_DIR, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    catalog = json.loads((target / "catalog.json").read_text(encoding="utf-8"))
    assert "model.fnsp.fct_procedure_offering" in catalog["nodes"]
    assert (target / "index.html").exists()
