"""Who disagrees with whom about one instruction of one procedure: a vote among the foretak.

Each foretak's page brings the set of concrete things it says about one instruction key
("6" hours and "from_midnight", say: a page may give both). Two pages agree when their sets
share a statement, so "6 timer" and "seks timer" (both 6) agree, and "fra midnatt" and
"6 timer" do not.

- With 3 or more foretak and a majority (one statement made by at least 60 % of them, more
  often than any other), each page without that statement is a divergent side. It is a
  consensus finding, with the count of the others that agree.
- With 2 foretak, or with no majority, each page that disagrees with some other page is a
  side of its own, compared with what the others say: a lower-severity finding.

Pages that say nothing concrete (follow the letter, ask your doctor) take no part in the
vote: `deferring_pages` names those that defer to the letter where others are concrete.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

MIN_CONSENSUS_SHARE = 0.6  # of the foretak stating the instruction
STRONG_CONSENSUS = 3  # other foretak agreeing before a divergence is an error, not a warning


@dataclass(frozen=True)
class Side:
    orgnr: str
    says: frozenset[str]
    others_say: tuple[tuple[str, int], ...]  # statements of the others, with how many make each
    others: int  # foretak stating the instruction besides this one
    is_consensus: bool  # a majority of the others disagrees with this page

    @property
    def agreeing(self) -> int:
        return self.others_say[0][1] if self.others_say else 0

    @property
    def is_strong(self) -> bool:
        return self.is_consensus and self.agreeing >= STRONG_CONSENSUS


def divergent_sides(pages: Mapping[str, frozenset[str]]) -> list[Side]:
    """pages: orgnr -> the statements its page makes about one (procedure, instruction key)."""
    pages = {orgnr: says for orgnr, says in pages.items() if says}
    if len(pages) < 2:
        return []
    majority = _majority(pages)
    sides = []
    for orgnr, says in sorted(pages.items()):
        others = [s for o, s in pages.items() if o != orgnr]
        if majority is not None:
            if majority in says:
                continue
            agree = sum(majority in s for s in others)
            sides.append(Side(orgnr, says, ((majority, agree),), len(others), True))
        elif any(not (s & says) for s in others):
            support = Counter(x for s in others for x in s if x not in says)
            sides.append(Side(orgnr, says, tuple(sorted(support.items(), key=lambda kv: (-kv[1], kv[0]))),
                              len(others), False))
    return sides


def _majority(pages: Mapping[str, frozenset[str]]) -> str | None:
    if len(pages) < 3:
        return None
    support = Counter(x for says in pages.values() for x in says)
    (top, count), *rest = sorted(support.items(), key=lambda kv: (-kv[1], kv[0]))
    if count / len(pages) < MIN_CONSENSUS_SHARE or (rest and rest[0][1] == count):
        return None
    return top


def deferring_pages(concrete: Mapping[str, frozenset[str]], defers: set[str]) -> dict[str, Counter]:
    """Pages that only refer to the letter, where other pages state something concrete:
    orgnr -> what the others say (statement -> foretak)."""
    out = {}
    for orgnr in sorted(defers):
        if concrete.get(orgnr):
            continue  # the page states the rule itself; the letter is extra
        others = Counter(x for o, says in concrete.items() if o != orgnr for x in says)
        if others:
            out[orgnr] = others
    return out
