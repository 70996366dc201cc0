"""Explained similarity matching of libraries.

A candidate's score (0-100) is the weighted mean of eight factors, each
between 0 and 1:

- population: the populations served, on a log scale (a factor of 100 apart scores 0);
- type: the same type of library;
- collection: collection sizes, on a log scale like the population;
- subjects, languages: the overlap (Jaccard) of collection subjects and of the
  languages of the staff and the collection;
- directions: how much of what each seeks the other offers;
- experience: the candidate records programmes or experience of cooperation;
- status: how able the candidate is to act now (operating 1 … destroyed 0).

The weights are the programme's (``Programme.weights()``). The registry is
kept in memory as compact numpy columns, rebuilt when the database's
organisations change (a cheap stamp query decides), so one search scores
100,000 libraries in a few vectorised passes; only the top few are loaded
from the database and explained in words.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from states.text import Text, lazy_text
from workflow.bounds import MAX_ID
from workflow.errors import InvalidInput
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.models import (
    DEFAULT_MATCH_WEIGHTS,
    DIRECTIONS,
    LIBRARY_STATUSES,
    LIBRARY_TYPES,
    SUBJECTS,
    Organisation,
    Partnership,
    Party,
    Programme,
)

FACTORS = tuple(DEFAULT_MATCH_WEIGHTS)
FACTOR_TITLES: dict[str, Text] = {
    "population": lazy_text("Population served"),
    "type": lazy_text("Type of library"),
    "collection": lazy_text("Collection size"),
    "subjects": lazy_text("Subjects of the collection"),
    "languages": lazy_text("Languages"),
    "directions": lazy_text("Directions of cooperation"),
    "experience": lazy_text("Experience"),
    "status": lazy_text("Status"),
}
STATUS_FIT = {"operating": 1.0, "relocated": 0.7, "damaged": 0.5, "occupied": 0.1, "destroyed": 0.0}
#: Partnerships in these states no longer hold a library's place.
ENDED = ("withdrawn", "closed")
#: Two populations this many powers of ten apart are not alike at all.
DECADES = 2.0


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    without_partner: bool = False
    #: With no countries given, look abroad only (a sister library is abroad).
    abroad: bool = True


@dataclass
class Factor:
    factor: str
    value: float
    weight: float
    points: float
    explanation: Text

    def as_dict(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "value": round(self.value, 3),
            "weight": self.weight,
            "points": round(self.points, 2),
            "explanation": str(self.explanation),
            "msgid": self.explanation.msgid,
            "params": dict(self.explanation.params),
        }


@dataclass
class Candidate:
    id: int
    external_id: str | None
    name: str
    name_latin: str | None
    country: str
    city: str | None
    library_type: str | None
    population: int | None
    status: str
    score: float
    factors: list[Factor] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "external_id": self.external_id,
            "name": self.name,
            "country": self.country,
            "city": self.city,
            "type": self.library_type,
            "population": self.population,
            "status": self.status,
            "score": round(self.score, 2),
            "factors": [f.as_dict() for f in self.factors],
        }


# --- the registry in memory ----------------------------------------------------


def _mask(codes: Iterable[str], bits: dict[str, int]) -> int:
    m = 0
    for c in codes:
        b = bits.get(c)
        if b is not None:
            m |= 1 << b
    return m


def _codes(value: str | None) -> list[str]:
    return [x for x in (value or "").split(",") if x]


def _log(values: Sequence[int | None]) -> np.ndarray:
    arr = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log10(np.maximum(arr, 1.0)).astype(np.float32)


SUBJECT_BITS = {s: i for i, s in enumerate(SUBJECTS)}
DIRECTION_BITS = {d: i for i, d in enumerate(DIRECTIONS)}
TYPE_CODES = {t: i for i, t in enumerate(LIBRARY_TYPES)}
STATUS_CODES = {s: i for i, s in enumerate(LIBRARY_STATUSES)}
STATUS_FIT_BY_CODE = np.array([STATUS_FIT[s] for s in LIBRARY_STATUSES], dtype=np.float32)


@dataclass
class Registry:
    """Every library as compact columns, index-aligned."""

    stamp: tuple[Any, ...]
    ids: np.ndarray
    country: np.ndarray
    countries: dict[str, int]
    type: np.ndarray
    logpop: np.ndarray
    logcoll: np.ndarray
    subjects: np.ndarray
    langs: np.ndarray
    language_bits: dict[str, int]
    sought: np.ndarray
    offered: np.ndarray
    experience: np.ndarray
    status: np.ndarray
    position: dict[int, int]

    @classmethod
    def build(cls, rows: Sequence[Any], stamp: tuple[Any, ...]) -> Registry:
        # Up to 64 languages get a bit each, the most frequent first.
        counts: dict[str, int] = {}
        for r in rows:
            for c in _codes(r.languages) + _codes(r.collection_languages):
                counts[c] = counts.get(c, 0) + 1
        language_bits = {c: i for i, c in enumerate(sorted(counts, key=lambda c: -counts[c])[:64])}
        countries: dict[str, int] = {}
        for r in rows:
            countries.setdefault(r.country, len(countries))
        ids = np.fromiter((r.id for r in rows), dtype=np.int64, count=len(rows))
        return cls(
            stamp=stamp,
            ids=ids,
            country=np.fromiter((countries[r.country] for r in rows), np.int16, len(rows)),
            countries=countries,
            type=np.fromiter(
                (TYPE_CODES.get(r.library_type, -1) for r in rows), np.int8, len(rows)
            ),
            logpop=_log([r.population for r in rows]),
            logcoll=_log([r.collection_size for r in rows]),
            subjects=np.fromiter(
                (_mask(_codes(r.subjects), SUBJECT_BITS) for r in rows), np.uint16, len(rows)
            ),
            langs=np.fromiter(
                (
                    _mask(_codes(r.languages) + _codes(r.collection_languages), language_bits)
                    for r in rows
                ),
                np.uint64,
                len(rows),
            ),
            language_bits=language_bits,
            sought=np.fromiter(
                (_mask(_codes(r.directions_sought), DIRECTION_BITS) for r in rows),
                np.uint8,
                len(rows),
            ),
            offered=np.fromiter(
                (_mask(_codes(r.directions_offered), DIRECTION_BITS) for r in rows),
                np.uint8,
                len(rows),
            ),
            experience=np.fromiter((bool(r.experience) for r in rows), np.bool_, len(rows)),
            status=np.fromiter((STATUS_CODES[r.status] for r in rows), np.int8, len(rows)),
            position={int(i): n for n, i in enumerate(ids)},
        )


_COLUMNS = (
    Organisation.id,
    Organisation.country,
    Organisation.library_type,
    Organisation.population,
    Organisation.collection_size,
    Organisation.subjects,
    Organisation.languages,
    Organisation.collection_languages,
    Organisation.directions_sought,
    Organisation.directions_offered,
    Organisation.experience,
    Organisation.status,
)
# Answered from two indexes: any insert or update (updated_at) changes it. The
# application deletes no organisation (a deletion would need a new updated_at).
# Two subqueries: SQLite reads a max() from an index only when it is alone.
_STAMP = select(
    select(func.max(Organisation.updated_at)).scalar_subquery(),
    select(func.max(Organisation.id)).scalar_subquery(),
)
_cache: dict[str, Registry] = {}
_lock = threading.Lock()


def registry(session: Session) -> Registry:
    """The registry's columns, rebuilt only when the organisations changed."""
    stamp = tuple(session.execute(_STAMP).one())
    key = str(session.get_bind().engine.url)
    current = _cache.get(key)
    if current is not None and current.stamp == stamp:
        return current
    with _lock:
        rows = session.execute(
            select(*_COLUMNS).where(Organisation.kind == "library").order_by(Organisation.id)
        ).all()
        current = Registry.build(rows, stamp)
        _cache[key] = current
    return current


# --- the score -------------------------------------------------------------------


def _closeness(a: float, b: np.ndarray) -> np.ndarray:
    """1 for equal, 0 for DECADES powers of ten apart or unknown (log inputs)."""
    if np.isnan(a):
        return np.zeros(b.shape, dtype=np.float32)
    out = 1.0 - np.abs(b - np.float32(a)) / np.float32(DECADES)
    return np.nan_to_num(np.clip(out, 0.0, 1.0), nan=0.0)


def _jaccard(a: int, b: np.ndarray) -> np.ndarray:
    a_ = b.dtype.type(a)
    union = np.bitwise_count(b | a_).astype(np.float32)
    common = np.bitwise_count(b & a_).astype(np.float32)
    return np.divide(common, union, out=np.zeros_like(union), where=union > 0)


def factor_values(reg: Registry, i: int, idx: np.ndarray | slice) -> dict[str, np.ndarray]:
    """Each factor's value (0-1) between library ``i`` and the libraries at ``idx``."""
    sought_i, offered_i = reg.sought[i], reg.offered[i]
    sought, offered = reg.sought[idx], reg.offered[idx]
    wanted = np.bitwise_count(sought) + np.bitwise_count(sought_i)
    met = np.bitwise_count(sought & offered_i) + np.bitwise_count(sought_i & offered)
    types = reg.type[idx]
    return {
        "population": _closeness(float(reg.logpop[i]), reg.logpop[idx]),
        "type": ((types == reg.type[i]) & (types >= 0)).astype(np.float32),
        "collection": _closeness(float(reg.logcoll[i]), reg.logcoll[idx]),
        "subjects": _jaccard(int(reg.subjects[i]), reg.subjects[idx]),
        "languages": _jaccard(int(reg.langs[i]), reg.langs[idx]),
        "directions": np.divide(
            met.astype(np.float32),
            wanted.astype(np.float32),
            out=np.zeros(met.shape, np.float32),
            where=wanted > 0,
        ),
        "experience": reg.experience[idx].astype(np.float32),
        "status": STATUS_FIT_BY_CODE[reg.status[idx]],
    }


def _normalised(weights: dict[str, float]) -> dict[str, float]:
    total = sum(max(0.0, w) for w in weights.values()) or 1.0
    return {k: 100.0 * max(0.0, weights.get(k, 0.0)) / total for k in FACTORS}


def _eligible(
    session: Session,
    reg: Registry,
    i: int,
    filters: Filters,
    programme: Programme | None,
) -> np.ndarray:
    if filters.countries:
        codes = [reg.countries[c] for c in filters.countries if c in reg.countries]
        keep = np.isin(reg.country, codes)
    elif filters.abroad:
        keep = reg.country != reg.country[i]
    else:
        keep = np.ones(len(reg.ids), dtype=bool)
    keep[i] = False
    if filters.types:
        keep &= np.isin(reg.type, [TYPE_CODES[t] for t in filters.types if t in TYPE_CODES])
    if filters.statuses:
        keep &= np.isin(
            reg.status, [STATUS_CODES[s] for s in filters.statuses if s in STATUS_CODES]
        )
    if filters.languages:
        bits = _mask(filters.languages, reg.language_bits)
        keep &= (reg.langs & np.uint64(bits)) != 0 if bits else False
    # Places taken, in one query: per organisation in an active partnership,
    # its sister partnerships (in this programme) and whether it is already
    # a partner of this library (no second partnership with it).
    own = int(reg.ids[i])
    mine = select(Party.partnership_id).where(Party.organisation_id == own)
    sister = and_(Partnership.kind == "sister")
    if programme is not None and not filters.without_partner:
        sister = and_(sister, Partnership.programme_id == programme.id)
    query = (
        select(
            Party.organisation_id,
            func.sum(case((sister, 1), else_=0)),
            func.max(case((Party.partnership_id.in_(mine), 1), else_=0)),
        )
        .join(Partnership, Party.partnership_id == Partnership.id)
        .where(Partnership.status.not_in(ENDED))
        .group_by(Party.organisation_id)
    )
    limit = 1 if filters.without_partner else (programme.sister_cap if programme else None)
    taken = [
        reg.position[o]
        for o, n, partner in session.execute(query)
        if o in reg.position and (partner or (limit and n >= limit))
    ]
    if taken:
        keep[np.array(taken, dtype=np.int64)] = False
    return keep


def match(
    session: Session,
    library_id: int,
    *,
    programme: Programme | None = None,
    filters: Filters = Filters(),
    limit: int = 10,
) -> list[Candidate]:
    """The ``limit`` best candidates for a library, each factor explained."""
    reg = registry(session)
    i = reg.position.get(library_id)
    if i is None:
        return []
    weights = programme.weights() if programme else dict(DEFAULT_MATCH_WEIGHTS)
    points = _normalised(weights)
    keep = _eligible(session, reg, i, filters, programme)
    # Whole columns are scored: faster than gathering the eligible rows first.
    values = factor_values(reg, i, slice(None))
    score = np.zeros(len(reg.ids), dtype=np.float32)
    for k in FACTORS:
        if points[k]:
            score += np.float32(points[k]) * values[k]
    np.copyto(score, np.float32(-np.inf), where=~keep)
    n = min(limit, int(np.count_nonzero(keep)))
    if not n:
        return []
    top = np.argpartition(score, len(score) - n)[-n:]
    # Best first; equal scores by id, so the order is stable.
    top = top[np.lexsort((reg.ids[top], -score[top]))]
    return explain(session, reg, i, top, score[top], weights, points)


def explain(
    session: Session,
    reg: Registry,
    i: int,
    positions: np.ndarray,
    scores: np.ndarray,
    weights: dict[str, float],
    points: dict[str, float],
) -> list[Candidate]:
    ids = [int(reg.ids[p]) for p in positions]
    own = int(reg.ids[i])
    # Plain rows, not ORM objects: only what the words need, in one query.
    rows = {r.id: r for r in session.execute(_EXPLAIN.where(Organisation.id.in_([own, *ids])))}
    target = rows[own]
    values = factor_values(reg, i, positions)
    found = []
    for n, oid in enumerate(ids):
        o = rows[oid]
        found.append(
            Candidate(
                id=o.id,
                external_id=o.external_id,
                name=o.name,
                name_latin=o.name_latin,
                country=o.country,
                city=o.city,
                library_type=o.library_type,
                population=o.population,
                status=o.status,
                score=float(scores[n]),
                factors=[
                    Factor(
                        factor=k,
                        value=float(values[k][n]),
                        weight=weights[k],
                        points=points[k] * float(values[k][n]),
                        explanation=_words(k, float(values[k][n]), target, o),
                    )
                    for k in FACTORS
                ],
            )
        )
    return found


_EXPLAIN = select(
    *_COLUMNS,
    Organisation.external_id,
    Organisation.name,
    Organisation.name_latin,
    Organisation.city,
)


def _n(value: int | None) -> str:
    return f"{value:,}".replace(",", "\u00a0") if value is not None else ""


def _population_words(value: float, ours: Any, theirs: Any) -> Text:
    if ours.population is None or theirs.population is None:
        return lazy_text("The population served is unknown for one of the two")
    args = {"theirs": _n(theirs.population), "ours": _n(ours.population)}
    if value >= 0.75:
        return lazy_text("Communities of similar size: %(theirs)s and %(ours)s people", **args)
    return lazy_text("Communities of different size: %(theirs)s and %(ours)s people", **args)


def _type_words(value: float, ours: Any, theirs: Any) -> Text:
    if not ours.library_type or not theirs.library_type:
        return lazy_text("The type of one of the two is unknown")
    if value:
        return lazy_text("The same type of library")
    return lazy_text("A different type of library")


def _collection_words(value: float, ours: Any, theirs: Any) -> Text:
    if ours.collection_size is None or theirs.collection_size is None:
        return lazy_text("The collection size is unknown for one of the two")
    args = {"theirs": _n(theirs.collection_size), "ours": _n(ours.collection_size)}
    if value >= 0.75:
        return lazy_text("Collections of similar size: %(theirs)s and %(ours)s items", **args)
    return lazy_text("Collections of different size: %(theirs)s and %(ours)s items", **args)


def _subjects_words(value: float, ours: Any, theirs: Any) -> Text:
    common = set(_codes(ours.subjects)) & set(_codes(theirs.subjects))
    if not common:
        return lazy_text("No subjects of the collection in common")
    total = len(set(_codes(ours.subjects)) | set(_codes(theirs.subjects)))
    return lazy_text(
        "%(count)d of %(total)d subjects of the collection in common",
        count=len(common),
        total=total,
    )


def _languages_words(value: float, ours: Any, theirs: Any) -> Text:
    both = [
        c
        for c in dict.fromkeys(_codes(ours.languages) + _codes(ours.collection_languages))
        if c in set(_codes(theirs.languages) + _codes(theirs.collection_languages))
    ]
    if not both:
        return lazy_text("No language in common")
    return lazy_text("Languages in common: %(languages)s", languages=", ".join(both))


def _directions_words(value: float, ours: Any, theirs: Any) -> Text:
    if not value:
        return lazy_text("What one seeks, the other does not offer")
    return lazy_text("Each offers directions of cooperation the other seeks")


def _experience_words(value: float, ours: Any, theirs: Any) -> Text:
    if value:
        return lazy_text("Has experience of programmes and partnerships")
    return lazy_text("No experience of cooperation recorded")


def _status_words(value: float, ours: Any, theirs: Any) -> Text:
    return {
        "operating": lazy_text("The library is operating"),
        "relocated": lazy_text("The library works in another place after relocation"),
        "damaged": lazy_text("The library's building is damaged"),
        "occupied": lazy_text("The library is under occupation"),
        "destroyed": lazy_text("The library has been destroyed"),
    }[theirs.status]


#: How each factor says what it found.
_WORDS: dict[str, Callable[[float, Any, Any], Text]] = {
    "population": _population_words,
    "type": _type_words,
    "collection": _collection_words,
    "subjects": _subjects_words,
    "languages": _languages_words,
    "directions": _directions_words,
    "experience": _experience_words,
}


def _words(factor: str, value: float, ours: Any, theirs: Any) -> Text:
    """What a factor found, in words (translated where it is shown)."""
    return _WORDS.get(factor, _status_words)(value, ours, theirs)


def find_library(session: Session, ref: str) -> Organisation | None:
    """A library by its id or its external id."""
    by_external = session.scalar(select(Organisation).where(Organisation.external_id == ref))
    if by_external is not None:
        return by_external
    if ref.isascii() and ref.isdigit() and int(ref) <= MAX_ID:
        return session.get(Organisation, int(ref))
    return None


def set_weights(
    session: Session, programme_id: int, weights: dict[str, float], cap: int | None = None
) -> Programme:
    """Change a programme's matching weights (factor: weight >= 0) and sister cap."""
    unknown = sorted(set(weights) - set(FACTORS))
    if unknown or any(w < 0 for w in weights.values()) or (cap is not None and cap < 1):
        raise InvalidInput(
            lazy_text(
                "Weights are numbers from 0 for the factors %(factors)s.",
                factors=", ".join(FACTORS),
            )
        )
    with unit_of_work(session) as uow:
        programme = session.get(Programme, programme_id)
        if programme is None:
            raise InvalidInput(lazy_text("No such programme."))
        if weights:
            programme.match_weights = {**(programme.match_weights or {}), **weights}
        if cap is not None:
            programme.sister_cap = cap
        uow.commit()
    return programme
