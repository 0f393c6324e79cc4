"""The blind phrasing set: a third set written without seeing the extractor or the other two sets; used only to measure the extractor."""

from __future__ import annotations

import random
from typing import Callable

from fnsp_pipeline.sample.wording import Phrase, RulePhrase, days, hours, minutes, num

# --- small helpers: capitalising, nynorsk nouns and numbers, durations --------------------------

NN_NOUNS = {"undersøkelsen": "undersøkinga", "behandlingen": "behandlinga", "operasjonen": "operasjonen",
            "samtalen": "samtalen", "timen": "timen"}
NN_NUMBER_WORDS = {1: "ein"}
NN_MINUTE_PHRASES = {10: "ti minutt", 15: "eit kvarter", 20: "tjue minutt", 30: "ein halv time",
                     45: "tre kvarter", 60: "ein time", 90: "halvannan time", 120: "to timar",
                     180: "tre timar"}


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def nn_noun(c: dict) -> str:
    return NN_NOUNS.get(c["noun"], c["noun"])


def nn_num(n: int, w: bool) -> str:
    return NN_NUMBER_WORDS.get(n, num(n, w)) if w else str(n)


# bokmål
def t_short(n: int, w: bool) -> str:
    """Hours as bullet lists write them: "6 t" (number words fall back to "seks timer")."""
    return hours(n, w) if w else f"{n} t"


def t_first(n: int, w: bool) -> str:
    """ "de første tolv timene", "det første døgnet" (24 h as words)."""
    if n == 24 and w:
        return "det første døgnet"
    return "den første timen" if n == 1 else f"de første {num(n, w)} timene"


def t_last(n: int, w: bool) -> str:
    """ "de siste seks timene", "det siste døgnet" (24 h as words)."""
    if n == 24 and w:
        return "det siste døgnet"
    return hours(n, w, definite=True)


def d_last(n: int, w: bool) -> str:
    """ "de siste fem dagene", "den siste uka" (7 days as words)."""
    if n == 7 and w:
        return "den siste uka"
    return "den siste dagen" if n == 1 else f"de siste {num(n, w)} dagene"


def d_week(n: int, w: bool) -> str:
    """Days, with whole weeks as weeks: "1 uke", "én uke", "fem dager"."""
    if n % 7 == 0:
        k = n // 7
        return f"{num(k, w)} uke" if k == 1 else f"{num(k, w)} uker"
    return days(n, w)


def d_dogn(n: int, w: bool) -> str:
    """Days as "døgn" (neuter: "ett døgn"), 7 days as words "én uke"."""
    if n == 7 and w:
        return "én uke"
    if n == 1:
        return "ett døgn" if w else "1 døgn"
    return f"{num(n, w)} døgn"


def min_short(n: int, w: bool) -> str:
    """Minutes as bullet lists write them: "30 min"; an hour or more as words or hours."""
    return f"{n} min" if n < 60 and not w else minutes(n, w)


# nynorsk
def nn_hours(n: int, w: bool) -> str:
    return f"{nn_num(n, w)} time" if n == 1 else f"{nn_num(n, w)} timar"


def nn_t_last(n: int, w: bool) -> str:
    if n == 24 and w:
        return "det siste døgnet"
    return "den siste timen" if n == 1 else f"dei siste {nn_num(n, w)} timane"


def nn_t_first(n: int, w: bool) -> str:
    if n == 24 and w:
        return "det første døgnet"
    return "den første timen" if n == 1 else f"dei første {nn_num(n, w)} timane"


def nn_days(n: int, w: bool) -> str:
    if n == 7 and w:
        return "ei veke"
    return f"{nn_num(n, w)} dag" if n == 1 else f"{nn_num(n, w)} dagar"


def nn_d_last(n: int, w: bool) -> str:
    if n == 7 and w:
        return "den siste veka"
    return "den siste dagen" if n == 1 else f"dei siste {nn_num(n, w)} dagane"


def nn_minutes(n: int, w: bool) -> str:
    if w and n in NN_MINUTE_PHRASES:
        return NN_MINUTE_PHRASES[n]
    if n >= 60 and n % 60 == 0:
        return nn_hours(n // 60, False)
    return f"{n} minutt"


def clock(a: str | None, style: int) -> str:
    """A clock time "22:00" as pages write it: "kl. 22", "klokka 22.00", "kl 22:00", "klokken 22"."""
    hh, _, mm = (a or "22:00").partition(":")
    hh, mm = str(int(hh)), (mm or "00")
    if style == 0:
        return f"kl. {hh}" if mm == "00" else f"kl. {hh}.{mm}"
    if style == 1:
        return f"klokka {hh}.{mm}"
    if style == 2:
        return f"kl {hh}:{mm}"
    return f"klokken {hh}" if mm == "00" else f"klokken {hh}.{mm}"


# --- numeric instructions ---------------------------------------------------------------------

FACT_PHRASES: dict[str, list[Phrase]] = {
    "solid_food": [
        lambda n, w, c: f"Du må ikke spise {hours(n, w, definite=True)} før {c['noun']}.",
        lambda n, w, c: f"Siste måltid må være spist senest {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Ikke spis noe i løpet av {hours(n, w, definite=True)} før {c['noun']}.",
        lambda n, w, c: f"For at magesekken skal være tom, må du være fastende for mat i {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Skal du ha narkose eller beroligende medisin, må du slutte å spise {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Det er ikke tillatt å spise mat {hours(n, w, definite=True)} før {c['noun']}.",
        lambda n, w, c: f"{cap(hours(n, w))} før {c['noun']} skal du ha spist ditt siste måltid.",
        lambda n, w, c: f"Ingen mat {t_short(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Du kan spise som vanlig inntil {hours(n, w)} før {c['noun']}, men deretter ikke noe mer.",
        lambda n, w, c: f"Du bør ikke spise fast føde {hours(n, w, definite=True)} før du skal til {c['t']}.",
        lambda n, w, c: f"Du må ikkje eta {nn_t_last(n, w)} før {nn_noun(c)}.",
        lambda n, w, c: f"Du kan eta som vanleg fram til {nn_hours(n, w)} før {nn_noun(c)}, men ikkje etter det.",
    ],
    "clear_liquids": [
        lambda n, w, c: f"Du kan drikke klare væsker, som vann, saft og kaffe uten melk, inntil {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Du må ikke drikke noe {hours(n, w, definite=True)} før {c['noun']}, heller ikke vann.",
        lambda n, w, c: f"Vann og annen klar drikke er tillatt fram til {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Det er ikke tillatt å drikke {hours(n, w, definite=True)} før {c['noun']}.",
        lambda n, w, c: f"Skal du ha narkose, kan du drikke klare væsker frem til {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"{cap(hours(n, w))} før {c['noun']} skal du ikke lenger drikke noe, heller ikke vann.",
        lambda n, w, c: f"Klar drikke er tillatt inntil {t_short(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Vann, eplejuice uten fruktkjøtt, te og svart kaffe kan du drikke til senest {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Slutt å drikke vann og annen klar drikke {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Du kan drikke vatn og anna klar drikke fram til {nn_hours(n, w)} før {nn_noun(c)}.",
        lambda n, w, c: f"Du må ikkje drikke noko {nn_t_last(n, w)} før {nn_noun(c)}.",
    ],
    "smoking": [
        lambda n, w, c: f"Du må ikke røyke {t_last(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Ikke røyk, snus eller bruk andre nikotinprodukter i løpet av {t_last(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Det er ikke tillatt å røyke eller snuse i {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Røyking og snusing må stoppes senest {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Røyker eller snuser du, må du la være å gjøre det i minst {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"{cap(hours(n, w))} før {c['noun']} skal du verken røyke, snuse eller bruke nikotintyggegummi.",
        lambda n, w, c: f"Ingen røyk eller snus {t_short(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Skal du ha narkose, må du holde deg unna røyk og snus {t_last(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Du må ikkje røykje eller snuse {nn_t_last(n, w)} før {nn_noun(c)}.",
        lambda n, w, c: f"Røykjer eller snusar du, må du halde opp med det minst {nn_hours(n, w)} før {nn_noun(c)}.",
    ],
    "blood_thinner:unspecified": [
        lambda n, w, c: f"Blodfortynnende medisiner må du slutte med {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Du må ta pause fra blodfortynnende medisin i {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Bruker du blodfortynnende medisiner, skal disse stoppes {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Det er nødvendig å gjøre et opphold med blodfortynnende medisiner {d_last(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Ikke ta blodfortynnende legemidler {d_last(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Blodfortynnende medisin skal seponeres {d_dogn(n, w)} før {c['noun']}.",
        lambda n, w, c: f"I samråd med legen din må du stoppe blodfortynnende medisiner {d_week(n, w)} før {c['noun']}.",
        lambda n, w, c: f"{cap(days(n, w))} før {c['noun']} skal du ta en pause fra blodfortynnende medisiner.",
        lambda n, w, c: f"Skal det tas vevsprøve, må du ha sluttet med blodfortynnende medisin {d_week(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Blodfortynnande medisinar må du slutte med {nn_days(n, w)} før {nn_noun(c)}.",
        lambda n, w, c: f"Du skal ha pause frå blodfortynnande medisin {nn_d_last(n, w)} før {nn_noun(c)}.",
    ],
    "blood_thinner:warfarin": [
        lambda n, w, c: f"Marevan må du slutte å ta {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Bruker du Marevan (warfarin), må du ta pause fra tablettene i {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Ikke ta Marevan {d_last(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Warfarin (Marevan) skal seponeres {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Pasienter som bruker Marevan, skal ha et opphold i behandlingen på {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"{cap(days(n, w))} før {c['noun']} må du ta en pause fra Marevan.",
        lambda n, w, c: f"Marevan må stoppes {d_dogn(n, w)} før {c['noun']}, og INR blir målt når du kommer.",
        lambda n, w, c: f"Behandling med warfarin må avbrytes {d_week(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Marevan må du slutte med {nn_days(n, w)} før {nn_noun(c)}.",
        lambda n, w, c: f"Brukar du Marevan, skal du ikkje ta tablettane {nn_d_last(n, w)} før {nn_noun(c)}.",
    ],
    "blood_thinner:platelet": [
        lambda n, w, c: f"Albyl-E må du slutte med {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Bruker du Plavix (klopidogrel), må du stoppe med tablettene {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Platehemmere som Albyl-E, Plavix og Brilique skal ikke tas {d_last(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Brilique (tikagrelor) må seponeres {d_dogn(n, w)} før {c['noun']}.",
        lambda n, w, c: f"{cap(days(n, w))} før {c['noun']} skal du ta pause fra Efient.",
        lambda n, w, c: f"Du må ha et opphold på {days(n, w)} med klopidogrel før {c['noun']}.",
        lambda n, w, c: f"Du må ikke ta Albyl-E eller andre platehemmende medisiner i {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Plavix og andre platehemmere må stoppes {d_week(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Albyl-E og andre platehemmarar må du slutte med {nn_days(n, w)} før {nn_noun(c)}.",
        lambda n, w, c: f"Brukar du Plavix eller Brilique, skal du ta pause frå desse medisinane {nn_d_last(n, w)} før {nn_noun(c)}.",
    ],
    "arrive_early": [
        lambda n, w, c: f"Møt {minutes(n, w)} før avtalt tid.",
        lambda n, w, c: f"Vi ber deg møte {minutes(n, w)} før oppsatt tidspunkt.",
        lambda n, w, c: f"Oppmøte er {minutes(n, w)} før {c['noun']} starter.",
        lambda n, w, c: f"Fordi vi må gjøre noen forberedelser, ber vi deg komme {minutes(n, w)} før avtalt tid.",
        lambda n, w, c: f"{cap(minutes(n, w))} før avtalt tid skal du melde deg i ekspedisjonen.",
        lambda n, w, c: f"Det er viktig at du er på plass {minutes(n, w)} før {c['noun']} begynner.",
        lambda n, w, c: f"Møt opp på {c['avdeling_lc']} {minutes(n, w)} før oppgitt klokkeslett.",
        lambda n, w, c: f"Oppmøte {min_short(n, w)} før avtalt tid.",
        lambda n, w, c: f"Du må komme {minutes(n, w)} før tidspunktet som står i innkallingen.",
        lambda n, w, c: f"Møt opp {nn_minutes(n, w)} før avtalt tid.",
        lambda n, w, c: f"Vi ber deg kome {nn_minutes(n, w)} før avtalt klokkeslett, slik at vi får tid til å registrere deg.",
    ],
    "duration": [
        lambda n, w, c: f"{c['Noun']} tar ca. {minutes(n, w)}.",
        lambda n, w, c: f"Selve {c['noun']} varer i omtrent {minutes(n, w)}.",
        lambda n, w, c: f"Du må regne med at selve {c['noun']} tar rundt {minutes(n, w)}.",
        lambda n, w, c: f"{c['Noun']} er vanligvis ferdig etter ca. {minutes(n, w)}.",
        lambda n, w, c: f"Vanligvis varer {c['noun']} i {minutes(n, w)}.",
        lambda n, w, c: f"{c['Noun']} har en varighet på om lag {minutes(n, w)}.",
        lambda n, w, c: f"Fra start til slutt tar {c['noun']} omtrent {minutes(n, w)}.",
        lambda n, w, c: f"Selve {c['noun']} tar ca. {minutes(n, w)}, men du må regne med å være hos oss lenger.",
        lambda n, w, c: f"Beregn {minutes(n, w)} til selve {c['noun']}.",
        lambda n, w, c: f"{cap(nn_noun(c))} tek om lag {nn_minutes(n, w)}.",
        lambda n, w, c: f"Sjølve {nn_noun(c)} varer i kring {nn_minutes(n, w)}.",
    ],
    "no_driving": [
        lambda n, w, c: f"Du kan ikke kjøre bil {t_first(n, w)} etter {c['noun']}.",
        lambda n, w, c: f"Har du fått beroligende medisin, må du ikke kjøre bil før det har gått {hours(n, w)}.",
        lambda n, w, c: f"Etter narkose er det ikke tillatt å kjøre bil de neste {num(n, w)} timene."
        if n != 24 or not w else "Etter narkose er det ikke tillatt å kjøre bil det neste døgnet.",
        lambda n, w, c: f"Du må ikke kjøre motorkjøretøy i {hours(n, w)} etter {c['noun']}.",
        lambda n, w, c: f"Får du sedasjon, kan du tidligst kjøre bil {hours(n, w)} etter {c['noun']}.",
        lambda n, w, c: f"Bilkjøring er ikke tillatt før {hours(n, w)} etter {c['noun']}.",
        lambda n, w, c: f"På grunn av medisinene du får, kan du ikke kjøre bil, sykle eller betjene maskiner {t_first(n, w)} etter {c['noun']}.",
        lambda n, w, c: f"Sørg for at noen kan kjøre deg hjem, for du skal ikke kjøre selv {t_first(n, w)} etter {c['noun']}.",
        lambda n, w, c: f"Du må ikkje køyre bil {nn_t_first(n, w)} etter {nn_noun(c)}.",
        lambda n, w, c: f"Etter narkose eller sedasjon kan du ikkje køyre bil før det har gått {nn_hours(n, w)}.",
    ],
}

# --- rules ------------------------------------------------------------------------------------

RULE_PHRASES: dict[str, dict[str, list[RulePhrase]]] = {
    "solid_food": {
        "from_midnight": [
            lambda c, a: f"Du må ikke spise noe etter midnatt natten før {c['noun']}.",
            lambda c, a: f"Fra kl. 24.00 kvelden før {c['noun']} skal du være fastende for mat.",
            lambda c, a: "Du kan spise som vanlig fram til midnatt, deretter skal du ikke ha i deg mat.",
            lambda c, a: f"Du må ikkje eta noko etter midnatt natta før {nn_noun(c)}.",
        ],
        "from_time": [
            lambda c, a: f"Du kan spise som vanlig fram til {clock(a, 0)} kvelden før {c['noun']}.",
            lambda c, a: f"Etter {clock(a, 1)} kvelden før {c['noun']} må du ikke spise noe.",
            lambda c, a: f"Ikke spis etter {clock(a, 2)} dagen før {c['noun']}.",
            lambda c, a: f"Siste måltid må være spist innen {clock(a, 3)} kvelden før {c['noun']}.",
            lambda c, a: f"Du kan ikkje eta noko etter {clock(a, 1)} kvelden før {nn_noun(c)}.",
        ],
        "follow_letter": [
            lambda c, a: f"Hvor lenge du må faste fra mat før {c['noun']}, står i innkallingen.",
            lambda c, a: "Når du må slutte å spise, står i brevet du har fått fra oss.",
            lambda c, a: "Følg beskjeden om faste fra mat som står i innkallingsbrevet ditt.",
            lambda c, a: f"Du får beskjed i innkallingen om når du må slutte å spise før {c['noun']}.",
            lambda c, a: "Kor lenge du må vere fastande frå mat, står i innkallinga.",
        ],
    },
    "clear_liquids": {
        "from_midnight": [
            lambda c, a: f"Du må ikke drikke noe etter midnatt natten før {c['noun']}, heller ikke vann.",
            lambda c, a: f"Fra midnatt kvelden før {c['noun']} skal du verken drikke vann eller annen drikke.",
            lambda c, a: "Klar drikke som vann og saft er tillatt fram til midnatt, men ikke etter det.",
            lambda c, a: "Du kan drikke vatn og anna klar drikke fram til midnatt, men ikkje etter det.",
        ],
        "follow_letter": [
            lambda c, a: f"Hvor lenge før {c['noun']} du kan drikke vann og annen klar drikke, står i innkallingen.",
            lambda c, a: "Følg beskjeden i innkallingsbrevet om når du må slutte å drikke.",
            lambda c, a: "Når du må slutte å drikke vann og annen drikke, står i brevet du har fått.",
            lambda c, a: f"Kor lenge du kan drikke før {nn_noun(c)}, står i innkallinga.",
        ],
    },
    "blood_thinner:platelet": {
        "continue": [
            lambda c, a: "Albyl-E skal du fortsette å ta som vanlig.",
            lambda c, a: f"Du skal ikke slutte med Albyl-E eller Plavix før {c['noun']}.",
            lambda c, a: f"Bruker du platehemmere som Albyl-E, Plavix eller Brilique, tar du dem som vanlig også før {c['noun']}.",
            lambda c, a: f"Det er ikke nødvendig å ta pause fra Albyl-E før {c['noun']}.",
            lambda c, a: "Albyl-E og Plavix skal du halde fram med som vanleg.",
        ],
        "follow_letter": [
            lambda c, a: "Om du skal ta pause fra Albyl-E eller Plavix, står i innkallingen.",
            lambda c, a: f"Følg beskjeden i innkallingsbrevet om bruk av Albyl-E, Plavix og andre platehemmere før {c['noun']}.",
            lambda c, a: "Hvordan du skal forholde deg til platehemmere som Plavix og Brilique, står i brevet du har fått fra oss.",
            lambda c, a: f"Kva du skal gjere med Albyl-E eller Plavix før {nn_noun(c)}, står i innkallinga.",
        ],
    },
    "blood_thinner:warfarin": {
        "follow_letter": [
            lambda c, a: f"Hvor lenge du må være uten Marevan før {c['noun']}, står i innkallingen.",
            lambda c, a: "Bruker du Marevan, følger du beskjeden om pause i innkallingsbrevet.",
            lambda c, a: "Om og når du skal stoppe med warfarin (Marevan), får du beskjed om i brevet.",
            lambda c, a: "Brukar du Marevan, står det i innkallinga kva du skal gjere.",
        ],
    },
    "blood_thinner:unspecified": {
        "follow_letter": [
            lambda c, a: "Om du må ta pause fra blodfortynnende medisiner, står i innkallingen.",
            lambda c, a: "Bruker du blodfortynnende, følger du instruksen i innkallingsbrevet.",
            lambda c, a: f"I brevet du har fått, står det hvordan du skal forholde deg til blodfortynnende medisiner før {c['noun']}.",
            lambda c, a: "Brukar du blodfortynnande medisin, står det i innkallinga kva du skal gjere.",
        ],
    },
}

# --- sentences with numbers that are no preparation instructions -------------------------------


def phone(r: random.Random) -> str:
    return f"{r.randint(22, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}"


NOISE: list[Callable[[random.Random, dict], str]] = [
    # cancelling, fees, waiting and answer times
    lambda r, c: f"Hvis du ikke kan komme, må du gi beskjed senest {r.choice([24, 48])} timer før timen.",
    lambda r, c: f"Uteblir du uten å gi beskjed, må du betale et gebyr på {r.choice([702, 1100, 1550])} kroner.",
    lambda r, c: f"Egenandelen for en poliklinisk konsultasjon er {r.choice([375, 390, 403])} kroner.",
    lambda r, c: f"Barn under {r.choice([16, 18])} år betaler ikke egenandel.",
    lambda r, c: f"Ventetiden for {c['t']} er for tiden omtrent {r.randint(4, 16)} uker.",
    lambda r, c: f"Svaret sendes til legen som henviste deg, vanligvis innen {r.choice([7, 10, 14])} dager.",
    lambda r, c: f"Resultatet er klart {r.choice([2, 3, 5])} dager før kontrolltimen din, slik at legen kan gå gjennom det med deg.",
    lambda r, c: f"Sykehuset sender deg en påminnelse på SMS {r.choice([2, 3])} dager før timen.",
    lambda r, c: f"Innkallingen sendes til deg på helsenorge.no omtrent {r.choice([2, 3, 4])} uker før {c['noun']}.",
    # phones, opening hours, ages, places
    lambda r, c: f"Har du spørsmål, kan du ringe {c['avdeling_lc']} på telefon {phone(r)}.",
    lambda r, c: f"Telefonen er betjent mellom kl. {r.choice([8, 9])} og {r.choice([14, 15])} på hverdager.",
    lambda r, c: f"Skranken på {c['avdeling_lc']} er åpen fra kl. 07.30 til {r.choice([15, 16])}.00.",
    lambda r, c: f"Barn under {r.choice([12, 16, 18])} år må ha med seg en voksen ledsager.",
    lambda r, c: f"{c['Avdeling']} ligger i {r.randint(2, 8)}. etasje i bygg {r.choice('ABCDG')}.",
    lambda r, c: f"Ta heisen til {r.randint(2, 6)}. etasje og følg skiltene til rom {r.randint(101, 450)}.",
    lambda r, c: f"Besøkstiden på sengeposten er mellom kl. {r.choice([13, 14, 15])} og {r.choice([18, 19, 20])}.",
    lambda r, c: f"Parkering ved {c['sted']} koster {r.choice([20, 25, 30, 35])} kroner per time.",
    lambda r, c: f"Buss {r.randint(2, 80)} stopper rett utenfor hovedinngangen ved {c['sted']}.",
    lambda r, c: f"Avstanden fra sentrum er omtrent {r.randint(3, 12)} km, og det tar ca. {r.choice([10, 15, 20])} minutter å kjøre dit med bil.",
    lambda r, c: f"Kafeen i {r.randint(1, 2)}. etasje er åpen til kl. {r.choice([16, 17, 18])}, der kan du spise etter {c['noun']}.",
    # stays, doses, after-care
    lambda r, c: f"Du blir liggende på oppvåkningen i ca. {hours(r.choice([1, 2, 3]), False)} etter {c['noun']}.",
    lambda r, c: f"Du må regne med å være innlagt i {r.choice([2, 3, 4, 5])} døgn.",
    lambda r, c: f"Ta med faste medisiner for {r.choice([2, 3])} døgn dersom du skal legges inn.",
    lambda r, c: f"Du får med deg {r.choice([4, 6, 8])} tabletter paracetamol på {r.choice([500, 1000])} mg til bruk de første dagene hjemme.",
    lambda r, c: f"De fleste er sykmeldt i {r.choice(['én uke', '2 uker', 'tre uker'])} etter inngrepet.",
    lambda r, c: f"Etter {c['noun']} bør du drikke godt, gjerne {r.choice([6, 8])} glass vann i løpet av resten av dagen.",
    lambda r, c: f"Unngå alkohol de første {r.choice([24, 48])} timene etter {c['noun']}.",
    lambda r, c: f"Du kan dusje etter {r.choice([1, 2])} døgn, men bør vente {r.choice([10, 14])} dager med karbad og svømming.",
    lambda r, c: f"Unngå tunge løft over {r.choice([5, 10])} kilo de første {r.choice([2, 4, 6])} ukene etter inngrepet.",
    lambda r, c: f"Stingene fjernes hos fastlegen etter {r.randint(10, 14)} dager, og du blir kalt inn til kontroll etter {r.choice([6, 8, 12])} uker.",
]
