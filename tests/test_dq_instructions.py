"""Typed preparation instructions: reading them from Norwegian text, recognising numbers
that are not instructions, and the vote that finds who diverges. Phrasings are written here
by hand (bokmål and nynorsk, numerals and number words), independent of the sample
generator's templates; the real FNSP pages (tests/data/real-pages-dev) are the acceptance
set, measured by `fnsp_pipeline.quality.real_pages`."""

from __future__ import annotations

from pathlib import Path

import pytest

from fnsp_pipeline.quality import divergence, real_pages
from fnsp_pipeline.quality.checks import run_checks
from fnsp_pipeline.quality.instructions import extract_instructions, format_value
from fnsp_pipeline.quality.quantities import word_number

REAL_PAGES = Path(__file__).resolve().parent / "data" / "real-pages-dev"


def read(text: str) -> dict[str, float | str]:
    """kind key -> value or rule, for every instruction in the text."""
    return {i.key: i.value if i.value is not None else i.rule for i in extract_instructions(text)}


@pytest.mark.parametrize("text, expected", [
    ("Du må faste i 6 timer før undersøkelsen.", {"solid_food": 6}),
    ("Ikke spis noe de siste åtte timene før du kommer.", {"solid_food": 8}),
    ("Du skal være fastende 4 t før inngrepet.", {"solid_food": 4}),
    ("Siste måltid bør du spise senest tolv timer før operasjonen.", {"solid_food": 12}),
    ("Du må ikke spise eller drikke de siste seks timene.", {"solid_food": 6, "clear_liquids": 6}),
    ("Du kan spise inntil 6 timer før, men drikke vann fram til to timer før timen.",
     {"solid_food": 6, "clear_liquids": 2}),
    ("Ikke drikk noe den siste timen før undersøkelsen.", {"clear_liquids": 1}),
    ("Klar væske er lov inntil halvannen time før.", {"clear_liquids": 1.5}),
    ("Du skal ikkje ete dei siste seks timane før operasjonen.", {"solid_food": 6}),
    ("Møt 30 min før avtalt tid.", {"arrive_early": 30}),
    ("Vi ber deg komme en halv time før timen din.", {"arrive_early": 30}),
    ("Du bør være på plass et kvarter før avtalt time.", {"arrive_early": 15}),
    ("Kom til St. Olavs hospital senest tre kvarter før timen.", {"arrive_early": 45}),
    ("Undersøkelsen tar omtrent førtifem minutter.", {"duration": 45}),
    ("Selve behandlingen varer vanligvis i ca. 2 timer.", {"duration": 120}),
    ("Regn med at det hele tar en og en halv time.", {"duration": 90}),
    ("Røyk og snus er ikke tillatt de siste 6 timene før operasjonen.", {"smoking": 6}),
    ("Du kan ta medisinene dine med litt vann inntil en time før.", {"meds_with_water": 1}),
    ("Barnet skal ikke drikke melk de siste seks timene før fremmøte.", {"milk_dairy": 6}),
    ("Du kan ikke kjøre bil de første 24 timene etter at du har fått beroligende.", {"no_driving": 24}),
    ("INR-verdien må være under 1,8 på operasjonsdagen.", {"inr_limit": 1.8}),
])
def test_values_in_their_units(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Du skal faste fra midnatt.", {"solid_food": "from_midnight"}),
    ("Ikke spis etter kl. 22 kvelden før.", {"solid_food": "from_time 22:00"}),
    ("Du må ikke spise eller drikke etter klokka 24.", {"solid_food": "from_midnight",
                                                        "clear_liquids": "from_midnight"}),
    ("Du kan drikke klare væsker fram til kl. 06.00 samme morgen.", {"clear_liquids": "from_time 06:00"}),
    ("Du får beskjed om faste i innkallingsbrevet.", {"solid_food": "follow_letter"}),
    ("Om blodfortynnende medisin: se innkallingsbrevet.", {"blood_thinner:unspecified": "follow_letter"}),
    ("Du trenger ikke å faste før undersøkelsen.", {"solid_food": "none"}),
    # one sentence, a list of things and one rule for all of them
    ("Du må ikke spise, drikke, røyke eller snuse fra midnatt.",
     {"solid_food": "from_midnight", "clear_liquids": "from_midnight", "smoking": "from_midnight"}),
])
def test_rules(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Marevan må du slutte med fem dager før inngrepet.", {"blood_thinner:warfarin": 5}),
    ("Bruker du Eliquis eller Xarelto, skal du ta siste dose to døgn før.", {"blood_thinner:doac": 2}),
    ("Albyl-E kan du fortsette med som vanlig.", {"blood_thinner:platelet": "continue"}),
    ("Bruker du Plavix etter innsetting av stent, skal denne ikke stoppes.",
     {"blood_thinner:platelet": "continue"}),
    ("Siste sprøyte med Fragmin tar du 24 timer før operasjonen.", {"blood_thinner:heparin": 1}),
    ("Stopp blodfortynnende 3 døgn før operasjonen.", {"blood_thinner:unspecified": 3}),
    ("Blodfortynnende medisiner skal settes på pause én uke i forkant.", {"blood_thinner:unspecified": 7}),
    ("Bruker du blodfortynnende, må du avklare med legen din når du skal stoppe.",
     {"blood_thinner:unspecified": "individual"}),
    # the drug group named in the sentence before
    ("Bruker du dabigatran eller apixaban? Disse må avsluttes minst tre dager før behandlingen.",
     {"blood_thinner:doac": 3}),
])
def test_blood_thinners_per_drug_group(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the frame opens the sentence (or a list item) and the number comes later
    ("Før operasjonen skal du ikke spise noe på 6 timer.", {"solid_food": 6}),
    ("- Før gastroskopien må du være uten mat i seks timer.", {"solid_food": 6}),
    ("Etter sedasjonen må bilen stå i 12 timer.", {"no_driving": 12}),
    ("Etter at du har fått roande medisin, skal du ikkje køyre bil i 24 timar.", {"no_driving": 24}),
    ("Bilkjøring er ikke tillatt de første 12 timene etter beroligende.", {"no_driving": 12}),
    # "before" a few words on, or said as what is left or since the last time
    ("Ta pause på 3 døgn med blodfortynnende medisiner før inngrepet.", {"blood_thinner:unspecified": 3}),
    ("Du kan drikke vann til det er to timer igjen til timen.", {"clear_liquids": 2}),
    ("Det må ha gått minst 6 timer fra du spiste sist.", {"solid_food": 6}),
    ("Du skal være røykfri i et døgn før operasjonen.", {"smoking": 24}),
    # nynorsk number words
    ("Kom eit kvarter før avtalt tid.", {"arrive_early": 15}),
    ("Du må slutte med Marevan éin dag før.", {"blood_thinner:warfarin": 1}),
    ("Møt halvannan time før operasjonen.", {"arrive_early": 90}),
    # how long it takes, said in other words
    ("Sett av omtrent en time til selve behandlingen.", {"duration": 60}),
    ("Skopien er vanligvis ferdig etter 20 minutter.", {"duration": 20}),
    ("Sjølve undersøkinga tek om lag tretti minutt.", {"duration": 30}),
    # allergy medicines paused before an allergy test
    ("Ikke ta allergitabletter som Aerius eller Zyrtec de siste 5 dagene før prikktesten.", {"antihistamine": 120}),
    # a place name is no phone call: "Ringerike" does not make the clause administrative
    ("Vær på Ringerike sykehus 15 minutter før timen.", {"arrive_early": 15}),
])
def test_frames_and_wordings(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Når du må slutte å drikke, går fram av innkallingen.", {"clear_liquids": "follow_letter"}),
    ("Innkallingsbrevet forteller hvordan du skal gjøre det med Marevan.", {"blood_thinner:warfarin": "follow_letter"}),
    ("I timebrevet står det hvor lenge du må faste.", {"solid_food": "follow_letter"}),
    ("Du skal ikke stoppe med Albyl-E før undersøkelsen.", {"blood_thinner:platelet": "continue"}),
    ("Spis det siste måltidet før midnatt.", {"solid_food": "from_midnight"}),
    ("Siste matbit tar du senest kl. 23 kvelden før.", {"solid_food": "from_time 23:00"}),
])
def test_rules_in_other_words(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Må du flytte timen, gir du oss beskjed senest 24 timer før.", {}),  # an administrative frame
    ("Skjemaet tar rundt 10 minutter å fylle ut.", {}),  # how long something else takes
    ("Du blir liggende til observasjon i ca. 2 timer.", {}),
    ("Vi anbefaler at du slutter å røyke 6 uker før operasjonen.", {}),  # quitting, not the pre-op rule
    ("Kom et kvarter før klokkeslettet i innkallingen.", {"arrive_early": 15}),  # "et" is no "eat"
])
def test_numbers_that_are_not_these_instructions(text, expected):
    assert read(text) == expected


def test_conditions_and_reference_points_are_kept():
    [item] = extract_instructions("Hvis du skal ha narkose, må du faste i 6 timer før oppmøte.")
    assert (item.key, item.value, item.conditions, item.reference) == \
        ("solid_food[general_anaesthesia]", 6, ("general_anaesthesia",), "arrival")
    [item] = extract_instructions("Dersom du får beroligende, skal du ikke spise de siste 4 timene før "
                                  "undersøkelsen.")
    assert (item.key, item.reference) == ("solid_food[sedation]", "procedure")
    # "Hvis du bruker Marevan" says which drug, not a condition of the instruction
    [item] = extract_instructions("Hvis du bruker Marevan, må du slutte fem dager før.")
    assert item.key == "blood_thinner:warfarin"
    # a frame the model does not know is kept apart: compared with nothing
    [item] = extract_instructions("Hvis timen din er etter kl. 12, kan du spise en lett frokost før kl. 07.")
    assert item.key == "solid_food[other]"


@pytest.mark.parametrize("text, expected", [
    ("Før operasjonen må du være uten mat i 6 timer.", "procedure"),  # the point opens the sentence
    ("Du kan drikke vann til det er 2 timer igjen til undersøkelsen.", "procedure"),
    ("Det skal gå minst 6 timer fra du spiste sist, til operasjonen starter.", "procedure"),
    ("Slutt å spise 6 timer før du skal møte på sykehuset.", "arrival"),
    ("Ikke spis de siste 6 timene før du kommer.", "arrival"),
    ("Du må ikke spise de siste 6 timene.", None),  # says no point: unknown, not different
])
def test_the_point_a_time_counts_from(text, expected):
    [item] = extract_instructions(text)
    assert item.reference == expected


@pytest.mark.parametrize("text, expected", [
    # the subject of each clause says whom the instruction is for
    ("Voksne må slutte med allergimedisiner 5 dager før testen, mens barn skal slutte 2 dager før.",
     {"antihistamine[adults]": 120, "antihistamine[children]": 48}),
    ("Vaksne skal ikkje ete dei siste 6 timane før undersøkinga, og born skal ikkje ete dei siste 4 timane.",
     {"solid_food[adults]": 6, "solid_food[children]": 4}),
    ("Barn under 12 år skal faste i 4 timer før undersøkelsen.", {"solid_food[children]": 4}),
    # the subject after the verb, behind a fronted phrase; nynorsk "medan"
    ("Før operasjonen må voksne faste i 6 timer, mens barn kan spise inntil 4 timer før.",
     {"solid_food[adults]": 6, "solid_food[children]": 4}),
    ("Vaksne kan drikke vatn fram til 2 timar før, medan born kan drikke fram til 1 time før.",
     {"clear_liquids[adults]": 2, "clear_liquids[children]": 1}),
    ("Du må faste i 6 timer før operasjonen, men barn kan spise inntil 4 timer før.",
     {"solid_food": 6, "solid_food[children]": 4}),
    # both groups, or an age group that is not the subject: for everyone
    ("Voksne og barn skal faste 6 timer før.", {"solid_food": 6}),
    ("Du må faste i 6 timer, og du kan ha med barn i venterommet.", {"solid_food": 6}),
    ("Barn under 12 år må ha med en voksen.", {}),
])
def test_age_groups_from_the_subject(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text", [
    # cancellation, notice and billing deadlines
    "Timer som ikke er avbestilt senest 24 timer før, blir fakturert.",
    "Dersom du ikke kan møte, må du gi beskjed senest 48 timer før timen.",
    "Uteblir du uten å melde forfall senest 24 timer før, må du betale et gebyr på 350 kroner.",
    "Avbestilling må skje senest 24 timer før timen.",
    "Om du ikkje kan møte, må du gi beskjed seinast to døgn før.",
    # waiting, answers, results, opening hours
    "Ventetiden er omtrent 3 timer før du får svar.",
    "Svar på prøven tar vanligvis 2 timer.",
    "Du får svar innen to uker.",
    "Telefontid 08.00–15.00. Ring oss senest 3 dager før dersom du ikke kan komme.",
    "Kafeen i første etasje er åpen fra kl. 08 til 16 og selger mat og drikke.",
    # ages, phone numbers, doses, floors: numbers without a time unit
    "Barn under 12 år må ha med en voksen.",
    "Ring 73 86 40 00 hvis du har spørsmål om maten på avdelingen.",
    "Du får 1 g paracetamol og 400 mg ibuprofen.",
    "Poliklinikken ligger i 4. etasje.",
    # after, not before; recovery, not preparation
    "Du kan begynne med blodfortynnende igjen to dager etter inngrepet.",
    "Unngå tunge løft de første dagene.",
    "Du får en time hos legen etter to uker.",
    "Ta dine faste medisiner som vanlig.",  # "faste" = regular, not fasting
    # other rules with drink words: caffeine, infant feeding, drinking plenty afterwards
    "Ikke drikk koffeinholdig drikke etter kl. 18.",
    "Morsmelk kan gis inntil 3 timer før fremmøte.",
    "Drikk godt de første timene etter undersøkelsen.",
    "",
])
def test_numbers_that_are_not_instructions(text):
    assert read(text) == {}


def test_an_instruction_beside_an_administrative_clause_is_still_read():
    assert read("Møt 15 minutter før, og gi beskjed i resepsjonen når du kommer.") == {"arrive_early": 15}
    assert read("Ikke spis de siste 6 timene. Uteblir du uten å melde forfall senest 24 timer før, "
                "må du betale et gebyr.") == {"solid_food": 6}


def test_number_words_and_display():
    assert [word_number(w) for w in ("seks", "tolv", "tjue", "førtifem", "tjueen", "halvannen", "syv", "12", "1,5")] \
        == [6, 12, 20, 45, 21, 1.5, 7, 12, 1.5]
    assert word_number("hus") is None
    assert format_value("solid_food", 1.5) == "1,5 timer"
    assert format_value("arrive_early", 30) == "30 minutter"
    assert format_value("blood_thinner:warfarin", 1) == "1 dag"
    [midnight] = extract_instructions("Du skal faste fra midnatt.")
    assert midnight.display == "fra midnatt"


# -- the vote --------------------------------------------------------------------------------

def sides(pages: dict[str, set[str]]) -> dict[str, tuple[bool, bool]]:
    """orgnr -> (is a consensus finding, is strong) for every divergent side."""
    return {s.orgnr: (s.is_consensus, s.is_strong)
            for s in divergence.divergent_sides({o: frozenset(v) for o, v in pages.items()})}


def test_a_clear_majority_finds_the_one_that_differs():
    assert sides({"a": {"6"}, "b": {"6"}, "c": {"6"}, "d": {"6"}, "e": {"2"}}) == {"e": (True, True)}
    # "6 timer" and "seks timer" are one statement; a page may say two things
    assert sides({"a": {"6"}, "b": {"6", "from_midnight"}, "c": {"6"}, "d": {"6"}}) == {}


def test_a_rule_and_a_number_disagree():
    assert sides({"a": {"6"}, "b": {"6"}, "c": {"6"}, "d": {"from_midnight"}}) == {"d": (True, True)}


def test_two_foretak_that_disagree_are_both_sides():
    assert sides({"a": {"6"}, "b": {"from_midnight"}}) == {"a": (False, False), "b": (False, False)}
    assert sides({"a": {"6"}, "b": {"6"}}) == {}


def test_without_a_majority_every_side_is_named_and_a_small_majority_is_a_warning():
    assert sides({"a": {"6"}, "b": {"6"}, "c": {"8"}, "d": {"8"}}) == {o: (False, False) for o in "abcd"}
    assert sides({"a": {"6"}, "b": {"6"}, "c": {"8"}}) == {"c": (True, False)}


def _findings(texts: dict[str, str]):
    """The checks on one procedure whose pages (one per foretak) hold these 'Før' texts."""
    doc = {"file": "p", "procedure": "Prosedyre", "divergences": [],
           "pages": [{"page_id": o, "url": f"https://x/{o}", "trust": o, "health_region": None,
                      "sections": {"before": t}} for o, t in texts.items()]}
    findings, _ = run_checks(real_pages.inputs_for(doc))
    return {(f.orgnr, f.fact, f.severity) for f in findings if f.check_name == "divergent_fact"}


def test_the_same_value_counted_from_another_point_diverges():
    found = _findings({"a": "Du må faste i 6 timer før undersøkelsen.",
                       "b": "Du skal faste minst seks timer før oppmøte."})
    assert found == {("a", "solid_food", "warn"), ("b", "solid_food", "warn")}
    # a page that names no point differs from none
    assert _findings({"a": "Du må faste i 6 timer før undersøkelsen.", "b": "Du må faste i 6 timer."}) == set()
    # with a clear majority only the one that counts from elsewhere
    found = _findings({"a": "Du må faste i 6 timer før undersøkelsen.", "b": "Ikke spis de siste 6 timene før "
                       "undersøkelsen.", "c": "Du må faste i 6 timer før oppmøte."})
    assert found == {("c", "solid_food", "warn")}


def test_an_age_group_is_compared_with_what_other_pages_say_for_everyone():
    adults = "Voksne skal ikke ta allergimedisiner de siste 7 dagene før testen, og barn skal stoppe 3 dager før."
    found = _findings({"a": adults, "b": "Du må ikke bruke allergimedisiner de siste 72 timene før testen."})
    assert found == {("a", "antihistamine[adults]", "warn"), ("b", "antihistamine[adults]", "warn")}
    # 7 days for everyone agrees with the adults' rule and differs from the children's
    assert _findings({"a": adults, "b": "Du må ikke bruke allergimedisiner de siste 7 dagene før testen."}) == \
        {("a", "antihistamine[children]", "warn"), ("b", "antihistamine[children]", "warn")}
    # where the procedure's pages give other conditions for the kind, an unconditioned one is not for everyone
    assert _findings({"a": "Voksne skal faste 6 timer før undersøkelsen, og barn skal faste 4 timer før.",
                      "b": "Du skal faste 4 timer før undersøkelsen.",
                      "c": "Hvis du får beroligende, må du faste 8 timer før undersøkelsen."}) == set()


def test_deferring_to_the_letter():
    concrete = {"a": frozenset({"6"}), "b": frozenset({"6"}), "c": frozenset(), "d": frozenset({"6"})}
    assert set(divergence.deferring_pages(concrete, {"c", "d"})) == {"c"}  # d states it too
    assert divergence.deferring_pages({"c": frozenset()}, {"c"}) == {}  # nobody else is concrete


# -- real pages ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def labelled():
    return real_pages.load(REAL_PAGES)


def test_real_pages_instruction_precision_and_recall(labelled):
    scores, _ = real_pages.score_instructions(labelled)
    tp = sum(s.true_positives for s in scores.values())
    fp = sum(s.false_positives for s in scores.values())
    fn = sum(s.false_negatives for s in scores.values())
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.88, real_pages.format_report(labelled)
    for kind in ("solid_food", "clear_liquids", "blood_thinner", "duration"):
        assert scores[kind].recall >= 0.9 and scores[kind].precision >= 0.9, (kind, scores[kind].errors)


def test_real_pages_non_facts_are_never_read(labelled):
    read = [(page["page_id"], nf["evidence"], item.key) for doc in labelled for page in doc["pages"]
            for nf in page["non_facts"] for item, _ in real_pages.page_instructions(page)
            if real_pages._overlaps(item.sentence, nf["evidence"])]
    assert read == []


def test_real_pages_checks_raise_no_false_alarm_and_find_the_typed_divergences(labelled):
    result = real_pages.score_checks(labelled)
    assert result.false_alarms == []
    for found in ("proteseoperasjon: clear_liquids_until_hours_before (betanien-kneprotese, sof-faste-protese)",
                  "pet-ct: fasting_food_hours (felles-petct, stolav-pet)",  # same hours, another point
                  "allergitest-prikktest: other:antihistamine_stop_hours (hb-prikktest, sus-prikktest, "
                  "hmr-prikktest-barn)"):  # adults' rule against one for everyone
        assert found in result.found
    assert len(result.found) >= 6


def test_checks_run_on_a_real_procedure_as_a_warehouse(labelled):
    [doc] = [d for d in labelled if d["file"] == "proteseoperasjon"]
    findings, analysis = run_checks(real_pages.inputs_for(doc))
    divergent = {(f.orgnr, f.fact, f.severity) for f in findings if f.check_name == "divergent_fact"}
    # two foretak that disagree: both sides, each a warning that names the other
    assert ("betanien-kneprotese", "clear_liquids", "warn") in divergent
    assert ("sof-faste-protese", "clear_liquids", "warn") in divergent
    assert analysis.instructions[("proteseoperasjon", "sof-faste-protese")]


def test_keep_warm_period_is_read_and_compared():
    from fnsp_pipeline.quality.instructions import extract_instructions
    same_day = [i for i in extract_instructions("Det er viktig å holde seg varm og ikke fryse samme dag som undersøkelsen.")
                if i.kind == "keep_warm"]
    day_before = [i for i in extract_instructions("Du må holde deg varm og ikke fryse de siste 24 timene før undersøkelsen.")
                  if i.kind == "keep_warm"]
    assert [i.stance for i in same_day] == ["same_day"]
    assert [i.stance for i in day_before] == ["24"]
    assert not [i for i in extract_instructions("Ta med varme klær til barnet.") if i.kind == "keep_warm"]
