"""The held-out phrasing set: the same instruction kinds and rules as `phrasings_dev.py`,
written independently and in different wording (about a quarter nynorsk-flavoured), plus
sentences with numbers that are not instructions. Used only to measure the extractor."""

from __future__ import annotations

import random
from typing import Callable

from fnsp_pipeline.sample.wording import Phrase, RulePhrase, days, hours, minutes, num


# --- numbers and durations -------------------------------------------------------------

_NB = {1: "én", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "sju", 8: "åtte",
       9: "ni", 10: "ti", 11: "elleve", 12: "tolv", 13: "tretten", 14: "fjorten",
       15: "femten", 16: "seksten", 18: "atten", 20: "tjue", 24: "tjuefire", 30: "tretti",
       36: "trettiseks", 48: "førtiåtte"}
_NN = {**_NB, 1: "éin"}

_NB_MIN = {5: "fem minutter", 10: "ti minutter", 15: "et kvarter", 20: "tjue minutter",
           25: "tjuefem minutter", 30: "en halvtime", 40: "førti minutter", 45: "tre kvarter",
           60: "en time", 75: "en time og et kvarter", 90: "halvannen time",
           105: "en time og tre kvarter", 120: "to timer", 150: "to og en halv time",
           180: "tre timer"}
_NN_MIN = {5: "fem minutt", 10: "ti minutt", 15: "eit kvarter", 20: "tjue minutt",
           25: "tjuefem minutt", 30: "ein halvtime", 40: "førti minutt", 45: "tre kvarter",
           60: "ein time", 75: "ein time og eit kvarter", 90: "halvannan time",
           105: "ein time og tre kvarter", 120: "to timar", 150: "to og ein halv time",
           180: "tre timar"}


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _nb(n: int, w: bool) -> str:
    return _NB.get(n, str(n)) if w else str(n)


def _nn(n: int, w: bool) -> str:
    return _NN.get(n, str(n)) if w else str(n)


def _t(n: int, w: bool) -> str:
    """Bokmål hours, indefinite: "1 time", "seks timer", "et døgn"."""
    if n == 24 and w:
        return "et døgn"
    return f"{_nb(n, w)} time" if n == 1 else f"{_nb(n, w)} timer"


def _t_def(n: int, w: bool, first: bool = False) -> str:
    """Bokmål hours, definite: "den siste timen", "de første seks timene"."""
    which = "første" if first else "siste"
    return f"den {which} timen" if n == 1 else f"de {which} {_nb(n, w)} timene"


def _timar(n: int, w: bool) -> str:
    """Nynorsk hours: "éin time", "seks timar", "eitt døgn"."""
    if n == 24 and w:
        return "eitt døgn"
    return f"{_nn(n, w)} time" if n == 1 else f"{_nn(n, w)} timar"


def _timane(n: int, w: bool, first: bool = False) -> str:
    which = "første" if first else "siste"
    return f"den {which} timen" if n == 1 else f"dei {which} {_nn(n, w)} timane"


def _d(n: int, w: bool, unit: str = "dager") -> str:
    """Bokmål days: "én dag", "ett døgn", "fem dager", "én uke"."""
    if w and n == 7:
        return "én uke"
    if w and n == 14:
        return "to uker"
    if n == 1:
        return f"{'ett' if w else '1'} døgn" if unit == "døgn" else f"{_nb(1, w)} dag"
    return f"{_nb(n, w)} {unit}"


def _d_def(n: int, w: bool) -> str:
    if n == 1:
        return "den siste dagen"
    if w and n == 7:
        return "den siste uken"
    return f"de siste {_nb(n, w)} dagene"


def _dagar(n: int, w: bool) -> str:
    """Nynorsk days: "éin dag", "fem dagar", "ei veke"."""
    if w and n == 7:
        return "ei veke"
    if w and n == 14:
        return "to veker"
    return f"{_nn(1, w)} dag" if n == 1 else f"{_nn(n, w)} dagar"


def _dagane(n: int, w: bool) -> str:
    if n == 1:
        return "den siste dagen"
    if w and n == 7:
        return "den siste veka"
    return f"dei siste {_nn(n, w)} dagane"


def _min(n: int, w: bool) -> str:
    """Bokmål minutes: "et kvarter", "halvannen time", "90 minutter", "2 timer"."""
    if w and n in _NB_MIN:
        return _NB_MIN[n]
    if n == 1:
        return "1 minutt"
    if n >= 60 and n % 60 == 0:
        return "1 time" if n == 60 else f"{n // 60} timer"
    return f"{n} minutter"


def _minutt(n: int, w: bool) -> str:
    """Nynorsk minutes: "eit kvarter", "halvannan time", "90 minutt", "2 timar"."""
    if w and n in _NN_MIN:
        return _NN_MIN[n]
    if n >= 60 and n % 60 == 0:
        return "1 time" if n == 60 else f"{n // 60} timar"
    return f"{n} minutt"


def _nn_noun(c: dict) -> str:
    """The procedure noun in nynorsk form: "undersøkinga", "behandlinga", "operasjonen"."""
    noun = c["noun"]
    if noun.endswith("elsen"):
        return noun[:-5] + "inga"
    if noun.endswith("ingen"):
        return noun[:-2] + "a"
    return noun


def _Nn_noun(c: dict) -> str:
    return _cap(_nn_noun(c))


def _kl(a: str | None) -> str:
    """"22:00" -> "22", "21:30" -> "21.30"."""
    if not a:
        return "22"
    h, _, m = a.partition(":")
    return str(int(h)) if m in ("", "00") else f"{int(h)}.{m}"


def _kl_full(a: str | None) -> str:
    """"22:00" -> "22.00"."""
    if not a:
        return "22.00"
    h, _, m = a.partition(":")
    return f"{int(h):02d}.{m or '00'}"


# --- instructions with a value -----------------------------------------------------------

FACT_PHRASES: dict[str, list[Phrase]] = {
    "solid_food": [
        lambda n, w, c: f"Før {c['noun']} må du være uten mat i {_t(n, w)}.",
        lambda n, w, c: f"I løpet av {_t_def(n, w)} før {c['noun']} skal du ikke spise noe.",
        lambda n, w, c: f"Du kan spise som vanlig helt til {_t(n, w)} før {c['noun']}, men ikke etter det.",
        lambda n, w, c: f"Mat er ikke tillatt {_t_def(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Det må gå minst {_t(n, w)} fra du spiser sist, til {c['noun']} begynner.",
        lambda n, w, c: f"Du må ikkje ete noko i {_timar(n, w)} før {_nn_noun(c)}.",
        lambda n, w, c: f"Hald opp med å ete {_timar(n, w)} før du skal møte til {_nn_noun(c)}.",
    ],
    "clear_liquids": [
        lambda n, w, c: f"Vann, saft uten fruktkjøtt og te uten melk kan du drikke helt til {_t(n, w)} før {c['noun']}.",
        lambda n, w, c: f"{_cap(_t_def(n, w))} før {c['noun']} skal du ikke drikke noe, heller ikke vann.",
        lambda n, w, c: f"Du får drikke klare væsker til det er {_t(n, w)} igjen til {c['noun']}.",
        lambda n, w, c: f"Den siste slurken vann tar du senest {_t(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Klar drikke som vann eller eplejuice er greit å drikke opptil {_t(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Vatn og anna klar drikke kan du ta til det er {_timar(n, w)} att til {_nn_noun(c)}.",
        lambda n, w, c: f"{_cap(_timane(n, w))} før {_nn_noun(c)} skal du ikkje drikke noko.",
    ],
    "smoking": [
        lambda n, w, c: f"Du skal være røykfri i {_t(n, w)} før {c['noun']}.",
        lambda n, w, c: f"La være å røyke {_t_def(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Ikke bruk snus {_t_def(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Tyggegummi må du ikke tygge i løpet av {_t_def(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Den siste sigaretten må være røykt senest {_t(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Du må ikkje snuse i løpet av {_timane(n, w)} før {_nn_noun(c)}.",
        lambda n, w, c: f"Ver røykfri i {_timar(n, w)} før du kjem til {_nn_noun(c)}.",
    ],
    "no_driving": [
        lambda n, w, c: f"Bilkjøring er ikke tillatt {_t_def(n, w, True)} etter sedasjonen.",
        lambda n, w, c: f"Du skal ikke kjøre bil selv i {_t(n, w)} etter at du har fått beroligende medisin, så avtal at noen henter deg.",
        lambda n, w, c: f"Etter sedasjon skal bilen stå i minst {_t(n, w)}.",
        lambda n, w, c: f"Beroligende medisin gjør deg trøtt og gir dårligere reaksjonsevne, og du får ikke kjøre bil {_t_def(n, w, True)} etterpå.",
        lambda n, w, c: f"Vent minst {_t(n, w)} etter sedasjonen før du setter deg bak rattet igjen.",
        lambda n, w, c: f"Du får ikkje køyre bil {_timane(n, w, True)} etter at du har fått beroligande.",
        lambda n, w, c: f"Etter at du har fått roande medisin, skal du ikkje køyre bil i {_timar(n, w)}.",
    ],
    "blood_thinner:unspecified": [
        lambda n, w, c: f"Du må slutte med blodfortynnende legemidler {_d(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Ikke ta blodfortynnende tabletter {_d_def(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Den blodfortynnende medisinen din må stanses {_d(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Du må ha en pause på {_d(n, w, 'døgn')} med blodfortynnende medisin før {c['noun']}.",
        lambda n, w, c: f"Blodfortynnende medisin tar du ikke lenger når det er {_d(n, w)} igjen til {c['noun']}.",
        lambda n, w, c: f"Blodfortynnande medisin skal du ikkje ta {_dagane(n, w)} før {_nn_noun(c)}.",
        lambda n, w, c: f"Du må slutte med blodfortynnande medisin {_dagar(n, w)} før {_nn_noun(c)}.",
    ],
    "blood_thinner:warfarin": [
        lambda n, w, c: f"Slutt å ta Marevan {_d(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Allerede {_d(n, w)} før {c['noun']} må du slutte med Marevan.",
        lambda n, w, c: f"Warfarin (Marevan) skal du ikke ta {_d_def(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Warfarin må du holde opp med {_d(n, w, 'døgn')} før {c['noun']}.",
        lambda n, w, c: f"Marevan-tablettene må stanses {_d(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Marevan skal du ikkje ta {_dagane(n, w)} før {_nn_noun(c)}.",
        lambda n, w, c: f"Du må stoppe med warfarin (Marevan) {_dagar(n, w)} før {_nn_noun(c)}.",
    ],
    "blood_thinner:platelet": [
        lambda n, w, c: f"Albyl-E må du slutte å ta {_d(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Ikke ta Plavix {_d_def(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Medisiner som Albyl-E, Plavix og Brilique må stanses {_d(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Du må holde opp med Brilique {_d(n, w, 'døgn')} før {c['noun']}.",
        lambda n, w, c: f"Blodplatehemmere (Plavix, Brilique) tar du ikke {_d_def(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Albyl-E og Plavix skal du ikkje ta {_dagane(n, w)} før {_nn_noun(c)}.",
        lambda n, w, c: f"Du må stoppe med Brilique {_dagar(n, w)} før {_nn_noun(c)}.",
    ],
    "arrive_early": [
        lambda n, w, c: f"Vær på {c['sted']} {_min(n, w)} før timen starter.",
        lambda n, w, c: f"Kom {_min(n, w)} før klokkeslettet som står i innkallingen.",
        lambda n, w, c: f"Meld deg i resepsjonen {_min(n, w)} før avtalt tid.",
        lambda n, w, c: f"Planlegg å være her {_min(n, w)} før timen din, slik at vi rekker å registrere deg.",
        lambda n, w, c: f"For at vi skal rekke forberedelsene, må du møte {_min(n, w)} før {c['noun']} starter.",
        lambda n, w, c: f"Du må melde deg i skranken {_minutt(n, w)} før timen byrjar.",
        lambda n, w, c: f"Kom til {c['sted']} {_minutt(n, w)} før avtalt tid, slik at vi rekk å gjere deg klar.",
    ],
    "duration": [
        lambda n, w, c: f"Du må sette av omtrent {_min(n, w)} til selve {c['noun']}.",
        lambda n, w, c: f"{c['Noun']} er vanligvis ferdig etter {_min(n, w)}.",
        lambda n, w, c: f"Fra start til slutt tar {c['noun']} cirka {_min(n, w)}.",
        lambda n, w, c: f"{c['Noun']} har en varighet på omtrent {_min(n, w)}.",
        lambda n, w, c: f"Selve {c['noun']} er unnagjort på rundt {_min(n, w)}.",
        lambda n, w, c: f"Sjølve {_nn_noun(c)} tek om lag {_minutt(n, w)}.",
        lambda n, w, c: f"{_Nn_noun(c)} brukar å ta kring {_minutt(n, w)}.",
    ],
}


# --- instructions given as a rule --------------------------------------------------------

# What each phrasing above counts "before" from, in order: the procedure (its noun, fronted
# or after "før"/"til"), arrival ("før du skal møte", "før du kjem"), or None where it does not say.
FACT_REFERENCES: dict[str, list[str | None]] = {
    "solid_food": ["procedure"] * 6 + ["arrival"],
    "clear_liquids": ["procedure"] * 7,
    "smoking": ["procedure"] * 6 + ["arrival"],
}

# One sentence with a value for adults and one for children: (adults, children, words, ctx) -> text.
AGE_SPLIT_PHRASES: dict[str, list[Callable[[int, int, bool, dict], str]]] = {
    "solid_food": [
        lambda a, b, w, c: f"Vaksne skal ikkje ete {_timane(a, w)} før {_nn_noun(c)}, og born skal ikkje ete "
                           f"{_timane(b, w)} før.",
        lambda a, b, w, c: f"Før {c['noun']} skal voksne være uten mat i {_t(a, w)}, mens barn skal være uten mat "
                           f"i {_t(b, w)}.",
    ],
    "clear_liquids": [
        lambda a, b, w, c: f"Vaksne kan drikke klar drikke fram til {_timar(a, w)} før {_nn_noun(c)}, medan born "
                           f"kan drikke fram til {_timar(b, w)} før.",
    ],
}

RULE_PHRASES: dict[str, dict[str, list[RulePhrase]]] = {
    "solid_food": {
        "from_midnight": [
            lambda c, a: f"Etter klokka 24 natten før {c['noun']} skal du ikke spise.",
            lambda c, a: "Spis ditt siste måltid før midnatt, og ikke noe etter det.",
            lambda c, a: f"Fra midnatt av må du være uten mat fram til {c['noun']}.",
            lambda c, a: f"Du skal ikkje ete frå midnatt av natta før {_nn_noun(c)}.",
        ],
        "from_time": [
            lambda c, a: f"Etter klokka {_kl(a)} kvelden før {c['noun']} skal du ikke spise noe mer.",
            lambda c, a: f"Du kan spise et vanlig kveldsmåltid, men ikke noe etter kl. {_kl_full(a)} dagen før {c['noun']}.",
            lambda c, a: f"Den siste matbiten tar du senest klokka {_kl(a)} kvelden før.",
            lambda c, a: f"Du må ikkje ete etter klokka {_kl(a)} kvelden før {_nn_noun(c)}.",
        ],
        "follow_letter": [
            lambda c, a: "Når du må slutte å spise, går fram av innkallingen.",
            lambda c, a: f"Hvor lenge du skal være uten mat før {c['noun']}, får du vite i brevet fra oss.",
            lambda c, a: "Les innkallingsbrevet nøye – der står det hvordan du skal faste.",
            lambda c, a: "Følg det som står om faste i brevet du har fått frå oss.",
        ],
    },
    "clear_liquids": {
        "from_midnight": [
            lambda c, a: "Etter midnatt skal du ikke drikke noe, heller ikke vann.",
            lambda c, a: f"Vann og klar saft kan du drikke til klokka 24 kvelden før {c['noun']}, men ikke etter det.",
            lambda c, a: "Vann og annen klar drikke er ikke tillatt fra midnatt av.",
            lambda c, a: "Frå midnatt av skal du ikkje drikke noko.",
        ],
        "follow_letter": [
            lambda c, a: f"I innkallingen står det hvor lenge før {c['noun']} du kan drikke.",
            lambda c, a: "Hvor lenge du kan drikke vann og klare væsker, går fram av brevet du har fått.",
            lambda c, a: "Kva tid du må slutte å drikke, står i innkallinga.",
        ],
    },
    "blood_thinner:platelet": {
        "continue": [
            lambda c, a: f"Albyl-E skal ikke stoppes før {c['noun']}; ta den som vanlig.",
            lambda c, a: "Fortsett med Plavix slik du pleier.",
            lambda c, a: f"Du skal ikke ta pause fra Albyl-E eller Plavix før {c['noun']}.",
            lambda c, a: f"Albyl-E og Plavix tek du som vanleg, også før {_nn_noun(c)}.",
        ],
        "follow_letter": [
            lambda c, a: "Innkallingsbrevet forteller om du må ta pause fra Albyl-E eller Plavix.",
            lambda c, a: "Hvordan du skal forholde deg til Plavix eller Brilique, står i brevet fra oss.",
            lambda c, a: "Les i innkallinga kva du skal gjere med Albyl-E.",
        ],
    },
    "blood_thinner:warfarin": {
        "follow_letter": [
            lambda c, a: f"Innkallingen forteller deg hvordan du skal bruke Marevan i dagene før {c['noun']}.",
            lambda c, a: "Følg det som står i brevet om pause med warfarin.",
            lambda c, a: "Kva du skal gjere med Marevan, står i brevet du har fått frå oss.",
        ],
    },
    "blood_thinner:unspecified": {
        "follow_letter": [
            lambda c, a: "Innkallingsbrevet forteller hva du skal gjøre med blodfortynnende medisin.",
            lambda c, a: "Om og når du må stoppe med blodfortynnende legemidler, står i brevet du får fra oss.",
            lambda c, a: "Følg rådet i innkallinga om blodfortynnande medisin.",
        ],
    },
}


# --- sentences with numbers that are no preparation instructions ---------------------------

def _phone(r: random.Random) -> str:
    """An 8-digit Norwegian number, written "xxx xx xxx"."""
    return f"{r.randint(220, 999)} {r.randint(10, 99)} {r.randint(100, 999)}"


def _kr(r: random.Random, choices: list[int]) -> str:
    v = r.choice(choices)
    return f"{v // 1000} {v % 1000:03d}" if v >= 1000 else str(v)


NOISE: list[Callable[[random.Random, dict], str]] = [
    lambda r, c: f"Kan du ikke komme, ber vi deg avbestille timen minst {r.choice([24, 48])} timer i forveien.",
    lambda r, c: f"Meld fra senest {r.choice(['én virkedag', 'to virkedager', 'tre virkedager'])} før timen dersom du er forhindret fra å møte.",
    lambda r, c: f"Avlyser du senere enn {r.choice([24, 48])} timer før avtalt tid, må du betale for timen.",
    lambda r, c: f"Må du endre timen, gir du beskjed til oss seinast {r.choice([24, 48])} timar før.",
    lambda r, c: f"For timer som ikke blir brukt eller avbestilt, krever vi inn et gebyr på {_kr(r, [700, 1000, 1200, 1500])} kroner.",
    lambda r, c: f"Du betaler en egenandel på kr {r.choice([355, 375, 400, 415])} for {c['noun']}.",
    lambda r, c: f"Har du frikort, slepp du å betale eigendelen på {r.choice([355, 375, 400])} kroner.",
    lambda r, c: f"Forventet ventetid er {r.randint(2, 8)} måneder.",
    lambda r, c: f"Det kan ta opptil {r.randint(4, 16)} uker før du får time hos oss.",
    lambda r, c: f"Prøvesvaret er vanligvis klart etter {r.randint(2, 10)} virkedager.",
    lambda r, c: f"Resultatet blir sendt til fastlegen din, som regel innen {r.randint(2, 5)} uker.",
    lambda r, c: f"Svaret får du i posten innan {r.randint(2, 6)} veker.",
    lambda r, c: f"Du når oss på telefon {_phone(r)} mellom kl. {r.choice([8, 9])} og {r.choice([14, 15])} på hverdager.",
    lambda r, c: f"Du kan ringje oss på {_phone(r)} måndag til fredag.",
    lambda r, c: f"Sentralbordet ved {c['sted']} har nummer {_phone(r)}.",
    lambda r, c: f"Ekspedisjonen er bemannet fra klokka {r.choice([7, 8])} til klokka {r.choice([15, 16])}.",
    lambda r, c: f"Barn under {r.choice([12, 16, 18])} år har rett til å ha en forelder med seg.",
    lambda r, c: f"Pasientar over {r.choice([65, 70, 75])} år får tilbod om oppfølging hos fastlegen.",
    lambda r, c: f"Mot smerter kan du ta {r.choice([500, 1000])} mg paracetamol inntil {r.choice([3, 4])} ganger i døgnet.",
    lambda r, c: f"Den vanlige dosen ibuprofen er {r.choice([200, 400])} mg.",
    lambda r, c: f"Venterommet ligger i {r.randint(1, 8)}. etasje, rom {r.randint(101, 450)}.",
    lambda r, c: f"Avdelinga held til i {r.randint(2, 7)}. etasje i bygg {r.choice('ABCDE')}.",
    lambda r, c: f"Besøk er tillatt mellom klokka {r.randint(12, 15)} og {r.randint(18, 20)}.",
    lambda r, c: f"Pårørende kan besøke deg hver dag fra kl. {r.randint(14, 16)}.00 til {r.randint(19, 21)}.00.",
    lambda r, c: f"De fleste er tilbake i vanlig arbeid etter {r.randint(2, 4)} til {r.randint(5, 10)} dager.",
    lambda r, c: f"Du kan bli sykmeldt i opptil {r.randint(2, 6)} uker etter {c['noun']}.",
    lambda r, c: f"Etter {c['noun']} bør du drikke minst {r.choice(['1,5', '2', '2,5'])} liter vann i løpet av dagen.",
    lambda r, c: f"Drikk godt med vatn dei første {r.choice(['to', 'tre', 'fire'])} dagane etter {_nn_noun(c)}.",
    lambda r, c: f"Du bør ikke drikke alkohol de første {r.choice(['to', 'tre'])} døgnene etter {c['noun']}.",
    lambda r, c: f"Gjesteparkeringen ved {c['sted']} kan brukes i inntil {r.choice([2, 3, 4])} timer.",
    lambda r, c: f"Korttidsparkering koster {r.choice([40, 50, 60])} kroner for de første {r.choice(['to', 'tre'])} timene.",
    lambda r, c: f"Journalen og prøvesvarene dine blir lagret i minst {r.choice([10, 20, 25])} år.",
    lambda r, c: f"Blodprøvene oppbevares i biobanken i {r.randint(5, 15)} år.",
    lambda r, c: f"Det er om lag {r.randint(3, 12)} minutter å gå fra busstoppet til inngangen.",
    lambda r, c: f"Bussen fra sentrum går hvert {r.choice([10, 15, 20])}. minutt på dagtid.",
    lambda r, c: f"Spørreskjemaet du får tilsendt, tar omtrent {r.choice([5, 10, 15])} minutter å fylle ut.",
    lambda r, c: f"Ta kontakt med fastlegen dersom du får feber over {r.choice(['38', '38,5'])} grader.",
    lambda r, c: f"Vent {r.choice(['én uke', 'to uker', 'tre uker'])} med tung trening etter {c['noun']}.",
    lambda r, c: f"Stingene fjernes hos fastlegen etter {r.choice([10, 12, 14])} dager.",
    lambda r, c: f"Vi tek imot om lag {r.randint(2, 9)} {r.choice(['000', '500'])} pasientar i året.",
]
