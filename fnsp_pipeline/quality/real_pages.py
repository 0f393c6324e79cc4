"""The checks measured on real FNSP pages labelled by hand (tests/data/real-pages-dev).

The labels were written by someone else, in their own vocabulary: `LABEL_KINDS` aligns it
with the instruction kinds (a vocabulary table, not rules about sentences). What the
labels call `other:<name>` has no instruction kind here; those facts are counted apart, as
out of the model's reach, never silently dropped.

- Instructions: per kind family, precision and recall of what `extract_instructions` reads
  from each page's sections. A reading is right when the page has a labelled fact of that
  family whose normalised value it matches; a reading inside a labelled non-fact is wrong.
- Checks: the checks run on each procedure's pages as one small warehouse (one foretak per
  page). A labelled divergence is found when a finding on one of its pages names its
  family (divergent_fact or defers_to_letter; divergent_text for wording-level ones). Every
  other content finding is a false alarm, except a placeholder finding on a section that
  holds a labelled placeholder.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from fnsp_pipeline.quality import checks, instructions

LABEL_KINDS = {
    "fasting_food_hours": "solid_food", "fasting_food_rule": "solid_food",
    "clear_liquids_until_hours_before": "clear_liquids", "milk_dairy_rule": "milk_dairy",
    "meds_with_water": "meds_with_water", "blood_thinner_rule": "blood_thinner",
    "inr_limit": "inr_limit", "arrive_minutes_early": "arrive_early",
    "exam_duration_minutes": "duration", "sedation_no_driving_hours": "no_driving",
    "bowel_prep": "bowel_prep", "contrast_or_kidney_rule": "contrast_kidney",
    "diabetes_rule": "diabetes_medication",
    "other:no_tobacco_gum_hours": "smoking", "other:no_tobacco_gum": "smoking",
    "other:antihistamine_stop_hours": "antihistamine", "other:antihistamine_stop": "antihistamine",
    "other:keep_warm": "keep_warm",
}
SECTION_OF = {"intro": "om", "before": "for", "during": "under", "after": "etter"}
# How a rule reads in the labels' English values.
RULE_WORDS = {
    "from_midnight": r"midnight|24:00", "continue": r"continue|as usual|not stopped|do not stop|"
                                                    r"usually not|as normal|take as",
    "individual": r"clarify|contact|agreement|consult|with a doctor|when to stop",
    "follow_letter": r"letter", "none": r"no fasting|not needed|eat .*as usual",
}
CONTENT_CHECKS = ("placeholder_text", "divergent_fact", "defers_to_letter", "divergent_text", "missing_section")


def family(kind: str) -> str:
    return kind.split("[")[0].split(":")[0]


def load(folder: Path) -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) | {"file": path.stem}
            for path in sorted(Path(folder).glob("*.json"))]


def page_instructions(page: dict) -> list[tuple[instructions.Instruction, str]]:
    """What the pipeline reads from the page: its sections one by one."""
    return [(item, key) for key, text in page["sections"].items()
            for item in instructions.extract_instructions(text)]


# What a label's English value names, for a reading of another family from the same
# sentence: "from midnight: no food, drink, smoking or chewing gum" covers all three.
NAMED_IN_VALUE = {"solid_food": r"food|eat|fast", "clear_liquids": r"drink|liquid|fluid|water",
                  "milk_dairy": r"milk|dairy", "smoking": r"smok|snus|tobacco|gum|lozenge",
                  "meds_with_water": r"medicine"}


def value_matches(item: instructions.Instruction, label_value: str) -> bool:
    text = label_value.lower()
    if not instructions.KINDS[item.kind].compared:
        return True  # read and shown, not compared: being found is what counts
    if item.value is not None:
        numbers = {float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", text)}
        if re.search(r"\b(a|one|the last) week\b", text):
            numbers.add(7.0)  # days, the way the labels write a week
        value = item.value
        candidates = {value, value * 24 if family(item.kind) == "blood_thinner" else value}
        if instructions.KINDS[item.kind].unit == "timer" and re.search(r"\b(days?|weeks?)\b", text):
            candidates.add(value / 24)  # "the last week": hours read, days labelled
        return bool(candidates & numbers)
    if item.rule and item.rule.startswith("from_time "):
        hh, mm = item.rule.split(" ")[1].split(":")
        return bool(re.search(rf"\b{int(hh):02d}[:.]{mm}\b|\b{int(hh)}[:.]{mm}\b", text))
    pattern = RULE_WORDS.get(item.rule or "")
    return bool(re.search(pattern, text)) if pattern else True  # rule-only kinds: presence


@dataclass
class KindScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        n = self.true_positives + self.false_positives
        return self.true_positives / n if n else 1.0

    @property
    def recall(self) -> float:
        n = self.true_positives + self.false_negatives
        return self.true_positives / n if n else 1.0


def score_instructions(files: list[dict]) -> tuple[dict[str, KindScore], int]:
    """Per kind family: readings right and wrong, labelled facts missed; and how many
    labelled facts have no kind here (other:*)."""
    scores: dict[str, KindScore] = defaultdict(KindScore)
    unmodelled = 0
    for doc in files:
        for page in doc["pages"]:
            labels = [(LABEL_KINDS.get(f["fact"]), f) for f in page["facts"]]
            unmodelled += sum(kind is None for kind, _ in labels)
            read = page_instructions(page)
            non_facts = [nf["evidence"] for nf in page["non_facts"]]
            matched_labels = set()
            for item, _section in read:
                fam = family(item.kind)
                hits = [i for i, (kind, f) in enumerate(labels) if kind == fam and value_matches(item, f["value"])]
                named = [i for i, (kind, f) in enumerate(labels)
                         if kind is not None and kind != fam and _overlaps(item.sentence, f["evidence"])
                         and re.search(NAMED_IN_VALUE.get(fam, r"^$"), f["value"].lower())
                         and value_matches(item, f["value"])]
                in_non_fact = any(_overlaps(item.sentence, nf) for nf in non_facts)
                if (hits or named) and not in_non_fact:
                    scores[fam].true_positives += 1
                    matched_labels.update(hits)
                else:
                    scores[fam].false_positives += 1
                    scores[fam].errors.append(f"{page['page_id']}: read {item.key} = {item.display} "
                                              f"from «{item.sentence[:120]}»")
            for i, (kind, f) in enumerate(labels):
                if kind is not None and i not in matched_labels:
                    scores[kind].false_negatives += 1
                    scores[kind].errors.append(f"{page['page_id']}: missed {f['fact']} = {f['value']} "
                                               f"in «{f['evidence'][:120]}»")
    return dict(sorted(scores.items())), unmodelled


def _overlaps(sentence: str, evidence: str) -> bool:
    a, b = " ".join(sentence.split()), " ".join(evidence.split())
    return bool(a) and bool(b) and (a in b or b in a)


def inputs_for(doc: dict) -> checks.DqInputs:
    """One procedure's pages as the marts the checks read; each page a foretak."""
    pid = doc["file"]
    offerings, sections = [], []
    for page in doc["pages"]:
        offering_id = f"{pid}/{page['page_id']}"
        offerings.append({"offering_id": offering_id, "procedure_id": pid, "orgnr": page["page_id"],
                          "region_id": None, "has_offering_response": True, "is_offering_rejected": False,
                          "is_offered": True, "has_local_page": True, "page_url": page["url"],
                          "has_contact": True, "has_attendance_place": True, "linked_pages_lookup": "found",
                          "linked_pages_lookup_error": None})
        for key, text in page["sections"].items():
            words = len(text.split())
            sections.append({"section_id": f"{offering_id}/{key}", "offering_id": offering_id,
                             "procedure_id": pid, "orgnr": page["page_id"],
                             "section": SECTION_OF.get(key, "annet"), "section_text": text,
                             "word_count": words, "is_empty": not text.strip()})
    foretak = pd.DataFrame([{"orgnr": p["page_id"], "foretak_name": p["trust"], "region_id": p["health_region"],
                             "is_orphan_reference": False, "has_website": True} for p in doc["pages"]])
    return checks.DqInputs(
        offerings=pd.DataFrame(offerings), sections=pd.DataFrame(sections), foretak=foretak,
        procedures=pd.DataFrame([{"procedure_id": pid, "procedure_title": doc["procedure"]}]),
        websites=pd.DataFrame({"website_id": pd.Series(dtype=str)}),
        events=pd.DataFrame(columns=["event_id", "event_title", "orgnr", "website_id",
                                     "linked_procedure_ids", "event_url"]),
        study_foretak=pd.DataFrame(columns=["study_id", "orgnr", "foretak_name", "study_title", "study_url"]),
        study_codes=pd.DataFrame(columns=["study_id", "hrcs_dimension", "api_value", "study_title", "study_url"]),
        studies_without_hrcs=pd.DataFrame(columns=["study_id", "study_title", "study_url"]))


@dataclass
class ChecksResult:
    divergences: int
    found: list[str]
    missed: list[str]
    false_alarms: list[str]
    placeholders_found: list[str]


def score_checks(files: list[dict]) -> ChecksResult:
    found, missed, false_alarms, placeholders_found = [], [], [], []
    total = 0
    for doc in files:
        findings, _ = checks.run_checks(inputs_for(doc))
        pages = {p["page_id"]: p for p in doc["pages"]}
        explained = set()
        for d in doc["divergences"]:
            total += 1
            fam = LABEL_KINDS.get(d["fact"])
            hits = [f for f in findings if f.orgnr in d["pages"] and _explains(f, fam)]
            name = f"{doc['file']}: {d['fact']} ({', '.join(d['pages'])})"
            (found if hits else missed).append(name)
            explained.update(id(f) for f in hits)
        for f in findings:
            if f.check_name not in CONTENT_CHECKS or id(f) in explained:
                continue
            page = pages[f.orgnr]
            if page["partial"] and (f.check_name == "missing_section" or _is_cut_off(page, f)):
                continue  # a cut excerpt says nothing about what the live page lacks
            if f.check_name == "placeholder_text" and _has_labelled_placeholder(page, f.section):
                placeholders_found.append(f"{f.orgnr}/{f.section}")
                continue
            if f.check_name in ("divergent_fact", "defers_to_letter") and _explained_elsewhere(f, doc):
                continue
            false_alarms.append(f"{doc['file']}/{f.orgnr}: {f.check_name} {f.fact or f.section or ''}: {f.detail}")
    return ChecksResult(total, found, missed, false_alarms, placeholders_found)


def _explains(finding: checks.Finding, fam: str | None) -> bool:
    if finding.check_name in ("divergent_fact", "defers_to_letter"):
        return fam is not None and family(finding.fact or "") == fam
    return finding.check_name == "divergent_text" and fam is None


def _explained_elsewhere(finding: checks.Finding, doc: dict) -> bool:
    """The other side of a labelled divergence (a two-page divergence has two sides)."""
    return any(finding.orgnr in d["pages"] and LABEL_KINDS.get(d["fact"]) == family(finding.fact or "")
               for d in doc["divergences"])


def _has_labelled_placeholder(page: dict, section: str | None) -> bool:
    texts = [text for key, text in page["sections"].items() if SECTION_OF.get(key, "annet") == section]
    return any(_overlaps(quote, text) for quote in page["placeholders_or_thin"] for text in texts)


def _is_cut_off(page: dict, finding: checks.Finding) -> bool:
    """A thin-text finding on the last section of an excerpt cut mid-text."""
    last_key = list(page["sections"])[-1]
    return (finding.check_name == "placeholder_text" and SECTION_OF.get(last_key, "annet") == finding.section)


def format_report(files: list[dict]) -> str:
    scores, unmodelled = score_instructions(files)
    lines = [f"{'kind':<22}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}"]
    total = KindScore()
    for kind, s in scores.items():
        lines.append(f"{kind:<22}{s.true_positives:>5}{s.false_positives:>5}{s.false_negatives:>5}"
                     f"{s.precision:>11.3f}{s.recall:>8.3f}")
        total.true_positives += s.true_positives
        total.false_positives += s.false_positives
        total.false_negatives += s.false_negatives
    lines.append(f"{'all kinds':<22}{total.true_positives:>5}{total.false_positives:>5}{total.false_negatives:>5}"
                 f"{total.precision:>11.3f}{total.recall:>8.3f}")
    lines.append(f"labelled facts with no instruction kind here (other:*): {unmodelled}")
    result = score_checks(files)
    lines.append(f"divergences found: {len(result.found)} of {result.divergences}; "
                 f"false alarms: {len(result.false_alarms)}; labelled placeholders flagged: "
                 f"{len(result.placeholders_found)}")
    lines += ["  found:  " + x for x in result.found] + ["  missed: " + x for x in result.missed]
    lines += ["  false alarm: " + x for x in result.false_alarms]
    for kind, s in scores.items():
        lines += [f"  {kind}: {e}" for e in s.errors]
    return "\n".join(lines)
