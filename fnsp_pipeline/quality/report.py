"""The editors' report: one self-contained HTML file (inline CSS and JS, no network).

Every text from the API goes through Jinja2's autoescape; links only keep http(s) addresses.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import defaultdict
from pathlib import Path

import jinja2

from fnsp_pipeline.quality.checks import CHECKS, SECTION_NB
from fnsp_pipeline.quality.instructions import KINDS, REFERENCE_NB, kind_label
from fnsp_pipeline.warehouse.provenance import meta_row

CHECK_LABEL_NB = {
    "missing_local_page": "Mangler lokal side", "missing_section": "Mangler seksjon",
    "placeholder_text": "Plassholdertekst", "missing_contact": "Mangler kontakt",
    "missing_attendance_place": "Mangler oppmøtested", "divergent_fact": "Avvikende forberedelse",
    "defers_to_letter": "Viser til brevet", "divergent_text": "Avvikende tekst",
    "orphan_reference": "Ukjent referanse", "study_missing_hrcs": "Studie uten HRCS",
}


def safe_url(url: str | None) -> str:
    return url if url and url.lower().startswith(("https://", "http://")) else ""


def _rows(con, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def gather(con) -> dict:
    """Everything the report shows, read from the DQ marts."""
    checks = list(CHECKS)
    foretak = _rows(con, "select * from marts.dq_foretak_summary order by region_id, foretak_name")
    regions = {r["region_id"]: r["region_name"] for r in _rows(con, "select region_id, region_name from marts.dim_region")}
    maxima = {c: max([f[f"{c}_count"] / max(f["offered_count"], 1) for f in foretak] or [0]) or 1 for c in checks}
    for f in foretak:
        f["cells"] = [(f[f"{c}_count"], f[f"{c}_count"] / max(f["offered_count"], 1) / maxima[c]) for c in checks]
        f["region_name"] = regions.get(f["region_id"], f["region_id"] or "ukjent region")
    by_region: dict[str, dict] = defaultdict(lambda: {"offered": 0, "complete": 0, "findings": 0, "foretak": 0})
    for f in foretak:
        r = by_region[f["region_name"]]
        r["offered"] += f["offered_count"]
        r["complete"] += f["complete"]
        r["findings"] += f["findings_total"]
        r["foretak"] += 1
    totals = {r["check_name"]: r for r in _rows(
        con, "select check_name, count(*) as findings, count(distinct orgnr) as foretak, "
             "count(distinct procedure_id) as procedures from marts.dq_findings group by all")}
    return {
        "checks": [(c, CHECK_LABEL_NB[c], CHECKS[c][0], CHECKS[c][1], totals.get(c, {})) for c in checks],
        "foretak": foretak,
        "regions": sorted(({"name": k, **v, "score": v["complete"] / v["offered"] if v["offered"] else 0}
                           for k, v in by_region.items()), key=lambda r: r["name"]),
        "procedures": _procedures(con),
        "orphans": _rows(con, "select * from marts.dq_findings where check_name = 'orphan_reference' "
                              "order by resource, item_id limit 500"),
        "total_findings": sum(t["findings"] for t in totals.values()),
        "missing": _missing_tonight(con),
        "meta": meta_row(con),  # None for a file published before `meta`
    }


def _missing_tonight(con) -> list[dict]:
    """Per resource: items rejected or held back tonight, with the first few reasons."""
    rows = _rows(con, "select resource, kind, item_id, reason, row_number() over "
                      "(partition by resource, kind order by item_id) as nth "
                      "from marts.rejected_items")
    missing: dict[tuple[str, str], dict] = {}
    for row in rows:
        entry = missing.setdefault((row["resource"], row["kind"]), {
            "resource": row["resource"], "kind": row["kind"], "count": 0, "examples": []})
        entry["count"] += 1
        if row["nth"] <= 5:
            entry["examples"].append(f"{row['item_id'] or '?'}: {row['reason']}")
    return [missing[key] for key in sorted(missing)]


def _procedures(con) -> list[dict]:
    summary = _rows(con, "select * from marts.dq_procedure_summary where findings_total > 0 "
                         "order by error_findings desc, findings_total desc, procedure_title")
    findings = defaultdict(list)
    for f in _rows(con, "select * from marts.dq_findings where procedure_id is not null "
                        "order by check_name, foretak_name"):
        findings[f["procedure_id"]].append(f)
    # instruction key -> rows per foretak page: the typed instructions side by side
    stated: dict[str, dict[tuple, dict[str, list[dict]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for s in _rows(con, "select s.*, f.foretak_name from marts.dq_instructions as s "
                        "left join marts.dim_foretak as f on s.orgnr = f.orgnr "
                        "order by s.procedure_id, s.orgnr, s.section"):
        page = (s["foretak_name"] or s["orgnr"], s["page_url"])
        stated[s["procedure_id"]][page][s["instruction_key"]].append(s)
    out = []
    for p in summary:
        pid = p["procedure_id"]
        pages = stated.get(pid, {})
        keys = sorted({k for row in pages.values() for k in row}, key=_key_order)
        table = [{"foretak": name, "url": safe_url(url), "cells": [_cell(row.get(key, [])) for key in keys]}
                 for (name, url), row in sorted(pages.items(), key=lambda kv: str(kv[0][0]))]
        divergent = any(f["check_name"] in ("divergent_fact", "defers_to_letter") for f in findings[pid])
        out.append({**p, "findings": findings[pid], "facts": [kind_label(k) for k in keys],
                    "fact_table": table, "has_divergent_fact": divergent})
    return out


def _key_order(key: str) -> tuple[int, str]:
    return (list(KINDS).index(key.split("[")[0]), key)


def _cell(items: list[dict]) -> tuple[str, bool, str]:
    """What one page says about one instruction: values or rules (with the point they count
    from), whether it was found divergent, and the sentences they come from."""
    shown = []
    for item in items:
        text = item["display"] + (f" {REFERENCE_NB[item['reference_point']]}" if item["reference_point"] else "")
        if text not in shown:
            shown.append(text)
    sentences = []
    for item in items:
        if item["sentence"] not in sentences:
            sentences.append(item["sentence"])
    return (" / ".join(shown), any(item["is_divergent"] for item in items), " · ".join(sentences))


ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("fnsp_pipeline.quality", "templates"),
    autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
    trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
ENV.filters["safe_url"] = safe_url
ENV.filters["pct"] = lambda x: f"{x:.0%}".replace("%", " %")


def render_report(con, generated_at: dt.datetime | None = None) -> str:
    data = gather(con)
    generated_at = generated_at or dt.datetime.now(dt.timezone.utc)
    return ENV.get_template("dq_report.html.j2").render(
        **data, section_nb=SECTION_NB, generated=generated_at.strftime("%Y-%m-%d %H:%M UTC"))


def write_atomically(text: str, path: Path) -> int:
    """Write next to the target and rename: readers see the old report or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".dq-report-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(data)
