"""Linked place and department pages (FNSP_LINKED_PAGES): a look-up that fails is recorded
and retried next night and never fails the refresh; a page search that fails throughout is
given up on for the night; a change of setting is not mistaken for data loss."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from fnsp_pipeline.ingest.landing import RawTableWriter
from fnsp_pipeline.ingest.linked_pages import FAILURES_IN_A_ROW
from fnsp_pipeline.ingest.raw_resources import PAGES
from fnsp_pipeline.sample import generate
from tests.conftest import AS_OF, TEST_SCALE, failure_texts, ingest_and_publish, serve

SEARCH = "/sider"


def lookups(warehouse) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return dict(con.execute("select outcome, count(*) from raw._page_lookups group by all"
                                ).fetchall())


def wanted_auto(dataset) -> int:
    return sum(1 for o in dataset.offerings
               if o["side"] and (not o["side"]["kontakt"] or not o["side"]["oppmotested"]))


@pytest.fixture
def dataset():
    return generate(scale=TEST_SCALE, as_of=AS_OF)


@pytest.fixture
def api(dataset, warehouse_env, monkeypatch):
    with serve(dataset) as (base_url, app):
        monkeypatch.setenv("FNSP_BASE_URL", base_url)
        monkeypatch.setenv("FNSP_RATE_LIMIT", "2000")
        yield app


def searches(app) -> int:
    return app.state.stats.routes[SEARCH]


def test_failed_look_ups_are_recorded_retried_next_night_and_never_fail_the_refresh(
        api, dataset, warehouse_env):
    api.state.faults.fail_next(3, status=400, path=SEARCH)
    first = ingest_and_publish("export")
    assert first.success, failure_texts(first)
    assert lookups(warehouse_env) == {"found": wanted_auto(dataset) - 3, "failed": 3}
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        errors = [row[0] for row in con.execute(
            "select error from raw._page_lookups where outcome = 'failed'").fetchall()]
    assert all(e.startswith("GET /sider?behandlingsid=") and "400" in e and "Injisert feil" in e
               for e in errors)

    before = searches(api)
    second = ingest_and_publish("export")
    assert second.success, failure_texts(second)
    assert searches(api) - before == 3  # only the failed ones, the rest are up to date
    assert lookups(warehouse_env) == {"found": wanted_auto(dataset)}


def test_a_page_search_that_fails_throughout_is_given_up_on_for_the_night(
        api, dataset, warehouse_env):
    api.state.faults.fail_next(100_000, status=400, path=SEARCH)
    night = ingest_and_publish("export")
    assert night.success, failure_texts(night)  # the treatment pages are published
    window = 8 * 4  # FNSP_CONCURRENCY x 4 in flight when the breaker trips
    assert FAILURES_IN_A_ROW <= searches(api) <= FAILURES_IN_A_ROW + window
    assert lookups(warehouse_env) == {"failed": wanted_auto(dataset)}
    [materialization] = [m for m in night.asset_materializations_for_node("fnsp_pages")
                         if m.asset_key.path == ["fnsp", "pages"]]
    capabilities = materialization.metadata["capabilities"].value
    assert capabilities["GET /sider?behandlingsid=&orgnr="].startswith("failing")

    api.state.faults.clear()
    next_night = ingest_and_publish("export")
    assert next_night.success, failure_texts(next_night)
    assert lookups(warehouse_env) == {"found": wanted_auto(dataset)}


def test_a_change_of_setting_is_not_taken_for_data_loss(api, dataset, warehouse_env,
                                                        monkeypatch):
    monkeypatch.setenv("FNSP_LINKED_PAGES", "all")
    assert ingest_and_publish("export").success
    every = sum(1 for o in dataset.offerings if o["side"])
    assert lookups(warehouse_env) == {"found": every}
    monkeypatch.setenv("FNSP_LINKED_PAGES", "auto")  # far fewer rows: not a sudden drop
    before = searches(api)
    auto = ingest_and_publish("export")
    assert auto.success, failure_texts(auto)
    assert searches(api) == before  # what auto wants was fetched under all, and is current
    assert lookups(warehouse_env) == {"found": wanted_auto(dataset)}
    monkeypatch.setenv("FNSP_LINKED_PAGES", "off")
    assert ingest_and_publish("export").success
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        assert con.execute("select count(*) from raw.pages").fetchone()[0] == 0
    assert lookups(warehouse_env) == {}


def test_a_raw_table_of_an_older_layout_is_created_anew(tmp_path):
    with duckdb.connect(str(tmp_path / "old.duckdb")) as con:
        con.execute("create schema raw")
        con.execute("create table raw.pages (id varchar, procedure_id varchar, orgnr varchar, "
                    "page_type varchar, record json)")
        con.execute("insert into raw.pages values ('p1', 'x', '123456789', 'stedside', '{}')")
        writer = RawTableWriter(con, PAGES, "load-1", dt.datetime.now(dt.timezone.utc))
        assert writer.recreated and writer.row_count() == 0
        columns = [r[0] for r in con.execute("describe raw.pages").fetchall()]
        assert "page_id" in columns
        assert not RawTableWriter(con, PAGES, "load-2", dt.datetime.now(dt.timezone.utc)).recreated
