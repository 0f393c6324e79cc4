"""Score findings against the sample generator's truth record: precision and recall per check.

A finding and a seeded defect match on the check and where the defect is: procedure and
foretak; plus the section for section checks, the instruction key for divergent facts and
deferrals to the letter, the referring item, field and value for orphan references, and the
study for studies without HRCS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fnsp_pipeline.quality.checks import CHECKS
from fnsp_pipeline.sample import texts  # the rules the generator writes

SECTION_CHECKS = {"missing_section", "placeholder_text", "divergent_text"}


@dataclass(frozen=True)
class Score:
    check_name: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        seeded = self.true_positives + self.false_negatives
        return self.true_positives / seeded if seeded else 1.0


FACT_CHECKS = {"divergent_fact", "defers_to_letter"}


def truth_key(defect: Mapping) -> tuple:
    check = defect["check_name"]
    if check == "orphan_reference":
        return (check, defect["resource"], defect["item_id"], f"{defect['field']}={defect['value']}")
    if check == "study_missing_hrcs":
        return (check, defect["resource"], defect["item_id"])
    if check in FACT_CHECKS:
        return (check, defect["procedure_id"], defect["orgnr"], defect["fact"])
    section = defect.get("section") if check in SECTION_CHECKS else None
    return (check, defect["procedure_id"], defect["orgnr"], section)


def finding_key(finding: Mapping) -> tuple:
    check = finding["check_name"]
    if check == "orphan_reference":
        return (check, finding["resource"], finding["item_id"], finding["reference"])
    if check == "study_missing_hrcs":
        return (check, finding["resource"], finding["item_id"])
    if check in FACT_CHECKS:
        return (check, finding["procedure_id"], finding["orgnr"], finding["fact"])
    section = finding.get("section") if check in SECTION_CHECKS else None
    return (check, finding["procedure_id"], finding["orgnr"], section)


def score(findings: Iterable[Mapping], defects: Iterable[Mapping]) -> dict[str, Score]:
    found = {finding_key(f) for f in findings}
    seeded = {truth_key(d) for d in defects}
    out = {}
    for check in CHECKS:
        f = {k for k in found if k[0] == check}
        s = {k for k in seeded if k[0] == check}
        out[check] = Score(check, len(f & s), len(f - s), len(s - f))
    total = Score("overall", *(sum(getattr(x, a) for x in out.values())
                               for a in ("true_positives", "false_positives", "false_negatives")))
    return {**out, "overall": total}




def score_instructions(instructions: Iterable[Mapping], pages: Iterable[Mapping]) -> dict[str, Score]:
    """Per kind: what `marts.dq_instructions` read against what the generator wrote on each
    page (`truth["facts"]`: procedure, foretak, {kind or kind[age group]: statement}). A
    statement is a value in the kind's unit ("6") or a rule ("from_midnight"). Only kinds the
    truth knows count, so a kind the sample never writes cannot score."""
    stated = {(p["procedure_id"], p["orgnr"], key.split("[")[0], str(v) if "[" not in key else f"{v} {key}")
              for p in pages for key, v in p["facts"].items()}
    kinds = {k for _, _, k, _ in stated}
    read = set()
    for row in instructions:
        key = row["instruction_key"]
        kind = key.split("[")[0]
        # statements the generator never makes ("none", "after_sedation": template sentences
        # such as "Spis og drikk som vanlig") are outside what its truth can judge
        rule = row["rule"] if isinstance(row["rule"], str) else None  # NULL arrives as None or NaN
        if kind in kinds and (rule is None or rule.split(" ")[0] in texts.RULES):
            value = row["value"]
            said = rule if value is None or value != value else f"{value:g}"
            # the sample states no conditions but age groups: another conditioned reading is a wrong one
            read.add((row["procedure_id"], row["orgnr"], kind, said if key == kind else f"{said} {key}"))
    out = {}
    for kind in sorted(kinds):
        s, r = {x for x in stated if x[2] == kind}, {x for x in read if x[2] == kind}
        out[kind] = Score(kind, len(s & r), len(r - s), len(s - r))
    total = Score("all kinds", *(sum(getattr(x, a) for x in out.values())
                                 for a in ("true_positives", "false_positives", "false_negatives")))
    return {**out, "all kinds": total}


def format_scores(scores: Mapping[str, Score]) -> str:
    lines = [f"{'check':<26}{'found':>7}{'seeded':>8}{'TP':>6}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}"]
    for s in scores.values():
        lines.append(f"{s.check_name:<26}{s.true_positives + s.false_positives:>7}"
                     f"{s.true_positives + s.false_negatives:>8}{s.true_positives:>6}"
                     f"{s.false_positives:>5}{s.false_negatives:>5}{s.precision:>11.3f}{s.recall:>8.3f}")
    return "\n".join(lines)
