"""Landing helpers against a real DuckDB: bulk inserts and per-item ETags."""

from __future__ import annotations

import datetime as dt

import duckdb

from fnsp_pipeline.ingest.landing import insert_rows, load_etags, save_etags

AT = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.timezone.utc)


def test_insert_rows_keeps_nulls_types_and_replaces_on_the_key():
    con = duckdb.connect()
    con.execute("create table t (a varchar, b varchar, ts timestamptz, n bigint, e varchar, "
                "primary key (a, b))")
    insert_rows(con, "t", [("p", "1", AT, 3, None), ("p", "2", None, None, None)])
    insert_rows(con, "t", [("p", "2", AT, None, "timed out")], or_replace=True)
    insert_rows(con, "t", [])
    assert con.execute("select b, ts, n, e from t order by b").fetchall() == [
        ("1", AT, 3, None), ("2", AT, None, "timed out")]


def test_etags_are_saved_forgotten_and_replaced_per_resource():
    con = duckdb.connect()
    con.execute("create schema raw")
    save_etags(con, "offerings", {f"p/{i}": f'"{i}"' for i in range(3000)})
    save_etags(con, "pages", {"x": '"x"'})
    save_etags(con, "offerings", {"p/1": '"new"'}, forget={"p/2"})
    etags = load_etags(con, "offerings")
    assert len(etags) == 2999 and etags["p/1"] == '"new"' and "p/2" not in etags
    save_etags(con, "offerings", {"p/9": '"9"'}, replace=True)
    assert load_etags(con, "offerings") == {"p/9": '"9"'}
    assert load_etags(con, "pages") == {"x": '"x"'}
