"""Numbers, units and sentences in Norwegian patient text (bokmål and nynorsk).

A quantity is a number (digits, or number words such as "seks", "førtifem", "halvannen",
"en halv") followed by a time unit; it is normalised to minutes, so "en halv time", "30 min"
and "tretti minutter" are the same value.

    >>> [(q.minutes, q.unit_kind) for q in find_quantities(tokens("de siste seks timene"))]
    [(360.0, 'hours')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

ONES = {"null": 0, "en": 1, "én": 1, "ett": 1, "et": 1, "ei": 1, "éi": 1, "ein": 1, "éin": 1, "eit": 1,
        "eitt": 1, "to": 2, "tre": 3, "fire": 4,
        "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11,
        "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17,
        "atten": 18, "nitten": 19}
TENS = {"tjue": 20, "tyve": 20, "tretti": 30, "tredve": 30, "førti": 40, "femti": 50,
        "seksti": 60, "sytti": 70, "søtti": 70, "åtti": 80, "nitti": 90}
# unit word -> minutes per unit
UNITS = {
    **dict.fromkeys(("min", "minutt", "minutter", "minuttene", "minuttar", "minutta", "minuttane",
                     "minutters"), 1),
    **dict.fromkeys(("t", "time", "timer", "timene", "timers", "timar", "timane", "klokketime",
                     "klokketimer", "klokketimene"), 60),
    **dict.fromkeys(("halvtime", "halvtimen", "halvtimes"), 30),
    **dict.fromkeys(("kvarter", "kvarteret"), 15),
    **dict.fromkeys(("døgn", "døgnet", "døgnene", "døgna", "dag", "dager", "dagene", "dagar", "dagane",
                     "dogn"), 1440),
    **dict.fromkeys(("uke", "uker", "uka", "uken", "ukene", "veke", "veker", "vekene", "veka"), 7 * 1440),
}
FILLERS = {"hele", "fulle", "full", "hel", "heile", "ca", "cirka", "omtrent", "minst", "siste"}
SINGULAR_DEFINITE = {"timen": 60, "døgnet": 1440, "halvtimen": 30, "dagen": 1440, "uken": 7 * 1440,
                     "uka": 7 * 1440, "veka": 7 * 1440, "kvarteret": 15}

TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-zæøåéü]+|-", re.IGNORECASE)
# Also "sykepleier.Har du ...": copied page text loses the space after a full stop.
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÆØÅ])|(?<=[a-zæøå]{2}[.!?])(?=[A-ZÆØÅ][a-zæøå])|\n+")
ABBREVIATION = re.compile(r"(\b(st|ca|kl|nr|dr|bl\.a|f\.eks|jf|evt|mht|tlf|pr|ev|dvs|ang)|\b[A-ZÆØÅ])\.$",
                          re.IGNORECASE)
UNIT_HINT = re.compile(r"\b(" + "|".join(sorted(set(UNITS) | set(SINGULAR_DEFINITE), key=len, reverse=True))
                       + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    minutes: float
    start: int  # token index
    end: int  # token index after the quantity
    unit_kind: str  # "minutes", "hours", "days"


@lru_cache(maxsize=4096)
def word_number(token: str) -> float | None:
    """A number written in digits or Norwegian number words ("førtifem", "halvannen")."""
    token = token.lower()
    if token[0].isdigit():
        return float(token.replace(",", "."))
    if token in ONES:
        return float(ONES[token])
    if token in ("halvannen", "halvanna", "halvannan"):
        return 1.5
    for word, value in TENS.items():
        if token.startswith(word):
            rest = token[len(word):].removeprefix("og")
            if not rest:
                return float(value)
            if rest in ONES and 0 < ONES[rest] < 10:
                return float(value + ONES[rest])
    return None


def _parse_number(toks: list[str], i: int) -> tuple[float, int] | None:
    """The number starting at toks[i] and how many tokens it spans."""
    tok = toks[i]
    if tok in ("et", "ett", "en", "ei", "eit", "ein") and i + 1 < len(toks) and toks[i + 1] == "par":
        return 2.0, 2
    value = word_number(tok)
    if value is None:
        return None
    nxt = toks[i + 1:i + 4]
    if tok in ("en", "ei", "én", "ein", "éin", "eit", "et") and nxt[:1] == ["halv"]:
        return 0.5, 2
    if nxt[:3] in (["og", "en", "halv"], ["og", "ei", "halv"], ["og", "ein", "halv"]):
        return value + 0.5, 4
    if i + 2 < len(toks) and toks[i + 1] in ("-", "til") and word_number(toks[i + 2]) is not None:
        return max(value, word_number(toks[i + 2])), 3  # a range: the stricter (longer) end
    return value, 1


def find_quantities(toks: list[str]) -> list[Quantity]:
    out: list[Quantity] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok == "siste" and i + 1 < len(toks) and toks[i + 1] in SINGULAR_DEFINITE:
            minutes = SINGULAR_DEFINITE[toks[i + 1]]  # "den siste timen" = one hour
            out.append(Quantity(minutes, i + 1, i + 2, _kind(minutes)))
            i += 2
            continue
        parsed = _parse_number(toks, i)
        if parsed:
            value, span = parsed
            j = i + span
            while j < len(toks) and toks[j] in FILLERS and j < i + span + 2:
                j += 1
            if j < len(toks) and toks[j] in UNITS and not (toks[j] == "t" and value > 48):
                out.append(Quantity(value * UNITS[toks[j]], i, j + 1, _kind(UNITS[toks[j]])))
                i = j + 1
                continue
        i += 1
    return out


def _kind(unit_minutes: float) -> str:
    return "minutes" if unit_minutes < 60 else "hours" if unit_minutes < 1440 else "days"


def tokens(text: str) -> list[str]:
    return [t.lower() for t in TOKEN.findall(text.replace("–", "-").replace("—", "-"))]


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
