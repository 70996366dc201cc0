"""The library registry: importing 100,000 rows and matching among them.

``import_100k``: seconds to import a 100,000-row CSV register through
``workflow.registry.importer`` (decoding, validation, upsert by external id)
into a fresh SQLite file, against parsing the same file with the ``csv``
module and inserting the rows with raw ``sqlite3`` ``executemany`` into one
table of a fresh file (both in WAL mode with synchronous=NORMAL).

``match_top10_100k``: milliseconds for the top 10 with their explanations for
one library among those 100,000 stored in the database (``workflow.selection.matching.match``:
the freshness check, the eligibility queries, scoring and the explanation),
against a numpy brute force of the same score over arrays already in memory.
The median over many libraries; the registry's columns are loaded once
before timing (``match_registry_load`` reports that load). ``match_peak_rss``
is the process's peak memory (MB) after matching.
"""

from __future__ import annotations

import csv
import io
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import emit
from workflow import schema
from workflow.db import make_engine, make_sessionmaker
from workflow.models import DEFAULT_MATCH_WEIGHTS, DIRECTIONS, SUBJECTS, Programme
from workflow.registry.importer import import_register, load_mapping
from workflow.selection.matching import FACTORS, _normalised, factor_values, match, registry

ROWS = 100_000
IMPORTS = 3
MATCHES = 41
COLUMNS = (
    "ID",
    "NAME",
    "COUNTRY",
    "REGION",
    "CITY",
    "TYPE",
    "POPULATION",
    "COLLECTION",
    "SUBJECTS",
    "LANGUAGES",
    "SOUGHT",
    "OFFERED",
    "STATUS",
)
MAPPING = """
[source]
delimiter = ";"
encoding = "utf-8"
missing = ["b.d.", "-", ""]

[columns]
external_id = "ID"
name = "NAME"
country = "COUNTRY"
region = "REGION"
city = "CITY"
type = "TYPE"
population = "POPULATION"
collection_size = "COLLECTION"
subjects = "SUBJECTS"
languages = "LANGUAGES"
directions_sought = "SOUGHT"
directions_offered = "OFFERED"
status = "STATUS"

[values.type]
gminna = "public"
"""


def _register(rows: int) -> bytes:
    rnd = random.Random(3)
    countries = ["UA", "PL", "GB", "DE", "LT", "CZ", "FR", "SK"]
    langs = {
        "UA": "uk",
        "PL": "pl",
        "GB": "en",
        "DE": "de",
        "LT": "lt",
        "CZ": "cs",
        "FR": "fr",
        "SK": "sk",
    }
    types = ["gminna", "regional", "university", "school", "special", "national"]
    statuses = ["operating"] * 8 + ["relocated", "damaged", "occupied"]
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    w.writerow(COLUMNS)
    for i in range(rows):
        country = rnd.choice(countries)
        w.writerow(
            (
                f"R{i:06d}",
                f"Library {i}",
                country,
                f"Region {i % 40}",
                f"City {i % 3000}",
                rnd.choice(types),
                int(10 ** rnd.uniform(2.5, 6.5)) if i % 10 else "b.d.",
                int(10 ** rnd.uniform(3, 6.5)) if i % 7 else "-",
                ",".join(rnd.sample(SUBJECTS, rnd.randint(0, 4))),
                ",".join(dict.fromkeys([langs[country], rnd.choice(["en", "de", "pl", "uk"])])),
                ",".join(rnd.sample(DIRECTIONS, rnd.randint(0, 2))),
                ",".join(rnd.sample(DIRECTIONS, rnd.randint(0, 2))),
                rnd.choice(statuses) if country == "UA" else "operating",
            )
        )
    return out.getvalue().encode()


def _raw_import(path: Path, raw: bytes) -> float:
    start = time.perf_counter()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(f"CREATE TABLE r ({', '.join(c + ' TEXT' for c in COLUMNS)})")
    reader = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), delimiter=";")
    next(reader)
    db.execute("BEGIN")
    db.executemany(f"INSERT INTO r VALUES ({', '.join('?' * len(COLUMNS))})", reader)
    db.execute("COMMIT")
    db.close()
    return time.perf_counter() - start


def _service_import(url: str, raw: bytes) -> float:
    schema.upgrade(url)
    engine = make_engine(url)
    Session = make_sessionmaker(engine)
    mapping = load_mapping(MAPPING)
    with Session() as s:
        start = time.perf_counter()
        report = import_register(s, raw, mapping)
        took = time.perf_counter() - start
    assert report.created == ROWS and not report.rejected, report.summary()
    engine.dispose()
    return took


def _brute_force(reg, i: int, points: dict[str, float]) -> np.ndarray:  # type: ignore[no-untyped-def]
    values = factor_values(reg, i, slice(None))
    score = np.zeros(len(reg.ids), dtype=np.float32)
    for k in FACTORS:
        score += np.float32(points[k]) * values[k]
    score[i] = -1
    score[reg.country == reg.country[i]] = -1
    top = np.argpartition(-score, 9)[:10]
    return top[np.argsort(-score[top])]


def run() -> None:
    raw = _register(ROWS)
    with tempfile.TemporaryDirectory() as tmp:
        base, ours = [], []
        for n in range(IMPORTS):
            base.append(_raw_import(Path(tmp) / f"raw{n}.sqlite3", raw))
            ours.append(_service_import(f"sqlite:///{Path(tmp) / f'lib{n}.sqlite3'}", raw))
        emit("import_100k", statistics.median(ours), "s", statistics.median(base))

        engine = make_engine(f"sqlite:///{Path(tmp) / 'lib0.sqlite3'}")
        Session = make_sessionmaker(engine)
        with Session() as s:
            programme = Programme(name="bench")
            s.add(programme)
            s.commit()
            start = time.perf_counter()
            reg = registry(s)
            emit("match_registry_load", (time.perf_counter() - start) * 1000, "ms")
            ukrainian = np.flatnonzero(reg.country == reg.countries["UA"])[:MATCHES]
            points = _normalised(programme.weights() or dict(DEFAULT_MATCH_WEIGHTS))
            ours_ms, base_ms = [], []
            for i in ukrainian:
                start = time.perf_counter()
                _brute_force(reg, int(i), points)
                base_ms.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                found = match(s, int(reg.ids[i]), programme=programme, limit=10)
                ours_ms.append((time.perf_counter() - start) * 1000)
                assert len(found) == 10 and found[0].factors
                s.expunge_all()
        engine.dispose()
    emit("match_top10_100k", statistics.median(ours_ms), "ms", statistics.median(base_ms))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    emit("match_peak_rss", peak, "MB")
