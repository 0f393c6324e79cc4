"""The pool of procedure titles the generator draws from: imaging of body parts, endoscopy,
cardiology, surgery, and examinations/treatments per diagnosis. Each entry knows its text
kind (which section templates and preparation facts apply) and its adoption group (which
specialised hospitals offer it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProcedureSpec:
    title: str
    type: str  # undersokelse | behandling
    fagomrade: str
    kind: str  # text/fact template family
    group: str  # adoption group (specialised hospitals adopt only their groups)
    modality: str | None = None
    body_part: str | None = None
    diagnosis: str | None = None
    study_category: str = "Annet"


# body part, is abdominal (fasting before some imaging), musculoskeletal
BODY_PARTS: list[tuple[str, bool, bool]] = [
    ("hode", False, False), ("hjerne", False, False), ("nakke", False, True),
    ("halsrygg", False, True), ("brystrygg", False, True), ("korsrygg", False, True),
    ("bekken", False, True), ("skulder", False, True), ("albue", False, True),
    ("håndledd", False, True), ("hånd", False, True), ("finger", False, True),
    ("hofte", False, True), ("kne", False, True), ("ankel", False, True), ("fot", False, True),
    ("hæl", False, True), ("lår", False, True), ("legg", False, True), ("overarm", False, True),
    ("underarm", False, True), ("kjeve", False, False), ("kjeveledd", False, True),
    ("bihuler", False, False), ("indre øre", False, False), ("øyehuler", False, False),
    ("thorax", False, False), ("lunger", False, False), ("hjerte", False, False),
    ("abdomen", True, False), ("lever", True, False), ("galleveier", True, False),
    ("bukspyttkjertel", True, False), ("nyrer", True, False), ("binyrer", True, False),
    ("milt", True, False), ("tynntarm", True, False), ("endetarm", True, False),
    ("urinveier", True, False), ("prostata", False, False), ("livmor", False, False),
    ("eggstokker", False, False), ("bryst", False, False), ("skjoldbruskkjertel", False, False),
    ("spyttkjertler", False, False), ("lyske", False, False), ("testikler", False, False),
    ("halspulsårer", False, False), ("hovedpulsåre", True, False), ("beinårer", False, False),
]

MODALITIES = {
    "mr": ("MR av {part}", 50), "ct": ("CT av {part}", 50), "ultralyd": ("Ultralyd av {part}", 40),
    "rontgen": ("Røntgen av {part}", 34),
}

# name, fagomrade, study category, kinds of page: u=utredning b=behandling o=oppfolging
# r=rehabilitering c=barn
DIAGNOSES: list[tuple[str, str, str, str]] = [
    ("diabetes type 1", "Endokrinologi", "Hormoner og stoffskifte", "ubocr"),
    ("diabetes type 2", "Endokrinologi", "Hormoner og stoffskifte", "ubo"),
    ("svangerskapsdiabetes", "Fødsel", "Graviditet og fødsel", "bo"),
    ("stoffskiftesykdom", "Endokrinologi", "Hormoner og stoffskifte", "ubo"),
    ("overvekt", "Endokrinologi", "Hormoner og stoffskifte", "ubc"),
    ("binyresykdom", "Endokrinologi", "Hormoner og stoffskifte", "ub"),
    ("KOLS", "Lungesykdommer", "Lunger og luftveier", "ubor"),
    ("astma", "Lungesykdommer", "Lunger og luftveier", "uboc"),
    ("søvnapné", "Lungesykdommer", "Lunger og luftveier", "ubo"),
    ("lungefibrose", "Lungesykdommer", "Lunger og luftveier", "ubo"),
    ("sarkoidose", "Lungesykdommer", "Lunger og luftveier", "ub"),
    ("hjertesvikt", "Hjertesykdommer", "Hjerte og kar", "ubor"),
    ("atrieflimmer", "Hjertesykdommer", "Hjerte og kar", "ubo"),
    ("angina pectoris", "Hjertesykdommer", "Hjerte og kar", "ubor"),
    ("hjerteinfarkt", "Hjertesykdommer", "Hjerte og kar", "bor"),
    ("høyt blodtrykk", "Hjertesykdommer", "Hjerte og kar", "ubo"),
    ("hjerteklaffesykdom", "Hjertesykdommer", "Hjerte og kar", "ubo"),
    ("medfødt hjertefeil", "Barnesykdommer", "Barn og unge", "uboc"),
    ("hjerneslag", "Nevrologi", "Hjerne og nerver", "bor"),
    ("epilepsi", "Nevrologi", "Hjerne og nerver", "uboc"),
    ("multippel sklerose", "Nevrologi", "Hjerne og nerver", "ubor"),
    ("Parkinsons sykdom", "Nevrologi", "Hjerne og nerver", "ubor"),
    ("migrene", "Nevrologi", "Hjerne og nerver", "ubc"),
    ("demens", "Nevrologi", "Hjerne og nerver", "uo"),
    ("ALS", "Nevrologi", "Hjerne og nerver", "uo"),
    ("nevropati", "Nevrologi", "Hjerne og nerver", "ub"),
    ("hodepine", "Nevrologi", "Hjerne og nerver", "ubc"),
    ("svimmelhet", "Øre-nese-hals", "Øre, nese og hals", "ub"),
    ("hørselstap", "Øre-nese-hals", "Øre, nese og hals", "ubc"),
    ("øresus", "Øre-nese-hals", "Øre, nese og hals", "ub"),
    ("bihulebetennelse", "Øre-nese-hals", "Øre, nese og hals", "ub"),
    ("mandelbetennelse", "Øre-nese-hals", "Øre, nese og hals", "bc"),
    ("grå stær", "Øyesykdommer", "Øye", "ub"),
    ("grønn stær", "Øyesykdommer", "Øye", "ubo"),
    ("makuladegenerasjon", "Øyesykdommer", "Øye", "ubo"),
    ("skjeling", "Øyesykdommer", "Øye", "bc"),
    ("psoriasis", "Hudsykdommer", "Hud", "ubo"),
    ("atopisk eksem", "Hudsykdommer", "Hud", "uboc"),
    ("føflekkreft", "Kreftsykdommer", "Kreft", "ubo"),
    ("kroniske sår", "Hudsykdommer", "Hud", "bo"),
    ("leddgikt", "Revmatologi", "Revmatisme og immunforsvar", "ubor"),
    ("Bekhterevs sykdom", "Revmatologi", "Revmatisme og immunforsvar", "ubor"),
    ("artrose", "Revmatologi", "Muskel og skjelett", "ubr"),
    ("osteoporose", "Revmatologi", "Muskel og skjelett", "ubo"),
    ("urinsyregikt", "Revmatologi", "Revmatisme og immunforsvar", "ub"),
    ("lupus", "Revmatologi", "Revmatisme og immunforsvar", "ubo"),
    ("fibromyalgi", "Revmatologi", "Muskel og skjelett", "br"),
    ("ryggsmerter", "Ortopedi", "Muskel og skjelett", "ubr"),
    ("skoliose", "Ortopedi", "Muskel og skjelett", "ubc"),
    ("Crohns sykdom", "Fordøyelsessykdommer", "Mage og tarm", "uboc"),
    ("ulcerøs kolitt", "Fordøyelsessykdommer", "Mage og tarm", "ubo"),
    ("cøliaki", "Fordøyelsessykdommer", "Mage og tarm", "ubc"),
    ("irritabel tarm", "Fordøyelsessykdommer", "Mage og tarm", "ub"),
    ("gallestein", "Gastrokirurgi", "Mage og tarm", "ub"),
    ("leversykdom", "Fordøyelsessykdommer", "Mage og tarm", "ubo"),
    ("refluks", "Fordøyelsessykdommer", "Mage og tarm", "ub"),
    ("nyresvikt", "Nyresykdommer", "Nyrer og urinveier", "ubo"),
    ("nyrestein", "Urologi", "Nyrer og urinveier", "ub"),
    ("urinlekkasje", "Urologi", "Nyrer og urinveier", "ub"),
    ("forstørret prostata", "Urologi", "Nyrer og urinveier", "ub"),
    ("urinveisinfeksjon", "Urologi", "Nyrer og urinveier", "ubc"),
    ("endometriose", "Kvinnesykdommer", "Graviditet og fødsel", "ub"),
    ("barnløshet", "Kvinnesykdommer", "Graviditet og fødsel", "ub"),
    ("overgangsalderplager", "Kvinnesykdommer", "Graviditet og fødsel", "ub"),
    ("livmorsenkning", "Kvinnesykdommer", "Graviditet og fødsel", "ub"),
    ("anemi", "Blodsykdommer", "Blod", "ub"),
    ("blødersykdom", "Blodsykdommer", "Blod", "uboc"),
    ("blodpropp", "Blodsykdommer", "Blod", "ubo"),
    ("hiv", "Infeksjonssykdommer", "Infeksjoner", "ubo"),
    ("borreliose", "Infeksjonssykdommer", "Infeksjoner", "ub"),
    ("tuberkulose", "Infeksjonssykdommer", "Infeksjoner", "ub"),
    ("hepatitt C", "Infeksjonssykdommer", "Infeksjoner", "ubo"),
    ("matallergi", "Barnesykdommer", "Barn og unge", "ubc"),
    ("ADHD", "Psykisk helsevern", "Psykisk helse", "ubc"),
    ("autisme", "Psykisk helsevern", "Psykisk helse", "uc"),
    ("long covid", "Infeksjonssykdommer", "Infeksjoner", "ur"),
    ("kronisk utmattelsessyndrom", "Nevrologi", "Hjerne og nerver", "ubr"),
    ("amputasjon", "Rehabilitering", "Muskel og skjelett", "r"),
    ("ryggmargsskade", "Rehabilitering", "Hjerne og nerver", "r"),
    ("hodeskade", "Rehabilitering", "Hjerne og nerver", "ubr"),
]

CANCERS = [
    "brystkreft", "prostatakreft", "lungekreft", "tykktarmskreft", "endetarmskreft",
    "blærekreft", "nyrekreft", "eggstokkreft", "livmorhalskreft", "livmorkreft",
    "bukspyttkjertelkreft", "magesekkreft", "spiserørskreft", "leverkreft", "lymfekreft",
    "leukemi", "hjernesvulst", "hode-halskreft", "testikkelkreft", "skjoldbruskkjertelkreft",
    "myelomatose", "sarkom",
]

PSYCH = [
    ("angst", "psykisk"), ("depresjon", "psykisk"), ("spiseforstyrrelser", "psykisk"),
    ("psykoselidelser", "psykisk"), ("bipolar lidelse", "psykisk"), ("traumer", "psykisk"),
    ("personlighetsforstyrrelser", "psykisk"), ("tvangslidelser", "psykisk"),
    ("alderspsykiatriske lidelser", "psykisk"), ("selvskading", "psykisk"),
    ("alkoholavhengighet", "rus"), ("rusmiddelavhengighet", "rus"), ("spilleavhengighet", "rus"),
    ("opioidavhengighet", "rus"), ("samtidig rus- og psykisk lidelse", "rus"),
]
PSYCH_FORMS = ["Poliklinisk behandling for {d}", "Døgnbehandling ved {d}",
               "Gruppebehandling for {d}", "Dagbehandling ved {d}", "Utredning ved {d}"]

ENDOSCOPY = [
    "Gastroskopi", "Koloskopi", "Sigmoidoskopi", "Rektoskopi", "ERCP", "Kapselendoskopi",
    "Bronkoskopi", "Cystoskopi", "Endoskopisk ultralyd", "EBUS", "Laryngoskopi",
    "Gastroskopi hos barn", "Koloskopi hos barn", "Koloskopi med fjerning av polypp",
    "Gastroskopi med prøvetaking", "Ballongendoskopi av tynntarm", "Ureteroskopi",
    "Hysteroskopi", "Artroskopi av kne", "Artroskopi av skulder", "Artroskopi av hofte",
    "Artroskopi av ankel", "Artroskopi av albue", "Artroskopi av håndledd", "Thorakoskopi",
]

CARDIO_EXAMS = [
    "Ekkokardiografi", "Arbeids-EKG", "Langtidsregistrering av EKG (Holter)",
    "Ultralyd av hjertet gjennom spiserøret", "Koronar angiografi", "Myokardscintigrafi",
    "Elektrofysiologisk undersøkelse", "Blodtrykksmåling over døgnet", "Hjerte-MR",
    "CT av hjertets kransårer", "Vippebordtest", "Stressekkokardiografi",
]
CARDIO_TREATMENTS = [
    "Utblokking av kransårer (PCI)", "Ablasjon ved atrieflimmer", "Innsetting av pacemaker",
    "Innsetting av ICD", "Elektrokonvertering", "Kateterbasert innsetting av aortaklaff (TAVI)",
    "Bypassoperasjon", "Hjerteklaffoperasjon", "Lukking av hull i hjerteskilleveggen",
    "Ablasjon ved hjerteflimmer i hjertekamrene", "Innsetting av hendelsesregistrator",
]

SURGERY = [
    ("Fjerning av galleblære", "Gastrokirurgi"), ("Operasjon for lyskebrokk", "Gastrokirurgi"),
    ("Operasjon for navlebrokk", "Gastrokirurgi"), ("Fjerning av blindtarm", "Gastrokirurgi"),
    ("Fedmeoperasjon", "Gastrokirurgi"), ("Operasjon for hemoroider", "Gastrokirurgi"),
    ("Operasjon for analfissur", "Gastrokirurgi"), ("Fjerning av skjoldbruskkjertel", "Øre-nese-hals"),
    ("Fjerning av mandler", "Øre-nese-hals"), ("Innsetting av dren i trommehinnen", "Øre-nese-hals"),
    ("Operasjon av neseskillevegg", "Øre-nese-hals"), ("Bihuleoperasjon", "Øre-nese-hals"),
    ("Operasjon for grå stær", "Øyesykdommer"), ("Operasjon for skjeling", "Øyesykdommer"),
    ("Laserbehandling av netthinnen", "Øyesykdommer"), ("Sterilisering av kvinner", "Kvinnesykdommer"),
    ("Sterilisering av menn", "Urologi"), ("Fjerning av livmor", "Kvinnesykdommer"),
    ("Operasjon for urinlekkasje", "Urologi"), ("Høvling av prostata", "Urologi"),
    ("Operasjon for åreknuter", "Karkirurgi"), ("Operasjon for utposning på hovedpulsåren", "Karkirurgi"),
    ("Operasjon av halspulsåren", "Karkirurgi"), ("Utblokking av blodårer i bena", "Karkirurgi"),
    ("Brystforminskende operasjon", "Plastikkirurgi"), ("Brystrekonstruksjon", "Plastikkirurgi"),
    ("Fjerning av overskuddshud", "Plastikkirurgi"), ("Operasjon for karpaltunnelsyndrom", "Ortopedi"),
    ("Operasjon for hallux valgus", "Ortopedi"), ("Korsbåndsrekonstruksjon", "Ortopedi"),
    ("Operasjon for skulderinstabilitet", "Ortopedi"), ("Operasjon for prolaps i ryggen", "Ortopedi"),
    ("Avstivningsoperasjon i ryggen", "Ortopedi"), ("Operasjon for trigger finger", "Ortopedi"),
    ("Fjerning av osteosyntesemateriale", "Ortopedi"), ("Operasjon for Dupuytrens kontraktur", "Ortopedi"),
    ("Operasjon for akillesseneruptur", "Ortopedi"), ("Menisk-operasjon", "Ortopedi"),
    ("Nyretransplantasjon", "Nyresykdommer"), ("Innsetting av dialysekateter", "Nyresykdommer"),
    ("Anleggelse av AV-fistel for dialyse", "Karkirurgi"), ("Fjerning av nyrestein med kikkhull", "Urologi"),
    ("Fjerning av føflekk", "Hudsykdommer"), ("Lysbehandling av hud", "Hudsykdommer"),
]
JOINTS = ["hofte", "kne", "skulder", "albue", "ankel", "fingerledd"]
FRACTURES = ["håndledd", "ankel", "hofte", "lårhals", "skulder", "overarm", "underarm",
             "legg", "kragebein", "bekken", "fot", "kne", "albue", "ribbein", "rygg"]

BIRTH = [
    "Fødsel", "Keisersnitt", "Planlagt keisersnitt", "Igangsetting av fødsel",
    "Ultralydundersøkelse i svangerskapet", "Tidlig ultralyd", "Fostervannsprøve",
    "Morkakeprøve", "Svangerskapskontroll ved risikosvangerskap", "Barselopphold",
    "Ammepoliklinikk", "Fødselsforberedende samtale", "Vending av barn i seteleie",
    "Abort", "Svangerskapsavbrudd etter uke 12", "Oppfølging etter fødsel",
    "Behandling av svangerskapskvalme", "Fødsel i vann",
]
CANCER_FORMS = [("Cellegiftbehandling ved {c}", "behandling", "kreft"),
                ("Strålebehandling ved {c}", "behandling", "kreft"),
                ("Operasjon for {c}", "behandling", "operasjon"),
                ("Pakkeforløp for {c}", "undersokelse", "poliklinikk"),
                ("Oppfølging etter {c}", "behandling", "poliklinikk")]
NUCLEAR = ["PET-CT av hele kroppen", "PET-CT av hjernen", "Skjelettscintigrafi",
           "Skjoldbruskkjertelscintigrafi", "Nyrescintigrafi", "Lungescintigrafi",
           "Renografi", "Sentinel node-scintigrafi", "Radiojodbehandling",
           "Beintetthetsmåling (DEXA)", "Mammografi", "Angiografi av bena", "Flebografi"]

CHILD_IMAGING_PARTS = ["hode", "hjerne", "nakke", "rygg", "hofte", "kne", "ankel", "fot",
                       "hånd", "albue", "skulder", "abdomen", "nyrer", "urinveier", "lunger",
                       "thorax", "bihuler", "lever", "lyske", "testikler"]
BIOPSY_ORGANS = ["lever", "nyre", "prostata", "bryst", "skjoldbruskkjertel", "lunge", "lymfeknute",
                 "beinmarg", "bukspyttkjertel", "spyttkjertel", "muskel", "hud", "livmorhals",
                 "endetarm", "mage"]
DRAINAGE = ["buken", "lungehinnen", "galleveiene", "nyrene", "en verkebyll", "hjerteposen",
            "en cyste i leveren", "urinblæren", "et hematom", "bukspyttkjertelen"]
TESTS = ["Blodprøvetaking", "Allergitest", "Lungefunksjonstest", "Søvnregistrering", "EEG",
         "EMG og nevrografi", "Hørselstest", "Synsfeltundersøkelse", "Urodynamisk undersøkelse",
         "Spirometri", "Gangfunksjonsanalyse", "Nevropsykologisk undersøkelse", "Hudprikktest",
         "Belastningstest med sukker", "Pusteprøve for magesår", "Svettetest", "Øyebunnsfotografering",
         "Trykkmåling i spiserøret", "pH-måling i spiserøret", "Måling av blodsukker over døgnet"]
JOINT_INJECTIONS = ["kne", "skulder", "hofte", "albue", "håndledd", "ankel", "tommelrot", "rygg"]
REHAB_AFTER = ["hjerneslag", "hoftebrudd", "kreftbehandling", "intensivbehandling", "covid-19",
               "hjerteoperasjon", "protesekirurgi", "trafikkulykke", "hjernehinnebetennelse",
               "brannskade", "ryggoperasjon", "lungetransplantasjon"]


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def build_pool() -> list[ProcedureSpec]:
    """All candidate procedures, in a fixed order, titles unique."""
    pool: list[ProcedureSpec] = []
    for part, abdominal, muscular in BODY_PARTS:
        for modality, (template, limit) in MODALITIES.items():
            if modality == "rontgen" and abdominal:
                continue
            if modality == "ultralyd" and part in ("hjerne", "lunger", "bihuler", "indre øre", "thorax", "brystrygg", "korsrygg", "halsrygg"):
                continue
            group = "bilde_muskel" if muscular else "bilde"
            pool.append(ProcedureSpec(template.format(part=part), "undersokelse", "Radiologi", "bilde",
                                      group, modality, part, None, "Annet"))
            if modality in ("mr", "ct") and not muscular:
                pool.append(ProcedureSpec(template.format(part=part) + " med kontrast", "undersokelse",
                                          "Radiologi", "bilde", group, modality + "_kontrast", part, None, "Annet"))
    for title in NUCLEAR:
        pool.append(ProcedureSpec(title, "behandling" if "behandling" in title else "undersokelse",
                                  "Nukleærmedisin" if "scinti" in title.lower() or "PET" in title or "Reno" in title or "Radio" in title else "Radiologi",
                                  "bilde", "bilde", "nuklear"))
    for title in ENDOSCOPY:
        orto = title.startswith("Artroskopi")
        pool.append(ProcedureSpec(title, "undersokelse", "Ortopedi" if orto else "Fordøyelsessykdommer",
                                  "endoskopi", "operasjon_orto" if orto else "endoskopi", "endoskopi",
                                  study_category="Muskel og skjelett" if orto else "Mage og tarm"))
    for title in CARDIO_EXAMS:
        pool.append(ProcedureSpec(title, "undersokelse", "Hjertesykdommer", "hjerte", "hjerte", "hjerte_us",
                                  study_category="Hjerte og kar"))
    for title in CARDIO_TREATMENTS:
        pool.append(ProcedureSpec(title, "behandling", "Hjertesykdommer", "hjerte", "hjerte", "hjerte_inv",
                                  study_category="Hjerte og kar"))
    for title, fag in SURGERY:
        group = "operasjon_orto" if fag == "Ortopedi" else "operasjon"
        pool.append(ProcedureSpec(title, "behandling", fag, "operasjon", group, "operasjon",
                                  study_category="Muskel og skjelett" if fag == "Ortopedi" else "Annet"))
    for joint in JOINTS:
        pool.append(ProcedureSpec(f"Innsetting av protese i {joint}", "behandling", "Ortopedi", "operasjon",
                                  "operasjon_orto", "operasjon", joint, None, "Muskel og skjelett"))
        pool.append(ProcedureSpec(f"Reoperasjon av protese i {joint}", "behandling", "Ortopedi", "operasjon",
                                  "operasjon_orto", "operasjon", joint, None, "Muskel og skjelett"))
    for bone in FRACTURES:
        pool.append(ProcedureSpec(f"Operasjon for brudd i {bone}", "behandling", "Ortopedi", "operasjon",
                                  "operasjon_orto", "operasjon", bone, None, "Muskel og skjelett"))
        pool.append(ProcedureSpec(f"Behandling av brudd i {bone} uten operasjon", "behandling", "Ortopedi",
                                  "poliklinikk", "operasjon_orto", "poliklinikk", bone, None, "Muskel og skjelett"))
    for title in BIRTH:
        pool.append(ProcedureSpec(title, "undersokelse" if any(w in title.lower() for w in ("ultralyd", "prøve", "kontroll")) else "behandling",
                                  "Fødsel", "fodsel", "fodsel", "fodsel", study_category="Graviditet og fødsel"))
    for cancer in CANCERS:
        for template, ptype, kind in CANCER_FORMS:
            modality = {"kreft": "cellegift" if template.startswith("Celle") else "straling",
                        "operasjon": "operasjon", "poliklinikk": "poliklinikk"}[kind]
            pool.append(ProcedureSpec(template.format(c=cancer), ptype, "Kreftsykdommer", kind, "kreft",
                                      modality, None, cancer, "Kreft"))
    for diagnosis, kind in PSYCH:
        fag = "Rusbehandling" if kind == "rus" else "Psykisk helsevern"
        for template in PSYCH_FORMS:
            title = template.format(d=diagnosis)
            pool.append(ProcedureSpec(_cap(title), "undersokelse" if title.startswith("Utredning") else "behandling",
                                      fag, "psykisk", kind, kind, None, diagnosis, "Psykisk helse"))
    forms = {"u": ("Utredning av {d}", "undersokelse", "poliklinikk"),
             "b": ("Behandling av {d}", "behandling", "poliklinikk"),
             "o": ("Oppfølging ved {d}", "behandling", "poliklinikk"),
             "r": ("Rehabilitering ved {d}", "behandling", "rehab")}
    for diagnosis, fag, category, kinds in DIAGNOSES:
        for code in kinds:
            if code == "c":
                templates = [("Utredning av {d} hos barn", "undersokelse", "poliklinikk"),
                             ("Behandling av {d} hos barn", "behandling", "poliklinikk")]
            else:
                templates = [forms[code]]
            for template, ptype, kind in templates:
                group = "rehab" if kind == "rehab" else ("poliklinikk_revma" if fag in ("Revmatologi", "Ortopedi") else "poliklinikk")
                fagomrade = "Barnesykdommer" if "hos barn" in template else ("Rehabilitering" if kind == "rehab" else fag)
                pool.append(ProcedureSpec(template.format(d=diagnosis), ptype, fagomrade, kind, group,
                                          "rehab" if kind == "rehab" else "poliklinikk", None, diagnosis, category))
    for part in CHILD_IMAGING_PARTS:
        for modality, template in (("mr", "MR av {part} hos barn"), ("ultralyd", "Ultralyd av {part} hos barn"),
                                   ("rontgen", "Røntgen av {part} hos barn"), ("ct", "CT av {part} hos barn")):
            if modality == "rontgen" and part in ("abdomen", "nyrer", "lever", "urinveier", "lyske", "testikler", "hjerne"):
                continue
            if modality == "ct" and part not in ("hode", "thorax", "abdomen", "bihuler", "lunger"):
                continue
            pool.append(ProcedureSpec(template.format(part=part), "undersokelse", "Barnesykdommer", "bilde",
                                      "bilde", modality, part, None, "Barn og unge"))
    for organ in BIOPSY_ORGANS:
        pool.append(ProcedureSpec(f"Vevsprøve fra {organ} (biopsi)", "undersokelse", "Radiologi", "bilde",
                                  "bilde", "biopsi", organ, None, "Annet"))
    for place in DRAINAGE:
        pool.append(ProcedureSpec(f"Drenasje av {place}", "behandling", "Radiologi", "bilde", "bilde",
                                  "biopsi", None, None, "Annet"))
    for title in TESTS:
        pool.append(ProcedureSpec(title, "undersokelse", "Medisinske fag", "poliklinikk", "poliklinikk",
                                  "poliklinikk", None, None, "Annet"))
    for joint in JOINT_INJECTIONS:
        pool.append(ProcedureSpec(f"Kortisoninjeksjon i {joint}", "behandling", "Revmatologi", "poliklinikk",
                                  "poliklinikk_revma", "poliklinikk", joint, None, "Revmatisme og immunforsvar"))
    for cause in REHAB_AFTER:
        pool.append(ProcedureSpec(f"Rehabilitering etter {cause}", "behandling", "Rehabilitering", "rehab",
                                  "rehab", "rehab", None, None, "Annet"))
    for title, fag in SURGERY + [(t, "Hjertesykdommer") for t in CARDIO_TREATMENTS]:
        pool.append(ProcedureSpec(f"Kontroll etter {title[0].lower() + title[1:] if not title[:3].isupper() else title}",
                                  "undersokelse", fag, "poliklinikk",
                                  "operasjon_orto" if fag == "Ortopedi" else "poliklinikk", "poliklinikk",
                                  study_category="Annet"))
    for diagnosis, fag, category, kinds in DIAGNOSES:
        group = "poliklinikk_revma" if fag in ("Revmatologi", "Ortopedi") else "poliklinikk"
        pool.append(ProcedureSpec(f"Lærings- og mestringstilbud ved {diagnosis}", "behandling", fag,
                                  "poliklinikk", group, "poliklinikk", None, diagnosis, category))
        if "b" in kinds:
            pool.append(ProcedureSpec(f"Innleggelse ved {diagnosis}", "behandling", fag, "poliklinikk",
                                      group, "poliklinikk", None, diagnosis, category))
        if "o" in kinds:
            pool.append(ProcedureSpec(f"Telemedisinsk oppfølging ved {diagnosis}", "behandling", fag,
                                      "poliklinikk", group, "poliklinikk", None, diagnosis, category))
    seen: set[str] = set()
    unique = []
    for spec in pool:
        if spec.title.lower() not in seen:
            seen.add(spec.title.lower())
            unique.append(spec)
    return unique
