"""Reference data for the synthetic sample: the four health regions and the ~55 foretak with
their real names, hospital sites and websites. Organisation numbers and RESH ids are NOT the
real ones: the generator makes up valid synthetic identifiers (see `ids.py`)."""

from __future__ import annotations

from dataclasses import dataclass

REGIONS: list[tuple[str, str]] = [
    ("helse-sor-ost", "Helse Sør-Øst RHF"),
    ("helse-vest", "Helse Vest RHF"),
    ("helse-midt-norge", "Helse Midt-Norge RHF"),
    ("helse-nord", "Helse Nord RHF"),
]

# Kinds: clinical trusts and private ideal hospitals adopt procedures; the others do not.
CLINICAL_KINDS = ("helseforetak", "privat-ideell")


@dataclass(frozen=True)
class Site:
    name: str
    street: str
    postal_code: str
    city: str
    lat: float
    lon: float


@dataclass(frozen=True)
class ForetakSpec:
    slug: str
    name: str
    region: str
    kind: str  # helseforetak | privat-ideell | apotek | stotte | rhf
    size: float = 1.0  # relative weight for adopting procedures
    languages: tuple[str, ...] = ("nb",)  # () = no public website
    sites: tuple[Site, ...] = ()
    phone: str = "+47 22 00"  # prefix; the generator appends digits
    fields: tuple[str, ...] | None = None  # procedure groups a specialised hospital adopts
    has_resh: bool = True


S = Site
_PSYK = ("psykisk", "rus")
_REHAB = ("rehab",)
_ORTO = ("operasjon_orto", "rehab", "poliklinikk_revma", "bilde_muskel")

FORETAK: list[ForetakSpec] = [
    # Helse Sør-Øst
    ForetakSpec("oslo-universitetssykehus", "Oslo universitetssykehus HF", "helse-sor-ost", "helseforetak", 10, ("nb", "en"), (
        S("Rikshospitalet", "Sognsvannsveien 20", "0372", "Oslo", 59.9496, 10.7137),
        S("Ullevål sykehus", "Kirkeveien 166", "0450", "Oslo", 59.9362, 10.7347),
        S("Radiumhospitalet", "Ullernchausséen 70", "0379", "Oslo", 59.9303, 10.6612),
        S("Aker sykehus", "Trondheimsveien 235", "0586", "Oslo", 59.9401, 10.8003)), "+47 23 07"),
    ForetakSpec("ahus", "Akershus universitetssykehus HF", "helse-sor-ost", "helseforetak", 8, ("nb", "en"), (
        S("Ahus Nordbyhagen", "Sykehusveien 25", "1478", "Lørenskog", 59.9311, 10.9549),
        S("Ahus Kongsvinger", "Parkvegen 35", "2212", "Kongsvinger", 60.1932, 11.9989)), "+47 67 96"),
    ForetakSpec("sykehuset-ostfold", "Sykehuset Østfold HF", "helse-sor-ost", "helseforetak", 6, ("nb", "en"), (
        S("Sykehuset Østfold Kalnes", "Kalnesveien 300", "1714", "Grålum", 59.2867, 11.0663),
        S("Sykehuset Østfold Moss", "Peer Gynts vei 78", "1535", "Moss", 59.4322, 10.6795)), "+47 69 86"),
    ForetakSpec("vestre-viken", "Vestre Viken HF", "helse-sor-ost", "helseforetak", 7, ("nb", "en"), (
        S("Drammen sykehus", "Dronninggata 28", "3004", "Drammen", 59.7441, 10.2029),
        S("Bærum sykehus", "Sogneprest Munthe-Kaas vei 100", "1346", "Gjettum", 59.9049, 10.5231),
        S("Kongsberg sykehus", "Mathias Kirkerudsgate 8", "3616", "Kongsberg", 59.6626, 9.6502),
        S("Ringerike sykehus", "Arnold Hauges vei 6", "3511", "Hønefoss", 60.1617, 10.2497)), "+47 32 80"),
    ForetakSpec("sykehuset-innlandet", "Sykehuset Innlandet HF", "helse-sor-ost", "helseforetak", 7, ("nb", "en"), (
        S("Sykehuset Innlandet Lillehammer", "Anders Sandvigs gate 17", "2609", "Lillehammer", 61.1206, 10.4559),
        S("Sykehuset Innlandet Hamar", "Skolegata 32", "2318", "Hamar", 60.7954, 11.0776),
        S("Sykehuset Innlandet Gjøvik", "Kyrre Grepps gate 11", "2819", "Gjøvik", 60.7957, 10.6862),
        S("Sykehuset Innlandet Elverum", "Kirkevegen 31", "2409", "Elverum", 60.8819, 11.5637)), "+47 61 27"),
    ForetakSpec("sykehuset-i-vestfold", "Sykehuset i Vestfold HF", "helse-sor-ost", "helseforetak", 5, ("nb", "en"), (
        S("Sykehuset i Vestfold Tønsberg", "Halfdan Wilhelmsens allé 17", "3116", "Tønsberg", 59.2781, 10.4205),
        S("Sykehuset i Vestfold Larvik", "Sykehusveien 11", "3257", "Larvik", 59.0588, 10.0266)), "+47 33 34"),
    ForetakSpec("sykehuset-telemark", "Sykehuset Telemark HF", "helse-sor-ost", "helseforetak", 5, ("nb", "en"), (
        S("Sykehuset Telemark Skien", "Ulefossvegen 55", "3710", "Skien", 59.2156, 9.6105),
        S("Sykehuset Telemark Notodden", "Sykehusvegen 1", "3674", "Notodden", 59.5622, 9.2608)), "+47 35 00"),
    ForetakSpec("sorlandet-sykehus", "Sørlandet sykehus HF", "helse-sor-ost", "helseforetak", 6, ("nb", "en"), (
        S("Sørlandet sykehus Kristiansand", "Egsveien 100", "4615", "Kristiansand", 58.1610, 7.9995),
        S("Sørlandet sykehus Arendal", "Sykehusveien 1", "4838", "Arendal", 58.4589, 8.7410),
        S("Sørlandet sykehus Flekkefjord", "Kirkegaten 2", "4400", "Flekkefjord", 58.2969, 6.6601)), "+47 38 03"),
    ForetakSpec("sunnaas", "Sunnaas sykehus HF", "helse-sor-ost", "helseforetak", 2, ("nb", "en"), (
        S("Sunnaas sykehus Nesodden", "Bjørnemyrveien 11", "1453", "Bjørnemyr", 59.8606, 10.6625),), "+47 66 96", _REHAB),
    ForetakSpec("lovisenberg", "Lovisenberg Diakonale Sykehus", "helse-sor-ost", "privat-ideell", 3, ("nb", "en"), (
        S("Lovisenberg Diakonale Sykehus", "Lovisenberggata 17", "0456", "Oslo", 59.9292, 10.7481),), "+47 23 22"),
    ForetakSpec("diakonhjemmet", "Diakonhjemmet Sykehus", "helse-sor-ost", "privat-ideell", 3, ("nb", "en"), (
        S("Diakonhjemmet Sykehus", "Diakonveien 12", "0370", "Oslo", 59.9402, 10.7093),), "+47 22 45"),
    ForetakSpec("martinahansens", "Martina Hansens Hospital", "helse-sor-ost", "privat-ideell", 1, ("nb",), (
        S("Martina Hansens Hospital", "Dønskiveien 8", "1346", "Gjettum", 59.9021, 10.5312),), "+47 67 52", _ORTO),
    ForetakSpec("betanien-sykehus", "Betanien sykehus", "helse-sor-ost", "privat-ideell", 1, ("nb", "en"), (
        S("Betanien sykehus", "Porsgrunnsvegen 38", "3716", "Skien", 59.1901, 9.6222),), "+47 35 50", _ORTO),
    ForetakSpec("revmatismesykehuset", "Revmatismesykehuset", "helse-sor-ost", "privat-ideell", 1, ("nb", "en"), (
        S("Revmatismesykehuset Lillehammer", "Margrethe Grundtvigs veg 6", "2609", "Lillehammer", 61.1244, 10.4461),), "+47 61 24", _ORTO),
    ForetakSpec("modum-bad", "Modum Bad", "helse-sor-ost", "privat-ideell", 1, ("nb", "en"), (
        S("Modum Bad Vikersund", "Badeveien 289", "3370", "Vikersund", 59.9690, 10.0160),), "+47 32 74", _PSYK),
    ForetakSpec("borgestadklinikken", "Borgestadklinikken", "helse-sor-ost", "privat-ideell", 1, ("nb", "en"), (
        S("Borgestadklinikken Skien", "Borgeveien 1", "3707", "Skien", 59.2030, 9.5990),), "+47 35 54", ("rus",)),
    ForetakSpec("vikersund-bad", "Vikersund Bad Rehabiliteringssenter", "helse-sor-ost", "privat-ideell", 1, ("nb",), (
        S("Vikersund Bad", "Kurbadvegen 1", "3370", "Vikersund", 59.9722, 10.0255),), "+47 32 78", _REHAB),
    ForetakSpec("catosenteret", "Catosenteret rehabilitering", "helse-sor-ost", "privat-ideell", 1, ("nb",), (
        S("Catosenteret", "Ravneveien 11", "1555", "Son", 59.5262, 10.6900),), "+47 64 98", _REHAB),
    ForetakSpec("sykehusapotekene", "Sykehusapotekene HF", "helse-sor-ost", "apotek", languages=("nb", "en"), phone="+47 22 11"),
    ForetakSpec("sykehuspartner", "Sykehuspartner HF", "helse-sor-ost", "stotte", languages=(), has_resh=False),
    ForetakSpec("pasientreiser", "Pasientreiser HF", "helse-sor-ost", "stotte", languages=("nb", "en"), has_resh=False),
    ForetakSpec("helse-sor-ost", "Helse Sør-Øst RHF", "helse-sor-ost", "rhf", languages=("nb", "en")),
    # Helse Vest
    ForetakSpec("helse-bergen", "Helse Bergen HF", "helse-vest", "helseforetak", 9, ("nb", "nn", "en"), (
        S("Haukeland universitetssjukehus", "Haukelandsveien 22", "5021", "Bergen", 60.3731, 5.3592),
        S("Voss sjukehus", "Sjukehusvegen 16", "5704", "Voss", 60.6301, 6.4134)), "+47 55 97"),
    ForetakSpec("helse-stavanger", "Helse Stavanger HF", "helse-vest", "helseforetak", 7, ("nb", "nn", "en"), (
        S("Stavanger universitetssjukehus", "Gerd-Ragna Bloch Thorsens gate 8", "4011", "Stavanger", 58.9520, 5.7336),), "+47 51 51"),
    ForetakSpec("helse-fonna", "Helse Fonna HF", "helse-vest", "helseforetak", 5, ("nb", "nn", "en"), (
        S("Haugesund sjukehus", "Karmsundgata 120", "5528", "Haugesund", 59.4146, 5.2852),
        S("Stord sjukehus", "Tysevegen 64", "5416", "Stord", 59.7822, 5.4981),
        S("Odda sjukehus", "Sevrinvegen 21", "5750", "Odda", 60.0689, 6.5460)), "+47 52 73"),
    ForetakSpec("helse-forde", "Helse Førde HF", "helse-vest", "helseforetak", 4, ("nb", "nn", "en"), (
        S("Førde sentralsjukehus", "Svanehaugvegen 2", "6812", "Førde", 61.4544, 5.8411),
        S("Lærdal sjukehus", "Øyragata 12", "6887", "Lærdal", 61.0995, 7.4736),
        S("Nordfjord sjukehus", "Sjukehusvegen 3", "6770", "Nordfjordeid", 61.9105, 5.9854)), "+47 57 83"),
    ForetakSpec("haraldsplass", "Haraldsplass Diakonale Sykehus", "helse-vest", "privat-ideell", 3, ("nb", "nn", "en"), (
        S("Haraldsplass Diakonale Sykehus", "Ulriksdal 8", "5009", "Bergen", 60.3763, 5.3543),), "+47 55 97"),
    ForetakSpec("hospitalet-betanien", "Hospitalet Betanien", "helse-vest", "privat-ideell", 1, ("nb", "nn"), (
        S("Hospitalet Betanien", "Vestlandsveien 19", "5221", "Nesttun", 60.3198, 5.3562),), "+47 55 50", ("psykisk", "operasjon_orto")),
    ForetakSpec("solli-dps", "Solli DPS", "helse-vest", "privat-ideell", 1, ("nb", "nn"), (
        S("Solli DPS", "Sollivegen 1", "5225", "Nesttun", 60.3110, 5.3740),), "+47 55 11", _PSYK),
    ForetakSpec("olaviken", "NKS Olaviken alderspsykiatriske sykehus", "helse-vest", "privat-ideell", 1, ("nb", "nn"), (
        S("NKS Olaviken", "Olavikvegen 50", "5300", "Kleppestø", 60.4120, 5.2140),), "+47 56 15", ("psykisk",)),
    ForetakSpec("jaeren-dps", "Jæren distriktspsykiatriske senter", "helse-vest", "privat-ideell", 1, ("nb", "nn"), (
        S("Jæren DPS", "Arne Garborgs veg 22", "4340", "Bryne", 58.7351, 5.6470),), "+47 51 77", _PSYK),
    ForetakSpec("bjorkeli", "NKS Bjørkeli Voss DPS", "helse-vest", "privat-ideell", 1, ("nb", "nn"), (
        S("Voss DPS NKS Bjørkeli", "Bjørkelivegen 10", "5700", "Voss", 60.6283, 6.4270),), "+47 56 53", _PSYK),
    ForetakSpec("revmatismesykehuset-haugesund", "Haugesund Sanitetsforenings Revmatismesykehus", "helse-vest", "privat-ideell", 1, ("nb", "nn"), (
        S("Haugesund Revmatismesykehus", "Haraldsgata 46", "5528", "Haugesund", 59.4112, 5.2701),), "+47 52 80", _ORTO),
    ForetakSpec("bergensklinikkene", "Stiftelsen Bergensklinikkene", "helse-vest", "privat-ideell", 1, ("nb", "nn"), (
        S("Bergensklinikkene", "Vestre Torggate 11", "5015", "Bergen", 60.3924, 5.3215),), "+47 55 90", ("rus",)),
    ForetakSpec("sjukehusapoteka-vest", "Sjukehusapoteka Vest HF", "helse-vest", "apotek", languages=("nb", "nn", "en"), phone="+47 55 97"),
    ForetakSpec("helse-vest-ikt", "Helse Vest IKT AS", "helse-vest", "stotte", languages=(), has_resh=False),
    ForetakSpec("nasjonal-ikt", "Nasjonal IKT HF", "helse-vest", "stotte", languages=(), has_resh=False),
    ForetakSpec("helse-vest", "Helse Vest RHF", "helse-vest", "rhf", languages=("nb", "nn", "en")),
    # Helse Midt-Norge
    ForetakSpec("stolav", "St. Olavs hospital HF", "helse-midt-norge", "helseforetak", 8, ("nb", "en"), (
        S("St. Olavs hospital Øya", "Prinsesse Kristinas gate 3", "7030", "Trondheim", 63.4208, 10.3877),
        S("Orkdal sjukehus", "Hagaveien 20", "7300", "Orkanger", 63.3035, 9.8455)), "+47 72 57"),
    ForetakSpec("helse-mr", "Helse Møre og Romsdal HF", "helse-midt-norge", "helseforetak", 6, ("nb", "nn", "en"), (
        S("Ålesund sjukehus", "Åsehaugen 5", "6017", "Ålesund", 62.4617, 6.3016),
        S("Molde sjukehus", "Parkvegen 84", "6412", "Molde", 62.7404, 7.1770),
        S("Kristiansund sjukehus", "Flatmarkgata 2", "6509", "Kristiansund", 63.1103, 7.7473),
        S("Volda sjukehus", "Myrnesvegen 2", "6100", "Volda", 62.1474, 6.0720)), "+47 70 10"),
    ForetakSpec("hnt", "Helse Nord-Trøndelag HF", "helse-midt-norge", "helseforetak", 4, ("nb", "en"), (
        S("Sykehuset Levanger", "Kirkegata 2", "7600", "Levanger", 63.7472, 11.2990),
        S("Sykehuset Namsos", "Sykehusvegen 10", "7803", "Namsos", 64.4683, 11.4940)), "+47 74 09"),
    ForetakSpec("sykehusapotekene-midt", "Sykehusapotekene i Midt-Norge HF", "helse-midt-norge", "apotek", languages=("nb", "en"), phone="+47 72 82"),
    ForetakSpec("hemit", "Hemit HF", "helse-midt-norge", "stotte", languages=(), has_resh=False),
    ForetakSpec("sykehusbygg", "Sykehusbygg HF", "helse-midt-norge", "stotte", languages=("nb", "en"), has_resh=False),
    ForetakSpec("helse-midt", "Helse Midt-Norge RHF", "helse-midt-norge", "rhf", languages=("nb",)),
    # Helse Nord
    ForetakSpec("unn", "Universitetssykehuset Nord-Norge HF", "helse-nord", "helseforetak", 7, ("nb", "en", "se"), (
        S("UNN Tromsø", "Hansine Hansens veg 67", "9019", "Tromsø", 69.6822, 18.9877),
        S("UNN Harstad", "St. Olavs gate 70", "9406", "Harstad", 68.7964, 16.5508),
        S("UNN Narvik", "Sykehusveien 11", "8516", "Narvik", 68.4291, 17.4417)), "+47 77 62"),
    ForetakSpec("nordlandssykehuset", "Nordlandssykehuset HF", "helse-nord", "helseforetak", 5, ("nb", "en", "se"), (
        S("Nordlandssykehuset Bodø", "Parkveien 95", "8005", "Bodø", 67.2795, 14.4146),
        S("Nordlandssykehuset Vesterålen", "Sykehusveien 9", "8450", "Stokmarknes", 68.5646, 14.9105),
        S("Nordlandssykehuset Lofoten", "Sykehusveien 1", "8372", "Gravdal", 68.1219, 13.5590)), "+47 75 53"),
    ForetakSpec("helgelandssykehuset", "Helgelandssykehuset HF", "helse-nord", "helseforetak", 3, ("nb", "en", "se"), (
        S("Helgelandssykehuset Mo i Rana", "Prestmarkveien 1", "8607", "Mo i Rana", 66.3190, 14.1670),
        S("Helgelandssykehuset Mosjøen", "Kirkegata 13", "8657", "Mosjøen", 65.8379, 13.1936),
        S("Helgelandssykehuset Sandnessjøen", "Prestmarkveien 2", "8800", "Sandnessjøen", 66.0198, 12.6314)), "+47 75 12"),
    ForetakSpec("finnmarkssykehuset", "Finnmarkssykehuset HF", "helse-nord", "helseforetak", 3, ("nb", "en", "se"), (
        S("Hammerfest sykehus", "Sykehusveien 35", "9613", "Hammerfest", 70.6620, 23.6820),
        S("Kirkenes sykehus", "Sykehusveien 11", "9900", "Kirkenes", 69.7255, 30.0450)), "+47 78 42"),
    ForetakSpec("valnesfjord", "Valnesfjord Helsesportssenter", "helse-nord", "privat-ideell", 1, ("nb",), (
        S("Valnesfjord Helsesportssenter", "Valnesfjordveien 1", "8215", "Valnesfjord", 67.2830, 15.1250),), "+47 75 61", _REHAB),
    ForetakSpec("sykehusapotek-nord", "Sykehusapotek Nord HF", "helse-nord", "apotek", languages=("nb", "en", "se"), phone="+47 77 62"),
    ForetakSpec("helse-nord-ikt", "Helse Nord IKT HF", "helse-nord", "stotte", languages=(), has_resh=False),
    ForetakSpec("luftambulansetjenesten", "Luftambulansetjenesten HF", "helse-nord", "stotte", languages=("nb", "se"), has_resh=False),
    ForetakSpec("sykehusinnkjop", "Sykehusinnkjøp HF", "helse-nord", "stotte", languages=("nb", "en"), has_resh=False),
    ForetakSpec("helse-nord", "Helse Nord RHF", "helse-nord", "rhf", languages=("nb", "se")),
]

# Names of trusts that no longer exist (merged). Orphan references point at these, with
# organisation numbers the rest of the data does not know.
FORMER_FORETAK = [
    "Helse Sunnmøre HF", "Helse Nordmøre og Romsdal HF", "Sykehuset Asker og Bærum HF",
    "Ullevål universitetssykehus HF", "Aker universitetssykehus HF", "Rikshospitalet HF",
    "Sykehuset Buskerud HF", "Helse Finnmark HF", "Hålogalandssykehuset HF", "Sykehuset Levanger HF",
]

HRCS_HEALTH_CATEGORIES = [
    "Blood", "Cancer and neoplasms", "Cardiovascular", "Congenital", "Ear", "Eye", "Infection",
    "Inflammatory and immune system", "Injuries and accidents", "Mental health",
    "Metabolic and endocrine", "Musculoskeletal", "Neurological", "Oral and gastrointestinal",
    "Renal and urogenital", "Reproductive health and childbirth", "Respiratory", "Skin",
    "Stroke", "Generic health relevance", "Disputed aetiology and other",
]

# HRCS research activity codes, groups 1-8 (Underpinning ... Health and social care services).
HRCS_RESEARCH_ACTIVITIES = (
    [f"1.{i}" for i in range(1, 6)] + [f"2.{i}" for i in range(1, 7)]
    + [f"3.{i}" for i in range(1, 6)] + [f"4.{i}" for i in range(1, 6)]
    + [f"5.{i}" for i in range(1, 10)] + [f"6.{i}" for i in range(1, 10)]
    + [f"7.{i}" for i in range(1, 5)] + [f"8.{i}" for i in range(1, 6)]
)

# Study category (Norwegian, as on the sites) -> HRCS health categories it usually carries.
STUDY_CATEGORIES: dict[str, list[str]] = {
    "Kreft": ["Cancer and neoplasms"],
    "Hjerte og kar": ["Cardiovascular", "Stroke"],
    "Psykisk helse": ["Mental health"],
    "Hjerne og nerver": ["Neurological", "Stroke"],
    "Barn og unge": ["Congenital", "Generic health relevance"],
    "Infeksjoner": ["Infection"],
    "Lunger og luftveier": ["Respiratory"],
    "Muskel og skjelett": ["Musculoskeletal", "Injuries and accidents"],
    "Mage og tarm": ["Oral and gastrointestinal"],
    "Hormoner og stoffskifte": ["Metabolic and endocrine"],
    "Nyrer og urinveier": ["Renal and urogenital"],
    "Graviditet og fødsel": ["Reproductive health and childbirth"],
    "Revmatisme og immunforsvar": ["Inflammatory and immune system", "Musculoskeletal"],
    "Øye": ["Eye"], "Øre, nese og hals": ["Ear"], "Hud": ["Skin"], "Blod": ["Blood"],
    "Annet": ["Generic health relevance", "Disputed aetiology and other"],
}
