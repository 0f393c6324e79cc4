"""The development phrasing set: how the sample's pages state preparation instructions,
and sentences with numbers that are not instructions. The extractor was developed against
these; `phrasings_heldout.py` holds a disjoint set for measuring it."""

from __future__ import annotations

import random
from typing import Callable

from fnsp_pipeline.sample.wording import Phrase, RulePhrase, days, hours, minutes, num


FACT_PHRASES: dict[str, list[Phrase]] = {
    "solid_food": [
        lambda n, w, c: f"Du må faste i {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Du må ikke spise {hours(n, w, True)} før {c['noun']}.",
        lambda n, w, c: f"Du skal være fastende {n} t før {c['noun']}.",
        lambda n, w, c: f"Ikke spis mat {hours(n, w, True)} før du møter.",
        lambda n, w, c: f"Siste måltid må være spist senest {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Møt fastende, det vil si at du ikke skal ha spist noe {hours(n, w, True)}.",
        lambda n, w, c: f"Fra {hours(n, w)} før {c['noun']} skal du ikke spise noe.",
        lambda n, w, c: f"Det er viktig at du faster i {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Magen må være tom, så du kan ikke spise mat {hours(n, w, True)} før {c['noun']}.",
    ],
    "clear_liquids": [
        lambda n, w, c: f"Du må ikke drikke {hours(n, w, True)} før {c['noun']}.",
        lambda n, w, c: f"Du kan drikke vann og andre klare væsker inntil {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Slutt å drikke {hours(n, w)} før oppmøtetidspunktet.",
        lambda n, w, c: f"Ikke drikk noe {n} t før {c['noun']}.",
        lambda n, w, c: f"Det er lov å drikke klar væske fram til {hours(n, w)} før timen din.",
        lambda n, w, c: f"Klare væsker kan du drikke inntil {hours(n, w)} før {c['noun']}, deretter ingenting.",
    ],
    "blood_thinner:unspecified": [
        lambda n, w, c: f"Hvis du bruker blodfortynnende medisiner, må du stoppe med dem {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Stopp blodfortynnende {n} døgn før {c['noun']}.",
        lambda n, w, c: f"Blodfortynnende legemidler skal vanligvis seponeres {days(n, w)} før {c['noun']}, etter avtale med legen din.",
        lambda n, w, c: f"Bruker du blodfortynnende? Ta pause fra medisinen {days(n, w, 'døgn')} før {c['noun']}.",
        lambda n, w, c: f"Blodfortynnende medisin må settes på pause {days(n, w)} i forkant.",
        lambda n, w, c: f"Har du blodfortynnende medisiner? Disse må stoppes {days(n, w)} før {c['noun']}.",
    ],
    "arrive_early": [
        lambda n, w, c: f"Møt {n} min før avtalt tid.",
        lambda n, w, c: f"Møt opp {minutes(n, w)} før timen din.",
        lambda n, w, c: f"Vi ber deg komme {minutes(n, w)} før oppsatt time.",
        lambda n, w, c: f"Du bør være på plass {minutes(n, w)} før avtalt time.",
        lambda n, w, c: f"Kom til {c['sted']} senest {minutes(n, w)} før timen.",
        lambda n, w, c: f"Oppmøte er {minutes(n, w)} før selve {c['noun']}.",
    ],
    "duration": [
        lambda n, w, c: f"{c['Noun']} tar omtrent {minutes(n, w)}.",
        lambda n, w, c: f"Selve {c['noun']} varer vanligvis i ca. {minutes(n, w)}.",
        lambda n, w, c: f"Regn med at {c['noun']} tar rundt {minutes(n, w)}.",
        lambda n, w, c: f"Beregn cirka {n} min for selve {c['noun']}.",
        lambda n, w, c: f"{c['Noun']} tar vanligvis {minutes(n, w)}.",
        lambda n, w, c: f"Det tar som regel {minutes(n, w)} å gjennomføre {c['noun']}.",
    ],
    "blood_thinner:warfarin": [
        lambda n, w, c: f"Bruker du Marevan, må du slutte å ta det {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Marevan (warfarin) skal stoppes {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Siste dose Marevan tar du {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Warfarin må settes på pause {days(n, w, 'døgn')} før {c['noun']}.",
    ],
    "blood_thinner:platelet": [
        lambda n, w, c: f"Plavix må du slutte med {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Bruker du Albyl-E eller Plavix, stopper du {days(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Brilique skal ikke tas de siste {num(n, w)} dagene før {c['noun']}.",
        lambda n, w, c: f"Blodplatehemmende medisin som Plavix stoppes {days(n, w)} i forkant.",
    ],
    "smoking": [
        lambda n, w, c: f"Du må ikke røyke eller snuse {hours(n, w, True)} før {c['noun']}.",
        lambda n, w, c: f"Røyking er ikke tillatt {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Slutt å røyke {hours(n, w)} før {c['noun']}.",
        lambda n, w, c: f"Snus og tyggegummi er ikke lov {hours(n, w, True)} før {c['noun']}.",
    ],
    "no_driving": [
        lambda n, w, c: f"Du kan ikke kjøre bil de første {num(n, w)} timene etter at du har fått beroligende.",
        lambda n, w, c: f"Har du fått beroligende medisin, må du ikke kjøre bil på {hours(n, w)} etterpå.",
        lambda n, w, c: f"Etter sedasjon er det ikke lov å kjøre bil de neste {num(n, w)} timene.",
        lambda n, w, c: f"Du må ikke kjøre bil før det har gått {hours(n, w)} etter at du fikk beroligende.",
    ],
}

# What each phrasing above counts "before" from, in order: the procedure ("før {noun}"),
# arrival ("før du møter"), or None where it does not say ("før timen din", no "før").
FACT_REFERENCES: dict[str, list[str | None]] = {
    "solid_food": ["procedure", "procedure", "procedure", "arrival", "procedure", None, "procedure",
                   "procedure", "procedure"],
    "clear_liquids": ["procedure", "procedure", "arrival", "procedure", None, "procedure"],
    "smoking": ["procedure", "procedure", "procedure", "procedure"],
}

# One sentence with a value for adults and one for children: (adults, children, words, ctx) -> text.
AGE_SPLIT_PHRASES: dict[str, list[Callable[[int, int, bool, dict], str]]] = {
    "solid_food": [
        lambda a, b, w, c: f"Voksne må faste i {hours(a, w)} før {c['noun']}, og barn skal faste i {hours(b, w)} før.",
        lambda a, b, w, c: f"Voksne skal ikke spise {hours(a, w, True)} før {c['noun']}, mens barn under 12 år kan "
                           f"spise inntil {hours(b, w)} før.",
    ],
    "clear_liquids": [
        lambda a, b, w, c: f"Voksne kan drikke klare væsker inntil {hours(a, w)} før {c['noun']}, og barn kan drikke "
                           f"inntil {hours(b, w)} før.",
    ],
}

RULE_PHRASES: dict[str, dict[str, list[RulePhrase]]] = {
    "solid_food": {
        "from_midnight": [
            lambda c, a: f"Du må faste fra midnatt før {c['noun']}.",
            lambda c, a: "Ikke spis noe etter midnatt.",
            lambda c, a: f"Du skal ikke spise mat fra midnatt natten før {c['noun']}.",
        ],
        "from_time": [
            lambda c, a: f"Du må ikke spise etter kl. {a} kvelden før {c['noun']}.",
            lambda c, a: f"Siste måltid kan du spise før kl. {a} dagen før.",
            lambda c, a: f"Fra kl. {a} kvelden før skal du ikke spise noe.",
        ],
        "follow_letter": [
            lambda c, a: "Følg instruksjonene om faste i innkallingsbrevet.",
            lambda c, a: "Hvor lenge du må faste, står i innkallingsbrevet ditt.",
            lambda c, a: "Du får beskjed om faste i innkallingen.",
        ],
    },
    "clear_liquids": {
        "from_midnight": [
            lambda c, a: "Du kan ikke drikke noe etter midnatt.",
            lambda c, a: f"Fra midnatt før {c['noun']} skal du ikke drikke.",
            lambda c, a: "Klare væsker kan du drikke fram til midnatt.",
        ],
        "follow_letter": [
            lambda c, a: "Hva du kan drikke før timen, står i innkallingsbrevet.",
            lambda c, a: "Følg innkallingsbrevet om når du må slutte å drikke.",
        ],
    },
    "blood_thinner:platelet": {
        "continue": [
            lambda c, a: "Albyl-E skal du fortsette med som vanlig.",
            lambda c, a: f"Du kan fortsette å ta Albyl-E og Plavix som vanlig før {c['noun']}.",
            lambda c, a: "Plavix trenger du ikke å stoppe med.",
        ],
        "follow_letter": [
            lambda c, a: "Om du skal stoppe med Albyl-E eller Plavix, står i innkallingsbrevet.",
            lambda c, a: "Følg innkallingsbrevet om bruk av Plavix.",
        ],
    },
    "blood_thinner:warfarin": {
        "follow_letter": [
            lambda c, a: "Bruker du Marevan, følger du instruksjonen i innkallingsbrevet.",
            lambda c, a: "Hvordan du skal gjøre det med Marevan, står i innkallingsbrevet.",
        ],
    },
    "blood_thinner:unspecified": {
        "follow_letter": [
            lambda c, a: "Bruker du blodfortynnende medisiner, følger du instruksjonene i innkallingsbrevet.",
            lambda c, a: "Om blodfortynnende medisin: se innkallingsbrevet.",
        ],
    },
}


def _phone(rng: random.Random) -> str:
    return f"{rng.randint(22, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


# Sentences with numbers and time words that are no preparation instructions: what a page
# says about the appointment's administration, waiting, answers and the place.
NOISE: list[Callable[[random.Random, dict], str]] = [
    lambda r, c: f"Timer som ikke er avbestilt senest {r.choice([24, 48])} timer før, blir fakturert.",
    lambda r, c: f"Dersom du ikke kan møte, må du gi beskjed senest {r.choice([24, 48])} timer før timen.",
    lambda r, c: f"Avbestilling må skje senest {r.choice(['én', 'to', 'tre'])} virkedager før.",
    lambda r, c: f"Uteblir du fra timen, må du betale et gebyr på {r.choice([700, 1000, 1500])} kroner.",
    lambda r, c: f"Egenandelen er {r.choice([375, 400, 415])} kroner.",
    lambda r, c: f"Ventetiden er for tiden {r.randint(3, 6)}–{r.randint(7, 12)} uker.",
    lambda r, c: f"Svar på prøven får du etter {r.randint(1, 3)}–{r.randint(4, 6)} uker.",
    lambda r, c: f"Svaret sendes til legen din innen {r.choice([7, 10, 14])} dager.",
    lambda r, c: f"Telefonen er åpen kl. {r.choice(['08.00', '08.30', '09.00'])}–{r.choice(['14.00', '15.00', '15.30'])}.",
    lambda r, c: f"Ring {_phone(r)} hvis du har spørsmål.",
    lambda r, c: f"Barn under {r.choice([12, 16, 18])} år må ha med en voksen.",
    lambda r, c: f"Du får {r.choice([1, 2])} tabletter à {r.choice([500, 1000])} mg paracetamol mot smerter.",
    lambda r, c: f"Avdelingen ligger i {r.randint(2, 6)}. etasje.",
    lambda r, c: f"Du må regne med å være sykmeldt i {r.randint(1, 4)} uker.",
    lambda r, c: f"Drikk rikelig de første {r.choice([12, 24])} timene etter {c['noun']}.",
    lambda r, c: f"Unngå alkohol i {r.choice([24, 48])} timer etter {c['noun']}.",
    lambda r, c: f"Besøkstiden er fra kl. {r.randint(15, 17)} til kl. {r.randint(18, 20)}.",
    lambda r, c: f"Parkeringen ved {c['sted']} koster {r.choice([20, 25, 30])} kroner per time.",
]
