"""Preparation instructions read from Norwegian patient text, as typed records.

An instruction has a kind (what it is about: solid food, clear liquids, a blood thinner of a
drug group, arriving early, ...), and either a value in the kind's unit ("6 timer", "seks
timer" and "de siste 6 timene" are all 6 hours) or a rule ("fra midnatt", "etter kl. 22",
"følg innkallingsbrevet", "fortsett som vanlig", "avtales med legen"). It keeps the
conditions it is stated under (sedation, general anaesthesia, diabetes, children), the point
it counts from where the text says (arrival or the procedure itself), and its sentence.

What is *not* an instruction is recognised as such before anything is read: a clause about
cancelling, giving notice, missing the appointment and paying for it, waiting times, answers
and results, or opening hours is about the appointment's administration; its "24 timer før"
is a deadline, never a fasting time. A number without a time unit (a phone number, an age, a
dose, a floor) is never a value.

    >>> [(i.kind, i.value, i.rule) for i in extract_instructions(
    ...     "Du må ikke spise de siste seks timene. Klare væsker kan du drikke fram til midnatt.")]
    [('solid_food', 6.0, None), ('clear_liquids', None, 'from_midnight')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from fnsp_pipeline.quality.quantities import (Quantity, find_quantities, sentences, tokens)


@dataclass(frozen=True)
class Kind:
    unit: str | None  # the value's unit ("timer", "dager", "minutter", "" for a plain number); None: rules only
    label_nb: str
    compared: bool  # voted on across foretak (the others are shown, not compared: see COMPARED)


KINDS: dict[str, Kind] = {
    "solid_food": Kind("timer", "mat (faste)", True),
    "clear_liquids": Kind("timer", "drikke, klare væsker", True),
    "milk_dairy": Kind("timer", "melk og melkeprodukter", True),
    "meds_with_water": Kind("timer", "medisiner med litt vann", True),
    "smoking": Kind("timer", "røyk, snus og tyggegummi", True),
    "blood_thinner:warfarin": Kind("dager", "blodfortynnende: warfarin (Marevan)", True),
    "blood_thinner:doac": Kind("dager", "blodfortynnende: DOAK (Eliquis, Xarelto, Pradaxa, Lixiana)", True),
    "blood_thinner:platelet": Kind("dager", "blodplatehemmende (Albyl-E, Plavix, Brilique, Efient)", True),
    "blood_thinner:heparin": Kind("dager", "blodfortynnende sprøyter (Fragmin, Klexane)", True),
    "blood_thinner:unspecified": Kind("dager", "blodfortynnende (uten legemiddelgruppe)", True),
    "antihistamine": Kind("timer", "allergimedisiner (antihistaminer) før allergitest", True),
    "inr_limit": Kind("", "INR-grense", True),
    "bowel_prep": Kind(None, "tarmtømming", False),
    "contrast_kidney": Kind(None, "kontrastmiddel og nyrefunksjon", False),
    "diabetes_medication": Kind(None, "diabetesmedisiner", False),
    "arrive_early": Kind("minutter", "møte før avtalt tid", True),
    "duration": Kind("minutter", "varighet", True),
    "no_driving": Kind("timer", "ikke kjøre bil etter beroligende", True),
    "keep_warm": Kind("timer", "holde seg varm før undersøkelsen", True),
}
# bowel_prep, contrast_kidney and diabetes_medication are conditional prose ("in some cases",
# "depends on the tablet"): they are read and shown side by side, but one rule value cannot
# say whether two pages disagree, so they are not voted on.
RULE_NB = {"from_midnight": "fra midnatt", "follow_letter": "følg innkallingsbrevet",
           "continue": "fortsett som vanlig", "individual": "avtales med lege", "none": "ingen faste",
           "stated": "omtalt", "skip_on_the_day": "ikke på dagen", "after_sedation": "ikke etter beroligende",
           "same_day": "samme dag"}
CONCRETE_RULES = ("from_midnight", "from_time", "continue", "none", "same_day")  # rules that can disagree
CONDITION_NB = {"sedation": "ved beroligende", "general_anaesthesia": "ved narkose",
                "local_anaesthesia": "ved lokalbedøvelse", "diabetes": "ved diabetes",
                "children": "for barn", "adults": "for voksne", "other": "på vilkår"}
REFERENCE_NB = {"arrival": "før oppmøte", "procedure": "før inngrepet"}

FOOD, DRINK, MILK, SMOKING, MEDS_WATER = "solid_food", "clear_liquids", "milk_dairy", "smoking", "meds_with_water"
INTAKE = (FOOD, DRINK, MILK, SMOKING, MEDS_WATER)
DRUG_GROUPS = {
    "warfarin": re.compile(r"marevan|warfarin"),
    "doac": re.compile(r"eliquis|xarelto|pradaxa|lixiana|apixaban|rivaroksaban|rivaroxaban|dabigatran|"
                       r"edoksaban|edoxaban|\bdoak\b|\bnoak\b"),
    "platelet": re.compile(r"albyl|acetylsalisyl|\basa\b|plavix|klopidogrel|clopidogrel|brilique|tikagrelor|"
                           r"ticagrelor|efient|prasugrel|asasantin|persantin|dipyridamol|blodplatehemm"),
    "heparin": re.compile(r"fragmin|klexane|dalteparin|enoksaparin|enoxaparin|heparin|innohep|tinzaparin"),
    "unspecified": re.compile(r"blodfortynn|antikoagul|blodproppforebygg|blodtynn"),
}
CUES = {
    FOOD: re.compile(r"\bspis|\bspise|\bspist|\beta\b|\bete\b|\bmat\b|\bmaten\b|\bmatbit|måltid|"
                     r"\bfast(e|er|ar|ende|ande|ing)\b(?! medisin)|\bfrokost|\bmiddag|\btom mage|"
                     r"\bmagen (må )?være tom|\bnæring"),
    DRINK: re.compile(r"\bdrikk|\bdrukket|\bdrukke|væske|\bvann\b|\bvatn\b|\bkaffe|\bkaffi\b|\bte\b|\bjuice|"
                      r"\bsaft\b|\bbrus\b"),
    MILK: re.compile(r"\bmelk|\bmjølk|\bmeieri|\bfløte"),
    SMOKING: re.compile(r"\brøyk|\brøyke|\brøykje|\brøke\b|\bsnus|\btyggegummi|\btyggis|\btyggjegummi|"
                        r"\bpastill|\bdrops\b|\bnikotin"),
    MEDS_WATER: re.compile(r"(medisin\w*|tablett\w*|legemid\w*)\b([^.]|\.(?=\d)|(?<=kl)\.){0,50}\bmed (litt|et lite|eit lite|et halvt|"
                           r"eit halvt|en slurk|ein slurk|et glass|eit glas)\w* ?(glass|glas)? ?(vann|vatn)"),
    "arrive": re.compile(r"\bmøt\b|\bmøte\b|\bmøter\b|\bmøtes\b|\boppmøte\b|\boppmøtet\b|\bfram(møte|møt)\w*|"
                         r"\bfrem(møte|møt)\w*|\bkom\b|\bkomme\b|\bkjem\b|\bankom|\bpå plass\b|\bvære her\b|"
                         r"\b(vær|være|ver|vere) (på|ved|til stede)\b|"
                         r"\bmeld\w* deg|\binnfinn"),
    "duration": re.compile(r"\btar\b|\btek\b|\bta (mer enn|minst|omtrent|ca|cirka|rundt|om lag|kring)\b|\bvarer\b|"
                           r"\bvarar\b|\bvarighet|\bberegn|\bregn\b|\bregne\b|\bpågår|\btidsbruk|\bholder på|"
                           r"\bgjennomføre|\bsett\w* av\b|\bferdig\b|\bunnagjort\b"),
    "driving": re.compile(r"kjøre\w*|køyre\w*|kjøring|køyring|\bbil\b|bilen|\brattet\b|\bhent\w*|ledsag\w*|"
                          r"følge hjem|følgje heim"),
}
# Allergy medicines paused before allergy tests (prick test, provocation), by name or group.
ANTIHISTAMINE = re.compile(r"antihistamin|allergimedisin|allergitablett|allergitablettar|aerius|desloratadin|zyrtec|"
                           r"cetirizin|xyzal|levocetirizin|loratadin|clarityn|kestine|ebastin|telfast|fexofenadin|"
                           r"polaramin|vallergan|rupatadin|bilastin")
SEDATION = re.compile(r"beroligende|beroligande|roande|sedasjon|sedering|sedert|sovemedisin|sløvende|narkose|bedøv")
INR = re.compile(r"\b(inr|pt-inr|pt-int)\b[^.;]{0,40}?\b(under|lavere enn|lågare enn|mindre enn|høyst|maks\w*|"
                 r"ikke over|ikkje over)\s*(\d+(?:[.,]\d+)?)", re.IGNORECASE)
BOWEL = re.compile(r"tarmtømming|tømmingsmiddel|tømme tarmen|tømming av tarm|tarmrens|avføringsmiddel|"
                   r"laksermiddel|picoprep|citrafleet|moviprep|laxabon|plenvu|klyster|tømmingsinstruks", re.IGNORECASE)
# Kidney function around contrast, or contrast given recently or reacted to before: a rule
# about the patient, not the description of the contrast itself.
CONTRAST_KIDNEY = re.compile(r"kontrast\w*[^.]{0,90}(nyre\w*|kreatinin|egfr)|(nyre\w*|kreatinin|egfr)[^.]{0,90}kontrast|"
                             r"kontrast\w*[^.]{0,90}\b(siste \S+ (uker|ukene|veker|vekene)|tidligere|tidlegare|"
                             r"reagert|allergi\w*|overfølsom\w*)|(siste \S+ (uker|ukene|veker|vekene)|tidligere|"
                             r"tidlegare|reagert|allergi\w*|overfølsom\w*)[^.]{0,90}kontrast", re.IGNORECASE)
# Keeping warm before the exam (brown fat takes up tracer when cold), and over which period.
KEEP_WARM = re.compile(r"\bholde (deg|seg|dykk|dere) varm\w*|\b(ikke|ikkje) (å )?(fryse|frys|bli kald|verte kald)", re.IGNORECASE)
KEEP_WARM_SAME_DAY = re.compile(r"\b(samme|same) dag(en)?\b|\bpå (undersøkelses|undersøkings)dagen\b", re.IGNORECASE)
KEEP_WARM_PERIOD = re.compile(r"\b(siste|føregåande|foregående)\s+(\d{1,3})\s+(timene|timane|timer|timar|døgnene|døgna|døgn)\b"
                              r"|\b(siste|føregåande|foregående)\s+(døgnet)\b", re.IGNORECASE)
DIABETES = re.compile(r"diabet|insulin|metformin|sglt", re.IGNORECASE)
DIABETES_ACTION = re.compile(r"insulin|metformin|sglt|medisin\w*|medisin|tablett\w*|legemid\w*|forholdsregl\w*|"
                             r"blodsukkeret (må|bør|skal|er)", re.IGNORECASE)

# Clauses about the appointment's administration, not its preparation: cancelling or moving
# it, giving notice, missing it and paying for that, waiting for it or for the answer, when
# the phone is open. Their "24 timer før" is a deadline, never a fasting or arrival time.
NOT_AN_INSTRUCTION = re.compile(
    r"avbestill|avbestilt|avlys|\bflytt\w* (time|avtale)|\bendre (time|avtale)|"
    r"\bgi\w* (\w+ ){0,2}(beskjed|melding)\b|\bsi\w* (i)?fr[aå]\b|"
    r"\bmeld\w* (fra|frå|forfall|avbud)|\bforfall\b|\bavbud\b|\bta\w* kontakt\b|\bkontakt (oss|avdelingen)\b|"
    r"\bring(e|er|es|ar)?\b|faktur|gebyr|\bbetal|egenandel|\buteblir\b|\buteblitt\b|\buteblivelse|"
    r"\bikke (har )?(møtt|møter|kan møte|kan komme|kommer)\b|\bikkje (kan )?møte\b|"
    r"ventetid|\bsvar(et|ene|a)?\b|prøvesvar|\bresultat|åpningstid|telefontid|\båpen\b|\bopen\b|\båpent\b|"
    r"\bbetjent\b|\bkafe|\bkafé|\bkiosk",
    re.IGNORECASE)
# A rule anchor (no number) is a different thing in these clauses only: "kontakt legen for å
# avklare" is an instruction (individual), but "24 timer før avbestilling" is not.
NOT_A_RULE = re.compile(r"avbestill|avbestilt|avlys|faktur|gebyr|\bbetal|egenandel|uteblir|ventetid|"
                        r"åpningstid|telefontid|\bkafe|\bkafé|\bkiosk", re.IGNORECASE)
# Caffeine and alcohol rules, water to drink for the scan and what to do after the test are
# other instructions than the fasting ones, whatever drink words they hold.
NOT_INTAKE = re.compile(r"koffein|alkohol|kontrastvæske|morsmelk|morsmjølk|brystmelk|morsmelkerstatning|sondemat|drikke (mye|godt|rikelig|ekstra)|"
                        r"drikk (mye|godt|rikelig|ekstra)|\b(etter|etterpå|etterkant)\b.*\b(kan|kan du) (spise|drikke|ete)",
                        re.IGNORECASE)
# How long something else takes (a form, the journey, resting or waiting afterwards) is not
# how long the examination takes.
NOT_THE_PROCEDURE = re.compile(r"skjema|fylle (ut|inn)|\blese\b|\breise\w*|kjøretur|\bå gå\b|\bvent(e|ar|er|etid)\b|"
                               r"\bhvile\b|\bkvile\b|observasjon|oppvåkning|liggende|sykmeld|sjukmeld", re.IGNORECASE)
# "kaffe uten melk", "(ikke melk eller juice)": the milk is excluded, not an instruction about milk.
EXCLUDED_ITEMS = re.compile(r"\b(uten|utan|ikke|ikkje)\s+(\w+/)*(melk|mjølk|fløte|melkeprodukt\w*|mjølkeprodukt\w*)"
                            r"((\s*(/|,|og|eller)\s*(\w+\s)?\w+)){0,3}", re.IGNORECASE)
# "drikke melk" is about milk; the verb alone does not make it a clear-liquids instruction.
DRINKING_MILK = re.compile(r"\b(drikke|drikk|drikka)\s+(\w+\s+)?(melk|mjølk)\w*(/\w+)?")
# "4 timer før fremmøte" counts from arrival; it does not ask you to arrive early.
COUNTED_FROM_ARRIVAL = re.compile(r"\bfør (selve )?(oppmøte\w*|fremmøte\w*|frammøte\w*|ankomst|innleggelse\w*|"
                                  r"du (møter|kommer|kjem))")
BEFORE_AFTER = re.compile(r"^\s*(\w+\s+){0,1}(før|forut|i forkant|tidligere enn|innen)\b")
BEFORE_PRECEDING = re.compile(r"\b(siste|inntil|fram til|frem til|senest|fra|frå)\s*$|\bfast(e|ar|er|ende|ande)( i)?\s*$|"
                              r"\bgå( minst| minimum)?\s*$")
# Also before, a few words on: "1 dag med blodfortynnende før", "til det er 1 time igjen",
# "2 timer fra du spiste sist"; or a sentence that opens with its frame: "Før undersøkelsen må du ...".
BEFORE_NEAR = re.compile(r"^\s*(\w+\s+){0,3}(før|forut|i forkant)\b|^\s*(\w+\s+){0,1}(igjen|att)\b|"
                         r"^\s*(fra|frå|siden|sidan|etter) (\w+\s+){0,3}sist\b")
FRONTED_BEFORE = re.compile(r"^\s*(før|forut for|i forkant av)\b", re.IGNORECASE)
FRONTED_AFTER = re.compile(r"\b(etter|etterpå)\b", re.IGNORECASE)
AFTER_SEDATION = re.compile(r"^\s*(\w+\s+){0,2}(etter|etterpå)\b|\b(første|fyrste|neste)\s*$")
ARRIVAL_WORDS = re.compile(r"^\s*(\w+\s+){0,2}(oppmøte\w*|fremmøte\w*|frammøte\w*|du (skal )?(møter|møte|kommer|komme|kjem)|"
                           r"ankomst|innleggelse\w*|innlegging\w*|avtalt (tid|time)|oppsatt time)")
# Counting down to a point: "til det er 2 timer igjen til undersøkelsen", "6 timer fra du spiste
# sist, til operasjonen begynner"; or a sentence that opens with the point: "Før undersøkelsen må du ...".
COUNTDOWN = re.compile(r"^\s*(\w+\s+){0,1}(igjen|att)\s+til\s+|^\s*(fra|frå|siden|sidan) (\w+\s+){0,3}sist,?\s+til\s+")
SINCE_LAST = re.compile(r"\b(fra|frå|siden|sidan) (\w+\s+){0,3}sist,?\s+til\s+", re.IGNORECASE)
FRONTED_POINT = re.compile(r"^\s*(før|forut for|i forkant av)\s+", re.IGNORECASE)
PROCEDURE_WORDS = re.compile(r"^\s*(\w+\s+){0,2}(undersøk\w*|operasjon\w*|inngrep\w*|behandling\w*|prosedyr\w*|"
                             r"testen|prøven|narkosen|bedøvelsen|skopien|biopsien|scanningen|timen starter)")
MIDNIGHT = re.compile(r"\b(fra|etter|frå|inntil|til|fram til|frem til|før)\s+(midnatt|midnatt(en)?|"
                      r"(kl\.?|klokk(a|en|e))\s*(24|00|0)([.:]00)?)\b", re.IGNORECASE)
CLOCK = re.compile(r"\b(fra|etter|frå|inntil|fram til|frem til|før|senest|seinast)\s+(kl\.?|klokk(a|en|e))\s*(\d{1,2})(?:[.:](\d{2}))?",
                   re.IGNORECASE)
NO_FASTING = re.compile(r"\b(trenger|treng) (du )?ikke (å |og )?faste|ikke (nødvendig|behov for) (å )?faste|"
                        r"\b(spis|spise|ete|et) (og (drikk|drikke) )?som (vanlig|normalt)|"
                        r"\b(kan|kan du) (spise|ete) (og drikke )?(som )?(vanlig|normalt)", re.IGNORECASE)
CONTINUE = re.compile(r"\bfortsett\w*|\bfortset\w*|\bsom (vanlig|normalt|vanleg)\b|\bpå vanlig måte\b|"
                      r"\b(skal|bør|må)( du| denne| det| dette| de| disse)? (vanligvis |normalt |i utgangspunktet )?ikke (stoppes|avsluttes|"
                      r"seponeres|stanses|tas bort|pauses)|\btrenger (du )?ikke (å )?(stoppe|slutte|ta pause)|"
                      r"\b(skal|bør|må|treng|trenger)( du)? (ikke|ikkje) (å )?(ta pause|stoppe|stanse|slutte|avbryte|seponere)",
                      re.IGNORECASE)
INDIVIDUAL = re.compile(r"avklar\w*|\bavtal\w* med|\bi samråd med|\better avtale med|\bindividuell\w*|"
                        r"\bvurderes (av|individuelt)|\bta\w* kontakt med (legen|lege|sykehuset|oss|avdelingen|"
                        r"fastlegen|din lege|kirurg)|\bspør (legen|lege|din lege)|\bkontakt (legen|fastlegen|din lege)",
                        re.IGNORECASE)
FOLLOW_LETTER = re.compile(r"\b(følg|følge|følgje|etter|les|står|står det|beskrevet|beskrive|oppgitt|gitt)\b[^.]{0,60}"
                           r"\b(innkalling\w*|brevet|brev|innkallingsbrev\w*|skriv\w*|instruks\w*)\b|"
                           r"\b(beskjed|informasjon|instruks\w*|opplysning\w*)\b[^.]{0,40}\b(i|frå|fra|med|ved)\s+"
                           r"(innkalling\w*|brevet|innkallingsbrev\w*)|"
                           r"\b(se|sjå|viser til|vis til)\s+(i\s+)?(innkalling\w*|brevet|innkallingsbrev\w*)|"
                           # the letter tells: "går fram av innkallingen", "Innkallingsbrevet forteller ..."
                           r"\b(går (fram|frem) av|fremgår av|framgår av|får (du )?(vite|beskjed)|står( det)?)\b[^.]{0,30}"
                           r"\b(innkalling\w*|brevet|innkallingsbrev\w*|timebrev\w*)|"
                           r"\b(innkalling\w*|brevet|innkallingsbrev\w*|timebrev\w*)\b[^.]{0,20}"
                           r"\b(forteller|fortel|står|står det|opplyser|informerer|beskriver|gir beskjed)\b",
                           re.IGNORECASE)
# A conditional clause first: "Hvis du ...", or a verb first ("Må du endre timen, ...").
CONDITIONAL_OPENING = re.compile(r"^\s*(hvis|dersom|om|viss|når|\w+ du)\b[^,]*,", re.IGNORECASE)
LIST_MARK = re.compile(r"^\s*([-–•*·]|\d{1,2}[.)])\s+")
CONDITION_FRAME = re.compile(r"^\s*(hvis|dersom|om|ved|når|viss|for deg som|skal du ha|får du|er du|har du)\b",
                             re.IGNORECASE)
CONDITIONS = {
    "sedation": re.compile(r"beroligende|beroligande|sedasjon|sedering|sedert", re.IGNORECASE),
    "general_anaesthesia": re.compile(r"narkose|generell anestesi|full bedøvelse", re.IGNORECASE),
    "local_anaesthesia": re.compile(r"lokalbedøv|lokal bedøv|lokalanestesi", re.IGNORECASE),
    "diabetes": re.compile(r"diabet|insulin", re.IGNORECASE),
    "children": re.compile(r"\bbarn\w*|\bunder \d+ år|spedbarn|\bungdom", re.IGNORECASE),
    "adults": re.compile(r"\bvoksne?\b|\bvaksne?\b", re.IGNORECASE),
}
# An age group as the subject of a sentence or clause: "Voksne skal ikke ta ... og barn og unge
# (under 18 år) skal stoppe ...". The group, any age bounds in brackets or words, then the verb.
AGE_GROUP = r"(voksne|vaksne|barn|born|ungdom\w*|unge|spedbarn|småbarn|sped- og småbarn)"
AGE_SUBJECT = re.compile(rf"^\s*(og|men|mens|medan)?\s*(alle\s+)?{AGE_GROUP}((\s+(og|eller)\s+{AGE_GROUP})*)"
                         r"(\s*\([^)]*\))?(\s+(under|over|fra|opp til|mellom)\s+\d+(\s*(og|-|–)\s*\d+)?\s+år)?"
                         r"\s+(skal|må|bør|kan|får|trenger|treng|slutter|stopper|stoppar|tar|faster|fastar)\b",
                         re.IGNORECASE)
# Where one clause ends and another with its own age-group subject begins.
SUBJECT_BOUNDARY = re.compile(rf"\s(?=(og|mens|medan|men)\s+{AGE_GROUP}\b)", re.IGNORECASE)
# The subject after the verb, behind a fronted phrase: "Før undersøkelsen skal voksne ...".
INVERTED_AGE_SUBJECT = re.compile(rf"^\s*(før|etter|fra|frå|i|på)\b[^,]{{0,40}}?\s(skal|må|bør|kan|får)\s+{AGE_GROUP}\b",
                                  re.IGNORECASE)
ANYWHERE_CONDITION = re.compile(r"\b(i|med|under|uten) (full )?(narkose|sedasjon|lokalbedøvelse)\b", re.IGNORECASE)
DEFAULT_FRAME = re.compile(r"annen beskjed|anna beskjed|annet avtalt|noe annet|ikke annet", re.IGNORECASE)
CLAUSE_END = re.compile(r"[,;]|\bmen\b|\s-\s")


@dataclass(frozen=True)
class Instruction:
    kind: str
    value: float | None  # in KINDS[kind].unit
    rule: str | None  # from_midnight, "from_time HH:MM", follow_letter, continue, individual, none, ...
    conditions: tuple[str, ...]
    reference: str | None  # what "before" counts from, where the text says: arrival or procedure
    sentence: str

    @property
    def key(self) -> str:
        """What is compared with what: the kind under its conditions."""
        return f"{self.kind}[{','.join(self.conditions)}]" if self.conditions else self.kind

    @property
    def stance(self) -> str | None:
        """The comparable statement, or None for one that says nothing concrete (follow the
        letter, ask your doctor): "6" (in the kind's unit), "from_midnight", "from_time 22:00"."""
        if self.value is not None:
            return f"{self.value:g}"
        if self.rule and self.rule.split(" ")[0] in CONCRETE_RULES:
            return self.rule
        return None

    @property
    def display(self) -> str:
        return display(self.kind, self.value, self.rule)


def display(kind: str, value: float | None, rule: str | None) -> str:
    """The instruction as an editor reads it: "6 timer", "fra midnatt", "etter kl. 22:00"."""
    if value is not None:
        return format_value(kind, value)
    if rule and rule.startswith("from_time "):
        return f"etter kl. {rule.split(' ', 1)[1]}"
    return RULE_NB.get(rule or "", rule or "")


def display_stance(kind: str, stance: str) -> str:
    try:
        return display(kind, float(stance), None)
    except ValueError:
        return display(kind, None, stance)


def format_value(kind: str, value: float) -> str:
    """A value as an editor reads it: "6 timer", "1,5 timer", "30 minutter", "INR 1,8"."""
    number = f"{value:g}".replace(".", ",")
    unit = KINDS[kind.split("[")[0]].unit or ""
    if not unit:
        return f"INR {number}" if kind.startswith("inr") else number
    if value == 1:
        unit = {"timer": "time", "dager": "dag", "minutter": "minutt"}[unit]
    return f"{number} {unit}"


def kind_label(key: str) -> str:
    kind, _, conditions = key.partition("[")
    label = KINDS[kind].label_nb
    if conditions:
        label += " (" + ", ".join(CONDITION_NB.get(c, c) for c in conditions.rstrip("]").split(",")) + ")"
    return label


# -- reading -------------------------------------------------------------------------------------

def extract_instructions(text: str | None) -> list[Instruction]:
    """Every preparation instruction stated in a plain text, in order, once each."""
    found: list[Instruction] = []
    previous = ""
    for sentence in sentences(text or ""):
        sentence = LIST_MARK.sub("", sentence)  # "- Før undersøkelsen ..." opens with its frame
        carried = frozenset(c for c in _cues(EXCLUDED_ITEMS.sub(" ", previous)) if _is_drug_or_intake(c))
        for item in _sentence_instructions(sentence, carried):
            if item not in found:
                found.append(item)
        previous = sentence
    return found


# Pages of one procedure repeat each other's sentences (templates, copied text), so a
# sentence is read once: a pure function of it and what the sentence before was about.
# `clear_cache` empties it after a run.
@functools.lru_cache(maxsize=None)
def _sentence_instructions(sentence: str, previous_cues: frozenset[str]) -> tuple[Instruction, ...]:
    conditions = _conditions(sentence)
    clean = EXCLUDED_ITEMS.sub(" ", sentence)
    out: list[Instruction] = []
    pending: set[str] = set()  # kinds named in earlier clauses with nothing said about them yet
    sentence_cues = _cues(clean)
    clauses = _clauses(clean)
    if (frame := CONDITIONAL_OPENING.search(clean)) and NOT_AN_INSTRUCTION.search(frame.group(0)) \
            and not any(_is_drug_or_intake(c) for c in _cues(frame.group(0))):
        clauses = []  # "Må du endre timen, gir du beskjed 48 timar før": all of it is administration
    subject: tuple[str, ...] = ()  # the age group the clauses so far are about, until another is named
    for clause in clauses:
        subject = _subject(clause) or subject
        if NOT_A_RULE.search(clause):
            continue
        stated_for = tuple(sorted(set(conditions) | set(subject)))
        made = _numeric(clause, sentence_cues, previous_cues, pending, stated_for, sentence)
        made += _rules(clause, {i.kind for i in made}, pending, stated_for, sentence)
        out += made
        named = _cues(clause)
        pending = (pending | named) if not made else set()
    for kind, value, rule in _whole_sentence(clean):
        out.append(Instruction(kind, value, rule, _without(conditions, kind), None, sentence))
    return tuple(out)


def clear_cache() -> None:
    """Forget the sentences read (the caches live for one run, not for a long-lived process)."""
    _sentence_instructions.cache_clear()
    _cues.cache_clear()


def _is_drug_or_intake(cue: str) -> bool:
    return cue.startswith("blood_thinner:") or cue in (FOOD, DRINK)


def _clauses(sentence: str) -> list[str]:
    """Clauses, with a bare list item ("spise, drikke, røyke eller snuse") kept with the rest,
    and a new clause where "og"/"mens" brings an age group of its own as subject."""
    parts = [q for p in CLAUSE_END.split(sentence) if p and p.strip()
             for q in _subject_split(p) if q.strip()]
    merged: list[str] = []
    carry = ""
    for part in parts:
        if len(tokens(part)) <= 2:
            carry += part + " "
            continue
        merged.append(carry + part)
        carry = ""
    if carry:
        merged.append(carry)
    return merged


@functools.lru_cache(maxsize=None)
def _cues(text: str) -> frozenset[str]:
    low = text.lower()
    cues = {kind for kind in INTAKE if CUES[kind].search(DRINKING_MILK.sub(" melk ", low) if kind == DRINK else low)}
    if MEDS_WATER in cues:
        cues.discard(DRINK)
    if NOT_INTAKE.search(low):
        cues.discard(DRINK)
        cues.discard(FOOD)
    groups = {f"blood_thinner:{g}" for g, p in DRUG_GROUPS.items() if p.search(low)}
    if len(groups) > 1:
        groups.discard("blood_thinner:unspecified")
    cues |= groups
    if ANTIHISTAMINE.search(low):
        cues.add("antihistamine")
    cues |= {name for name in ("duration", "driving") if CUES[name].search(low)}
    if NOT_THE_PROCEDURE.search(low):
        cues.add("not_the_procedure")
    if CUES["arrive"].search(COUNTED_FROM_ARRIVAL.sub(" ", low)):
        cues.add("arrive")
    return frozenset(cues)


def _subject_split(part: str) -> list[str]:
    """"Voksne skal stoppe 7 dager før og barn skal stoppe 3 dager før": two clauses, split only
    where the words after "og" are an age group followed by its verb."""
    cuts = [m.start() for m in SUBJECT_BOUNDARY.finditer(part) if AGE_SUBJECT.match(part[m.start():])]
    return [part[a:b] for a, b in zip([0] + cuts, cuts + [len(part)])]


def _subject(clause: str) -> tuple[str, ...]:
    """The age-group condition a clause's subject names ("Voksne skal ...": adults; "barn og
    unge (under 18 år) skal ...": children), or () for any other subject."""
    if (m := AGE_SUBJECT.match(clause) or INVERTED_AGE_SUBJECT.match(clause)) is None:
        return ()
    words = m.group(0).lower()
    adults, children = bool(re.search(r"voksne|vaksne", words)), bool(re.search(r"barn|born|ungdom|unge", words))
    if adults == children:
        return ()  # "voksne og barn": everyone
    return ("adults",) if adults else ("children",)


def _conditions(sentence: str) -> tuple[str, ...]:
    """Conditions the sentence states its instruction under: a leading "Hvis/Dersom/Ved ...,"
    frame or "i narkose" anywhere. A frame that names none of the known conditions (and is not
    about using the drug the instruction is about) is "other": compared with nothing."""
    found: set[str] = set()
    frame = re.split(r"[,:]", sentence, maxsplit=1)[0] if CONDITION_FRAME.search(sentence) else ""
    # "Når du må slutte å spise, går fram av innkallingen": an indirect question, not a condition
    if frame and not DEFAULT_FRAME.search(frame) and not FOLLOW_LETTER.search(sentence[len(frame):]):
        found = {name for name, pattern in CONDITIONS.items() if pattern.search(frame)}
        about_drug = any(p.search(frame.lower()) for p in DRUG_GROUPS.values()) or BOWEL.search(frame)
        if not found and not about_drug and len(sentence) > len(frame) + 1:
            found.add("other")
    if (m := ANYWHERE_CONDITION.search(sentence)) is not None:
        found.add("local_anaesthesia" if "lokal" in m.group(0).lower() else
                  "sedation" if "sedasjon" in m.group(0).lower() else "general_anaesthesia")
    return tuple(sorted(found))


def _without(conditions: tuple[str, ...], kind: str) -> tuple[str, ...]:
    """The conditions, less the one the kind itself implies (diabetes medicines are for
    diabetes; no driving is after sedation)."""
    implied = {"diabetes_medication": "diabetes", "no_driving": "sedation"}.get(kind)
    return tuple(c for c in conditions if c != implied)


def _numeric(clause: str, sentence_cues: set[str], previous_cues: set[str], pending: set[str],
             conditions: tuple[str, ...], sentence: str) -> list[Instruction]:
    if NOT_AN_INSTRUCTION.search(clause):
        return []
    toks = tokens(clause)
    quantities = find_quantities(toks)
    out = []
    fronted_before = bool(FRONTED_BEFORE.search(sentence))
    after_sedation = bool(FRONTED_AFTER.search(sentence) and SEDATION.search(sentence.lower()))
    for k, q in enumerate(quantities):
        lo = quantities[k - 1].end if k else 0
        hi = quantities[k + 1].start if k + 1 < len(quantities) else len(toks)
        before, after = toks[lo:q.start], toks[q.end:hi]
        cues = (_cues(" ".join(before)) or _cues(" ".join(after)) or sentence_cues or previous_cues) | pending
        reference = _reference(after, sentence)
        for kind, value in _classify(q, toks[:q.start], after, cues, fronted_before, after_sedation):
            out.append(Instruction(kind, round(value, 2), None, _without(conditions, kind),
                                   reference if kind in INTAKE else None, sentence))
    return out


def _classify(q: Quantity, before: list[str], after: list[str], cues: set[str], fronted_before: bool = False,
              after_sedation: bool = False) -> list[tuple[str, float]]:
    tail, head = " ".join(after[:3]), " ".join(before[-2:])
    is_before = bool(BEFORE_AFTER.search(tail) or BEFORE_PRECEDING.search(head)
                     or BEFORE_NEAR.search(" ".join(after[:6])) or fronted_before)
    drugs = sorted(c for c in cues if c.startswith("blood_thinner:"))
    if drugs and is_before and q.minutes >= 12 * 60:
        return [(d, q.minutes / 1440) for d in drugs]
    if "antihistamine" in cues and is_before and q.minutes >= 60:
        return [("antihistamine", q.minutes / 60)]
    # Fasting and not smoking are counted in hours, "et døgn" at most: "slutt å røyke 8 uker
    # før" is quitting smoking, another instruction.
    intake = [k for k in INTAKE if k in cues] if q.unit_kind != "days" or q.minutes <= 1440 else []
    if intake and is_before:
        return [(k, q.minutes / 60) for k in intake]
    if "driving" in cues and (AFTER_SEDATION.search(tail) or AFTER_SEDATION.search(head) or after_sedation) \
            and q.unit_kind != "minutes" and q.minutes <= 2 * 1440:
        return [("no_driving", q.minutes / 60)]
    if "arrive" in cues and is_before and q.unit_kind != "days":
        return [("arrive_early", q.minutes)]
    if "duration" in cues and not is_before and q.unit_kind != "days" and "arrive" not in cues \
            and "not_the_procedure" not in cues:
        return [("duration", q.minutes)]
    return []


def _reference(after: list[str], sentence: str = "") -> str | None:
    """What "before" counts from, where the words after the value say ("6 timer før oppmøte",
    "igjen til undersøkelsen"), or the sentence opens with it ("Før undersøkelsen må du ...")."""
    text = " ".join(after[:8])
    if BEFORE_AFTER.search(" ".join(after[:3])):
        rest = re.sub(r"^\s*(\w+\s+){0,1}(før|forut|i forkant|tidligere enn|innen)\s*", "", text)
    elif (m := COUNTDOWN.search(text)) is not None:
        rest = text[m.end():]
    elif (m := FRONTED_POINT.match(sentence) or SINCE_LAST.search(sentence)) is not None:
        rest = sentence[m.end():].lower()
    else:
        return None
    if ARRIVAL_WORDS.search(rest):
        return "arrival"
    if PROCEDURE_WORDS.search(rest):
        return "procedure"
    return None


def _rules(clause: str, numbered: set[str], carried: set[str], conditions: tuple[str, ...],
           sentence: str) -> list[Instruction]:
    """Instructions without a number: a clock time, a rule, a referral to the letter or doctor."""
    cues = (_cues(clause) | carried) - numbered
    intake = [k for k in INTAKE if k in cues]
    drugs = sorted(c for c in cues if c.startswith("blood_thinner:"))
    rules: list[tuple[str, str]] = []
    clock = _clock_rule(clause)
    if clock and intake:
        rules += [(k, clock) for k in intake]
    elif intake and NO_FASTING.search(clause) and FOOD in intake:
        rules += [(k, "none") for k in intake if k in (FOOD, DRINK)]
    elif intake and FOLLOW_LETTER.search(clause):
        rules += [(k, "follow_letter") for k in intake if k != MEDS_WATER]
    if drugs:
        if FOLLOW_LETTER.search(clause):
            rules += [(d, "follow_letter") for d in drugs]
        elif CONTINUE.search(clause):  # "... ikke avsluttes hvis ikke annet er avtalt med legen"
            rules += [(d, "continue") for d in drugs]
        elif INDIVIDUAL.search(clause):
            rules += [(d, "individual") for d in drugs]
    if "driving" in cues and SEDATION.search(sentence) and re.search(r"\b(ikke|ikkje|må|ikke lov)\b", clause,
                                                                      re.IGNORECASE) \
            and "no_driving" not in numbered:
        rules.append(("no_driving", "after_sedation"))
    return [Instruction(kind, None, rule, _without(conditions, kind), None, sentence) for kind, rule in rules]


def _clock_rule(clause: str) -> str | None:
    if MIDNIGHT.search(clause):
        return "from_midnight"
    if (m := CLOCK.search(clause)) is not None:
        hour, minute = int(m.group(4)), int(m.group(5) or 0)
        if hour in (0, 24) and minute == 0:
            return "from_midnight"
        if hour < 24 and minute < 60:
            return f"from_time {hour:02d}:{minute:02d}"
    return None


def _whole_sentence(sentence: str) -> list[tuple[str, float | None, str | None]]:
    """Kinds read from the sentence as a whole: an INR limit, bowel preparation, contrast and
    kidney function, diabetes medicines."""
    if NOT_A_RULE.search(sentence):
        return []
    out: list[tuple[str, float | None, str | None]] = []
    if (m := INR.search(sentence)) is not None:
        out.append(("inr_limit", float(m.group(3).replace(",", ".")), None))
    if BOWEL.search(sentence):
        out.append(("bowel_prep", None, "follow_letter" if FOLLOW_LETTER.search(sentence) else "stated"))
    if CONTRAST_KIDNEY.search(sentence):
        out.append(("contrast_kidney", None, "stated"))
    if KEEP_WARM.search(sentence):
        if (m := KEEP_WARM_PERIOD.search(sentence)) is not None:
            if m.group(5):
                out.append(("keep_warm", 24.0, None))
            else:
                out.append(("keep_warm", float(m.group(2)) * (24 if m.group(3).lower().startswith("døgn") else 1), None))
        elif KEEP_WARM_SAME_DAY.search(sentence):
            out.append(("keep_warm", None, "same_day"))
        else:
            out.append(("keep_warm", None, "stated"))
    if DIABETES.search(sentence) and DIABETES_ACTION.search(sentence):
        rule = ("individual" if INDIVIDUAL.search(sentence) or re.search(r"\bkontakt", sentence, re.I)
                else "continue" if CONTINUE.search(sentence)
                else "skip_on_the_day" if re.search(r"\b(ikke|ingen|ikkje)\b[^.]{0,60}\b(morgen\w*|dagen|"
                                                     r"operasjonsdagen|undersøkelsesdagen)", sentence, re.I)
                else "stated")
        out.append(("diabetes_medication", None, rule))
    return out
