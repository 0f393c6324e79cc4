"""Pure functions of the data-quality layer, with Norwegian phrasings written here by hand
(numerals and number words), independent of the sample generator's templates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fnsp_pipeline.quality.checks import Finding
from fnsp_pipeline.quality.facts import extract_facts, format_value, word_number
from fnsp_pipeline.quality.placeholders import placeholder_reason
from fnsp_pipeline.quality.report import safe_url
from fnsp_pipeline.quality.text_similarity import divergences, is_divergent, stems

# Real FNSP pages labelled by hand (a copy of ../shared/real-pages-dev, NLOD 2.0): tests of
# general rules, never sentences to special-case.
REAL_PAGES = Path(__file__).resolve().parent / "data" / "real-pages-dev"


def facts(text: str) -> dict[str, float]:
    return {f.fact: f.value for f in extract_facts(text)}


@pytest.mark.parametrize("text, expected", [
    ("Du må faste i 6 timer før undersøkelsen.", {"fasting_food_hours": 6}),
    ("Ikke spis noe de siste åtte timene før du kommer.", {"fasting_food_hours": 8}),
    ("Du skal være fastende 4 t før inngrepet.", {"fasting_food_hours": 4}),
    ("Siste måltid bør du spise senest tolv timer før operasjonen.", {"fasting_food_hours": 12}),
    ("Du må ikke spise eller drikke de siste seks timene.",
     {"fasting_food_hours": 6, "fasting_drink_hours": 6}),
    ("Du kan spise inntil 6 timer før, men drikke vann fram til to timer før timen.",
     {"fasting_food_hours": 6, "fasting_drink_hours": 2}),
    ("Ikke drikk noe den siste timen før undersøkelsen.", {"fasting_drink_hours": 1}),
    ("Klar væske er lov inntil halvannen time før.", {"fasting_drink_hours": 1.5}),
    ("Stopp blodfortynnende 3 døgn før operasjonen.", {"blood_thinner_stop_days": 3}),
    ("Bruker du Marevan? Den må du slutte med fem dager før inngrepet.", {"blood_thinner_stop_days": 5}),
    ("Blodfortynnende medisiner skal settes på pause én uke i forkant.", {"blood_thinner_stop_days": 7}),
    ("Hvis du bruker blodfortynnende, må du stoppe to døgn før.", {"blood_thinner_stop_days": 2}),
    ("Møt 30 min før avtalt tid.", {"arrive_early_minutes": 30}),
    ("Vi ber deg komme en halv time før timen din.", {"arrive_early_minutes": 30}),
    ("Du bør være på plass et kvarter før avtalt time.", {"arrive_early_minutes": 15}),
    ("Kom til St. Olavs hospital senest tre kvarter før timen.", {"arrive_early_minutes": 45}),
    ("Møt opp en time før.", {"arrive_early_minutes": 60}),
    ("Undersøkelsen tar omtrent førtifem minutter.", {"duration_minutes": 45}),
    ("Selve behandlingen varer vanligvis i ca. 2 timer.", {"duration_minutes": 120}),
    ("Regn med at det hele tar en og en halv time.", {"duration_minutes": 90}),
    ("Beregn cirka 20 min for selve undersøkelsen.", {"duration_minutes": 20}),
])
def test_facts_from_norwegian_phrasings(text, expected):
    assert facts(text) == expected


@pytest.mark.parametrize("text", [
    "Ta dine faste medisiner som vanlig.",  # "faste" = regular, no quantity
    "Du får en time hos legen etter to uker.",  # an appointment, not a fact
    "Du kan begynne med blodfortynnende igjen to dager etter inngrepet.",  # after, not before
    "Unngå tunge løft de første dagene.",
    "Du får svar innen to uker.",
    "",
])
def test_sentences_without_preparation_facts(text):
    assert facts(text) == {}


@pytest.mark.parametrize("text, expected", [
    # cancellation, notice and billing deadlines are not fasting or arrival times, also right
    # after a fasting sentence whose cues would otherwise carry over
    ("Du må ikke spise eller drikke. Timer som ikke er avbestilt senest 24 timer før, blir "
     "fakturert.", {}),
    ("Dersom du ikke kan møte, må du gi beskjed senest 48 timer før timen.", {}),
    ("Ikke spis de siste 6 timene. Uteblir du uten å melde forfall senest 24 timer før, må du "
     "betale et gebyr på 350 kroner.", {"fasting_food_hours": 6.0}),
    ("Møt 15 minutter før avtalt tid. Avbestilling må skje senest 24 timer før timen.",
     {"arrive_early_minutes": 15.0}),
    ("Bruker du blodfortynnende, ta kontakt med legen din senest en uke før.", {}),
    ("Ventetiden er omtrent 3 timer før du får svar.", {}),
    ("Svar på prøven tar vanligvis 2 timer.", {}),
    ("Telefontid 08.00–15.00. Ring oss senest 3 dager før dersom du ikke kan komme.", {}),
    # an instruction beside an administrative clause is still read
    ("Møt 15 minutter før, og gi beskjed i resepsjonen når du kommer.",
     {"arrive_early_minutes": 15.0}),
])
def test_administrative_deadlines_are_never_preparation_facts(text, expected):
    assert facts(text) == expected


def test_real_pages_non_facts_are_not_read_as_facts_in_their_page():
    """../shared/real-pages-dev labels numbers near preparation text that are not
    preparation facts; none may come out of its page (read whole, with its context)."""
    pages = [page for path in sorted(REAL_PAGES.glob("*.json"))
             for page in json.loads(path.read_text())["pages"]]
    non_facts = [(page, item["evidence"]) for page in pages for item in page["non_facts"]]
    assert len(non_facts) >= 40
    read = [(page["page_id"], evidence, fact.fact) for page, evidence in non_facts
            for fact in extract_facts(page["excerpt_raw"])
            if evidence in fact.sentence or fact.sentence in evidence]
    assert read == []


def test_number_words():
    assert [word_number(w) for w in ("seks", "tolv", "tjue", "førtifem", "tjueen", "halvannen", "syv", "12", "1,5")] \
        == [6, 12, 20, 45, 21, 1.5, 7, 12, 1.5]
    assert word_number("hus") is None
    assert format_value("fasting_food_hours", 1.5) == "1,5 timer"
    assert format_value("arrive_early_minutes", 30) == "30 minutter"


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
    a = Finding("divergent_fact", "x", "mr-av-hode", "983974910", "for", "fasting_food_hours")
    b = Finding("divergent_fact", "other words", "mr-av-hode", "983974910", "for", "fasting_food_hours")
    c = Finding("divergent_fact", "x", "mr-av-hode", "983974910", "for", "duration_minutes")
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
