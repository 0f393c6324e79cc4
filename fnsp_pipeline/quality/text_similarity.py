"""How much a foretak's version of a section shares with the other foretak's versions.

Texts are compared as sets of word stems after removing what is local by nature: proper
names (capitalised words inside a sentence), numbers, phone numbers, e-mail and web
addresses, and the small words of the language. A version that shares far less with the
others than they share with each other is divergent. Similarity says nothing about facts:
"2 timer" and "6 timer" look the same here (numbers are masked on purpose), which is why
instructions are read and compared separately (`instructions.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

STOPWORDS = frozenset("""
alle andre at av bare begge ble blir bli da de deg dei deim deires den denne der dere deres det
dette di din disse dit ditt du eg eit eitt eller elles en enn er et ett etter for fordi fra før
ha hadde han hans har hennar henne hennes her hjå ho hoe honom hoss hossen hun hva hvem hver
hvilke hvilken hvis hvor hvordan hvorfor i ikke ikkje ingen ingi inkje inn inni ja jeg kan kom
korleis korso kun kunne kva kvar kvarhelst kven kvi kvifor man mange me med medan meg meget
mellom men mi min mine mitt mot mykje må måtte ned no noe noen noka noko nokon nokor nokre nå
når og også om opp oss over på samme seg selv si sia sidan siden sin sine sitt sjøl skal skulle
slik so som somme somt så sånn til um upp ut uten var vart varte ved vere verte vi vil ville
vore vors vort vår være vært å vår våre vårt
""".split())
LOCAL_PATTERNS = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+|\+?\d[\d \-.–]{4,}\d|\d+([.,:]\d+)?")
WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÜü]+")
SENTENCE_START = re.compile(r"(^|[.!?:\n]\s*|^\s*-\s*)$")
STEM_LENGTH = 6
SUPPORT_SHARE = 0.1  # a word is shared when at least this share of the other versions use it
MAX_SUPPORT = 0.35  # divergent: at most about a third of its words shared with other versions,
MIN_UNSHARED = 6  # at least this many words no other version uses (short texts are noisy),
MAX_RATIO = 0.4  # overlapping the others at most this fraction of their overlap with each other,
MIN_OTHERS_SIMILARITY = 0.2  # who do share a common text among themselves


def _is_proper_name(text: str, match: re.Match) -> bool:
    """Capitalised, and not the first word of a sentence or list item."""
    word = match.group(0)
    if not word[0].isupper() or word.isupper() and len(word) <= 4:  # keep MR, CT, EKG
        return False
    return not SENTENCE_START.search(text[max(0, match.start() - 3):match.start()])


@lru_cache(maxsize=65536)
def stems(text: str | None) -> frozenset[str]:
    """The content of a text as word stems, without local names, numbers and small words."""
    if not text:
        return frozenset()
    text = LOCAL_PATTERNS.sub(" ", text)
    out = set()
    for match in WORD.finditer(text):
        if _is_proper_name(text, match):
            continue
        word = match.group(0).lower()
        if word in STOPWORDS or len(word) < 2:
            continue
        out.add(word[:STEM_LENGTH])
    return frozenset(out)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Divergence:
    key: str
    support: float  # share of this version's words that other versions use too
    unshared: int  # words of this version that no other version uses
    typical_support: float  # the same, median over the other versions
    similarity_to_others: float  # mean word overlap (Jaccard) with each other version
    others_similarity: float  # mean overlap among the other versions themselves
    compared_with: int  # number of other versions

    @property
    def ratio(self) -> float:
        return self.similarity_to_others / self.others_similarity if self.others_similarity else 1.0


def divergences(versions: Mapping[str, frozenset[str]]) -> list[Divergence]:
    """For each version: how much of its vocabulary the others use (support), and how similar
    it is to them compared with how similar they are to each other without it (leave-one-out,
    so one odd version does not drag its own yardstick). A reworded local version still uses
    words that some other foretak use; a text about something else does not."""
    keys = list(versions)
    n = len(keys)
    if n < 3:
        return []
    document_frequency = Counter(w for stems_ in versions.values() for w in stems_)
    needed = max(1.0, SUPPORT_SHARE * (n - 1))
    shared = [sum(document_frequency[w] - 1 >= needed for w in versions[k]) for k in keys]
    support = [shared[i] / max(1, len(versions[k])) for i, k in enumerate(keys)]
    row_sum = [0.0] * n
    total = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            s = jaccard(versions[keys[i]], versions[keys[j]])
            row_sum[i] += s
            row_sum[j] += s
            total += s
    pairs_without = (n - 1) * (n - 2) / 2
    return [Divergence(keys[i], support[i], len(versions[keys[i]]) - shared[i], median(support[:i] + support[i + 1:]),
                       row_sum[i] / (n - 1), (total - row_sum[i]) / pairs_without, n - 1)
            for i in range(n)]


def is_divergent(d: Divergence) -> bool:
    """Most of its words are used by no other foretak, and it overlaps the others far less than
    they overlap each other."""
    return (d.support <= MAX_SUPPORT and d.unshared >= MIN_UNSHARED and d.ratio <= MAX_RATIO
            and d.others_similarity >= MIN_OTHERS_SIMILARITY)
