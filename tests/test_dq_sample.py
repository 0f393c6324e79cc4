"""The data-quality checks on the national-size sample, scored against the generator's truth
record; the findings marts; and the editors' report rendered in headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from fnsp_pipeline.quality import report, scoring, store
from fnsp_pipeline.quality.checks import CHECKS, run_checks
from fnsp_pipeline.sample import load_sample
from fnsp_pipeline.warehouse.provenance import write_meta

pytestmark = pytest.mark.slow

SCALE = 1.0  # ≥ 50 seeded defects per check; the whole refresh takes about a minute
TARGET = 0.95


@pytest.fixture(scope="module")
def warehouse(national_warehouse) -> Path:
    """The national-size sample refreshed once for the session (tests/conftest.py)."""
    return national_warehouse


@pytest.fixture(scope="module")
def findings(warehouse) -> list[dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select * from marts.dq_findings").df().to_dict("records")


@pytest.fixture(scope="module")
def truth():
    return load_sample(scale=SCALE).truth


def test_every_check_meets_the_precision_and_recall_targets(findings, truth):
    scores = scoring.score(findings, truth["defects"])
    print("\n" + scoring.format_scores(scores))
    for name in CHECKS:
        s = scores[name]
        assert s.true_positives + s.false_negatives >= 50, name  # enough seeded to mean something
        assert s.precision >= TARGET and s.recall >= TARGET, (name, s)


def test_findings_table_has_the_promised_columns_and_norwegian_details(warehouse, findings):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = {r[0] for r in con.execute("describe marts.dq_findings").fetchall()}
        foretak = con.execute("select sum(offered_count), sum(findings_total) from marts.dq_foretak_summary").fetchone()
        adopted = con.execute("select count(*) from marts.fct_procedure_offering").fetchone()[0]
        procedures = con.execute("select count(*) from marts.dq_procedure_summary").fetchone()[0]
    assert {"finding_id", "check_name", "severity", "procedure_id", "orgnr", "region_id", "section",
            "detail", "observed", "expected", "page_url"} <= columns
    assert len({f["finding_id"] for f in findings}) == len(findings)
    assert {f["check_name"] for f in findings} == set(CHECKS)
    assert {f["severity"] for f in findings} == {"error", "warn"}
    assert all(f["detail"] and f["region_id"] for f in findings if f["check_name"] != "orphan_reference")
    facts = [f for f in findings if f["check_name"] == "divergent_fact"]
    # a value divergence says what the others write; a reference-point one what they count from
    assert all(" andre foretak" in f["detail"] and f["expected"] and f["observed"] for f in facts)
    assert any(" andre foretak skriver " in f["detail"] for f in facts)
    assert any("annet tidspunkt" in f["detail"] for f in facts)
    assert foretak[0] == adopted and procedures == 1200


def test_the_dbt_summaries_count_what_the_findings_say(warehouse):
    """dq_foretak_summary and dq_procedure_summary (dbt models over the Python step's tables):
    one <check>_count column per row of dq_checks, each equal to a count over dq_findings."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        checks = [r[0] for r in con.execute("select check_name from marts.dq_checks order by position").fetchall()]
        assert checks == list(CHECKS)
        for summary, grain in (("dq_foretak_summary", "orgnr"), ("dq_procedure_summary", "procedure_id")):
            per_check = ", ".join(f"sum({c}_count)" for c in checks)
            summed = con.execute(f"select {per_check}, sum(findings_total) from marts.{summary}").fetchone()
            expected = con.execute(f"""
                select {", ".join(f"count(*) filter (where check_name = '{c}')" for c in checks)}, count(*)
                from marts.dq_findings as f
                where exists (select 1 from marts.{summary} as s where s.{grain} = f.{grain})""").fetchone()
            assert summed == expected, summary
            assert sum(summed[:-1]) == summed[-1] > 0
            broken = con.execute(f"""select count(*) from marts.{summary}
                where not (complete <= with_local_page and with_local_page <= offered_count)
                   or completeness_score <> round(complete / offered_count, 4)""").fetchone()[0]
            assert broken == 0, summary
        # complete: a page and no finding on that offering
        complete = con.execute("select sum(complete) from marts.dq_foretak_summary").fetchone()[0]
        assert complete == con.execute("""
            select count(*) from marts.fct_procedure_offering as o
            where o.has_local_page and not exists (
                select 1 from marts.dq_findings as f
                where f.procedure_id = o.procedure_id and f.orgnr = o.orgnr)""").fetchone()[0]


def test_finding_ids_are_stable(warehouse, findings):
    """Run again on the same warehouse, the checks give the same findings with the same ids
    (their speed is a figure of benchmarks/refresh_phases.py, not a timed assertion)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        again, _ = run_checks(store.load_inputs(con))
    assert {f.finding_id for f in again} == {f["finding_id"] for f in findings}


def test_the_report_is_written_after_publishing_and_escapes_api_text(warehouse):
    path = warehouse.parent.parent / "reports" / "dq-report.html"
    html = path.read_text(encoding="utf-8")
    assert "<script src" not in html and "http://" not in html.split("<main>")[0]
    assert "<link" not in html  # self-contained
    assert "Syntetiske eksempeldata" in html.split("</header>")[0]  # from meta: the sample
    with duckdb.connect(str(warehouse), read_only=True) as con:
        title = con.execute("select procedure_title from marts.dq_procedure_summary "
                            "order by error_findings desc limit 1").fetchone()[0]
    assert title in html


def test_report_escapes_hostile_text(tmp_path):
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    con.execute("create schema marts")
    con.execute("create table marts.dim_region as select 'helse-vest' as region_id, 'Helse Vest RHF' as region_name")
    con.execute("create table marts.dim_foretak as select '1' as orgnr, '<b>F</b>' as foretak_name")
    counts = ", ".join(f"0 as {c}_count" for c in CHECKS if c != "placeholder_text")
    con.execute(f"create table marts.dq_foretak_summary as select '1' as orgnr, '<b>F</b>' as foretak_name, "
                f"'helse-vest' as region_id, 1 as offered_count, 0 as complete, 0.0 as completeness_score, "
                f"1 as findings_total, 1 as error_findings, 1 as placeholder_text_count, {counts}")
    con.execute(f"create table marts.dq_procedure_summary as select 'p' as procedure_id, "
                f"'<script>alert(1)</script>' as procedure_title, 1 as offered_count, 0 as with_local_page, "
                f"0 as complete, 0.0 as completeness_score, 1 as findings_total, 1 as error_findings, "
                f"1 as placeholder_text_count, {counts}")
    con.execute("create table marts.dq_findings as select 'x' as finding_id, 'placeholder_text' as check_name, "
                "'error' as severity, 'p' as procedure_id, '1' as orgnr, '<b>F</b>' as foretak_name, "
                "'for' as section, '<img src=x onerror=alert(1)>' as detail, "
                "'javascript:alert(1)' as page_url, null as resource, null as item_id")
    con.execute("create table marts.dq_instructions (procedure_id varchar, orgnr varchar, "
                "instruction_key varchar, kind varchar, value double, unit varchar, rule varchar, "
                "conditions varchar[], reference_point varchar, display varchar, is_compared boolean, "
                "section varchar, sentence varchar, page_url varchar, is_divergent boolean)")
    con.execute("insert into marts.dq_instructions values ('p', '1', 'solid_food', 'solid_food', 6, 'timer', "
                "null, [], null, '6 timer', true, 'for', '<iframe src=x>Ikke spis 6 timer før.', "
                "'javascript:alert(3)', false)")
    # reject reasons quote what the API sent
    con.execute("create table marts.rejected_items as select 'procedures' as resource, "
                "'rejected' as kind, '<svg onload=alert(2)>' as item_id, "
                "'tittel: <script>alert(2)</script>' as reason")
    html = report.render_report(con)
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "javascript:" not in html
    assert "<script>alert(2)" not in html and "<svg onload" not in html and "<iframe" not in html
    assert "&lt;iframe src=x&gt;Ikke spis 6 timer før." in html  # the instruction's sentence, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;svg onload=alert(2)&gt;" in html  # shown, escaped, in "Mangler i natt"
    assert "Syntetiske eksempeldata" not in html and "Kilde:" not in html  # no meta: no claim
    write_meta(con, {"source": "live", "synthetic": False, "base_url": "https://api.example.no/v1",
                     "mode": "crawl"})
    html = report.render_report(con)
    assert "Kilde: FNSPs API, https://api.example.no/v1 (crawl)" in html
    assert "Syntetiske eksempeldata" not in html


def chromium() -> str:
    """Debian's chromium; `make test` installs it (never skipped: a missing browser fails)."""
    found = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                  if shutil.which(n)), None)
    assert found, "needs Debian's chromium: `make browser` (apt-get install -y chromium)"
    return found


def test_report_renders_in_headless_chromium(warehouse, tmp_path):
    path = warehouse.parent.parent / "reports" / "dq-report.html"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([chromium(), *flags, "--dump-dom", path.as_uri()], capture_output=True,
                         text=True, timeout=120, check=True).stdout
    for text in ("Kvalitet i pasientinformasjonen", "Fullstendighet per region", "Foretak × kontroll",
                 "Helse Vest RHF", "Avvikende forberedelse", "Viser til brevet", "Forberedelser, side om side", "class=\"divergent\""):
        assert text in dom, text
    assert dom.count('class="foretak-row"') >= 30 and dom.count("<details") > 100
    shot = tmp_path / "report.png"
    subprocess.run([chromium(), *flags, "--window-size=1400,1800", f"--screenshot={shot}", path.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 50_000


def test_asset_checks_warn_on_content_and_only_the_machinery_blocks(warehouse, findings):
    """Content findings are what the warehouse is for: the run above published with them."""
    from fnsp_pipeline.definitions import defs
    from fnsp_pipeline.quality.assets import FINDINGS_KEY, REPORT_KEY

    graph = defs.resolve_asset_graph()
    specs = {key.name: graph.get_check_spec(key) for key in graph.asset_check_keys
             if key.asset_key == FINDINGS_KEY}
    assert set(CHECKS) | {"dq_inputs_parsed"} == set(specs)
    assert [name for name, spec in specs.items() if spec.blocking] == ["dq_inputs_parsed"]
    assert findings  # and yet published (the fixture asserts it)
    assert dg.AssetKey(["warehouse", "published"]) in graph.get(REPORT_KEY).parent_keys
