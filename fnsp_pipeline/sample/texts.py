"""Norwegian (bokmål) text templates for the local pages, and the preparation facts.

A procedure's page text is built from slots; each slot has several phrasings. Each foretak
picks phrasings, order and optional local sentences, so versions of one procedure at
different foretak are similar but locally adapted. Preparation facts (fasting, drinking,
blood thinners per drug group, smoking, arrival, duration, no driving after sedation) are
values in their kind's unit or rules ("from_midnight", "from_time 22:00", "continue",
"follow_letter"), written in the phrasing set the dataset was generated with
(`phrasings_dev`, or the held-out `phrasings_heldout`), with numerals and number words.
Pages also carry sentences with numbers that are no instructions (`NOISE`: cancelling,
fees, waiting and answer times, phones, ages, doses, floors). Clean texts carry none of the
placeholder phrases in `PLACEHOLDERS`."""

from __future__ import annotations

import importlib
import random

from fnsp_pipeline.settings import SAMPLE_PHRASINGS as PHRASING_SETS

FACTS = ("solid_food", "clear_liquids", "smoking", "blood_thinner:unspecified", "blood_thinner:warfarin",
         "blood_thinner:platelet", "arrive_early", "duration", "no_driving")
FACT_SECTION = {**{k: "for" for k in FACTS}, "duration": "under", "no_driving": "etter"}
# A statement is a value in the kind's unit or one of these rules ("from_time HH:MM" takes a time).
RULES = ("from_midnight", "from_time", "continue", "follow_letter")
# Kinds counted in hours before a point the text may name (the procedure, or arrival): their
# phrasings declare it in FACT_REFERENCES, and one procedure's pages count from one point.
COUNTED = ("solid_food", "clear_liquids", "smoking")
DEFERRABLE = ("solid_food", "clear_liquids", "blood_thinner:unspecified", "blood_thinner:warfarin",
              "blood_thinner:platelet")  # kinds a page may leave to the appointment letter
# What a divergent page says instead: other values, and rules where the kind has them.
DIVERGENT_OPTIONS: dict[str, list[int | str]] = {
    "solid_food": [2, 4, 6, 8, 12, "from_midnight", "from_time 22:00"],
    "clear_liquids": [1, 2, 3, 4, 6, "from_midnight"],
    "smoking": [2, 6, 12, 24],
    "blood_thinner:unspecified": [1, 2, 3, 5, 7, 10],
    "blood_thinner:warfarin": [2, 3, 5, 7],
    "blood_thinner:platelet": [3, 5, 7, 10, "continue"],
    "arrive_early": [10, 15, 30, 45, 60, 90, 120],
    "duration": [10, 15, 20, 30, 45, 60, 90, 120, 180],
    "no_driving": [6, 12, 24],
}
# Editorial markers left inside otherwise real text.
INLINE_MARKERS = ["Ring XXX sett inn telefonnummer XXX.", "Møt i [sett inn oppmøtested].",
                  "TODO: sjekk fastetid med avdelingen.", "Lorem ipsum dolor sit amet.", "Tekst kommer.",
                  "[Fyll inn navn på avdelingen] tar imot deg."]


def statement(value: int | str) -> str:
    """How the truth record writes a statement: "6" (in the kind's unit) or the rule."""
    return value if isinstance(value, str) else f"{value:g}"


def phrasing_set(name: str):
    """The module holding FACT_PHRASES, RULE_PHRASES and NOISE for a phrasing set."""
    if name not in PHRASING_SETS:
        raise ValueError(f"unknown phrasing set {name!r}: expected one of {', '.join(PHRASING_SETS)}")
    return importlib.import_module(f"fnsp_pipeline.sample.phrasings_{name}")

# Fact profiles per modality/kind: fact -> (probability the procedure has it, values).
FACT_PROFILES: dict[str, dict[str, tuple[float, list[int | str]]]] = {
    "mr": {"arrive_early": (0.9, [15, 30]), "duration": (1.0, [20, 30, 45, 60])},
    "mr_kontrast": {"arrive_early": (1.0, [30]), "duration": (1.0, [30, 45, 60])},
    "ct": {"arrive_early": (0.8, [15, 30]), "duration": (1.0, [10, 15, 20])},
    "ct_kontrast": {"arrive_early": (1.0, [30, 60]), "duration": (1.0, [15, 20]),
                    "solid_food": (0.6, [2, 4])},
    "ultralyd": {"arrive_early": (0.6, [10, 15]), "duration": (1.0, [15, 20, 30])},
    "rontgen": {"arrive_early": (0.5, [10, 15]), "duration": (1.0, [10, 15])},
    "nuklear": {"arrive_early": (1.0, [15, 30]), "duration": (1.0, [30, 45, 60, 90, 120]),
                "solid_food": (0.5, [4, 6])},
    "biopsi": {"solid_food": (1.0, [4, 6]), "clear_liquids": (0.7, [2]),
               "blood_thinner:unspecified": (0.6, [3, 5, 7]), "blood_thinner:warfarin": (0.4, [3, 5]),
               "blood_thinner:platelet": (0.4, [5, 7, "continue"]), "arrive_early": (1.0, [30, 60]),
               "duration": (1.0, [20, 30, 45])},
    "endoskopi": {"solid_food": (1.0, [6, 8, "from_midnight"]), "clear_liquids": (0.9, [2, 3]),
                  "no_driving": (0.6, [12, 24]), "blood_thinner:platelet": (0.3, ["continue", 7]),
                  "blood_thinner:unspecified": (0.7, [3, 5, 7]), "arrive_early": (1.0, [15, 30]),
                  "duration": (1.0, [15, 20, 30, 45])},
    "hjerte_us": {"arrive_early": (0.8, [15, 30]), "duration": (1.0, [30, 45, 60])},
    "hjerte_inv": {"solid_food": (1.0, [6]), "clear_liquids": (1.0, [2]), "blood_thinner:warfarin": (0.5, [3]),
                   "blood_thinner:unspecified": (0.8, [3, 5]), "arrive_early": (1.0, [60, 90]),
                   "duration": (1.0, [60, 90, 120])},
    "operasjon": {"solid_food": (1.0, [6, "from_midnight", "from_time 22:00"]), "clear_liquids": (1.0, [2]),
                  "smoking": (0.5, [2, 6, 12]), "blood_thinner:platelet": (0.5, [5, 7, "continue"]),
                  "no_driving": (0.3, [24]),
                  "blood_thinner:unspecified": (0.8, [3, 5, 7]), "arrive_early": (1.0, [60, 90, 120]),
                  "duration": (0.8, [45, 60, 90, 120, 180])},
    "cellegift": {"arrive_early": (0.8, [15, 30]), "duration": (1.0, [60, 120, 180])},
    "straling": {"arrive_early": (0.8, [15]), "duration": (1.0, [15, 20, 30])},
    "poliklinikk": {"arrive_early": (0.7, [15, 30]), "duration": (0.5, [30, 45, 60, 90])},
    "rehab": {"arrive_early": (0.3, [30])},
    "psykisk": {"arrive_early": (0.4, [10, 15]), "duration": (0.6, [45, 60, 90])},
    "rus": {"arrive_early": (0.4, [10, 15]), "duration": (0.5, [45, 60])},
    "fodsel": {"arrive_early": (0.4, [15, 30])},
}

NOUNS = {"undersokelse": ("undersøkelsen", "Undersøkelsen"), "behandling": ("behandlingen", "Behandlingen"),
         "operasjon": ("operasjonen", "Operasjonen"), "samtale": ("samtalen", "Samtalen"),
         "timen": ("timen", "Timen")}

Slot = list[str]

COMMON: dict[str, list[Slot]] = {
    "for_first": [[
        "Du får innkalling med tidspunkt og oppmøtested.",
        "Innkallingen forteller deg når og hvor du skal møte.",
        "Du får brev med dato og klokkeslett for {noun}.",
    ]],
    "for_last": [[
        "Ta med liste over medisinene du bruker.",
        "Ha med en oppdatert oversikt over faste medisiner.",
        "Husk å ta med medisinlisten din.",
    ], [
        "Gi beskjed til {avdeling_lc} dersom du trenger tolk.",
        "Trenger du tolk, må du si fra til oss i god tid.",
        "Si fra på forhånd hvis du har behov for tolk.",
    ]],
    "etter_last": [[
        "Du får informasjon om videre oppfølging før du går hjem.",
        "Før du reiser hjem, får du vite hva som skjer videre.",
        "Vi forteller deg om videre oppfølging før du drar.",
    ], [
        "Ta kontakt med fastlegen din hvis du får plager etter {noun}.",
        "Får du plager i etterkant, kan du kontakte fastlegen.",
        "Kontakt fastlegen eller legevakten dersom du blir dårlig etter {noun}.",
    ]],
    "om_last": [[
        "{Noun} gjøres ved {avdeling_lc}.",
        "Det er {avdeling_lc} som har ansvar for {noun}.",
        "{Avdeling} ved {sted} tar imot deg.",
    ]],
}

KIND_TEXT: dict[str, dict[str, list[Slot]]] = {
    "bilde": {
        "om": [["{Tittel} er en undersøkelse der vi tar bilder av {area} for å finne årsaken til plagene dine.",
                "Ved {t} tar vi bilder som gir legen god informasjon om {area}.",
                "{Tittel} gir detaljerte bilder av {area}."]],
        "for": [],
        "under": [["Du ligger på en benk mens bildene tas.", "Under undersøkelsen ligger du på et bord.",
                   "Du blir lagt godt til rette på en benk."],
                  ["Det er viktig at du ligger helt stille.", "Prøv å ligge så stille som mulig mens bildene tas.",
                   "Du må ligge stille for at bildene skal bli gode."],
                  ["Personalet kan hele tiden se og høre deg.", "Du kan snakke med personalet underveis."]],
        "etter": [["Bildene blir vurdert av en radiolog.", "En lege som er spesialist i radiologi, tolker bildene.",
                   "Radiologen beskriver bildene og sender svar til legen som henviste deg."],
                  ["Svaret får du fra legen som henviste deg.", "Du får svar på undersøkelsen fra henvisende lege.",
                   "Legen som henviste deg, gir deg svaret."]],
    },
    "endoskopi": {
        "om": [["Ved {t} ser legen inn i kroppen med et tynt, bøyelig instrument med kamera.",
                "{Tittel} er en undersøkelse med et tynt instrument som har kamera på tuppen.",
                "Under {t} bruker legen et endoskop for å se på slimhinnen."],
               ["Legen kan ta vevsprøver og fjerne små forandringer under undersøkelsen.",
                "Det er mulig å ta prøver underveis hvis legen ser noe som bør undersøkes nærmere."]],
        "for": [["Du må følge tømmingsinstruksen du får tilsendt.",
                 "Les forberedelsesskrivet nøye, og følg rådene om kost og tømming.",
                 "Følg den skriftlige instruksen om forberedelser som du får sammen med innkallingen."],
                ["Du kan ikke kjøre bil hjem dersom du får beroligende medisin.",
                 "Avtal henting på forhånd, siden du ikke kan kjøre bil etter beroligende medisin."]],
        "under": [["Du ligger på siden på en benk.", "Du ligger på venstre side under undersøkelsen."],
                  ["Du kan få beroligende eller smertestillende medisin.",
                   "Hvis du ønsker det, får du medisin som gjør deg avslappet."],
                  ["Det kan kjennes ubehagelig, men det skal ikke gjøre vondt.",
                   "Undersøkelsen kan oppleves ubehagelig, men de fleste synes det går greit."]],
        "etter": [["Du hviler en stund før du kan reise hjem.", "Etter undersøkelsen blir du observert en liten stund.",
                   "Du får hvile til den beroligende medisinen har gått ut av kroppen."],
                  ["Det er vanlig å kjenne seg oppblåst en stund etterpå.",
                   "Litt luft i magen etterpå er normalt og går over av seg selv."]],
    },
    "hjerte": {
        "om": [["{Tittel} gir legen informasjon om hvordan hjertet ditt fungerer.",
                "Ved {t} får vi kunnskap om hjertets funksjon og rytme.",
                "{Tittel} hjelper legen å vurdere hjertet ditt."],
               ["Undersøkelser og behandling av hjertet gjøres av erfarne kardiologer.",
                "Hjerteleger og sykepleiere med spesialkompetanse følger deg gjennom forløpet."]],
        "for": [["Ta dine faste medisiner som vanlig, med mindre du får annen beskjed.",
                 "Fortsett med medisinene dine som normalt hvis ikke legen har sagt noe annet."],
                ["Ha på deg klær som er lette å ta av og på.", "Kle deg i behagelige klær."]],
        "under": [["Du får elektroder festet på brystet.", "Vi fester små elektroder på huden for å følge hjerterytmen."],
                  ["Sykepleier og lege er hos deg hele tiden.", "Du blir fulgt tett av personalet underveis."]],
        "etter": [["Legen går gjennom resultatet med deg.", "Resultatet blir vurdert av en hjertelege.",
                   "Du får vite resultatet av legen før du drar, eller i et brev."],
                  ["Unngå tunge løft de første dagene hvis legen anbefaler det.",
                   "Følg rådene om aktivitet som du får fra legen."]],
    },
    "operasjon": {
        "om": [["{Tittel} er et inngrep som gjøres når annen behandling ikke har hjulpet nok.",
                "Ved {t} gjør kirurgen et inngrep for å bedre plagene dine.",
                "{Tittel} kan gi bedre funksjon og mindre smerter."],
               ["Inngrepet kan ofte gjøres med kikkhullsteknikk.", "Kirurgen velger operasjonsmetode ut fra din situasjon."]],
        "for": [["Du må dusje og vaske håret kvelden før eller samme morgen.",
                 "Dusj og vask deg godt før du kommer til sykehuset.",
                 "Det er viktig med god hygiene, så dusj før oppmøtet."],
                ["Du må ikke røyke eller snuse før operasjonen.", "Slutt å røyke i god tid før inngrepet."]],
        "under": [["Du får narkose eller bedøvelse slik at du ikke kjenner smerte.",
                   "Narkoselegen avgjør sammen med deg hvilken bedøvelse du får.",
                   "Operasjonen skjer i narkose eller med lokalbedøvelse."],
                  ["Et team av kirurg, narkoselege og sykepleiere er med under inngrepet.",
                   "Operasjonsteamet følger deg tett hele tiden."]],
        "etter": [["Du blir overvåket på oppvåkningen til du er våken og stabil.",
                   "Etter operasjonen ligger du på oppvåkningsavdelingen en stund.",
                   "Du blir fulgt opp på oppvåkningen før du kommer tilbake til sengeposten."],
                  ["Du får smertestillende medisin ved behov.", "Smertene kan lindres med medisiner."],
                  ["Du får med deg råd om sårstell og aktivitet.", "Sykepleier forteller deg hvordan du steller såret."]],
    },
    "poliklinikk": {
        "om": [["{Tittel} foregår på poliklinikken.", "Ved {t} møter du lege og sykepleier på poliklinikken.",
                "{Tittel} gjøres i all hovedsak poliklinisk."],
               ["Målet er å finne den beste behandlingen for deg.", "Sammen med deg legger vi en plan for videre forløp.",
                "Vi legger vekt på at du skal være med å bestemme."]],
        "for": [["Skriv gjerne ned spørsmål du vil stille legen.", "Tenk gjennom hva du ønsker å snakke om, og noter det ned."],
                ["Du kan ta med en pårørende.", "Det er fint å ha med en du kjenner."]],
        "under": [["Legen spør deg om plagene dine og gjør en undersøkelse.",
                   "Du får en samtale med lege og en klinisk undersøkelse.",
                   "Timen starter med en samtale om sykehistorien din."],
                  ["Det kan bli tatt blodprøver eller andre prøver.", "Ofte tar vi også prøver."]],
        "etter": [["Du får vite resultatet og videre plan.", "Legen forteller deg om resultatet og hva som skjer videre.",
                   "Etter timen får du en plan for oppfølging."]],
    },
    "rehab": {
        "om": [["{Tittel} skal hjelpe deg å mestre hverdagen best mulig.",
                "Målet med {t} er at du skal fungere best mulig i eget liv.",
                "{Tittel} er et tilbud for deg som trenger trening og oppfølging."],
               ["Et tverrfaglig team lager et opplegg sammen med deg.",
                "Fysioterapeut, ergoterapeut, sykepleier og lege samarbeider om opplegget ditt."]],
        "for": [["Ta med treningstøy og innesko.", "Husk treningsklær og gode sko."],
                ["Tenk gjennom hvilke mål du har for oppholdet.", "Det er nyttig å ha tenkt over egne mål."]],
        "under": [["Du deltar i trening, undervisning og samtaler.", "Dagene består av trening, undervisning og veiledning."],
                  ["Opplegget tilpasses dine behov.", "Vi tilpasser aktivitetene til deg."]],
        "etter": [["Du får en plan for videre trening hjemme.", "Vi lager en plan for hvordan du kan fortsette på egen hånd."],
                  ["Kommunen kan følge deg opp videre.", "Vi samarbeider med kommunen om videre oppfølging."]],
    },
    "psykisk": {
        "om": [["{Tittel} er et tilbud til deg som trenger hjelp fra spesialisthelsetjenesten.",
                "Vi tilbyr {t} til deg som strever i hverdagen.",
                "{Tittel} gis av et team med psykolog, psykiater og andre fagfolk."],
               ["Behandlingen bygger på samarbeid mellom deg og behandleren.",
                "Du og behandleren finner sammen ut hva som er viktig for deg."]],
        "for": [["Tenk gjerne over hva du ønsker hjelp til.", "Det kan være lurt å tenke gjennom hva du ønsker å endre."],
                ["Pårørende kan være med dersom du ønsker det.", "Du kan ta med deg en du stoler på."]],
        "under": [["Samtalene foregår i et rolig rom.", "Vi møtes i et skjermet samtalerom."],
                  ["Du bestemmer selv hva du vil fortelle.", "Du snakker om det du selv ønsker."]],
        "etter": [["Vi lager en plan for videre behandling sammen.", "Sammen evaluerer vi hvordan behandlingen har virket."],
                  ["Fastlegen får informasjon om behandlingen.", "Vi samarbeider med fastlegen om oppfølgingen."]],
    },
    "fodsel": {
        "om": [["Vi ønsker at du skal føle deg trygg før, under og etter {noun}.",
                "Jordmødre og leger følger deg gjennom hele forløpet.",
                "{Tittel} skjer i trygge omgivelser på fødeavdelingen."],
               ["Partner eller en annen støtteperson kan være med.", "Du kan ha med deg en ledsager."]],
        "for": [["Ha med helsekortet for gravide.", "Husk helsekortet for gravide."],
                ["Ring fødeavdelingen før du kommer.", "Ta kontakt med fødeavdelingen på telefon før du drar hjemmefra."]],
        "under": [["Jordmor er hos deg og følger med på deg og barnet.", "Jordmor følger med på deg og barnet hele tiden."],
                  ["Du får tilbud om smertelindring.", "Vi snakker med deg om smertelindring underveis."]],
        "etter": [["Du og barnet blir fulgt opp på barselavdelingen.", "Etter fødselen får dere tett oppfølging på barsel."],
                  ["Helsestasjonen tar over oppfølgingen når dere kommer hjem.",
                   "Helsestasjonen i kommunen følger dere videre."]],
    },
    "kreft": {
        "om": [["{Tittel} er en del av behandlingen av kreftsykdommen din.",
                "Ved {t} er målet å behandle kreften og redusere risikoen for tilbakefall.",
                "{Tittel} planlegges individuelt for hver pasient."],
               ["Kreftsykepleier er kontaktpersonen din gjennom behandlingen.",
                "Du får en fast kontaktperson i behandlingsforløpet."]],
        "for": [["Spis og drikk som vanlig, med mindre du får annen beskjed.",
                 "Det er viktig å få i seg nok mat og drikke i behandlingsperioden."],
                ["Ta med en oversikt over bivirkningene du har hatt.", "Noter bivirkninger, slik at vi kan hjelpe deg med dem."]],
        "under": [["Du sitter i en behagelig stol eller ligger på en benk.", "Du ligger eller sitter godt til rette."],
                  ["Sykepleier følger med på deg underveis.", "Vi følger nøye med på hvordan du har det."]],
        "etter": [["Det er vanlig å bli sliten i tiden etter behandlingen.", "Mange kjenner seg trøtte og slitne etterpå."],
                  ["Kontakt oss med en gang hvis du får feber.", "Får du feber, må du ringe oss umiddelbart."]],
    },
}

MODALITY_TEXT: dict[str, dict[str, Slot]] = {
    "mr": {"om": ["MR bruker magnetfelt og radiobølger, og du blir ikke utsatt for røntgenstråling.",
                  "Ved MR brukes et sterkt magnetfelt i stedet for stråling."],
           "for": ["Gi beskjed hvis du har pacemaker, insulinpumpe eller andre implantater.",
                   "Si fra dersom du har metall eller elektroniske implantater i kroppen."],
           "under": ["Maskinen lager høye bankelyder, og du får hørselvern.",
                     "Det bråker i maskinen, derfor får du øreklokker eller ørepropper."]},
    "ct": {"om": ["CT er en røntgenundersøkelse som lager snittbilder av kroppen.",
                  "Ved CT tas det mange røntgenbilder som settes sammen til snittbilder."],
           "under": ["Bordet beveger seg gjennom en stor ring mens bildene tas.",
                     "Du kjøres gjennom en åpen ring mens maskinen tar bilder."]},
    "kontrast": {"for": ["Gi beskjed hvis du har nedsatt nyrefunksjon eller har reagert på kontrastmiddel tidligere.",
                         "Si ifra om du har allergi mot kontrastmiddel eller dårlig nyrefunksjon."],
                 "under": ["Du får kontrastmiddel sprøytet inn i en blodåre i armen.",
                           "Kontrastmiddelet gis gjennom en tynn plastkanyle i armen."],
                 "etter": ["Drikk gjerne litt ekstra resten av dagen.", "Det er lurt å drikke godt etter undersøkelsen."]},
    "ultralyd": {"om": ["Ultralyd bruker lydbølger og er helt ufarlig.", "Undersøkelsen gjøres med lydbølger, uten stråling."],
                 "under": ["Legen stryker gele på huden og fører et lydhode over området.",
                           "Vi legger gele på huden og beveger en probe over området."]},
    "rontgen": {"om": ["Røntgen er en rask undersøkelse med lav stråledose.",
                       "Ved røntgen brukes en svært liten dose stråling."],
                "under": ["Radiografen hjelper deg i riktig stilling før hvert bilde.",
                          "Vi hjelper deg å finne riktig stilling før bildene tas."]},
    "nuklear": {"om": ["Du får en liten mengde radioaktivt sporstoff som viser hvordan organene fungerer.",
                       "Undersøkelsen bruker et sporstoff med svært lav stråledose."],
                "under": ["Sporstoffet sprøytes inn i en blodåre i armen.", "Du får sporstoffet som en injeksjon i armen."]},
    "biopsi": {"om": ["Legen bruker ultralyd eller CT for å finne riktig sted for prøven.",
                      "Prøven tas med en tynn nål under bildeveiledning."],
               "under": ["Du får lokalbedøvelse i huden før legen stikker.", "Huden bedøves før nålen settes inn."],
               "etter": ["Du må ligge til observasjon en stund etter inngrepet.",
                         "Etter prøven blir du observert på avdelingen en periode."]},
}

OPTIONAL: dict[str, Slot] = {
    "om": ["Ved {sted} har vi lang erfaring med {t}.", "{Avdeling} tar imot pasienter fra hele {omrade}.",
           "Vi legger vekt på god informasjon og trygghet for pasientene våre."],
    "for": ["Parkeringsplassene ved {sted} er ofte fulle, så beregn god tid.", "Du kan ta med en ledsager.",
            "Husk å melde deg i skranken når du møter.", "Ta med gyldig legitimasjon."],
    "etter": ["Har du spørsmål, kan du ringe {avdeling_lc}.", "Du får med deg skriftlig informasjon hjem.",
              "Du kan lese journalen din på helsenorge.no."],
}
VENTETID: Slot = ["Ventetiden varierer. Du finner oppdatert ventetid på helsenorge.no.",
                  "Se helsenorge.no for oppdaterte ventetider ved {sted}.",
                  "Du får beskjed om ventetid i innkallingen."]
ANNET: Slot = ["Ved {sted} finnes det kafé og kiosk i vestibylen.",
               "Det er egne parkeringsplasser for pasienter ved hovedinngangen.",
               "Sykehuset har trådløst nett som pasienter kan bruke gratis."]

SECTION_TITLES = {
    "om": ["Om {noun}", "Om {noun}"],
    "for": ["Før {noun}", "Forberedelser"],
    "under": ["Under {noun}", "Slik foregår {noun}"],
    "etter": ["Etter {noun}", "Etter {noun}"],
    "ventetid": ["Ventetid", "Ventetid"],
    "annet": ["Praktisk informasjon", "Annet"],
}

PLACEHOLDERS = [
    "<p>Tekst kommer.</p>", "<p>Under arbeid</p>", "<p>Informasjon kommer snart.</p>",
    "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>",
    "TBD", "<p>Tekst kommer</p>", "<p>Mer informasjon kommer.</p>", "<p>Kontakt avdelingen.</p>",
    "<p>Se brev.</p>", "<p>XXX</p>", "<p>Lorem ipsum</p>", "<p>Informasjon kommer</p>",
    "<p>Denne seksjonen er under arbeid.</p>", "<p>TODO: fylles ut</p>",
    # more ways to say the same: announcements, editorial notes, filler and thin referrals
    "<p>Informasjon om forberedelser kommer snart.</p>", "<p>Siden er under arbeid og blir oppdatert.</p>",
    "<p>Teksten fylles ut av fagavdelingen senere.</p>", "<p>[Tekst kommer her]</p>", "<ul><li>TODO</li></ul>",
    "<p>Innhold publiseres senere.</p>", "<p>Ikke ferdig.</p>", "<p>Ring oss.</p>", "<p>Se innkallingen.</p>",
    "<p>…</p>", "<p>Lorem ipsum dolor sit amet.</p><p>Sed ut perspiciatis unde omnis iste natus error.</p>",
    "<p>Tekst kommer etter hvert, når fagmiljøet har godkjent den.</p>",
]
EMPTY_SECTION_TEXTS = ["", "   ", "<p></p>", "<p> </p>", "<p><br></p>", "\n\t"]


def lower_title(title: str) -> str:
    first = title.split(" ")[0]
    if sum(ch.isupper() for ch in first) > 1:  # MR, CT, ERCP, PET-CT, EEG
        return title
    return title[0].lower() + title[1:]


def context(spec, noun_key: str, avdeling: str, sted: str, omrade: str) -> dict[str, str]:
    noun, noun_cap = NOUNS[noun_key]
    area = spec.body_part or "det aktuelle området"
    return {
        "Tittel": spec.title, "t": lower_title(spec.title), "noun": noun, "Noun": noun_cap,
        "avdeling_lc": avdeling[0].lower() + avdeling[1:], "Avdeling": avdeling, "sted": sted,
        "omrade": omrade, "area": area,
    }


def pick(rng: random.Random, slot: Slot) -> str:
    # The first phrasing is the most common one; others are local variants.
    r = rng.random()
    if r < 0.78 or len(slot) == 1:
        return slot[0]
    return slot[1] if r < 0.94 or len(slot) == 2 else slot[2]


def phrase_references(bank, fact: str) -> list[str | None] | None:
    """What each of the bank's phrasings of a kind counts "before" from ("procedure",
    "arrival", or None where it does not say), as the bank declares it; None for a bank or
    kind that declares nothing."""
    return getattr(bank, "FACT_REFERENCES", {}).get(fact)


# Kinds a page may state per age group ("Voksne ... 6 timer, og barn ... 4 timer"), where the
# phrasing set has AGE_SPLIT_PHRASES for them: (adults' value, children's value, words, ctx) -> text.
AGE_GROUPS = ("adults", "children")


def age_split(value) -> bool:
    """A fact written per age group: ("age", adults' value, children's value)."""
    return isinstance(value, tuple)


def stated_keys(kind: str, value) -> dict[str, str]:
    """What the truth records for a fact: {kind: statement}, or one key per age group."""
    if age_split(value):
        return {f"{kind}[adults]": statement(value[1]), f"{kind}[children]": statement(value[2])}
    return {kind: statement(value)}


def fact_sentence(rng: random.Random, fact: str, value: int | str, ctx: dict[str, str], bank,
                  counts_from: tuple[str | None, ...] | None = None,
                  pinned: int | None = None) -> tuple[str, str | None]:
    """One sentence stating the instruction (a value in the kind's unit, or a rule) and the
    reference point it writes. `counts_from`: the references the phrasing may write (None in
    it: one that says none); `pinned`: the phrasing to use where the bank declares none, so
    pages never differ in a reference that nobody knows."""
    if isinstance(value, str):
        rule, _, arg = value.partition(" ")
        return rng.choice(bank.RULE_PHRASES[fact][rule])(ctx, arg or None), None
    if age_split(value):
        return rng.choice(bank.AGE_SPLIT_PHRASES[fact])(value[1], value[2], rng.random() < 0.45, ctx), None
    phrases = bank.FACT_PHRASES[fact]
    references = phrase_references(bank, fact)
    if references is None or counts_from is None:
        index = pinned if pinned is not None and references is None else rng.randrange(len(phrases))
        written = references[index] if references else None
    else:
        index = rng.choice([i for i, r in enumerate(references) if r in counts_from])
        written = references[index]
    return phrases[index](value, rng.random() < 0.45, ctx), written


def noise_sentence(rng: random.Random, ctx: dict[str, str], bank) -> str:
    return rng.choice(bank.NOISE)(rng, ctx)


def section_slots(kind: str, modality: str | None, section: str) -> list[Slot]:
    slots: list[Slot] = []
    if section == "for":
        slots += COMMON["for_first"]
    slots += KIND_TEXT[kind].get(section, [])
    for key in _modality_keys(modality):
        if section in MODALITY_TEXT.get(key, {}):
            slots.append(MODALITY_TEXT[key][section])
    if section == "for":
        slots += COMMON["for_last"]
    if section == "etter":
        slots += COMMON["etter_last"]
    if section == "om":
        slots += COMMON["om_last"]
    return slots


def _modality_keys(modality: str | None) -> list[str]:
    if modality is None:
        return []
    if modality.endswith("_kontrast"):
        return [modality.removesuffix("_kontrast"), "kontrast"]
    return [modality]


def render_html(sentences: list[str], rng: random.Random, bullets: list[str] | None = None) -> str:
    if not sentences and not bullets:
        return ""
    parts: list[str] = []
    if len(sentences) <= 2:
        groups = [sentences]
    else:
        cut = rng.randint(1, len(sentences) - 1)
        groups = [sentences[:cut], sentences[cut:]]
    for group in groups:
        if group:
            parts.append("<p>" + " ".join(group) + "</p>")
    if bullets:
        parts.insert(1 if parts else 0, "<ul>" + "".join(f"<li>{b}</li>" for b in bullets) + "</ul>")
    return "".join(parts)


def fill(template: str, ctx: dict[str, str]) -> str:
    return template.format(**ctx)
