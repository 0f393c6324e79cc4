"""Preparation facts read from Norwegian (bokmål) patient text.

A fact is a quantity (a numeral or number words, with a unit) tied to what it is about by the
words around it: hours of fasting from food, hours without drinking, days to stop blood
thinners, minutes to arrive early, and the duration of the examination. Quantities are
normalised to one unit per fact (hours, hours, days, minutes, minutes), so "en halv time",
"30 min" and "tretti minutter" are the same value.

    >>> [(f.fact, f.value) for f in extract_facts("Du må ikke spise de siste seks timene.")]
    [('fasting_food_hours', 6.0)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

FACTS = ("fasting_food_hours", "fasting_drink_hours", "blood_thinner_stop_days",
         "arrive_early_minutes", "duration_minutes")
FACT_UNIT = {"fasting_food_hours": "timer", "fasting_drink_hours": "timer",
             "blood_thinner_stop_days": "dager", "arrive_early_minutes": "minutter",
             "duration_minutes": "minutter"}
FACT_LABEL_NB = {"fasting_food_hours": "faste fra mat", "fasting_drink_hours": "ikke drikke",
                 "blood_thinner_stop_days": "stoppe blodfortynnende",
                 "arrive_early_minutes": "møte før avtalt tid",
                 "duration_minutes": "varighet"}

ONES = {"null": 0, "en": 1, "én": 1, "ett": 1, "et": 1, "ei": 1, "to": 2, "tre": 3, "fire": 4,
        "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11,
        "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17,
        "atten": 18, "nitten": 19}
TENS = {"tjue": 20, "tyve": 20, "tretti": 30, "tredve": 30, "førti": 40, "femti": 50,
        "seksti": 60, "sytti": 70, "søtti": 70, "åtti": 80, "nitti": 90}
# unit word -> minutes per unit
UNITS = {
    **dict.fromkeys(("min", "minutt", "minutter", "minuttene", "minuttar", "minutters"), 1),
    **dict.fromkeys(("t", "time", "timer", "timene", "timers", "timar", "klokketime",
                     "klokketimer", "klokketimene"), 60),
    **dict.fromkeys(("halvtime", "halvtimen", "halvtimes"), 30),
    **dict.fromkeys(("kvarter", "kvarteret"), 15),
    **dict.fromkeys(("døgn", "døgnet", "døgnene", "dag", "dager", "dagene", "dagar", "dogn"), 1440),
    **dict.fromkeys(("uke", "uker", "uka", "uken", "ukene", "veke", "veker"), 7 * 1440),
}
FILLERS = {"hele", "fulle", "full", "hel", "ca", "cirka", "omtrent", "minst"}
SINGULAR_DEFINITE = {"timen": 60, "døgnet": 1440, "halvtimen": 30, "dagen": 1440, "uken": 7 * 1440,
                     "uka": 7 * 1440, "kvarteret": 15}

TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-zæøåéü]+|-", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÆØÅ])|\n+")
ABBREVIATION = re.compile(r"(\b(st|ca|kl|nr|dr|bl\.a|f\.eks|jf|evt|mht|tlf|pr|ev)|\b[A-ZÆØÅ])\.$",
                          re.IGNORECASE)
UNIT_HINT = re.compile(r"\b(" + "|".join(sorted(set(UNITS) | set(SINGULAR_DEFINITE), key=len, reverse=True))
                       + r")\b", re.IGNORECASE)
CLAUSE_END = re.compile(r"[,;]|\bmen\b")

CUES = {
    "blood": re.compile(r"blodfortynn|antikoagul|blodpropp\w*medisin|marevan|warfarin|albyl|"
                        r"eliquis|xarelto|pradaxa|lixiana|fragmin|klexane|plavix|brilique"),
    "food": re.compile(r"\bspis|\bspist|\bmat\b|\bmaten\b|måltid|\bfast(e|er|ende|ing)\b(?! medisin)|"
                       r"\bfrokost|\bmiddag|\btom mage|\bmagen (må )?være tom|\bnæring"),
    "drink": re.compile(r"\bdrikk|\bdrukket|væske|\bvann\b|\bkaffe|\bte\b|\bjuice|\btyggis"),
    "arrive": re.compile(r"\bmøt\b|\bmøte\b|\bmøter\b|\bmøtes\b|\boppmøte|\bfram(møte|møt)|"
                         r"\bfrem(møte|møt)|\bkom\b|\bkomme\b|\bankom|\bpå plass\b|\bvære her\b|"
                         r"\bmeld\w* deg|\binnfinn"),
    "duration": re.compile(r"\btar\b|\bvarer\b|\bvarighet|\bberegn|\bregn\b|\bregne\b|\bpågår|"
                           r"\btidsbruk|\bholder på|\btar tid|\bgjennomføre"),
}
# Clauses about the appointment's administration, not its preparation: cancelling or moving
# it, giving notice, missing it and paying for that, waiting for it or for the answer, when
# the phone is open. Their "24 timer før" is a deadline, never a fasting or arrival time.
NOT_AN_INSTRUCTION = re.compile(
    r"avbestill|avbestilt|avlys|\bflytt\w* (time|avtale)|\bendre (time|avtale)|"
    r"\bgi\w* (oss |avdelingen |sykehuset )?(beskjed|melding)\b|\bsi\w* (i)?fra\b|"
    r"\bmeld\w* (fra|forfall|avbud)|\bforfall\b|\bavbud\b|\bta\w* kontakt\b|\bkontakt (oss|avdelingen)\b|"
    r"\bring\w*\b|faktur|gebyr|\bbetal|egenandel|\buteblir\b|\buteblitt\b|\buteblivelse|"
    r"\bikke (har )?(møtt|møter|kan møte|kan komme|kommer)\b|"
    r"ventetid|\bsvar(et|ene)?\b|prøvesvar|\bresultat|åpningstid|telefontid|\båpent\b",
    re.IGNORECASE)
BEFORE_AFTER = re.compile(r"^\s*(\w+\s+){0,1}(før|forut|i forkant|tidligere enn|innen)\b")
BEFORE_PRECEDING = re.compile(r"\b(siste|inntil|fram til|frem til|senest|fra)\s*$")


@dataclass(frozen=True)
class Quantity:
    minutes: float
    start: int  # token index
    end: int  # token index after the quantity
    unit_kind: str  # "minutes", "hours", "days"


@dataclass(frozen=True)
class ExtractedFact:
    fact: str
    value: float
    sentence: str


@lru_cache(maxsize=4096)
def word_number(token: str) -> float | None:
    """A number written in digits or Norwegian number words ("førtifem", "halvannen")."""
    token = token.lower()
    if token[0].isdigit():
        return float(token.replace(",", "."))
    if token in ONES:
        return float(ONES[token])
    if token == "halvannen":
        return 1.5
    for word, value in TENS.items():
        if token.startswith(word):
            rest = token[len(word):].removeprefix("og")
            if not rest:
                return float(value)
            if rest in ONES and 0 < ONES[rest] < 10:
                return float(value + ONES[rest])
    return None


def _parse_number(tokens: list[str], i: int) -> tuple[float, int] | None:
    """The number starting at tokens[i] and how many tokens it spans."""
    tok = tokens[i]
    if tok in ("et", "ett", "en", "ei") and i + 1 < len(tokens) and tokens[i + 1] == "par":
        return 2.0, 2
    value = word_number(tok)
    if value is None:
        return None
    n = 1
    nxt = tokens[i + 1:i + 4]
    if tok in ("en", "ei", "én") and nxt[:1] == ["halv"]:
        return 0.5, 2
    if nxt[:3] in (["og", "en", "halv"], ["og", "ei", "halv"]):
        return value + 0.5, 4
    if i + 2 < len(tokens) and tokens[i + 1] in ("-", "til") and word_number(tokens[i + 2]) is not None:
        return max(value, word_number(tokens[i + 2])), 3  # a range: the stricter (longer) end
    return value, n


def find_quantities(tokens: list[str]) -> list[Quantity]:
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "siste" and i + 1 < len(tokens) and tokens[i + 1] in SINGULAR_DEFINITE:
            minutes = SINGULAR_DEFINITE[tokens[i + 1]]  # "den siste timen" = one hour
            out.append(Quantity(minutes, i + 1, i + 2, _kind(minutes)))
            i += 2
            continue
        parsed = _parse_number(tokens, i)
        if parsed:
            value, span = parsed
            j = i + span
            if j < len(tokens) and tokens[j] in FILLERS:
                j += 1
            if j < len(tokens) and tokens[j] in UNITS and not (tokens[j] == "t" and value > 48):
                minutes = value * UNITS[tokens[j]]
                out.append(Quantity(minutes, i, j + 1, _kind(UNITS[tokens[j]])))
                i = j + 1
                continue
        i += 1
    return out


def _kind(unit_minutes: float) -> str:
    return "minutes" if unit_minutes < 60 else "hours" if unit_minutes < 1440 else "days"


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in TOKEN.findall(text.replace("–", "-"))]


def _cues(words: list[str]) -> set[str]:
    text = " ".join(words)
    return {name for name, pattern in CUES.items() if pattern.search(text)}


def _split(text: str, pattern: re.Pattern) -> list[str]:
    return [part for part in pattern.split(text) if part and part.strip()]


def sentences(text: str) -> list[str]:
    """Sentences and list items; "St. Olavs hospital" and "ca. 30 min" do not end one."""
    out: list[str] = []
    for part in SENTENCE_END.split(text or ""):
        if not part or not part.strip():
            continue
        if out and ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {part.strip()}"
        else:
            out.append(part.strip())
    return out


def _classify(q: Quantity, before: list[str], after: list[str], cues: set[str]) -> list[tuple[str, float]]:
    is_before = bool(BEFORE_AFTER.search(" ".join(after[:3])) or
                     BEFORE_PRECEDING.search(" ".join(before[-2:])))
    if "blood" in cues and q.minutes >= 1440 and is_before:
        return [("blood_thinner_stop_days", q.minutes / 1440)]
    if cues & {"food", "drink"} and is_before and q.unit_kind != "days":
        return [(f"fasting_{kind}_hours", q.minutes / 60) for kind in ("food", "drink") if kind in cues]
    if "arrive" in cues and is_before and q.unit_kind != "days":
        return [("arrive_early_minutes", q.minutes)]
    if "duration" in cues and not is_before and q.unit_kind != "days":
        return [("duration_minutes", q.minutes)]
    return []


def extract_facts(text: str | None) -> list[ExtractedFact]:
    """Every preparation fact stated in a plain text, in order."""
    found: list[ExtractedFact] = []
    previous = ""
    for sentence in sentences(text or ""):
        if not UNIT_HINT.search(sentence):  # no quantity with a unit: nothing to read
            previous = sentence
            continue
        sentence_cues = _cues(_tokens(sentence))
        for clause in _split(sentence, CLAUSE_END):
            if NOT_AN_INSTRUCTION.search(clause):
                continue
            tokens = _tokens(clause)
            quantities = find_quantities(tokens)
            for k, q in enumerate(quantities):
                lo = quantities[k - 1].end if k else 0
                hi = quantities[k + 1].start if k + 1 < len(quantities) else len(tokens)
                before, after = tokens[lo:q.start], tokens[q.end:hi]
                cues = (_cues(before) or _cues(after) or sentence_cues
                        or _cues(_tokens(previous)) & {"blood", "food", "drink"})
                for fact, value in _classify(q, tokens[:q.start], after, cues):
                    found.append(ExtractedFact(fact, round(value, 2), sentence))
        previous = sentence
    return found


def facts_by_name(text: str | None) -> dict[str, ExtractedFact]:
    """One value per fact: the first statement of it."""
    out: dict[str, ExtractedFact] = {}
    for item in extract_facts(text):
        out.setdefault(item.fact, item)
    return out


def format_value(fact: str, value: float) -> str:
    """A value as an editor reads it: "6 timer", "30 minutter", "1,5 timer"."""
    number = f"{value:g}".replace(".", ",")
    unit = FACT_UNIT[fact]
    if value == 1:
        unit = {"timer": "time", "dager": "dag", "minutter": "minutt"}[unit]
    return f"{number} {unit}"
