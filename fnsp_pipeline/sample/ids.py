"""Check digits for the synthetic identifiers: organisation numbers (mod 11) and SNOMED CT
ids (Verhoeff). All identifiers in the sample are made up but well formed."""

from __future__ import annotations

import random

_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def orgnr_check_digit(first8: str) -> int | None:
    """Mod-11 check digit of an organisation number, None when the base has no valid one."""
    remainder = sum(int(d) * w for d, w in zip(first8, _ORGNR_WEIGHTS)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def is_valid_orgnr(value: str) -> bool:
    if len(value) != 9 or not value.isdigit():
        return False
    return orgnr_check_digit(value[:8]) == int(value[8])


def new_orgnr(rng: random.Random, used: set[str]) -> str:
    """A fresh valid 9-digit organisation number (starts with 8 or 9, as real ones do)."""
    while True:
        base = f"{rng.choice('89')}{rng.randrange(10**7):07d}"
        check = orgnr_check_digit(base)
        if check is not None and base + str(check) not in used:
            used.add(base + str(check))
            return base + str(check)


_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6), (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4), (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
def _permutations() -> tuple[tuple[int, ...], ...]:
    rows = [tuple(range(10)), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4)]
    while len(rows) < 8:
        rows.append(tuple(rows[-1][rows[1][j]] for j in range(10)))
    return tuple(rows)


_VERHOEFF_P = _permutations()
_VERHOEFF_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def verhoeff_check_digit(digits: str) -> int:
    c = 0
    for i, d in enumerate(reversed(digits)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[(i + 1) % 8][int(d)]]
    return _VERHOEFF_INV[c]


def verhoeff_valid(digits: str) -> bool:
    c = 0
    for i, d in enumerate(reversed(digits)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[i % 8][int(d)]]
    return c == 0


# A made-up extension namespace for the few partition-10 (extension concept) ids.
SYNTHETIC_NAMESPACE = "1000202"


def is_valid_snomed_concept_id(value: str) -> bool:
    """Digits, 6-18 long, no leading zero, concept partition (00 core, 10 extension), Verhoeff."""
    if not value.isdigit() or not 6 <= len(value) <= 18 or value[0] == "0":
        return False
    return value[-3:-1] in ("00", "10") and verhoeff_valid(value)


def new_snomed_id(rng: random.Random, used: set[str], extension: bool = False) -> str:
    while True:
        if extension:
            body = f"{rng.randrange(1, 10**4)}{SYNTHETIC_NAMESPACE}10"
        else:
            body = f"{rng.randrange(10**5, 10**9)}00"
        code = body + str(verhoeff_check_digit(body))
        if code not in used:
            used.add(code)
            return code
