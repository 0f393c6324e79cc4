"""The data-quality checks: each a function from the warehouse's marts to findings.

Every finding names the procedure, the foretak and (where it applies) the section and fact,
with a sentence in Norwegian for the editor, what was observed and what was expected.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from fnsp_pipeline.quality import divergence, placeholders, text_similarity
from fnsp_pipeline.quality import instructions as ins

REQUIRED_SECTIONS = ("for", "under", "etter")
COMPARED_SECTIONS = ("om", "for", "under", "etter")  # ventetid/annet are local by nature
SECTION_NB = {"om": "Om", "for": "Før", "under": "Under", "etter": "Etter",
              "ventetid": "Ventetid", "annet": "Annet"}
CHECKS = {  # check_name -> (severity, what it means, in Norwegian)
    "missing_local_page": ("error", "Tatt i bruk, men ingen lokal side for pasientene."),
    "missing_section": ("error", "En påkrevd seksjon (før, under, etter) mangler eller er tom."),
    "placeholder_text": ("error", "Seksjonen har plassholdertekst eller for lite tekst til å hjelpe."),
    "missing_contact": ("warn", "Verken siden eller avdelingssiden har kontaktinformasjon."),
    "missing_attendance_place": ("warn", "Verken siden eller stedssiden har oppmøtested."),
    "divergent_fact": ("error", "En forberedelse avviker fra det de andre foretakene sier (advarsel når "
                                "bare to foretak eller ikke noe klart flertall står bak)."),
    "defers_to_letter": ("warn", "Viser bare til innkallingsbrevet der andre foretak skriver regelen på siden."),
    "divergent_text": ("warn", "Teksten har lite til felles med de andre foretakenes versjoner."),
    "orphan_reference": ("warn", "Viser til et foretak, en prosedyre eller en kode som ellers er ukjent."),
    "study_missing_hrcs": ("warn", "Studien har ingen HRCS-klassifisering (verken helsekategori eller "
                                   "forskningsaktivitet)."),
}


@dataclass
class Finding:
    check_name: str
    detail: str
    procedure_id: str | None = None
    orgnr: str | None = None
    section: str | None = None
    fact: str | None = None
    observed: str | None = None
    expected: str | None = None
    page_url: str | None = None
    resource: str | None = None  # for references: the item that holds the reference
    item_id: str | None = None
    score: float | None = None  # how bad, for ranking examples (higher is worse)
    reference: str | None = None  # for references: "<field>=<value>" that the data does not know
    severity_level: str | None = None  # where a check grades its findings; else the check's own

    @property
    def severity(self) -> str:
        return self.severity_level or CHECKS[self.check_name][0]

    @property
    def finding_id(self) -> str:
        """Stable across runs: the same defect in the same place gets the same id."""
        parts = (self.check_name, self.procedure_id, self.orgnr, self.section, self.fact,
                 self.resource, self.item_id, self.reference)
        return hashlib.sha1("|".join(p or "" for p in parts).encode()).hexdigest()[:16]


@dataclass
class DqInputs:
    """What the checks read from the marts (pandas frames, one per mart)."""

    offerings: pd.DataFrame  # fct_procedure_offering
    sections: pd.DataFrame  # fct_local_description_section
    foretak: pd.DataFrame  # dim_foretak
    procedures: pd.DataFrame  # dim_procedure
    websites: pd.DataFrame  # dim_website
    events: pd.DataFrame  # fct_event
    study_foretak: pd.DataFrame  # bridge_study_foretak + dim_clinical_study
    study_codes: pd.DataFrame  # bridge_study_hrcs (+ study url)
    studies_without_hrcs: pd.DataFrame  # dim_clinical_study with no HRCS value at all

    def names(self) -> tuple[dict[str, str], dict[str, str]]:
        return (dict(zip(self.foretak.orgnr, self.foretak.foretak_name)),
                dict(zip(self.procedures.procedure_id, self.procedures.procedure_title)))


@dataclass
class SectionAnalysis:
    """Per-section results shared by several checks (placeholders, instructions, similarity)."""

    placeholder: dict[str, str]  # section_id -> reason
    # (procedure, orgnr) -> every instruction its page states, with the section it is in
    instructions: dict[tuple[str, str], list[tuple[ins.Instruction, str]]]


def analyse_sections(inputs: DqInputs) -> SectionAnalysis:
    sections = inputs.sections[~inputs.sections.is_empty]
    peers = sections.groupby(["procedure_id", "section"]).word_count.median().to_dict()
    placeholder: dict[str, str] = {}
    found: dict[tuple[str, str], list[tuple[ins.Instruction, str]]] = defaultdict(list)
    for row in sections.itertuples(index=False):
        reason = placeholders.placeholder_reason(row.section_text, peers.get((row.procedure_id, row.section)))
        if reason:
            placeholder[row.section_id] = reason
        # a marker inside real text leaves the text's instructions standing
        for item in ins.extract_instructions(row.section_text):
            found[(row.procedure_id, row.orgnr)].append((item, row.section))
    ins.clear_cache()
    return SectionAnalysis(placeholder, dict(found))


# -- the checks ---------------------------------------------------------------------------------

def missing_local_page(inputs: DqInputs, _: SectionAnalysis) -> Iterable[Finding]:
    foretak, procedures = inputs.names()
    # A rejected offering's page is unknown, not missing: marts.rejected_items says why.
    adopted = inputs.offerings[~inputs.offerings.is_offering_rejected]
    for row in adopted[~adopted.has_offering_response | (adopted.is_offered & ~adopted.has_local_page)].itertuples():
        who, what = foretak.get(row.orgnr, row.orgnr), procedures.get(row.procedure_id, row.procedure_id)
        if not row.has_offering_response:
            detail = (f"{who} står oppført med «{what}», men tilbudet finnes ikke i FNSP "
                      f"(svarer 404): pasientene finner ingen lokal informasjon.")
            observed = "404: tilbudet finnes ikke"
        else:
            detail = f"{who} tilbyr «{what}», men har ikke skrevet noen lokal side om den."
            observed = "ingen lokal side"
        yield Finding("missing_local_page", detail, row.procedure_id, row.orgnr,
                      observed=observed, expected="en lokal side med før, under og etter",
                      score=2.0 if not row.has_offering_response else 1.0)


def missing_section(inputs: DqInputs, _: SectionAnalysis) -> Iterable[Finding]:
    foretak, procedures = inputs.names()
    with_text = (inputs.sections[~inputs.sections.is_empty]
                 .groupby("offering_id").section.agg(set).to_dict())
    present = inputs.sections.groupby("offering_id").section.agg(set).to_dict()
    pages = inputs.offerings[inputs.offerings.has_local_page]
    for row in pages.itertuples():
        for section in REQUIRED_SECTIONS:
            if section in with_text.get(row.offering_id, set()):
                continue
            absent = section not in present.get(row.offering_id, set())
            state = "mangler" if absent else "er tom"
            yield Finding(
                "missing_section",
                f"Seksjonen «{SECTION_NB[section]}» {state} på siden om «{procedures.get(row.procedure_id)}» "
                f"hos {foretak.get(row.orgnr, row.orgnr)}.",
                row.procedure_id, row.orgnr, section=section,
                observed="seksjonen finnes ikke" if absent else "seksjonen er tom",
                expected="tekst i seksjonen", page_url=row.page_url, score=1.0)


def placeholder_text(inputs: DqInputs, analysis: SectionAnalysis) -> Iterable[Finding]:
    foretak, procedures = inputs.names()
    urls = dict(zip(inputs.offerings.offering_id, inputs.offerings.page_url))
    flagged = inputs.sections[inputs.sections.section_id.isin(analysis.placeholder)]
    for row in flagged.itertuples():
        reason = analysis.placeholder[row.section_id]
        yield Finding(
            "placeholder_text",
            f"Seksjonen «{SECTION_NB.get(row.section, row.section)}» om «{procedures.get(row.procedure_id)}» "
            f"hos {foretak.get(row.orgnr, row.orgnr)} hjelper ikke pasienten: {reason}.",
            row.procedure_id, row.orgnr, section=row.section,
            observed=_short(row.section_text), expected="en utfyllende tekst for pasienten",
            page_url=urls.get(row.offering_id), score=1.0 / (1 + row.word_count))


def missing_contact(inputs: DqInputs, _: SectionAnalysis) -> Iterable[Finding]:
    yield from _missing_on_page_and_links(
        inputs, "has_contact", "missing_contact",
        "kontaktinformasjon (telefon eller e-post)", "avdelingssiden")


def missing_attendance_place(inputs: DqInputs, _: SectionAnalysis) -> Iterable[Finding]:
    yield from _missing_on_page_and_links(
        inputs, "has_attendance_place", "missing_attendance_place", "oppmøtested", "stedssiden")


def _missing_on_page_and_links(inputs: DqInputs, column: str, check: str, what: str,
                               linked: str) -> Iterable[Finding]:
    foretak, procedures = inputs.names()
    pages = inputs.offerings[inputs.offerings.has_local_page & ~inputs.offerings[column]]
    for row in pages.itertuples():
        page = f"Siden om «{procedures.get(row.procedure_id)}» hos {foretak.get(row.orgnr, row.orgnr)}"
        yield Finding(
            check, f"{page} har ikke {what}{_second_look(row, linked)}",
            row.procedure_id, row.orgnr, observed=f"ingen {what}",
            expected=f"{what} på siden eller {linked}", page_url=row.page_url, score=1.0)


def _second_look(row, linked: str) -> str:
    """What the finding rests on: the linked pages were read, could not be read, or were
    not looked up (FNSP_LINKED_PAGES=off)."""
    if row.linked_pages_lookup == "failed":
        return (f". {linked.capitalize()} den lenker til kunne ikke hentes i natt "
                f"({row.linked_pages_lookup_error}); det prøves igjen neste natt.")
    if row.linked_pages_lookup == "not_looked_up":
        return f". {linked.capitalize()} den lenker til ble ikke hentet (FNSP_LINKED_PAGES=off)."
    return f", og det har heller ikke {linked} den lenker til."


def divergent_fact(inputs: DqInputs, analysis: SectionAnalysis) -> Iterable[Finding]:
    """A page whose instruction disagrees with the other foretak's, per procedure and
    instruction key (kind and conditions): see `divergence`."""
    foretak, procedures = inputs.names()
    urls = dict(zip(inputs.offerings.offering_id, inputs.offerings.page_url))
    votes = _votes(analysis)
    for (pid, key), pages in sorted(_with_everyone(votes).items()):
        kind = key.split("[")[0]
        concrete = {o: frozenset(i.stance for i, _ in items if i.stance) for o, items in pages.items()}
        sides = divergence.divergent_sides(concrete)
        for side in sides:
            says = _said(kind, side.says)
            label = ins.kind_label(key)
            who, what = foretak.get(side.orgnr, side.orgnr), procedures.get(pid, pid)
            if side.is_consensus:
                expected = ins.display_stance(kind, side.others_say[0][0])
                detail = (f"{who} skriver {says} ({label}) for «{what}», mens {side.agreeing} av "
                          f"{side.others} andre foretak skriver {expected}.")
            else:
                others = "; ".join(f"{ins.display_stance(kind, s)} ({n})" for s, n in side.others_say)
                expected = f"andre skriver: {others}"
                detail = (f"{who} skriver {says} ({label}) for «{what}»; de {side.others} andre "
                          f"foretakene som omtaler dette skriver {others}. Uten klart flertall: "
                          f"avklar hvem som har rett.")
            if key not in {i.key for i, _ in pages[side.orgnr]}:
                detail += f" ({who} skriver det uten aldersgrense, for alle.)"
            yield Finding(
                "divergent_fact", detail, pid, side.orgnr, section=_section_of(pages[side.orgnr]),
                fact=key, observed=says, expected=expected, page_url=urls.get(f"{pid}/{side.orgnr}"),
                score=_distance(side), severity_level="error" if side.is_strong else "warn")
        yield from _reference_findings(pid, key, pages, {s.orgnr for s in sides}, foretak, procedures, urls)


def _reference_findings(pid: str, key: str, pages: dict[str, list], value_sides: set[str],
                        foretak: dict[str, str], procedures: dict[str, str],
                        urls: dict[str, str]) -> Iterable[Finding]:
    """Pages that give the same value but count it from another point ("6 timer før
    undersøkelsen" against "6 timer før oppmøte"): a side each, as a warning. A page that
    does not say what it counts from differs from none; a page already divergent on the value
    is reported for that."""
    kind = key.split("[")[0]
    flagged: dict[str, tuple[str, divergence.Side]] = {}
    stances = sorted({i.stance for items in pages.values() for i, _ in items if i.value is not None})
    for stance in stances:
        counted = {o: frozenset(i.reference for i, _ in items if i.stance == stance and i.reference)
                   for o, items in pages.items() if o not in value_sides}
        for side in divergence.divergent_sides(counted):
            flagged.setdefault(side.orgnr, (stance, side))
    for orgnr, (stance, side) in sorted(flagged.items()):
        value = ins.display_stance(kind, stance)
        mine = " og ".join(f"{value} {ins.REFERENCE_NB[r]}" for r in sorted(side.says))
        theirs = "; ".join(f"{value} {ins.REFERENCE_NB[r]} ({n})" for r, n in side.others_say)
        who, what = foretak.get(orgnr, orgnr), procedures.get(pid, pid)
        yield Finding(
            "divergent_fact",
            f"{who} skriver {mine} ({ins.kind_label(key)}) for «{what}», mens andre foretak regner "
            f"fra et annet tidspunkt: {theirs}. Samme tall, ulikt utgangspunkt: avklar hva som gjelder.",
            pid, orgnr, section=_section_of(pages[orgnr]), fact=key, observed=mine,
            expected=f"andre skriver: {theirs}", page_url=urls.get(f"{pid}/{orgnr}"), score=1.0,
            severity_level="warn")


def defers_to_letter(inputs: DqInputs, analysis: SectionAnalysis) -> Iterable[Finding]:
    """A page that refers to the letter for an instruction that other foretak spell out."""
    foretak, procedures = inputs.names()
    urls = dict(zip(inputs.offerings.offering_id, inputs.offerings.page_url))
    for (pid, key), pages in sorted(_votes(analysis).items()):
        kind = key.split("[")[0]
        concrete = {o: frozenset(i.stance for i, _ in items if i.stance) for o, items in pages.items()}
        defers = {o for o, items in pages.items() if any(i.rule == "follow_letter" for i, _ in items)}
        for orgnr, others in divergence.deferring_pages(concrete, defers).items():
            said = "; ".join(f"{ins.display_stance(kind, s)} ({n})" for s, n in others.most_common())
            yield Finding(
                "defers_to_letter",
                f"{foretak.get(orgnr, orgnr)} viser bare til innkallingsbrevet om "
                f"{ins.kind_label(key)} for «{procedures.get(pid, pid)}», mens andre foretak skriver "
                f"det på siden: {said}.",
                pid, orgnr, section=_section_of(pages[orgnr]), fact=key,
                observed="følg innkallingsbrevet", expected=f"andre skriver: {said}",
                page_url=urls.get(f"{pid}/{orgnr}"), score=float(sum(others.values())))


def _votes(analysis: SectionAnalysis) -> dict[tuple[str, str], dict[str, list]]:
    """(procedure, instruction key) -> orgnr -> its instructions (with sections), for the
    kinds that are compared."""
    votes: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for (pid, orgnr), stated in analysis.instructions.items():
        for item, section in stated:
            if ins.KINDS[item.kind].compared:
                votes[(pid, item.key)][orgnr].append((item, section))
    return votes


AGE_GROUPS = ("adults", "children")


def _with_everyone(votes: dict[tuple[str, str], dict[str, list]]) -> dict[tuple[str, str], dict[str, list]]:
    """Where a procedure's pages state a kind for an age group ("voksne: 7 dager") and otherwise
    under no condition at all, an unconditioned instruction is for everyone: it takes part in
    each age group's vote on a page that names no rule of its own for that group."""
    out = {k: dict(v) for k, v in votes.items()}
    by_kind: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pid, key in votes:
        by_kind[(pid, key.split("[")[0])].add(key)
    for (pid, kind), keys in by_kind.items():
        ages = {f"{kind}[{a}]" for a in AGE_GROUPS} & keys
        if not ages or kind not in keys or keys - ages - {kind}:
            continue
        for age in ages:
            for orgnr, items in votes[(pid, kind)].items():
                out[(pid, age)].setdefault(orgnr, list(items))
    return out


def _said(kind: str, stances: frozenset[str]) -> str:
    return " og ".join(ins.display_stance(kind, s) for s in sorted(stances))


def _section_of(items: list) -> str:
    return items[0][1]


def _distance(side: divergence.Side) -> float:
    """How far off, for ranking: the ratio of the values, or 2 where rules differ."""
    def number(s: str) -> float | None:
        try:
            return float(s)
        except ValueError:
            return None
    mine = [v for v in map(number, side.says) if v is not None]
    theirs = [v for v in (number(s) for s, _ in side.others_say[:1]) if v is not None]
    if not (mine and theirs):
        return 2.0
    a, b = mine[0], theirs[0]
    return max(a, b) / max(min(a, b), 1e-9)


def divergent_text(inputs: DqInputs, analysis: SectionAnalysis) -> Iterable[Finding]:
    foretak, procedures = inputs.names()
    urls = dict(zip(inputs.offerings.offering_id, inputs.offerings.page_url))
    usable = inputs.sections[~inputs.sections.is_empty
                             & ~inputs.sections.section_id.isin(analysis.placeholder)
                             & inputs.sections.section.isin(COMPARED_SECTIONS)]
    groups: dict[tuple[str, str], dict[str, frozenset[str]]] = defaultdict(dict)
    for pid, orgnr, section, text in zip(usable.procedure_id, usable.orgnr, usable.section,
                                         usable.section_text):
        groups[(pid, section)].setdefault(orgnr, text_similarity.stems(text))
    for (pid, section), versions in sorted(groups.items()):
        for d in text_similarity.divergences(versions):
            if not text_similarity.is_divergent(d):
                continue
            yield Finding(
                "divergent_text",
                f"Seksjonen «{SECTION_NB[section]}» om «{procedures.get(pid)}» hos "
                f"{foretak.get(d.key, d.key)} ligner lite på de {d.compared_with} andre foretakenes "
                f"versjoner: bare {d.support:.0%} av ordene brukes også av andre foretak (vanligvis "
                f"{d.typical_support:.0%}), og den har {d.similarity_to_others:.0%} ord felles med dem, "
                f"mot {d.others_similarity:.0%} mellom de andre. Feil tekst, eller en annen prosedyre?",
                pid, d.key, section=section,
                observed=f"{d.support:.0%} av ordene delt, {d.similarity_to_others:.0%} overlapp",
                expected=f"{d.typical_support:.0%} delt, {d.others_similarity:.0%} overlapp",
                page_url=urls.get(f"{pid}/{d.key}"), score=1 - d.ratio)


def orphan_reference(inputs: DqInputs, _: SectionAnalysis) -> Iterable[Finding]:
    """References to foretak, procedures, websites or codes that the rest of the data lacks."""
    known_foretak = set(inputs.foretak.orgnr[~inputs.foretak.is_orphan_reference])
    names, procedures_nb = inputs.names()
    known_procedures = set(inputs.procedures.procedure_id)
    known_websites = set(inputs.websites.website_id)
    for row in inputs.study_foretak[~inputs.study_foretak.orgnr.isin(known_foretak)].itertuples():
        yield Finding(
            "orphan_reference",
            f"Studien «{row.study_title}» nevner foretaket {row.foretak_name or ''} ({row.orgnr}), "
            f"som ikke har nettsted eller prosedyrer i FNSP (nedlagt eller sammenslått?).",
            orgnr=row.orgnr, observed=f"foretak: {row.orgnr}", expected="et kjent foretak",
            page_url=row.study_url, resource="kliniske-studier", item_id=row.study_id,
            reference=f"foretak={row.orgnr}", score=1.0)
    for row in inputs.events.itertuples():
        refs = []
        if row.orgnr not in known_foretak:
            refs.append(("foretak", row.orgnr, f"foretaket {names.get(row.orgnr) or ''} ({row.orgnr})"))
        if row.website_id is not None and row.website_id not in known_websites:
            refs.append(("nettsted", row.website_id, f"nettstedet «{row.website_id}»"))
        refs += [("prosedyrer", p, f"prosedyren «{p}»") for p in row.linked_procedure_ids
                 if p not in known_procedures]
        for field_name, value, text in refs:
            yield Finding(
                "orphan_reference",
                f"Arrangementet «{row.event_title}» viser til {text}, som ikke finnes ellers i FNSP.",
                procedure_id=value if field_name == "prosedyrer" else None,
                orgnr=value if field_name == "foretak" else row.orgnr,
                observed=f"{field_name}: {value}", expected="en kjent verdi", page_url=row.event_url,
                resource="arrangementer", item_id=row.event_id, reference=f"{field_name}={value}",
                score=1.0)
    websites_foretak = set(inputs.foretak.orgnr[inputs.foretak.has_website])
    adopted = inputs.offerings[~inputs.offerings.orgnr.isin(websites_foretak)]
    for row in adopted.sort_values(["procedure_id", "orgnr"]).itertuples():
        who = f"{names.get(row.orgnr) or 'foretaket'} ({row.orgnr})"
        yield Finding(
            "orphan_reference",
            f"«{procedures_nb.get(row.procedure_id, row.procedure_id)}» står som tatt i bruk av {who}, "
            f"som ikke har noe nettsted i FNSP (nedlagt eller sammenslått?): pasientene finner ikke siden.",
            procedure_id=row.procedure_id, orgnr=row.orgnr, observed=f"foretak: {row.orgnr}",
            expected="et foretak med nettsted i FNSP", page_url=row.page_url, resource="prosedyrer",
            item_id=row.procedure_id, reference=f"foretak={row.orgnr}", score=1.0)
    for row in inputs.study_codes.itertuples():
        yield Finding(
            "orphan_reference",
            f"Studien «{row.study_title}» har HRCS-verdien «{row.api_value}», som ikke finnes i HRCS-listen.",
            observed=f"{row.hrcs_dimension}: {row.api_value}", expected="en kode fra HRCS-listen",
            page_url=row.study_url, resource="kliniske-studier", item_id=row.study_id,
            reference=f"{row.hrcs_dimension}={row.api_value}", score=0.5)


def study_missing_hrcs(inputs: DqInputs, _: SectionAnalysis) -> Iterable[Finding]:
    for row in inputs.studies_without_hrcs.sort_values("study_id").itertuples():
        yield Finding(
            "study_missing_hrcs",
            f"Studien «{row.study_title}» har verken HRCS-helsekategori eller forskningsaktivitet: "
            f"den kommer ikke med når noen søker etter studier på fagområde.",
            observed="ingen HRCS-verdier", expected="minst én helsekategori og én forskningsaktivitet",
            page_url=row.study_url, resource="kliniske-studier", item_id=row.study_id, score=1.0)


def _short(text: str | None, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


CHECK_FUNCTIONS: dict[str, Callable[[DqInputs, SectionAnalysis], Iterable[Finding]]] = {
    "missing_local_page": missing_local_page,
    "missing_section": missing_section,
    "placeholder_text": placeholder_text,
    "missing_contact": missing_contact,
    "missing_attendance_place": missing_attendance_place,
    "divergent_fact": divergent_fact,
    "defers_to_letter": defers_to_letter,
    "divergent_text": divergent_text,
    "orphan_reference": orphan_reference,
    "study_missing_hrcs": study_missing_hrcs,
}


def run_checks(inputs: DqInputs) -> tuple[list[Finding], SectionAnalysis]:
    analysis = analyse_sections(inputs)
    findings = [finding for check in CHECK_FUNCTIONS.values() for finding in check(inputs, analysis)]
    return findings, analysis
