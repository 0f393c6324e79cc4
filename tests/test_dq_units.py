"""Pure functions of the data-quality layer (placeholders, similarity, findings), with
Norwegian phrasings written here by hand, independent of the sample generator's templates.
Instructions and their vote: tests/test_dq_instructions.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fnsp_pipeline.quality.checks import Finding
from fnsp_pipeline.quality.placeholders import placeholder_reason
from fnsp_pipeline.quality.report import safe_url
from fnsp_pipeline.quality.text_similarity import divergences, is_divergent, stems

# Real FNSP pages labelled by hand (a copy of ../shared/real-pages-dev, NLOD 2.0): tests of
# general rules, never sentences to special-case.
REAL_PAGES = Path(__file__).resolve().parent / "data" / "real-pages-dev"


@pytest.mark.parametrize("text", [
    "Tekst kommer.", "Under arbeid", "Her kommer det informasjon om forberedelsene.",
    "Informasjonen oppdateres og publiseres senere.", "TODO", "xxx", "[sett inn tekst]",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "Ring avdelingen.", "Se brev.", "-",
    "Innholdet er under revisjon.", "Seksjonen skal fylles ut av fagmiljøet.",
])
def test_placeholders_are_recognised_by_idea(text):
    assert placeholder_reason(text) is not None


@pytest.mark.parametrize("text", [
    "Svaret kommer i posten, vanligvis innen to uker etter undersøkelsen.",
    "Du ligger på en benk mens bildene tas. Det er viktig at du ligger stille.",
    "Informasjon om videre oppfølging får du før du går hjem fra sykehuset.",
    "",  # empty is a missing section, not a placeholder
])
def test_real_text_is_not_a_placeholder(text):
    assert placeholder_reason(text) is None


@pytest.mark.parametrize("text, marker", [
    ("Ring oss på XXX sett inn telefonnummer XXX dersom du får feber etter undersøkelsen, "
     "eller oppsøk legevakten om natten.", "XXX"),
    ("Du møter i ekspedisjonen i andre etasje. [Sett inn adresse her] Ta med deg "
     "legemiddellisten din og eventuelle bilder. Parkering finnes ved hovedinngangen.",
     "[Sett inn adresse her]"),
    ("Før undersøkelsen må du faste i seks timer. TODO: sjekk med avdelingen om dette stemmer "
     "for barn. Du kan drikke vann fram til to timer før du kommer til sykehuset.", "TODO"),
    ("Etter inngrepet blir du liggende på oppvåkningen en stund mens vi følger med deg. Lorem "
     "ipsum dolor sit amet. Du får reise hjem samme dag dersom alt går bra.", "Lorem ipsum"),
])
def test_a_marker_inside_real_text_is_a_placeholder(text, marker):
    reason = placeholder_reason(text)
    assert reason and reason.startswith("plassholder i teksten") and marker in reason


@pytest.mark.parametrize("text", [
    "Ta med deg en liste over medisinene du bruker (skriv gjerne ned navn og dose), og "
    "legitimasjon med bilde. Du må regne med at besøket tar en time.",
    "Les mer om XXL-størrelser av rullestoler hos hjelpemiddelsentralen, eller spør oss når du "
    "kommer til avdelingen for første gang.",
    "Henvisende lege: skriv inn dato for siste blodprøve og eGFR i henvisningen, slik at vi kan "
    "vurdere om du kan få kontrastmiddel.",
])
def test_ordinary_words_near_markers_are_not_placeholders(text):
    assert placeholder_reason(text) is None


def test_real_pages_have_no_marker_false_alarms():
    sections = [text for path in sorted(REAL_PAGES.glob("*.json"))
                for page in json.loads(path.read_text())["pages"]
                for text in page["sections"].values()]
    assert len(sections) > 100
    flagged = [text[:80] for text in sections
               if (placeholder_reason(text) or "").startswith("plassholder i teksten")]
    assert flagged == []


def test_thin_text_is_judged_against_the_other_foretak():
    text = "Du får beskjed av oss i forkant."
    assert placeholder_reason(text) is None
    assert placeholder_reason(text, peer_median_words=40) is not None


def test_similarity_ignores_local_names_numbers_and_phones():
    a = stems("Ring Radiologisk avdeling ved Haukeland på 55 97 00 00 hvis du har spørsmål.")
    b = stems("Ring Bildediagnostisk avdeling ved Ullevål på 22 11 80 80 hvis du har spørsmål.")
    assert a == b


def test_a_text_about_something_else_is_divergent_a_reworded_one_is_not():
    base = ["Du ligger på en benk mens bildene tas, og det er viktig å ligge helt stille.",
            "Personalet kan se og høre deg hele tiden gjennom et vindu.",
            "Undersøkelsen gjør ikke vondt, men maskinen lager høye lyder."]
    versions = {f"f{i}": stems(" ".join(base)) for i in range(6)}
    versions["reworded"] = stems("Du ligger stille på en benk mens bildene tas. Personalet kan se deg "
                                 "hele tiden. Maskinen lager høye lyder, men det gjør ikke vondt.")
    versions["foreign"] = stems("Jordmor følger med på deg og barnet hele forløpet. Du får tilbud om "
                                "smertelindring, og partneren din kan være med på fødestua.")
    flagged = {d.key for d in divergences(versions) if is_divergent(d)}
    assert flagged == {"foreign"}


def test_finding_ids_are_stable_and_distinct():
    a = Finding("divergent_fact", "x", "mr-av-hode", "983974910", "for", "solid_food")
    b = Finding("divergent_fact", "other words", "mr-av-hode", "983974910", "for", "solid_food")
    c = Finding("divergent_fact", "x", "mr-av-hode", "983974910", "for", "duration")
    assert a.finding_id == b.finding_id != c.finding_id


def test_only_web_links_are_kept():
    assert safe_url("https://helse-bergen.no/x") == "https://helse-bergen.no/x"
    assert safe_url("javascript:alert(1)") == "" and safe_url(None) == ""


def test_a_missing_contact_finding_says_what_it_rests_on():
    from types import SimpleNamespace

    from fnsp_pipeline.quality.checks import _second_look

    looked = SimpleNamespace(linked_pages_lookup="found", linked_pages_lookup_error=None)
    failed = SimpleNamespace(linked_pages_lookup="failed",
                             linked_pages_lookup_error="GET /sider?…: 503 Service Unavailable")
    off = SimpleNamespace(linked_pages_lookup="not_looked_up", linked_pages_lookup_error=None)
    assert _second_look(looked, "avdelingssiden") == ", og det har heller ikke avdelingssiden den lenker til."
    assert "kunne ikke hentes i natt (GET /sider?…: 503" in _second_look(failed, "avdelingssiden")
    assert "prøves igjen neste natt" in _second_look(failed, "avdelingssiden")
    assert "FNSP_LINKED_PAGES=off" in _second_look(off, "stedssiden")


def test_instruction_scoring_counts_misreadings_and_conditioned_readings_as_wrong():
    from fnsp_pipeline.quality import scoring
    pages = [{"procedure_id": "p", "orgnr": "1", "facts": {"solid_food": "6", "clear_liquids": "from_midnight"}},
             {"procedure_id": "p", "orgnr": "2", "facts": {"solid_food": "8"}}]
    nan = float("nan")
    read = [{"procedure_id": "p", "orgnr": "1", "instruction_key": "solid_food", "value": 6.0, "rule": None},
            {"procedure_id": "p", "orgnr": "1", "instruction_key": "clear_liquids", "value": nan,
             "rule": "from_midnight"},
            {"procedure_id": "p", "orgnr": "2", "instruction_key": "solid_food[other]", "value": 8.0, "rule": None},
            {"procedure_id": "p", "orgnr": "2", "instruction_key": "duration", "value": 30.0, "rule": None}]
    scores = scoring.score_instructions(read, pages)
    assert (scores["solid_food"].true_positives, scores["solid_food"].false_positives,
            scores["solid_food"].false_negatives) == (1, 1, 1)
    assert scores["clear_liquids"].recall == 1.0
    assert "duration" not in scores  # a kind the truth never states is not scored
    assert scores["all kinds"].true_positives == 2


def test_instruction_scoring_knows_age_groups():
    from fnsp_pipeline.quality import scoring
    pages = [{"procedure_id": "p", "orgnr": "1", "facts": {"solid_food[adults]": "6", "solid_food[children]": "4"}}]
    read = [{"procedure_id": "p", "orgnr": "1", "instruction_key": "solid_food[adults]", "value": 6.0, "rule": None},
            {"procedure_id": "p", "orgnr": "1", "instruction_key": "solid_food", "value": 4.0, "rule": None}]
    scores = scoring.score_instructions(read, pages)
    # the adults' value under its group is right; the children's read for everyone is wrong and missed
    assert (scores["solid_food"].true_positives, scores["solid_food"].false_positives,
            scores["solid_food"].false_negatives) == (1, 1, 1)
