"""The dbt project and its Dagster assets: lineage, groups, checks, documentation, macros."""

from __future__ import annotations

import json
import os
import random
import subprocess

import dagster as dg
import pytest

from fnsp_pipeline.sample.ids import is_valid_orgnr, new_orgnr
from fnsp_pipeline.transform.project import (
    DBT_EXECUTABLE, DBT_PROJECT_DIR, fnsp_dbt_project, prepare_manifest,
)

RAW_KEYS = {dg.AssetKey(["fnsp", t]) for t in
            ("websites", "procedures", "offerings", "pages", "page_lookups", "rejects", "clinical_studies",
             "events")}


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(prepare_manifest().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dbt_assets_def(manifest):
    from fnsp_pipeline.transform.assets import dbt_warehouse_assets

    return dbt_warehouse_assets


@pytest.fixture(scope="module")
def dbt_assets_defs(manifest):
    """Both dbt invocations: the warehouse, and the data-quality summaries after the DQ step."""
    from fnsp_pipeline.transform.assets import dbt_dq_summaries, dbt_warehouse_assets

    return [dbt_warehouse_assets, dbt_dq_summaries]


def dbt(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(DBT_EXECUTABLE), *args], cwd=DBT_PROJECT_DIR, text=True,
                          capture_output=True, env={**os.environ, **(env or {})}, check=False)


def test_models_hang_off_the_raw_assets_in_one_graph(dbt_assets_def):
    upstream = set(dbt_assets_def.dependency_keys) - set(dbt_assets_def.keys)
    assert upstream == RAW_KEYS
    groups = set(dbt_assets_def.group_names_by_key.values())
    assert groups == {"staging", "intermediate", "marts", "reference"}
    keys = {key.to_user_string() for key in dbt_assets_def.keys}
    assert {"staging/stg_fnsp__offerings", "marts/fct_procedure_offering",
            "reference/regions"} <= keys
    for key, group in dbt_assets_def.group_names_by_key.items():
        assert key.path[0] == group  # marts/... in group marts, and so on


def test_every_dbt_test_is_an_asset_check_and_errors_block(manifest, dbt_assets_defs):
    tests = {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "test"}
    per_definition = [{spec.name: spec for spec in d.check_specs} for d in dbt_assets_defs]
    assert not set(per_definition[0]) & set(per_definition[1])  # each test runs in one build
    specs = {**per_definition[0], **per_definition[1]}
    assert set(specs) == set(tests)
    assert {s.asset_key.path[-1] for s in per_definition[1].values()} == {
        "dq_foretak_summary", "dq_procedure_summary", "int_dq__offering_findings"}
    for name, spec in specs.items():
        assert spec.blocking == (tests[name]["config"]["severity"].lower() == "error"), name
    reconciliation = specs["assert_procedure_offerings_reconcile_with_raw_adoptions"]
    assert reconciliation.asset_key == dg.AssetKey(["marts", "fct_procedure_offering"])


def test_every_mart_and_column_is_described(manifest):
    marts = [n for n in manifest["nodes"].values()
             if n["resource_type"] == "model" and n["schema"] == "marts"]
    assert len(marts) >= 18
    for node in marts:
        assert node["description"].strip(), node["name"]
        assert node["columns"], node["name"]
        for column in node["columns"].values():
            assert column["description"].strip(), f"{node['name']}.{column['name']}"


def test_the_project_parses_without_deprecations():
    result = dbt("parse", "--no-partial-parse", "--target-path", "target/test_parse")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "deprecat" not in (result.stdout + result.stderr).lower()


def show(sql: str, tmp_path, use_var: bool) -> list[dict]:
    path = tmp_path / ("by_var.duckdb" if use_var else "by_env.duckdb")
    args = ["show", "--inline", sql, "--output", "json", "--limit", "1000", "--log-format", "json",
            "--target-path", "target/test_show"]
    if use_var:
        args += ["--vars", json.dumps({"warehouse_path": str(path)})]
    result = dbt(*args, env=None if use_var else {"FNSP_WAREHOUSE": str(path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.exists()  # the profile honoured the var / FNSP_WAREHOUSE
    for line in result.stdout.splitlines():
        data = json.loads(line).get("data", {})
        if "preview" in data:
            return json.loads(data["preview"])
    raise AssertionError(result.stdout)


HTML_CASES = {
    "<p>Du m&aring; faste &amp; ta med &quot;henvisning&quot;.</p>":
        'Du må faste & ta med "henvisning".',
    "<p>Første avsnitt.</p><p>Andre&nbsp;avsnitt.</p>": "Første avsnitt.\nAndre avsnitt.",
    "<ul><li>En</li><li>To</li></ul>": "- En\n- To",
    "Linje<br/>neste <b>fet</b>   tekst": "Linje\nneste fet tekst",
    "<p>&lt;ikke en tag&gt; &#39;sitat&#39; &oslash;y &Aring;s &aelig;</p>":
        "<ikke en tag> 'sitat' øy Ås æ",
    "<p><br></p>": None, "   ": None, "": None,
}


def test_html_to_text_macro(tmp_path):
    values = ", ".join("('{}', {})".format(markup.replace("'", "''"), i)
                       for i, markup in enumerate(HTML_CASES))
    rows = show("select i, {{ html_to_text('html') }} as text "
                f"from (values {values}) as cases(html, i) order by i", tmp_path, use_var=False)
    assert [row["text"] for row in rows] == list(HTML_CASES.values())


def test_valid_orgnr_test_agrees_with_the_mod11_rule(tmp_path):
    rng = random.Random(7)
    valid = [new_orgnr(rng, set()) for _ in range(40)]
    candidates = valid + [f"{rng.randrange(10**9):09d}" for _ in range(200)] + ["12345678", "abcdefghi"]
    listed = ", ".join(f"'{c}'" for c in candidates)
    model = f"(select unnest([{listed}]) as orgnr)"
    rows = show('{{ test_valid_orgnr(model="' + model + '", column_name="orgnr") }}', tmp_path,
                use_var=True)
    flagged = {row["orgnr"] for row in rows}
    assert flagged == {c for c in candidates if not is_valid_orgnr(c)}
    assert not flagged & set(valid)


def test_dbt_resource_uses_this_venvs_dbt(manifest):
    from fnsp_pipeline.transform.assets import dbt_resource

    resource = dbt_resource()
    assert resource.dbt_executable == str(DBT_EXECUTABLE)
    assert str(fnsp_dbt_project.project_dir) == resource.project_dir


def land_small_sample(path) -> None:
    """raw.* from the small sample through the real landing code (no API, no Dagster)."""
    import datetime as dt

    import duckdb

    from fnsp_pipeline.api import mapping
    from fnsp_pipeline.api.client import Parsed
    from fnsp_pipeline.ingest.landing import RawTableWriter
    from fnsp_pipeline.ingest.raw_resources import ALL_RESOURCES
    from fnsp_pipeline.sample import load_sample

    from fnsp_pipeline.ingest.linked_pages import lookup_state
    from fnsp_pipeline.warehouse.provenance import write_meta

    dataset = load_sample(scale=0.05)
    items = {"websites": dataset.websites, "procedures": dataset.procedures,
             "offerings": dataset.offerings, "clinical_studies": dataset.studies,
             "events": dataset.events}
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        for resource in ALL_RESOURCES:
            writer = RawTableWriter(con, resource, "test", dt.datetime.now(dt.timezone.utc))
            if resource.name == "pages":  # every offering's search, as FNSP_LINKED_PAGES=all
                for search in dataset.iter_page_searches():
                    for raw in search["data"]:
                        page = mapping.parse_item(mapping.Page, raw, "test")
                        found = mapping.SearchedPage.found_by(page, search["behandlingsid"],
                                                              search["orgnr"])
                        writer.add(Parsed(raw, found), "test")
            for raw in items.get(resource.name, []):
                writer.add(Parsed(raw, mapping.parse_item(resource.model, raw, "test")), "test")
            writer.commit_full()
        lookup_state(con)  # the look-ups table exists, empty
        write_meta(con, {"source": "sample", "synthetic": True})  # so a sample run carries it over


def test_a_failing_dbt_test_stops_the_run_before_publishing(manifest, tmp_path):
    import duckdb

    from fnsp_pipeline.resources import FnspApiResource, WarehouseResource
    from fnsp_pipeline.transform.assets import dbt_resource, dbt_warehouse_assets
    from fnsp_pipeline.warehouse.assets import build_publish_asset

    published = tmp_path / "warehouse" / "fnsp.duckdb"
    land_small_sample(published)
    with duckdb.connect(str(published)) as con:  # one adoption listed twice: grain broken
        con.execute("""update raw.procedures
                       set record = json_merge_patch(record, json_object('foretak',
                           list_concat(from_json(record->'foretak', '["json"]'),
                                       [record->'foretak'->0])))
                       where id = (select min(id) from raw.procedures
                                   where json_array_length(record->'foretak') > 0)""")
    before = published.read_bytes()
    publish = build_publish_asset(list(dbt_warehouse_assets.keys))
    result = dg.materialize(
        [dbt_warehouse_assets, publish],
        resources={"dbt": dbt_resource(), "fnsp_api": FnspApiResource(),
                   "warehouse": WarehouseResource(path=str(published))},
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    assert not result.success
    failed = {e.check_name for e in result.get_asset_check_evaluations() if not e.passed}
    assert "unique_stg_fnsp__procedure_adoptions_offering_id" in failed
    built = {e.asset_key for e in result.get_asset_materialization_events()}
    assert dg.AssetKey(["marts", "fct_procedure_offering"]) not in built  # skipped downstream
    steps = {e.step_key for e in result.all_events if e.event_type_value == "STEP_SUCCESS"}
    assert "warehouse__published" not in steps
    assert published.read_bytes() == before


def test_source_freshness_follows_each_resources_last_passed_load(tmp_path):
    import duckdb

    path = tmp_path / "fresh.duckdb"
    resources = ["websites", "procedures", "offerings", "pages", "clinical_studies", "events"]
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw; create table raw._load_state "
                    "(resource varchar, _loaded_at timestamptz, passed boolean)")
        con.executemany("insert into raw._load_state values (?, now() - interval 2 hour, true)",
                        [[r] for r in resources])
        # events: last night's load failed its audit; the one that counts is three days old
        con.execute("update raw._load_state set _loaded_at = now() - interval 72 hour where resource = 'events'")
        con.execute("insert into raw._load_state values ('events', now() - interval 1 hour, false)")
    target = tmp_path / "target"
    result = dbt("source", "freshness", "--target-path", str(target), env={"FNSP_WAREHOUSE": str(path)})
    assert result.returncode != 0, result.stdout
    outcome = {r["unique_id"].split(".")[-1]: r["status"]
               for r in json.loads((target / "sources.json").read_text())["results"]}
    assert outcome == {**dict.fromkeys(resources, "pass"), "events": "error"}
