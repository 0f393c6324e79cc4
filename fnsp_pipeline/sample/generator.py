"""The built-in synthetic national-size FNSP sample.

`generate()` builds every resource of the API (CONTRACT.md shapes, Norwegian field names)
deterministically from (seed, scale, as_of), with seeded data-quality defects and a truth
record (`dataset.truth`) that tests and data-quality checks are scored against. Identifiers
(orgnr, RESH, SNOMED codes, page ids) are synthetic but well formed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fnsp_pipeline.sample import texts
from fnsp_pipeline.sample.catalog import ProcedureSpec, build_pool
from fnsp_pipeline.sample.ids import new_orgnr, new_snomed_id
from fnsp_pipeline.sample.reference import (
    CLINICAL_KINDS, FORETAK, FORMER_FORETAK, HRCS_RESEARCH_ACTIVITIES, REGIONS,
    STUDY_CATEGORIES, ForetakSpec,
)

DEFAULT_SEED = 2026
OSLO = ZoneInfo("Europe/Oslo")
BASE_COUNTS = {"procedures": 1200, "studies": 2000, "events": 3000}
RESOURCES = ("nettsteder", "prosedyrer", "tilbud", "sider", "kliniske-studier", "arrangementer")
EXPORT_FILES = {name: f"{name}.ndjson.gz" for name in RESOURCES}

# Procedures whose ids need URL encoding (non-ASCII, space, slash, plus): always included.
SPECIAL_PROCEDURES = [
    (ProcedureSpec("Røntgen av kne", "undersokelse", "Radiologi", "bilde", "bilde_muskel", "rontgen", "kne"),
     "røntgen-av-kne"),
    (ProcedureSpec("CT av thorax og abdomen med kontrast", "undersokelse", "Radiologi", "bilde", "bilde",
                   "ct_kontrast", "thorax og abdomen"), "ct thorax/abdomen med kontrast"),
    (ProcedureSpec("Hjerte- og lungerehabilitering", "behandling", "Rehabilitering", "rehab", "rehab", "rehab",
                   None, None, "Hjerte og kar"), "hjerte+lunge-rehabilitering"),
]

DEFECT_RATES = {
    "missing_local_page_404": 0.03, "missing_local_page_null": 0.025, "missing_section": 0.03,
    "placeholder_text": 0.03, "divergent_fact": 0.025, "divergent_text": 0.02, "missing_contact": 0.025,
    "missing_attendance_place": 0.025, "orphan_study": 0.02, "orphan_event": 0.03,
    "divergent_fact_pair": 0.004, "defers_to_letter": 0.012, "dissolved_adoptions": 0.01,
    "study_missing_hrcs": 0.03, "divergent_reference": 0.004,
    "divergent_age_group": 0.002,
}
DISSOLVED_FORETAK = "Ringerike sykehus HF"
NOISE_RATE = 0.15  # of sections that also carry a sentence with numbers that is no instruction
# Where: beside the instructions and in the follow-up (om/under are short template prose, where a
# local sentence would read as a different text to divergent_text)
NOISE_SECTIONS = ("for", "etter")

DEPARTMENTS = {
    "bilde": ["Radiologisk avdeling", "Bildediagnostisk avdeling", "Avdeling for bildediagnostikk", "Røntgenavdelingen"],
    "endoskopi": ["Endoskopienheten", "Gastromedisinsk poliklinikk", "Fordøyelsespoliklinikken", "Endoskopiseksjonen"],
    "hjerte": ["Hjerteavdelingen", "Hjertemedisinsk poliklinikk", "Avdeling for hjertesykdommer", "Hjerteseksjonen"],
    "operasjon": ["Kirurgisk avdeling", "Dagkirurgisk enhet", "Kirurgisk klinikk", "Operasjonsavdelingen"],
    "poliklinikk": ["Medisinsk poliklinikk", "Medisinsk klinikk", "Poliklinikken", "Medisinsk avdeling"],
    "rehab": ["Avdeling for fysikalsk medisin og rehabilitering", "Rehabiliteringsavdelingen", "Rehabiliteringsenheten"],
    "psykisk": ["Distriktspsykiatrisk senter", "Klinikk for psykisk helsevern", "Psykiatrisk poliklinikk", "Allmennpsykiatrisk poliklinikk"],
    "fodsel": ["Kvinneklinikken", "Fødeavdelingen", "Føde- og barselavdelingen"],
    "kreft": ["Kreftavdelingen", "Kreftpoliklinikken", "Avdeling for kreftbehandling", "Onkologisk avdeling"],
}
OPENING_HOURS = ["08.00–15.30", "08.00–15.00", "07.30–15.00", "08.00–16.00", "09.00–14.00"]
NOUN_BY_KIND = {"operasjon": "operasjon", "psykisk": "samtale", "poliklinikk": "timen"}
PLACE_DESCRIPTIONS = [
    "Inngangen ligger ved hovedinngangen. Følg skiltene til {avdeling_lc}.",
    "Ta heisen til andre etasje og følg skiltingen. Meld deg i ekspedisjonen.",
    "Avdelingen ligger i første etasje. Det er egen inngang fra parkeringsplassen.",
    "Meld deg i resepsjonen ved hovedinngangen, så blir du vist videre.",
]


@dataclass
class SampleDataset:
    seed: int
    scale: float
    as_of: dt.datetime
    regions: list[dict[str, Any]]
    foretak: list[dict[str, Any]]
    websites: list[dict[str, Any]]
    procedures: list[dict[str, Any]]  # /prosedyrer/{id} detail shape (with foretak)
    offerings: list[dict[str, Any]]  # /prosedyrer/{id}/{orgnr}/ shape; adoptions answering 404 are absent
    pages: list[dict[str, Any]]  # the stedside/avdelingsside pages that treatment pages link to
    studies: list[dict[str, Any]]
    events: list[dict[str, Any]]
    truth: dict[str, Any]
    linked_pages: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict, repr=False)
    version: int = 0  # bumped by touch(); servers key caches (ETags) on it

    def procedure_list_item(self, procedure: dict[str, Any]) -> dict[str, Any]:
        """A procedure in the `/prosedyrer` list shape (without foretak)."""
        return {k: v for k, v in procedure.items() if k != "foretak"}

    def search_pages(self, procedure_id: str, orgnr: str) -> list[dict[str, Any]] | None:
        """What `/sider?behandlingsid=&orgnr=` finds: the offering's treatment page, then the
        place and department pages it links to; None when the foretak does not offer it."""
        offering = self.offering(procedure_id, orgnr)
        if offering is None:
            return None
        if offering["side"] is None:
            return []
        return [offering["side"], *self.linked_pages.get((procedure_id, orgnr), ())]

    def iter_page_searches(self) -> Iterator[dict[str, Any]]:
        """Every offering's page search, as {"behandlingsid", "orgnr", "data": [pages]}."""
        for offering in self.offerings:
            key = (offering["prosedyre"], offering["foretak"]["orgnr"])
            yield {"behandlingsid": key[0], "orgnr": key[1], "data": self.search_pages(*key)}

    def offering(self, procedure_id: str, orgnr: str) -> dict[str, Any] | None:
        """The `/prosedyrer/{id}/{orgnr}/` answer; None when it is a 404."""
        if getattr(self, "_index_version", None) != self.version:
            self._index = {(o["prosedyre"], o["foretak"]["orgnr"]): o for o in self.offerings}
            self._index_version = self.version
        return self._index.get((procedure_id, orgnr))

    def iter_resource(self, resource: str) -> Iterator[dict[str, Any]]:
        """Items of an export resource (`/eksport/{ressurs}`), plus `sider`: one line per
        offering's page search (the API has no export of pages)."""
        if resource == "nettsteder":
            return iter(self.websites)
        if resource == "prosedyrer":
            return iter(self.procedures)
        if resource == "tilbud":
            return iter(self.offerings)
        if resource == "sider":
            return self.iter_page_searches()
        if resource == "kliniske-studier":
            return iter(self.studies)
        if resource == "arrangementer":
            return iter(self.events)
        raise KeyError(resource)


def default_as_of() -> dt.datetime:
    return dt.datetime.now(OSLO).replace(hour=0, minute=0, second=0, microsecond=0)


def _normalise_as_of(as_of: dt.datetime | None) -> dt.datetime:
    if as_of is None:
        return default_as_of()
    if as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=OSLO)
    return as_of.astimezone(OSLO)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(OSLO).replace(microsecond=0).isoformat()


def slugify(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


class _Gen:
    """One generation run; methods run in a fixed order on seeded random streams."""

    def __init__(self, seed: int, scale: float, as_of: dt.datetime, phrasing: str = "dev"):
        self.seed, self.scale, self.as_of, self.phrasing = seed, scale, as_of, phrasing
        self.bank = texts.phrasing_set(phrasing)
        self.defects: list[dict[str, Any]] = []
        self.used_orgnr: set[str] = set()
        self.used_snomed: set[str] = set()
        self.snomed_by_term: dict[tuple[str, str], str] = {}

    def rng(self, part: str) -> random.Random:
        # str seeds are hashed with SHA-512 by random.seed: stable across processes.
        return random.Random(f"{self.seed}:{part}")

    def past(self, rng: random.Random, max_days: int = 730, min_days: float = 0.0) -> str:
        seconds = rng.randrange(int(min_days * 86400) + 1, max_days * 86400)
        return iso(self.as_of - dt.timedelta(seconds=seconds))

    # reference data -------------------------------------------------------------------
    def build_reference(self) -> None:
        rng = self.rng("reference")
        self.regions = [{"id": rid, "navn": name, "orgnr": new_orgnr(rng, self.used_orgnr)}
                        for rid, name in REGIONS]
        self.region_by_id = {r["id"]: r for r in self.regions}
        self.foretak: list[dict[str, Any]] = []
        self.specs: dict[str, ForetakSpec] = {}
        used_resh: set[str] = set()
        for spec in FORETAK:
            item: dict[str, Any] = {"orgnr": new_orgnr(rng, self.used_orgnr), "navn": spec.name}
            if spec.has_resh:
                while (resh := str(rng.randrange(100000, 4300000))) in used_resh:
                    pass
                used_resh.add(resh)
                item["resh"] = resh
            item["region"] = spec.region
            self.foretak.append(item)
            self.specs[item["orgnr"]] = spec
        self.foretak_by_orgnr = {f["orgnr"]: f for f in self.foretak}
        self.websites: list[dict[str, Any]] = []
        self.site_url: dict[str, str] = {}
        suffix = {"nb": "", "nn": "", "en": " (English)", "se": " (sámegiella)"}
        for item in self.foretak:
            spec = self.specs[item["orgnr"]]
            display = spec.name.removesuffix(" RHF").removesuffix(" HF")
            for lang in spec.languages:
                url = f"https://{spec.slug}.no" + ("" if lang == "nb" else f"/{lang}")
                self.websites.append({
                    "id": f"{spec.slug}-{lang}", "navn": display + suffix[lang], "url": url, "sprak": lang,
                    "foretak": item, "region": self.region_by_id[spec.region], "sistEndret": self.past(rng, 1000),
                })
                if lang == "nb":
                    self.site_url[item["orgnr"]] = url
        self.clinical = [f for f in self.foretak if self.specs[f["orgnr"]].kind in CLINICAL_KINDS]
        # A dissolved trust: still in /foretak and adopting procedures, but with no website
        # (orphan_reference on its offerings). It writes pages like the trust it merged into.
        heir = next(f for f in self.clinical if f["region"] == "helse-sor-ost")
        dissolved = {"orgnr": new_orgnr(self.rng("dissolved"), self.used_orgnr), "navn": DISSOLVED_FORETAK,
                     "region": heir["region"]}
        self.foretak.append(dissolved)
        self.specs[dissolved["orgnr"]] = self.specs[heir["orgnr"]]
        self.site_url[dissolved["orgnr"]] = f"https://{slugify(DISSOLVED_FORETAK)}.no"
        self.dissolved = dissolved

    # procedures ---------------------------------------------------------------------------
    def snomed(self, rng: random.Random, term: str, kind: str) -> dict[str, str]:
        key = (term.lower(), kind)
        if key not in self.snomed_by_term:
            self.snomed_by_term[key] = new_snomed_id(rng, self.used_snomed, extension=rng.random() < 0.05)
        return {"kode": self.snomed_by_term[key], "term": term, "type": kind}

    def build_procedures(self) -> None:
        rng = self.rng("procedures")
        pool = build_pool()
        special_titles = {spec.title.lower() for spec, _ in SPECIAL_PROCEDURES}
        pool = [s for s in pool if s.title.lower() not in special_titles]
        total = min(len(pool) + len(SPECIAL_PROCEDURES),
                    max(len(SPECIAL_PROCEDURES) + 5, round(BASE_COUNTS["procedures"] * self.scale)))
        chosen_idx = sorted(rng.sample(range(len(pool)), total - len(SPECIAL_PROCEDURES)))
        chosen: list[tuple[ProcedureSpec, str | None]] = list(SPECIAL_PROCEDURES)
        chosen += [(pool[i], None) for i in chosen_idx]
        self.procedures: list[dict[str, Any]] = []
        self.proc_spec: dict[str, ProcedureSpec] = {}
        used_ids: set[str] = set()
        for spec, forced_id in chosen:
            pid = forced_id or slugify(spec.title)
            while pid in used_ids:
                pid += "-2"
            used_ids.add(pid)
            codes: list[dict[str, str]] = []
            if rng.random() >= 0.03:
                codes.append(self.snomed(rng, spec.title, "prosedyre"))
                if spec.body_part and rng.random() < 0.5:
                    codes.append(self.snomed(rng, spec.body_part[0].upper() + spec.body_part[1:], "kroppsstruktur"))
                if spec.diagnosis and len(codes) < 3:
                    codes.append(self.snomed(rng, spec.diagnosis[0].upper() + spec.diagnosis[1:], "diagnose"))
                if "hos barn" in spec.title and len(codes) < 3:
                    codes.append(self.snomed(rng, "Barn", "malgruppe"))
            self.procedures.append({
                "id": pid, "tittel": spec.title, "type": spec.type, "snomed": codes,
                "htk": f"HTK{rng.randrange(10000, 99999)}", "fagomrade": spec.fagomrade,
                "foretak": [], "sistEndret": self.past(rng, 900),
            })
            self.proc_spec[pid] = spec

    def adopt(self) -> None:
        rng = self.rng("adoption")
        order = {f["orgnr"]: i for i, f in enumerate(self.foretak)}
        self.adoptions: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for proc in self.procedures:
            spec = self.proc_spec[proc["id"]]
            eligible = [f for f in self.clinical
                        if self.specs[f["orgnr"]].fields is None or spec.group in self.specs[f["orgnr"]].fields]
            r = rng.random()  # 6 % offered by one foretak, 8 % by two: small groups to vote in
            k = 1 if r < 0.06 else 2 if r < 0.14 else int(rng.triangular(2, 26, 11))
            k = max(1, min(k, len(eligible)))
            keyed = sorted(eligible, key=lambda f: -(rng.random() ** (1.0 / self.specs[f["orgnr"]].size)))
            adopters = sorted(keyed[:k], key=lambda f: order[f["orgnr"]])
            proc["foretak"] = adopters
            for f in adopters:
                self.adoptions.append((proc, f))
        n = max(2, round(DEFECT_RATES["dissolved_adoptions"] * len(self.procedures)))
        for proc in self.rng("dissolved").sample(self.procedures, n):
            proc["foretak"] = proc["foretak"] + [self.dissolved]
            self.adoptions.append((proc, self.dissolved))
            self.defects.append({"check_name": "orphan_reference", "procedure_id": proc["id"],
                                 "orgnr": self.dissolved["orgnr"], "section": None, "resource": "prosedyrer",
                                 "item_id": proc["id"], "field": "foretak", "value": self.dissolved["orgnr"]})

    # facts and defects --------------------------------------------------------------------
    def choose_facts(self) -> None:
        rng = self.rng("facts")
        self.consensus: dict[str, dict[str, int | str]] = {}
        for proc in self.procedures:
            spec = self.proc_spec[proc["id"]]
            profile = dict(texts.FACT_PROFILES.get(spec.modality or spec.kind, {}))
            if spec.modality in ("mr", "ultralyd", "mr_kontrast") and spec.body_part and \
                    any(w in spec.body_part for w in ("abdomen", "lever", "galle", "bukspytt", "nyre", "milt", "tarm")):
                profile["solid_food"] = (1.0, [4, 6])
            facts = {}
            for fact in texts.FACTS:
                if fact in profile and rng.random() < profile[fact][0]:
                    facts[fact] = rng.choice(profile[fact][1])
            self.consensus[proc["id"]] = facts
        self.choose_reference_points()

    def choose_reference_points(self) -> None:
        """What each procedure's pages count a fasting or smoking time from, where the phrasing
        set says (`FACT_REFERENCES`): the phrasings a page may use write that point or none.
        A set that declares nothing is used one phrasing per procedure and kind instead."""
        rng = self.rng("reference-points")
        self.counts_from: dict[tuple[str, str], str | None] = {}
        self.pinned: dict[tuple[str, str], int] = {}
        for pid, facts in self.consensus.items():
            for kind in sorted(k for k in facts if k in texts.COUNTED):
                references = texts.phrase_references(self.bank, kind)
                if references is None:
                    self.pinned[(pid, kind)] = rng.randrange(len(self.bank.FACT_PHRASES[kind]))
                elif any(references):
                    self.counts_from[(pid, kind)] = rng.choice([r for r in references if r])

    def plan_defects(self) -> None:
        rng = self.rng("defects")
        n_adopt = len(self.adoptions)
        indices = list(range(n_adopt))
        n404 = max(1, round(DEFECT_RATES["missing_local_page_404"] * n_adopt))
        nnull = max(1, round(DEFECT_RATES["missing_local_page_null"] * n_adopt))
        picked = rng.sample(indices, n404 + nnull)
        self.status = ["page"] * n_adopt
        for i in picked[:n404]:
            self.status[i] = "404"
        for i in picked[n404:]:
            self.status[i] = "null"
        with_page = [i for i in indices if self.status[i] == "page"]
        self.page_defect: dict[int, dict[str, Any]] = {}
        by_proc: dict[str, list[int]] = {}
        for i in with_page:
            by_proc.setdefault(self.adoptions[i][0]["id"], []).append(i)

        def take(kind: str, candidates: list[int]) -> list[int]:
            free = [i for i in candidates if i not in self.page_defect]
            n = min(len(free), max(1, round(DEFECT_RATES[kind] * len(with_page))))
            return rng.sample(free, n)

        # divergent facts/texts: one offering per procedure, among procedures with many pages
        fact_procs = [p for p, idx in by_proc.items() if len(idx) >= 5 and self.consensus[p]]
        rng.shuffle(fact_procs)
        n = min(len(fact_procs), max(1, round(DEFECT_RATES["divergent_fact"] * len(with_page))))
        # up to half of them among procedures with fasting or drug rules, the cases numbers alone miss
        ruled = [p for p in fact_procs if set(self.consensus[p]) & set(texts.DEFERRABLE)][:n // 2]
        fact_procs = ruled + [p for p in fact_procs if p not in set(ruled)]
        for pid in fact_procs[:n]:
            i = rng.choice(by_proc[pid])
            fact = self._divergent_kind(rng, self.consensus[pid])
            self.page_defect[i] = {"check_name": "divergent_fact", "fact": fact,
                                   "observed": self._divergent_value(rng, fact, self.consensus[pid][fact])}
        fact_procs = fact_procs[:n]
        # procedures with two pages that disagree: both are divergent sides
        pairs = [p for p, idx in by_proc.items() if len(idx) == 2 and self.consensus[p]]
        rng.shuffle(pairs)
        pairs = pairs[:max(1, round(DEFECT_RATES["divergent_fact_pair"] * len(with_page)))]
        for pid in pairs:
            fact = self._divergent_kind(rng, self.consensus[pid])
            self.page_defect[rng.choice(by_proc[pid])] = {
                "check_name": "divergent_fact", "fact": fact,
                "observed": self._divergent_value(rng, fact, self.consensus[pid][fact])}
        # pages that leave an instruction to the letter which the others spell out
        deferrable = [p for p, idx in by_proc.items() if len(idx) >= 3 and p not in fact_procs
                      and any(k in texts.DEFERRABLE for k in self.consensus[p])]
        rng.shuffle(deferrable)
        deferrable = deferrable[:max(1, round(DEFECT_RATES["defers_to_letter"] * len(with_page)))]
        for pid in deferrable:
            # two pages where the others still hold a clear majority, else one
            for i in rng.sample(by_proc[pid], 2 if len(by_proc[pid]) >= 6 else 1):
                fact = rng.choice(sorted(k for k in self.consensus[pid] if k in texts.DEFERRABLE))
                self.page_defect[i] = {"check_name": "defers_to_letter", "fact": fact}
        fact_procs += pairs + deferrable
        fact_procs += self._plan_reference_defects(by_proc, set(fact_procs), len(with_page))
        fact_procs += self._plan_age_group_defects(by_proc, len(with_page))
        text_procs = [p for p, idx in by_proc.items() if len(idx) >= 3 and p not in fact_procs]
        rng.shuffle(text_procs)
        n = min(len(text_procs), max(1, round(DEFECT_RATES["divergent_text"] * len(with_page))))
        text_procs = text_procs[:n]
        for pid in text_procs:
            free = [i for i in by_proc[pid] if i not in self.page_defect]
            if free:
                self.page_defect[rng.choice(free)] = {"check_name": "divergent_text",
                                                      "section": rng.choice(["om", "etter"])}
        # procedures with a divergent fact or text keep their other offerings free of section
        # defects, so the consensus stays clear
        protected = {i for pid in fact_procs + text_procs for i in by_proc[pid]}
        open_idx = [i for i in with_page if i not in protected]
        for i in take("missing_section", open_idx):
            self.page_defect[i] = {"check_name": "missing_section", "section": rng.choice(["for", "under", "etter"]),
                                   "variant": rng.choice(["absent", "empty"])}
        for i in take("placeholder_text", open_idx):
            # half replace the whole section, half leave a marker inside the real text
            inline = rng.random() < 0.5
            self.page_defect[i] = {"check_name": "placeholder_text", "section": rng.choice(["for", "under", "etter"]),
                                   "variant": "inline" if inline else "whole",
                                   "text": rng.choice(texts.INLINE_MARKERS if inline else texts.PLACEHOLDERS)}
        for i in take("missing_contact", with_page):
            self.page_defect[i] = {"check_name": "missing_contact"}
        for i in take("missing_attendance_place", with_page):
            self.page_defect[i] = {"check_name": "missing_attendance_place"}

    def _plan_reference_defects(self, by_proc: dict[str, list[int]], taken: set[str], pages: int) -> list[str]:
        """Pages that give the others' value but count it from another point ("før oppmøte"
        where the others write "før undersøkelsen"): seeded where the phrasing set can write
        both points for the kind."""
        rng = self.rng("reference-defects")
        candidates = []
        for pid, idx in sorted(by_proc.items()):
            seeded = {self.page_defect[i].get("fact") for i in idx if i in self.page_defect}
            if len(idx) < 2 or len(idx) - len(seeded) < 2:
                continue
            # a procedure with another kind seeded keeps it; this kind is voted on apart
            for kind in sorted(k for k in self.consensus[pid] if (pid, k) in self.counts_from and k not in seeded):
                house = self.counts_from[(pid, kind)]
                others = {r for r in texts.phrase_references(self.bank, kind) or [] if r and r != house}
                if isinstance(self.consensus[pid][kind], int) and others:
                    candidates.append((pid, kind, sorted(others)))
        rng.shuffle(candidates)
        chosen: list[str] = []  # procedures; those with no other defect join the protected ones
        for pid, kind, others in candidates:
            if len(chosen) >= max(1, round(DEFECT_RATES["divergent_reference"] * pages)):
                break
            free = [i for i in by_proc[pid] if i not in self.page_defect]
            if pid in chosen or not free:
                continue
            self.page_defect[rng.choice(free)] = {"check_name": "divergent_reference", "fact": kind,
                                                          "reference": rng.choice(others)}
            chosen.append(pid)
        return [p for p in chosen if p not in taken]

    def _plan_age_group_defects(self, by_proc: dict[str, list[int]], pages: int) -> list[str]:
        """A page that states a kind per age group where the others give one value for all:
        the children's value is the others' value, the adults' another, so the page diverges on
        the adults' rule. Seeded where the phrasing set can write such a sentence, in procedures
        with 3 or more pages and no other defect on that kind."""
        rng = self.rng("age-group-defects")
        phrases = getattr(self.bank, "AGE_SPLIT_PHRASES", {})
        seeded = {pid: {self.page_defect[i].get("fact") for i in idx if i in self.page_defect}
                  for pid, idx in by_proc.items()}
        candidates = [(pid, kind) for pid, idx in sorted(by_proc.items())
                      if len(idx) >= 3 and len(idx) - sum(i in self.page_defect for i in idx) >= 2
                      for kind in sorted(self.consensus[pid]) if kind in phrases and kind not in seeded[pid]
                      and isinstance(self.consensus[pid][kind], int)]
        rng.shuffle(candidates)
        chosen: list[str] = []
        for pid, kind in candidates:
            if len(chosen) >= max(1, round(DEFECT_RATES["divergent_age_group"] * pages)):
                break
            if pid in chosen:
                continue
            everyone = self.consensus[pid][kind]
            adults = rng.choice([v for v in texts.DIVERGENT_OPTIONS[kind] if isinstance(v, int)
                                 and abs(v - everyone) / max(v, everyone) >= 0.3])
            free = [i for i in by_proc[pid] if i not in self.page_defect]
            self.page_defect[rng.choice(free)] = {"check_name": "divergent_age_group", "fact": kind,
                                                          "observed": ("age", adults, everyone)}
            chosen.append(pid)
        return [p for p in chosen if not seeded[p]]

    @staticmethod
    def _divergent_kind(rng: random.Random, facts: dict[str, int | str]) -> str:
        """Half the time a kind that rules can state, so rule-against-number cases are common."""
        ruled = sorted(k for k in facts if any(isinstance(v, str) for v in texts.DIVERGENT_OPTIONS[k]))
        return rng.choice(ruled) if ruled and rng.random() < 0.5 else rng.choice(sorted(facts))

    @staticmethod
    def _divergent_value(rng: random.Random, fact: str, value: int | str) -> int | str:
        """Another statement of the kind: a value at least 30 % off, or a rule where the others
        give a number (and a number where they give a rule)."""
        options = texts.DIVERGENT_OPTIONS[fact]
        if isinstance(value, str):
            return rng.choice([v for v in options if isinstance(v, int)])
        rules = [v for v in options if isinstance(v, str)]
        if rules and rng.random() < 0.4:
            return rng.choice(rules)
        return rng.choice([v for v in options if isinstance(v, int) and abs(v - value) / max(v, value) >= 0.3])

    # pages -----------------------------------------------------------------------------------
    def build_offerings(self) -> None:
        rng = self.rng("pages")
        self.style: dict[str, dict[str, Any]] = {}
        for f in self.clinical + [self.dissolved]:
            self.style[f["orgnr"]] = {
                "bullets": rng.random() < 0.3, "alt_titles": rng.random() < 0.3,
                "departments": {k: rng.choice(v) for k, v in DEPARTMENTS.items()},
                "email": rng.random() < 0.5,
            }
        self.places: dict[tuple[str, int, str], dict[str, Any]] = {}
        self.phones: dict[tuple[str, str], tuple[str, str]] = {}
        self.offerings: list[dict[str, Any]] = []
        self.linked: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.facts_truth: list[dict[str, Any]] = []
        self.pages: list[dict[str, Any]] = []
        for i, (proc, f) in enumerate(self.adoptions):
            status = self.status[i]
            key = (proc["id"], f["orgnr"])
            if status == "404":
                self.defects.append({"check_name": "missing_local_page", "procedure_id": key[0], "orgnr": key[1],
                                     "section": None, "reason": "not_found_404"})
                continue
            if status == "null":
                self.defects.append({"check_name": "missing_local_page", "procedure_id": key[0], "orgnr": key[1],
                                     "section": None, "reason": "side_null"})
                self.offerings.append({"prosedyre": key[0], "foretak": f, "tilbys": True, "side": None})
                continue
            side, linked, (stated, references) = self.render_page(rng, proc, f, self.page_defect.get(i))
            self.offerings.append({"prosedyre": key[0], "foretak": f, "tilbys": True, "side": side})
            self.linked[key] = linked
            self.pages.extend(linked)
            self.facts_truth.append({"procedure_id": key[0], "orgnr": key[1], "facts": stated,
                                     "references": references})
        self.defects += instruction_truth(self.facts_truth)

    def render_page(self, rng: random.Random, proc: dict[str, Any], f: dict[str, Any],
                    defect: dict[str, Any] | None) -> tuple[dict[str, Any], list[dict[str, Any]], tuple[dict, dict]]:
        spec = self.proc_spec[proc["id"]]
        orgnr = f["orgnr"]
        fspec = self.specs[orgnr]
        style = self.style[orgnr]
        avdeling = style["departments"][spec.kind]
        site_idx = rng.randrange(len(fspec.sites))
        site = fspec.sites[site_idx]
        region_name = {"helse-sor-ost": "Sør-Øst", "helse-vest": "Vestlandet", "helse-midt-norge": "Midt-Norge",
                       "helse-nord": "Nord-Norge"}[fspec.region]
        noun_key = NOUN_BY_KIND.get(spec.kind, spec.type)
        ctx = texts.context(spec, noun_key, avdeling, site.name, region_name)
        facts = dict(self.consensus[proc["id"]])
        check = defect["check_name"] if defect else None
        if check in ("divergent_fact", "divergent_age_group"):
            facts[defect["fact"]] = defect["observed"]
        elif check == "defers_to_letter":
            facts[defect["fact"]] = "follow_letter"
        # the phrasings a fact's sentence may use: the procedure's reference point or none, or
        # the other point on a page seeded to count from it; a pinned phrasing where unknown
        phrasing = {k: {"counts_from": (self.counts_from[(proc["id"], k)], None)} if (proc["id"], k) in self.counts_from
                    else {"pinned": self.pinned.get((proc["id"], k))} for k in facts}
        if check == "divergent_reference":
            phrasing[defect["fact"]] = {"counts_from": (defect["reference"],)}
        innhold, stated = self.sections(rng, spec, ctx, facts, style, defect, phrasing)
        changed = self.past(rng, 700)
        moment = dt.datetime.fromisoformat(changed)
        approved = (moment - dt.timedelta(days=rng.randrange(0, 60))).date().isoformat()
        base_url = self.site_url[orgnr]
        contact = self.contact(orgnr, fspec, avdeling, style)
        place = self.place(rng, orgnr, fspec, site_idx, avdeling, ctx)
        local_contact = not (rng.random() < 0.15 or check == "missing_contact")
        local_place = not (rng.random() < 0.15 or check == "missing_attendance_place")
        side = {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "type": "behandlingsside",
            "url": f"{base_url}/behandlinger/{quote(proc['id'], safe='-')}", "sprak": "nb",
            "sistEndret": changed, "godkjent": approved, "innhold": innhold,
            "kontakt": [contact] if local_contact else [], "oppmotested": [place] if local_place else [],
        }
        linked = [
            {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "type": "stedside",
             "url": f"{base_url}/steder/{slugify(site.name)}", "sprak": "nb", "sistEndret": self.past(rng, 900),
             "godkjent": None,
             "innhold": [{"seksjon": "om", "tittel": f"Om {site.name}",
                          "tekst": f"<p>{site.name} ligger i {site.city}. {texts.fill(rng.choice(PLACE_DESCRIPTIONS), ctx)}</p>"}],
             "kontakt": [], "oppmotested": [] if check == "missing_attendance_place" else [place]},
            {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "type": "avdelingsside",
             "url": f"{base_url}/avdelinger/{slugify(avdeling)}", "sprak": "nb", "sistEndret": self.past(rng, 900),
             "godkjent": None,
             "innhold": [{"seksjon": "om", "tittel": f"Om {avdeling.lower()}",
                          "tekst": f"<p>{avdeling} ved {site.name} tar imot pasienter fra hele {region_name}.</p>"}],
             "kontakt": [] if check == "missing_contact" else [contact], "oppmotested": []},
        ]
        for page in linked:
            page["godkjent"] = page["sistEndret"][:10]
        # divergences and deferrals are derived from what the pages say (instruction_truth)
        if check and check not in ("divergent_fact", "defers_to_letter", "divergent_reference", "divergent_age_group"):
            record = {"check_name": check, "procedure_id": proc["id"], "orgnr": orgnr,
                      "section": defect.get("section")}
            record.update({k: v for k, v in defect.items() if k not in ("check_name", "section")})
            self.defects.append(record)
        return side, linked, stated

    def sections(self, rng: random.Random, spec: ProcedureSpec, ctx: dict[str, str], facts: dict[str, int],
                 style: dict[str, Any], defect: dict[str, Any] | None,
                 phrasing: dict[str, dict]) -> tuple[list[dict[str, Any]], tuple[dict, dict]]:
        check = defect["check_name"] if defect else None
        names = ["om", "for", "under", "etter"]
        if rng.random() < 0.3:
            names.append("ventetid")
        if rng.random() < 0.15:
            names.append("annet")
        innhold: list[dict[str, Any]] = []
        stated: dict[str, int] = {}
        references: dict[str, str] = {}  # kind -> the reference point its sentence writes, where it writes one
        for name in names:
            sentences, bullets, section_facts, written = self.section_sentences(rng, spec, name, ctx, facts, style,
                                                                                phrasing)
            html = texts.render_html(sentences, rng, bullets)
            if defect and defect.get("section") == name:
                if check == "missing_section":
                    if defect["variant"] == "absent":
                        continue
                    html = rng.choice(texts.EMPTY_SECTION_TEXTS)
                    defect["variant"] = "empty:" + json.dumps(html)
                    section_facts = {}
                elif check == "placeholder_text" and defect["variant"] == "inline":
                    sentences.insert(rng.randint(0, len(sentences)), defect["text"])
                    html = texts.render_html(sentences, rng, bullets)
                elif check == "placeholder_text":
                    html = defect["text"]
                    section_facts = {}
                elif check == "divergent_text":
                    html = self.foreign_text(rng, spec, name, ctx)
                    section_facts = {}  # the foreign text states none of this page's instructions
            for k, v in section_facts.items():
                stated.update(texts.stated_keys(k, v))
            references.update({k: r for k, r in written.items() if k in section_facts and r})
            titles = texts.SECTION_TITLES[name]
            title = titles[1 if style["alt_titles"] else 0].format(**ctx)
            innhold.append({"seksjon": name, "tittel": title[0].upper() + title[1:], "tekst": html})
        return innhold, (stated, references)

    def section_sentences(self, rng: random.Random, spec: ProcedureSpec, name: str, ctx: dict[str, str],
                          facts: dict[str, int], style: dict[str, Any],
                          phrasing: dict[str, dict]) -> tuple[list[str], list[str], dict[str, int], dict[str, str | None]]:
        if name in ("ventetid", "annet"):
            pool = texts.VENTETID if name == "ventetid" else texts.ANNET
            sentences = [texts.fill(t, ctx) for t in rng.sample(pool, 2)]
            if rng.random() < 2 * NOISE_RATE:
                sentences.append(texts.noise_sentence(rng, ctx, self.bank))
            return sentences, [], {}, {}
        sentences = [texts.fill(texts.pick(rng, slot), ctx) for slot in texts.section_slots(spec.kind, spec.modality, name)]
        if name in texts.OPTIONAL and rng.random() < 0.4:
            extra = texts.fill(rng.choice(texts.OPTIONAL[name]), ctx)
            sentences.insert(rng.randint(1, len(sentences)), extra)
        if len(sentences) > 2 and rng.random() < 0.35:
            j = rng.randrange(1, len(sentences) - 1)
            sentences[j], sentences[j + 1] = sentences[j + 1], sentences[j]
        section_facts = {k: v for k, v in facts.items() if texts.FACT_SECTION[k] == name}
        written = {k: texts.fact_sentence(rng, k, v, ctx, self.bank, **phrasing.get(k, {}))
                   for k, v in section_facts.items()}
        fact_sentences = [sentence for sentence, _ in written.values()]
        if name in NOISE_SECTIONS and rng.random() < NOISE_RATE:  # a number that is no instruction
            sentences.insert(rng.randint(0, len(sentences)), texts.noise_sentence(rng, ctx, self.bank))
        bullets: list[str] = []
        if fact_sentences and name == "for" and style["bullets"]:
            bullets = fact_sentences
        else:
            for sentence in fact_sentences:
                sentences.insert(rng.randint(1, len(sentences)), sentence)
        return sentences, bullets, section_facts, {k: r for k, (_, r) in written.items()}

    def foreign_text(self, rng: random.Random, spec: ProcedureSpec, name: str, ctx: dict[str, str]) -> str:
        """A section copied from a page about something else entirely (divergent_text)."""
        other_kind = rng.choice(sorted(k for k in texts.KIND_TEXT if k != spec.kind))
        others = [p for p in self.procedures if self.proc_spec[p["id"]].kind == other_kind] or self.procedures
        other = self.proc_spec[rng.choice(others)["id"]]
        other_ctx = dict(ctx, Tittel=other.title, t=texts.lower_title(other.title),
                         area=other.body_part or "det aktuelle området")
        slots = texts.KIND_TEXT[other_kind]["om"] + texts.KIND_TEXT[other_kind][name if name != "om" else "under"]
        if len(slots) > 3 and rng.random() < 0.4:  # varied lengths: a shorter foreign text
            slots = rng.sample(slots, 3)
        return "<p>" + " ".join(texts.fill(texts.pick(rng, s), other_ctx) for s in slots) + "</p>"

    def contact(self, orgnr: str, fspec: ForetakSpec, avdeling: str, style: dict[str, Any]) -> dict[str, Any]:
        key = (orgnr, avdeling)
        if key not in self.phones:
            r = random.Random(f"{self.seed}:phone:{orgnr}:{avdeling}")
            self.phones[key] = (f"{fspec.phone} {r.randrange(10, 99)} {r.randrange(10, 99)}", r.choice(OPENING_HOURS))
        phone, hours = self.phones[key]
        email = f"{slugify(avdeling)}@{fspec.slug}.no" if style["email"] else None
        return {"navn": avdeling, "telefon": phone, "epost": email, "apningstid": hours}

    def place(self, rng: random.Random, orgnr: str, fspec: ForetakSpec, site_idx: int, avdeling: str,
              ctx: dict[str, str]) -> dict[str, Any]:
        key = (orgnr, site_idx, avdeling)
        if key not in self.places:
            site = fspec.sites[site_idx]
            self.places[key] = {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "navn": f"{avdeling}, {site.name}",
                "adresse": {"gate": site.street, "postnummer": site.postal_code, "poststed": site.city},
                "beskrivelse": "<p>" + texts.fill(rng.choice(PLACE_DESCRIPTIONS), ctx) + "</p>",
                "koordinater": {"lat": round(site.lat + rng.uniform(-0.001, 0.001), 5),
                                "lon": round(site.lon + rng.uniform(-0.001, 0.001), 5)},
            }
        return self.places[key]

    # studies and events --------------------------------------------------------------------
    def build_studies(self) -> None:
        rng = self.rng("studies")
        n = max(5, round(BASE_COUNTS["studies"] * self.scale))
        interventions = ["trening", "digital oppfølging", "et nytt legemiddel", "kostendring", "kognitiv terapi",
                         "immunterapi", "kikkhullskirurgi", "tidlig mobilisering", "sykepleierledet oppfølging",
                         "genetisk testing", "presisjonsmedisin", "hjemmebehandling", "stråleterapi"]
        forms = ["Effekt av {i} ved {d}", "{I} for pasienter med {d}", "En randomisert studie av {i} ved {d}",
                 "Langtidsoppfølging av pasienter med {d}", "Biomarkører for tidlig diagnostikk av {d}",
                 "{I} etter {d}: en multisenterstudie"]
        statuses = ["planlagt"] * 2 + ["rekrutterer"] * 5 + ["aktiv"] * 3 + ["avsluttet"] * 2
        candidates = [p for p in self.procedures if p["snomed"] and self.proc_spec[p["id"]].diagnosis]
        candidates = candidates or [p for p in self.procedures if p["snomed"]]
        n_orphan = max(1, round(DEFECT_RATES["orphan_study"] * n))
        orphan_idx = set(rng.sample(range(n), min(n, n_orphan)))
        unclassified = set(self.rng("studies:hrcs").sample(range(n), max(1, round(DEFECT_RATES["study_missing_hrcs"] * n))))
        extra = self.rng("studies:codes")  # its own stream: the other study fields stay as they were
        body_parts = sorted({s.body_part for s in self.proc_spec.values() if s.body_part})
        self.studies: list[dict[str, Any]] = []
        for k in range(n):
            proc = rng.choice(candidates)
            spec = self.proc_spec[proc["id"]]
            subject = spec.diagnosis or texts.lower_title(spec.title)
            inter = rng.choice(interventions)
            acronym = "".join(rng.choice("ABCDEFGHIKLMNOPRSTV") for _ in range(rng.randint(3, 6)))
            title = rng.choice(forms).format(i=inter, I=inter[0].upper() + inter[1:], d=subject) + f" ({acronym})"
            category = spec.study_category if spec.study_category in STUDY_CATEGORIES else "Annet"
            codes = rng.sample(proc["snomed"], rng.randint(1, len(proc["snomed"]))) if rng.random() < 0.9 else []
            codes += self.study_context_codes(extra, codes, body_parts)
            hrcs_cats = STUDY_CATEGORIES[category]
            owners = rng.sample(self.clinical, rng.randint(1, 6))
            members = [{"orgnr": owners[0]["orgnr"], "navn": owners[0]["navn"], "rolle": "ansvarlig"}]
            members += [{"orgnr": o["orgnr"], "navn": o["navn"], "rolle": "deltakende"} for o in owners[1:]]
            sid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            if k in orphan_idx:
                unknown = new_orgnr(rng, self.used_orgnr)
                members.append({"orgnr": unknown, "navn": rng.choice(FORMER_FORETAK), "rolle": "deltakende"})
                self.defects.append({"check_name": "orphan_reference", "procedure_id": None, "orgnr": unknown,
                                     "section": None, "resource": "kliniske-studier", "item_id": sid,
                                     "field": "foretak", "value": unknown})
            study = {
                "id": sid, "tittel": title, "kategori": category,
                "sammendrag": (f"<p>Studien undersøker {inter} hos pasienter med {subject}.</p>"
                               f"<p>Målet er å finne ut om {inter} gir bedre helse og livskvalitet.</p>"),
                "status": rng.choice(statuses), "snomed": codes,
                "hrcs": {"helsekategorier": rng.sample(hrcs_cats, rng.randint(1, len(hrcs_cats))),
                         "forskningsaktiviteter": sorted(rng.sample(HRCS_RESEARCH_ACTIVITIES, rng.randint(1, 2)))},
                "foretak": members,
                "url": f"{self.site_url[owners[0]['orgnr']]}/kliniske-studier/{slugify(title)[:60]}",
                "sistEndret": self.past(rng, 800),
            }
            if k in unclassified:  # neither health category nor research activity
                study["hrcs"] = {"helsekategorier": [], "forskningsaktiviteter": []}
                self.defects.append({"check_name": "study_missing_hrcs", "procedure_id": None, "orgnr": None,
                                     "section": None, "resource": "kliniske-studier", "item_id": sid})
            if rng.random() < 0.85:
                study["cristinId"] = str(rng.randrange(400000, 2900000))
            self.studies.append(study)

    def study_context_codes(self, rng: random.Random, codes: list[dict[str, str]],
                            body_parts: list[str]) -> list[dict[str, str]]:
        """Target-group and body-structure codes a study also carries, as real registrations do:
        they are shared with many unrelated procedures ("Barn" with every child's procedure), so
        a link built on them alone would be wrong. A target group may also contradict the
        procedure's (a study for adults beside a procedure for children)."""
        have = {c["kode"] for c in codes}
        out = []
        if rng.random() < 0.3:
            group = rng.choices(["Voksne", "Eldre", "Barn"], weights=[0.6, 0.2, 0.2])[0]
            out.append(self.snomed(rng, group, "malgruppe"))
        if body_parts and rng.random() < 0.1:
            part = rng.choice(body_parts)
            out.append(self.snomed(rng, part[0].upper() + part[1:], "kroppsstruktur"))
        return [c for c in out if c["kode"] not in have]

    def build_events(self) -> None:
        rng = self.rng("events")
        n = max(5, round(BASE_COUNTS["events"] * self.scale))
        sites = [w for w in self.websites if self.specs[w["foretak"]["orgnr"]].kind in CLINICAL_KINDS]
        adopted: dict[str, list[dict[str, Any]]] = {}
        for proc, f in self.adoptions:
            adopted.setdefault(f["orgnr"], []).append(proc)
        nb_forms = {"kurs": ["Startkurs for {d}", "Kurs om {d}", "Kurs for pårørende ved {d}"],
                    "behandlingskurs": ["Behandlingskurs: {t}", "Gruppetilbud ved {d}"],
                    "foredrag": ["Foredrag om {d}", "Temakveld: {d}", "Åpent foredrag om {t}"],
                    "mestringskurs": ["Lærings- og mestringskurs for {d}", "Mestringskurs: leve med {d}"],
                    "annet": ["Åpen dag på {sted}", "Informasjonsmøte om {d}"]}
        en_forms = ["Course on {d}", "Information meeting: {d}", "Open lecture on {d}"]
        types = ["kurs"] * 4 + ["behandlingskurs"] * 2 + ["foredrag"] * 2 + ["mestringskurs"] * 3 + ["annet"]
        n_orphan = max(3, round(DEFECT_RATES["orphan_event"] * n))
        orphan_idx = rng.sample(range(n), min(n, n_orphan))
        orphan_kind = {i: ("foretak", "prosedyrer", "nettsted")[j % 3] for j, i in enumerate(orphan_idx)}
        self.events: list[dict[str, Any]] = []
        for k in range(n):
            site = rng.choice(sites)
            f = site["foretak"]
            fspec = self.specs[f["orgnr"]]
            procs = adopted.get(f["orgnr"]) or self.procedures
            proc = rng.choice(procs)
            spec = self.proc_spec[proc["id"]]
            etype = rng.choice(types)
            venue_site = rng.choice(fspec.sites)
            if spec.diagnosis is None:  # an examination or operation: information, not a course
                etype = rng.choice(["foredrag", "annet"])
                forms = ["Informasjonsmøte om {t}", "Åpent foredrag om {t}", "Før {t}: dette skjer"]
                title = rng.choice(forms).format(t=texts.lower_title(spec.title))
            elif site["sprak"] == "en":
                title = rng.choice(en_forms).format(d=spec.diagnosis)
            else:
                title = rng.choice(nb_forms[etype]).format(d=spec.diagnosis, t=texts.lower_title(spec.title),
                                                           sted=venue_site.name)
            title = title[0].upper() + title[1:]
            day = self.as_of + dt.timedelta(days=rng.randint(1, 365))
            start = day.replace(hour=rng.choice([9, 10, 12, 13, 17, 18]), minute=rng.choice([0, 0, 30]))
            start = start.replace(tzinfo=OSLO)
            end = start + dt.timedelta(hours=rng.choice([1, 2, 3, 6]), days=1 if rng.random() < 0.1 else 0)
            digital = rng.random() < 0.25
            eid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            event = {
                "id": eid, "tittel": title, "type": etype, "start": iso(start), "slutt": iso(end),
                "nettsted": site["id"], "sprak": site["sprak"], "foretak": f,
                "sted": None if digital else {"navn": venue_site.name, "adresse": {
                    "gate": venue_site.street, "postnummer": venue_site.postal_code, "poststed": venue_site.city}},
                "digitalt": digital, "prosedyrer": [proc["id"]] if rng.random() < 0.6 else [],
                "url": f"{site['url']}/arrangementer/{slugify(title)[:50]}-{eid[:8]}",
                "sistEndret": self.past(rng, 200),
            }
            kind = orphan_kind.get(k)
            if kind:
                if kind == "foretak":
                    value = new_orgnr(rng, self.used_orgnr)
                    event["foretak"] = {"orgnr": value, "navn": rng.choice(FORMER_FORETAK), "region": f["region"]}
                elif kind == "prosedyrer":
                    value = f"utgatt-{slugify(spec.title)}"
                    if value in self.proc_spec:  # pragma: no cover - defensive
                        value += "-x"
                    event["prosedyrer"] = event["prosedyrer"] + [value]
                else:
                    value = f"{slugify(rng.choice(FORMER_FORETAK)).removesuffix('-hf')}-nb"
                    event["nettsted"] = value
                self.defects.append({"check_name": "orphan_reference", "procedure_id": None,
                                     "orgnr": value if kind == "foretak" else None, "section": None,
                                     "resource": "arrangementer", "item_id": eid, "field": kind, "value": value})
            self.events.append(event)

    # truth -----------------------------------------------------------------------------------
    def build_truth(self) -> dict[str, Any]:
        n_pages = sum(1 for o in self.offerings if o["side"]) + len(self.pages)
        region_of = {f["orgnr"]: f["region"] for f in self.foretak}
        offered: dict[str, set[str]] = {r["id"]: set() for r in self.regions}
        offerings_per_region = {r["id"]: 0 for r in self.regions}
        for o in self.offerings:
            region = region_of[o["foretak"]["orgnr"]]
            offered[region].add(o["prosedyre"])
            offerings_per_region[region] += 1
        defects_by_check: dict[str, int] = {}
        for d in self.defects:
            defects_by_check[d["check_name"]] = defects_by_check.get(d["check_name"], 0) + 1
        with_site = {w["foretak"]["orgnr"] for w in self.websites}
        return {
            "seed": self.seed, "scale": self.scale, "phrasing": self.phrasing, "as_of": iso(self.as_of),
            "identifiers": "synthetic",
            "counts": {
                "regions": len(self.regions), "foretak": len(self.foretak),
                "clinical_foretak": len({f["orgnr"] for _, f in self.adoptions}),  # the dissolved one too
                "nettsteder": len(self.websites),
                "prosedyrer": len(self.procedures), "adoptions": len(self.adoptions),
                "tilbud": len(self.offerings), "not_found_adoptions": self.status.count("404"),
                "null_side": sum(1 for o in self.offerings if o["side"] is None),
                "behandlingssider": sum(1 for o in self.offerings if o["side"]),
                "sider": n_pages, "kliniske-studier": len(self.studies), "arrangementer": len(self.events),
                "single_adopter_procedures": sum(1 for p in self.procedures if len(p["foretak"]) == 1),
                "defects": dict(sorted(defects_by_check.items())),
            },
            "procedures_offered_per_region": {r: len(v) for r, v in offered.items()},
            "offerings_per_region": offerings_per_region,
            "foretak_without_website": [f["orgnr"] for f in self.foretak if f["orgnr"] not in with_site],
            "consensus_facts": {pid: {k: texts.statement(v) for k, v in facts.items()}
                                for pid, facts in self.consensus.items() if facts},
            "facts": self.facts_truth,
            "defects": self.defects,
        }


def instruction_truth(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The divergent_fact and defers_to_letter defects that the pages' statements make, per
    procedure and kind. Pages that defer to the letter take no part in the vote.
    - 3 or more pages and one statement made by >= 60 % of them, more often than any other:
      each page without it;
    - 2 pages, or no such majority: each page that differs from some other page;
    - a page that only defers to the letter, where another page is concrete;
    - among the other pages that give one value and write what it counts from (arrival or the
      procedure), the same vote on that reference point;
    - a page that states a kind per age group ("solid_food[adults]") is compared, per group,
      with what the other pages state for everyone (they name no age group)."""
    said: dict[tuple[str, str], dict[str, str]] = {}
    counted: dict[tuple[str, str], dict[str, str]] = {}
    for page in pages:
        for kind, statement in page["facts"].items():
            said.setdefault((page["procedure_id"], kind), {})[page["orgnr"]] = statement
            if (reference := page.get("references", {}).get(kind)) is not None:
                counted.setdefault((page["procedure_id"], kind), {})[page["orgnr"]] = reference
    for (pid, key) in [k for k in said if "[" in k[1]]:
        everyone = said.get((pid, key.split("[")[0]), {})
        for orgnr, statement in everyone.items():
            if statement != "follow_letter" and orgnr not in said[(pid, key)]:
                said[(pid, key)][orgnr] = statement
                if orgnr in counted.get((pid, key.split("[")[0]), {}):
                    counted.setdefault((pid, key), {})[orgnr] = counted[(pid, key.split("[")[0])][orgnr]
    defects = []
    for (pid, kind), by_page in sorted(said.items()):
        concrete = {o: v for o, v in by_page.items() if v != "follow_letter"}
        counts = Counter(concrete.values()).most_common()
        majority = None
        if len(concrete) >= 3 and counts[0][1] / len(concrete) >= 0.6 and \
                (len(counts) == 1 or counts[1][1] < counts[0][1]):
            majority = counts[0][0]
        divergent = set()
        for orgnr, value in sorted(concrete.items()):
            if (value != majority) if majority is not None else len(counts) > 1:
                others = Counter(v for o, v in concrete.items() if o != orgnr)
                divergent.add(orgnr)
                defects.append({"check_name": "divergent_fact", "procedure_id": pid, "orgnr": orgnr,
                                "section": texts.FACT_SECTION[kind.split("[")[0]], "fact": kind, "observed": value,
                                "consensus": majority, "others": dict(sorted(others.items()))})
        for value in sorted(set(concrete.values())):
            references = {o: r for o, r in counted.get((pid, kind), {}).items()
                          if concrete.get(o) == value and o not in divergent}
            for orgnr, reference, majority_point in _divergent_votes(references):
                defects.append({"check_name": "divergent_fact", "procedure_id": pid, "orgnr": orgnr,
                                "section": texts.FACT_SECTION[kind.split("[")[0]], "fact": kind,
                                "observed": f"{value} {reference}", "consensus": majority_point,
                                "others": dict(sorted(Counter(r for o, r in references.items() if o != orgnr).items()))})
        if concrete:
            defects += [{"check_name": "defers_to_letter", "procedure_id": pid, "orgnr": orgnr,
                         "section": texts.FACT_SECTION[kind.split("[")[0]], "fact": kind}
                        for orgnr, value in sorted(by_page.items()) if value == "follow_letter"]
    return defects


def _divergent_votes(by_page: dict[str, str]) -> list[tuple[str, str, str | None]]:
    """(page, what it says, the majority or None) for each page on a divergent side of one
    vote: with 3 or more pages and a majority of >= 60 %, the pages without it; else each page
    that differs from some other."""
    counts = Counter(by_page.values()).most_common()
    majority = None
    if len(by_page) >= 3 and counts[0][1] / len(by_page) >= 0.6 and (len(counts) == 1 or counts[1][1] < counts[0][1]):
        majority = counts[0][0]
    return [(orgnr, value, majority) for orgnr, value in sorted(by_page.items())
            if ((value != majority) if majority is not None else len(counts) > 1)]


def generate(seed: int = DEFAULT_SEED, scale: float = 1.0, as_of: dt.datetime | None = None,
             phrasing: str = "dev") -> SampleDataset:
    """Build the sample deterministically: same (seed, scale, as_of, phrasing) gives identical
    items. `phrasing` names the set of instruction phrasings: "dev" (what the extractor was
    developed against) or "heldout" (for measuring it)."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    gen = _Gen(seed, scale, _normalise_as_of(as_of), phrasing)
    gen.build_reference()
    gen.build_procedures()
    gen.adopt()
    gen.choose_facts()
    gen.plan_defects()
    gen.build_offerings()
    gen.build_studies()
    gen.build_events()
    truth = gen.build_truth()
    return SampleDataset(
        seed=seed, scale=scale, as_of=gen.as_of, regions=gen.regions, foretak=gen.foretak,
        websites=gen.websites, procedures=gen.procedures, offerings=gen.offerings, pages=gen.pages,
        studies=gen.studies, events=gen.events, truth=truth, linked_pages=gen.linked,
    )


def dumps(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def write_sample(directory: Path, seed: int = DEFAULT_SEED, scale: float = 1.0,
                 as_of: dt.datetime | None = None, phrasing: str = "dev") -> dict[str, Path]:
    """Write each resource as gzip NDJSON plus truth.json; returns resource -> path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    dataset = generate(seed, scale, as_of, phrasing=phrasing)
    paths: dict[str, Path] = {}
    for resource, filename in EXPORT_FILES.items():
        path = directory / filename
        with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            for item in dataset.iter_resource(resource):
                gz.write((dumps(item) + "\n").encode())
        paths[resource] = path
    truth_path = directory / "truth.json"
    truth_path.write_text(json.dumps(dataset.truth, ensure_ascii=False, indent=1), encoding="utf-8")
    paths["truth"] = truth_path
    return paths


TOUCH_SENTENCES = ["Informasjonen på denne siden er gjennomgått av fagmiljøet.",
                   "Du kan lese journalen din på helsenorge.no.", "Du får med deg skriftlig informasjon hjem."]


def touch(dataset: SampleDataset, fraction: float, seed: int, now: dt.datetime) -> dict[str, list[str]]:
    """Edit ~fraction of procedures, local pages, studies and events in place, setting their
    `sistEndret` to `now`. Some edited treatment pages lose their contact details to the
    department page they link to (only a second look finds it). Edits keep the data's defect
    status unchanged, read with the linked pages. Returns changed ids
    per resource (`tilbud` as "procedure/orgnr", `sider` as page ids)."""
    rng = random.Random(f"{seed}:touch:{dataset.version}")
    stamp = iso(_normalise_as_of(now))

    def some(items: list[Any]) -> list[Any]:
        n = min(len(items), round(fraction * len(items)))
        return [items[i] for i in sorted(rng.sample(range(len(items)), n))]

    changed: dict[str, list[str]] = {"prosedyrer": [], "tilbud": [], "sider": [], "kliniske-studier": [],
                                     "arrangementer": []}
    for proc in some(dataset.procedures):
        proc["htk"] = f"HTK{rng.randrange(10000, 99999)}"
        proc["sistEndret"] = stamp
        changed["prosedyrer"].append(proc["id"])
    for offering in some([o for o in dataset.offerings if o["side"] is not None]):
        side = offering["side"]
        om = next((s for s in side["innhold"] if s["seksjon"] == "om"), None)
        if om is not None:
            om["tekst"] = om["tekst"] + f"<p>{rng.choice(TOUCH_SENTENCES)}</p>"
        key = (offering["prosedyre"], offering["foretak"]["orgnr"])
        department_has_contact = any(p["kontakt"] for p in dataset.linked_pages.get(key, ())
                                     if p["type"] == "avdelingsside")
        if side["kontakt"] and department_has_contact and rng.random() < 0.5:
            # The contact moves to the department page only: a second look is now needed.
            side["kontakt"] = []
        side["sistEndret"] = stamp
        changed["tilbud"].append(f"{offering['prosedyre']}/{offering['foretak']['orgnr']}")
        changed["sider"].append(side["id"])
    for study in some(dataset.studies):
        study["status"] = {"planlagt": "rekrutterer", "rekrutterer": "aktiv", "aktiv": "avsluttet",
                           "avsluttet": "avsluttet"}[study["status"]]
        study["sammendrag"] += "<p>Studien er oppdatert.</p>"
        study["sistEndret"] = stamp
        changed["kliniske-studier"].append(study["id"])
    for event in some(dataset.events):
        event["tittel"] = event["tittel"].removesuffix(" (endret)") + " (endret)"
        event["sistEndret"] = stamp
        changed["arrangementer"].append(event["id"])
    dataset.version += 1
    return changed
