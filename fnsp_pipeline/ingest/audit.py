"""The audit of one raw load: what must hold before a build may be published."""

from dataclasses import dataclass, field

import dagster as dg

from fnsp_pipeline.ingest.loaders import LoadReport

ERROR, WARN = dg.AssetCheckSeverity.ERROR, dg.AssetCheckSeverity.WARN


@dataclass(frozen=True)
class Check:
    description: str
    blocking: bool


CHECKS = {
    "row_count_matches_api": Check(
        "Nothing lost: rows in the raw table plus items in raw._rejects equal what the API "
        "says it has (its `totalt`, the export's lines, or the responses received).", True),
    "no_duplicate_ids": Check("The API returned no id twice in this load.", True),
    "all_items_valid": Check(
        "Every item matched the contract; invalid ones are kept in raw._rejects. Blocks "
        "publishing when their share exceeds FNSP_MAX_REJECT_SHARE, else warns.", True),
    "no_sudden_drop": Check(
        "Circuit breaker: the row count did not fall by more than FNSP_MAX_ROW_DROP against "
        "the last published warehouse, nor to zero.", True),
    "no_schema_drift": Check(
        "No fields beyond the contract (they are kept in `payload`); warns only.", False),
}


@dataclass(frozen=True)
class Verdict:
    check_name: str
    passed: bool
    severity: dg.AssetCheckSeverity
    reason: str
    metadata: dict = field(default_factory=dict)

    @property
    def blocks_publishing(self) -> bool:
        return not self.passed and self.severity == ERROR

    def result(self) -> dg.AssetCheckResult:
        return dg.AssetCheckResult(check_name=self.check_name, passed=self.passed,
                                   severity=self.severity, description=self.reason,
                                   metadata=self.metadata)


def audit(report: LoadReport, max_reject_share: float, max_row_drop: float) -> list[Verdict]:
    return [_row_count(report), _duplicates(report), _validity(report, max_reject_share),
            _drop(report, max_row_drop), _drift(report)]


def _row_count(report: LoadReport) -> Verdict:
    accounted = report.rows + report.rejected
    passed = accounted == report.expected_total
    reason = (f"{report.rows} rows + {report.rejected} rejected = {accounted}, expected "
              f"{report.expected_total} ({report.expected_from})")
    return Verdict("row_count_matches_api", passed, ERROR, reason,
                   {"rows": report.rows, "rejected": report.rejected,
                    "expected": report.expected_total, "expected_from": report.expected_from})


def _duplicates(report: LoadReport) -> Verdict:
    ids = report.duplicate_ids
    reason = f"ids returned more than once: {', '.join(ids[:5])}" if ids else "no duplicates"
    return Verdict("no_duplicate_ids", not ids, ERROR, reason,
                   {"duplicate_ids": dg.MetadataValue.json(ids)})


def _validity(report: LoadReport, max_share: float) -> Verdict:
    share = report.rejected / max(report.received, 1)
    severity = ERROR if share > max_share else WARN
    first = [str(error) for error in report.rejects[:10]]
    reason = (f"{report.rejected} of {report.received} items rejected ({share:.2%}; "
              f"at most {max_share:.2%} may be): {'; '.join(first[:3])}"
              if report.rejected else "every item valid")
    return Verdict("all_items_valid", report.rejected == 0, severity, reason,
                   {"rejected": report.rejected, "share": round(share, 6),
                    "max_share": max_share, "first_errors": dg.MetadataValue.json(first)})


def _drop(report: LoadReport, max_drop: float) -> Verdict:
    before, now = report.baseline_rows, report.rows
    if now == 0 and not before and report.empty_reason:
        passed, reason = True, f"raw.{report.resource} is empty, as expected: {report.empty_reason}"
    elif now == 0:
        passed, reason = False, f"raw.{report.resource} is empty"
    elif before:
        fall = (before - now) / before
        passed = fall <= max_drop
        reason = (f"raw.{report.resource}: {before} rows published before, {now} now "
                  f"({-fall:+.1%}; a fall of more than {max_drop:.0%} blocks publishing)")
    else:
        passed, reason = True, report.baseline_note or "no earlier published load to compare with"
    return Verdict("no_sudden_drop", passed, ERROR, reason,
                   {"rows_before": before if before is not None else -1, "rows_now": now,
                    "max_drop": max_drop})


def _drift(report: LoadReport) -> Verdict:
    drift = report.schema_drift
    reason = (f"fields beyond the contract (kept in payload): {', '.join(list(drift)[:10])}"
              if drift else "no unknown fields")
    return Verdict("no_schema_drift", not drift, WARN, reason,
                   {"unknown_fields": dg.MetadataValue.json(drift)})
