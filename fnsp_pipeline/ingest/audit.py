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
        "Nothing lost: rows in the raw table plus items in raw._rejects (rejected, or held "
        "back because their parent was) equal what the API says it has (its `totalt`, the "
        "export's lines, or the responses received).", True),
    "no_duplicate_ids": Check("The API returned no id twice in this load.", True),
    "all_items_valid": Check(
        "Every item matched the contract; invalid ones are kept in raw._rejects. Blocks "
        "publishing when their share exceeds FNSP_MAX_REJECT_SHARE, else warns.", True),
    "no_sudden_drop": Check(
        "Circuit breaker: the row count did not fall by more than FNSP_MAX_ROW_DROP against "
        "the last published warehouse, nor to zero (`fnsp refresh --accept-drop RESOURCE` "
        "publishes a checked drop once). Empty on a first load, or as published: warns.", True),
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
    held = report.held_back_received
    accounted = report.rows + report.rejected + held
    passed = accounted == report.expected_total
    reason = (f"{report.rows} rows + {report.rejected} rejected + {held} held back = "
              f"{accounted}, expected {report.expected_total} ({report.expected_from})")
    if not passed:
        reason += (". No setting lets this through: items went missing between the API and "
                   "the table. Run `fnsp refresh` again (it resumes); if the numbers stay "
                   "apart, compare them with the API")
    return Verdict("row_count_matches_api", passed, ERROR, reason,
                   {"rows": report.rows, "rejected": report.rejected, "held_back": held,
                    "expected": report.expected_total, "expected_from": report.expected_from})


def _duplicates(report: LoadReport) -> Verdict:
    ids = report.duplicate_ids
    reason = (f"ids returned more than once: {', '.join(ids[:5])}. No setting lets this "
              "through: with ids repeated, the API's count cannot be checked; report it to "
              "the API's owner" if ids else "no duplicates")
    return Verdict("no_duplicate_ids", not ids, ERROR, reason,
                   {"duplicate_ids": dg.MetadataValue.json(ids)})


def _validity(report: LoadReport, max_share: float) -> Verdict:
    # Of the resource, not of tonight's fetch: an incremental load that receives 2 changed
    # items, one of them broken, has not lost half of anything.
    population = max(report.received, report.rows + report.rejected)
    share = report.rejected / max(population, 1)
    severity = ERROR if share > max_share else WARN
    first = [str(error) for error in report.rejects[:10]]
    reason = (f"{report.rejected} of {population} items rejected ({share:.2%}; "
              f"at most {max_share:.2%} may be): {'; '.join(first[:3])}"
              if report.rejected else "every item valid")
    if severity == ERROR and report.rejected:
        reason += (f". To publish the good items anyway, raise FNSP_MAX_REJECT_SHARE "
                   f"(now {max_share:g}) above {share:.4f}")
    return Verdict("all_items_valid", report.rejected == 0, severity, reason,
                   {"rejected": report.rejected, "share": round(share, 6),
                    "max_share": max_share, "first_errors": dg.MetadataValue.json(first)})


def _drop(report: LoadReport, max_drop: float) -> Verdict:
    """A drop against the last published load blocks, unless the operator accepted it for
    this run; without a non-empty published load to compare with, empty only warns."""
    before, now, name = report.baseline_rows, report.rows, report.resource
    severity = ERROR
    if now == 0 and not before and report.empty_reason:
        passed, reason = True, f"raw.{name} is empty, as expected: {report.empty_reason}"
    elif now == 0 and not before:
        passed, severity = False, WARN
        reason = f"raw.{name} is empty; published with a warning, as " + (
            "the last published load was empty too" if before == 0 else
            f"there is nothing to compare with ({report.baseline_note or 'first load'})")
    elif before and (now == 0 or (before - now) / before > max_drop):
        passed, fall = False, (before - now) / before
        reason = (f"raw.{name}: {before} rows published before, {now} now ({-fall:+.1%}; a "
                  f"fall of more than {max_drop:.0%} blocks publishing)")
        if report.accepted_drop:
            severity = WARN
            reason += f"; accepted by the operator for this run (--accept-drop {name})"
        else:
            reason += (f". If the source really has that few now, publish it once with "
                       f"`fnsp refresh --accept-drop {name}`" + (
                           "" if now == 0 else f", or raise FNSP_MAX_ROW_DROP (now {max_drop:g})"))
    elif before:
        passed, fall = True, (before - now) / before
        reason = (f"raw.{name}: {before} rows published before, {now} now "
                  f"({-fall:+.1%}; a fall of more than {max_drop:.0%} blocks publishing)")
    else:
        passed, reason = True, report.baseline_note or "no earlier published load to compare with"
    return Verdict("no_sudden_drop", passed, severity, reason,
                   {"rows_before": before if before is not None else -1, "rows_now": now,
                    "max_drop": max_drop, "accepted_drop": report.accepted_drop})


def _drift(report: LoadReport) -> Verdict:
    drift = report.schema_drift
    reason = (f"fields beyond the contract (kept in payload): {', '.join(list(drift)[:10])}"
              if drift else "no unknown fields")
    return Verdict("no_schema_drift", not drift, WARN, reason,
                   {"unknown_fields": dg.MetadataValue.json(drift)})
