"""Is a section's text a placeholder, or too thin to help a patient?

Recognises the idea rather than a list of phrases: editorial markers (TODO, XXX, [sett inn]),
pseudo-Latin filler (lorem ipsum), announcements that the text is still to come or being
written (... kommer, under arbeid, fylles ut, publiseres senere), and texts with too few
words to tell a patient anything, also measured against what the other foretak wrote.
"""

from __future__ import annotations

import re

MIN_WORDS = 6  # fewer words than this never make a usable instruction
THIN_WORDS = 12  # below this, and under a third of the usual length, a text is thin
LONG_ENOUGH = 25  # announcement words in a text this long are ordinary prose

LATIN_FILLER = frozenset("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
                         "tempor incididunt ut labore et dolore magna aliqua enim minim veniam "
                         "quis nostrud perspiciatis unde omnis iste natus error".split())
EDITORIAL = re.compile(
    r"\b(todo|tbd|tba|fixme|xx+|placeholder|plassholder|dummy\w*|blindtekst|testtekst|"
    r"lipsum|ikke (klar|ferdig)\w*|mangler (tekst|innhold))\b|\[[^\]]*\]|\{\{|<<|^[\W_]+$",
    re.IGNORECASE)
ANNOUNCEMENT = re.compile(
    r"\b(tekst\w*|informasjon\w*|info|innhold\w*|beskrivelse\w*|siden?|seksjonen?|avsnittet)\b"
    r"[^.!?]{0,40}\b(kommer|komme|publiseres|oppdateres|skrives|utarbeides|ferdigstilles|"
    r"legges (inn|ut)|fylles (ut|inn)|revideres|er under)\b"
    r"|\b(kommer|publiseres|legges ut)\s+(snart|senere|seinare|her|etter hvert|straks)\b"
    r"|\bunder\s+(arbeid|utarbeid\w*|utvikling|oppdatering|revisjon|redigering|konstruksjon)\b"
    r"|\b(skal\s+)?fylles\s+(ut|inn)\b|\bsett inn\b|\bher kommer\b",
    re.IGNORECASE)
# Markers no finished patient text contains, wherever they stand: an editor's note left in
# otherwise real text ("Ring XXX sett inn telefonnummer XXX") is as wrong as a whole-section
# placeholder. Only unambiguous markers: words like "informasjon ... kommer" are ordinary
# prose in a long text ("Informasjon om timen kommer i posten"), and so is an unbracketed
# "skriv inn dato" (an instruction on a referral form).
MARKER_ANYWHERE = re.compile(
    r"\b(TODO|FIXME|TBD|TBA)\b|\b[Xx]{3,}\b|\b(lorem ipsum|dolor sit amet)\b|"
    r"[\[<{]\s*(sett|fyll|legg|skriv)\s+inn\b[^\]>}]{0,60}[\]>}]|"
    r"\btekst(en)? kommer\b|\b(her|denne seksjonen)\s+(skal det stå|kommer det tekst)\b",
    re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words(text: str | None) -> list[str]:
    return WORD.findall(text or "")


def _around(text: str, match: re.Match, margin: int = 30) -> str:
    """The marker with a little of the text around it, for the editor to find it."""
    start, end = max(0, match.start() - margin), min(len(text), match.end() + margin)
    snippet = " ".join(text[start:end].split())
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")


def placeholder_reason(text: str | None, peer_median_words: float | None = None) -> str | None:
    """Why the text is a placeholder (a Norwegian phrase for the editor), or None."""
    tokens = [w.lower() for w in words(text)]
    if not (text or "").strip():
        return None  # empty is a missing section, not a placeholder
    if len(tokens) >= 2 and sum(t in LATIN_FILLER for t in tokens) >= 0.5 * len(tokens):
        return "fylltekst (lorem ipsum)"
    if (marker := MARKER_ANYWHERE.search(text)) is not None:
        return f"plassholder i teksten: «{_around(text, marker)}»"
    if len(tokens) < LONG_ENOUGH and EDITORIAL.search(text.strip()):
        return "redaksjonell merknad, ikke tekst til pasienten"
    if len(tokens) < LONG_ENOUGH and ANNOUNCEMENT.search(text):
        return "varsler at teksten kommer senere"
    if len(tokens) < MIN_WORDS:
        return f"bare {len(tokens)} ord"
    if peer_median_words and len(tokens) < THIN_WORDS and len(tokens) < peer_median_words / 3:
        return f"bare {len(tokens)} ord, mot vanligvis {peer_median_words:.0f} hos andre foretak"
    return None
