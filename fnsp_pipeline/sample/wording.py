"""Numbers and durations in Norwegian (bokmål), as patient texts write them: numerals or
number words, "et kvarter", "de siste seks timene". Shared by the phrasing sets."""

from __future__ import annotations

from typing import Callable

NUMBER_WORDS = {1: "én", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "sju", 8: "åtte",
                9: "ni", 10: "ti", 12: "tolv", 14: "fjorten", 15: "femten", 20: "tjue",
                30: "tretti", 45: "førtifem", 60: "seksti", 90: "nitti"}
MINUTE_PHRASES = {10: "ti minutter", 15: "et kvarter", 20: "tjue minutter", 30: "en halv time",
                  45: "tre kvarter", 60: "en time", 90: "halvannen time", 120: "to timer",
                  180: "tre timer"}


def num(n: int, words: bool) -> str:
    return NUMBER_WORDS.get(n, str(n)) if words else str(n)


def hours(n: int, words: bool, definite: bool = False) -> str:
    if definite:
        return "den siste timen" if n == 1 else f"de siste {num(n, words)} timene"
    return f"{num(n, words)} time" if n == 1 else f"{num(n, words)} timer"


def days(n: int, words: bool, unit: str = "dager") -> str:
    if n == 7 and words:
        return "én uke"
    if n == 1:
        return f"{num(n, words)} {'døgn' if unit == 'døgn' else 'dag'}"
    return f"{num(n, words)} {unit}"


def minutes(n: int, words: bool) -> str:
    if words and n in MINUTE_PHRASES:
        return MINUTE_PHRASES[n]
    if n >= 60 and n % 60 == 0:
        return hours(n // 60, False)
    return f"{n} minutter"


# A numeric instruction's sentence: (value in the kind's unit, number words?, context) -> text
Phrase = Callable[[int, bool, dict], str]
# A rule's sentence: (context, the rule's argument such as "22:00" or None) -> text
RulePhrase = Callable[[dict, "str | None"], str]

