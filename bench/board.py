"""``board_page``: the coordinator's board with 10,000 partnerships, served by gunicorn.

A temporary SQLite file (WAL) is filled in bulk with 10,000 partnerships
spread over the steps and states, a few thousand libraries and local
organisations across countries, their history, and the meetings,
activities and publications their steps would have. gunicorn serves it
(``wsgi:app``, one threaded worker per core, the same for every route); 16
client processes, each on its own keep-alive connection, ask for one route
as fast as they can for a fixed time.

Rounds of the board (``/``), of a filtered board (``?country=GB&overdue=y``)
and of the smallest route (``/health``) are interleaved, and the best round
of each is kept, so a burst of load from elsewhere on the shared machine
does not land on one side only. Figures: ``board_page`` (req/s, against
``/health`` req/s), ``board_page_p99`` (ms, in the best round; the 99th
percentile over every round is given beside it), ``board_page_failed``
(requests that were not 200 or failed, over every round), and the same
three for the filtered board.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, update

from bench.common import emit
from workflow import schema
from workflow.db import make_engine, make_sessionmaker
from workflow.models import (
    Activity,
    HistoryEntry,
    Meeting,
    Organisation,
    Partnership,
    Party,
    Programme,
    Publication,
    utcnow,
)
from workflow.people.users import create_user

ROOT = Path(__file__).resolve().parent.parent
PARTNERSHIPS = 10_000
CLIENTS = 16
ROUND_SECONDS = 1.0
ROUNDS = 6
#: gunicorn's threaded workers, one per core: a worker is one Python process,
#: so it runs on one core at a time (the GIL). Each client's keep-alive
#: connection stays with the worker that accepted it, so every worker has a
#: thread for each client it may hold. (With 2 × cores + 1 workers of two
#: threads, the advice for sync workers, the connections crowd on some workers
#: while others idle: /health itself then had a 99th percentile of 50-80 ms here.)
WORKERS = len(os.sched_getaffinity(0))
THREADS = -(-CLIENTS // WORKERS)  # ceil
EMAIL = "coordinator@example.org"
PASSWORD = "bench-password"
ROUTES = {
    "health": "/health",
    "board": "/",
    "filtered": "/?country=GB&overdue=y",
}

# --- the data ---------------------------------------------------------------

#: Country, share of the libraries, cities (the Latin spelling).
COUNTRIES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("UA", 40, ("Kyiv", "Lviv", "Odesa", "Kharkiv", "Dnipro", "Poltava", "Chernihiv", "Sumy")),
    ("PL", 14, ("Kraków", "Warszawa", "Lublin", "Rzeszów", "Gdańsk", "Wrocław", "Poznań")),
    ("GB", 8, ("Liverpool", "Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff")),
    ("DE", 7, ("Berlin", "Leipzig", "Dresden", "Hamburg", "Köln", "Bremen")),
    ("LT", 5, ("Vilnius", "Kaunas", "Klaipėda", "Šiauliai")),
    ("CZ", 5, ("Praha", "Brno", "Ostrava", "Plzeň")),
    ("LV", 4, ("Rīga", "Daugavpils", "Liepāja")),
    ("FR", 4, ("Lyon", "Lille", "Nantes", "Strasbourg")),
    ("EE", 3, ("Tallinn", "Tartu", "Narva")),
    ("SK", 3, ("Bratislava", "Košice", "Prešov")),
    ("RO", 3, ("Iași", "Suceava", "Cluj-Napoca")),
    ("MD", 2, ("Chișinău", "Bălți")),
    ("SE", 2, ("Göteborg", "Malmö", "Uppsala")),
)
UA_CITIES = {
    "Kyiv": "Київ",
    "Lviv": "Львів",
    "Odesa": "Одеса",
    "Kharkiv": "Харків",
    "Dnipro": "Дніпро",
    "Poltava": "Полтава",
    "Chernihiv": "Чернігів",
    "Sumy": "Суми",
}
LIBRARIES = 2_600
LOCAL_ORGANISATIONS = 400
#: How the 10,000 partnerships are spread (shares add up to 100).
SPREAD: tuple[tuple[str, int], ...] = (
    ("selection", 14),
    ("introduction", 15),
    ("memorandum", 12),
    ("planning", 12),
    ("campaign", 10),
    ("cooperation", 29),
    ("on_hold", 3),
    ("closed", 3),
    ("withdrawn", 2),
)
STEPS = ("selection", "introduction", "memorandum", "planning", "campaign", "cooperation")


@dataclass
class _Rows:
    partnerships: list[dict[str, Any]]
    parties: list[dict[str, Any]]
    leaders: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    activities: list[dict[str, Any]]
    publications: list[dict[str, Any]]
    history: list[dict[str, Any]]


def _organisations(rng: random.Random) -> tuple[list[dict[str, Any]], dict[str, list[int]]]:
    rows: list[dict[str, Any]] = []
    by_group: dict[str, list[int]] = {}
    weights = [w for _, w, _ in COUNTRIES]
    for i in range(LIBRARIES):
        country, _, cities = rng.choices(COUNTRIES, weights)[0]
        city = rng.choice(cities)
        number = i % 40 + 1
        if country == "UA":
            name = f"{UA_CITIES[city]}: публічна бібліотека № {number}"
            latin = f"{city} Public Library No. {number}"
            local_city = UA_CITIES[city]
        else:
            name, latin, local_city = f"{city} City Library, branch {number}", None, city
        rows.append(
            {
                "id": i + 1,
                "name": name,
                "name_latin": latin,
                "kind": "library",
                "sector": "public",
                "country": country,
                "city": local_city,
                "library_type": rng.choice(("public", "regional", "school", "university")),
                "population": rng.randrange(5_000, 1_500_000),
                "languages": "uk,en" if country == "UA" else "en",
            }
        )
        by_group.setdefault(country, []).append(i + 1)
    for j in range(LOCAL_ORGANISATIONS):
        country = "PL" if (j // 3) % 3 == 0 else "UA"
        sector = ("social", "economic", "public")[j % 3]
        what = {"social": "Community Centre", "economic": "Bakery", "public": "School"}[sector]
        oid = LIBRARIES + j + 1
        rows.append(
            {
                "id": oid,
                "name": f"{what} {j + 1}",
                "name_latin": None,
                "kind": "organisation",
                "sector": sector,
                "country": country,
                "city": None,
                "library_type": None,
                "population": None,
                "languages": "",
            }
        )
        by_group.setdefault(f"{country}:{sector}", []).append(oid)
    return rows, by_group


def _partnerships(
    rng: random.Random, orgs: dict[str, list[int]], programmes: list[int], actor: int, now: datetime
) -> _Rows:
    rows = _Rows([], [], [], [], [], [], [])
    foreign = [c for c, _, _ in COUNTRIES if c != "UA"]
    statuses = [s for s, w in SPREAD for _ in range(w * PARTNERSHIPS // 100)]
    rng.shuffle(statuses)
    party_id = meeting_id = activity_id = publication_id = history_id = 0
    for pid, status in enumerate(statuses, start=1):
        held_from = None
        reached = status
        if status == "on_hold":
            held_from = rng.choice(STEPS[:5])
            reached = held_from
        elif status == "closed":
            reached = "cooperation"
        elif status == "withdrawn":
            reached = rng.choice(STEPS[:5])
        depth = STEPS.index(reached)  # steps passed before the one reached
        local = rng.random() < 0.15
        kind = "local" if local else "sister"
        days_in_step = rng.randrange(0, 700 if reached == "cooperation" else 120)
        entered = now - timedelta(days=days_in_step, minutes=rng.randrange(24 * 60))
        created = entered - timedelta(days=sum(rng.randrange(10, 60) for _ in range(depth)))
        # The parties: a Ukrainian lead library and a library abroad, or for a
        # local partnership a library and organisations of the other sectors.
        if local:
            country = rng.choice(("UA", "UA", "PL"))
            lead = rng.choice(orgs[country])
            others = [rng.choice(orgs[f"{country}:social"])]
            if depth > 0 or rng.random() < 0.6:
                others.append(rng.choice(orgs[f"{country}:economic"]))
            members = [(lead, "lead", "public")] + [
                (o, "partner", s) for o, s in zip(others, ("social", "economic"), strict=False)
            ]
        else:
            lead = rng.choice(orgs["UA"])
            members = [(lead, "lead", "public")]
            if depth > 0 or rng.random() < 0.9:
                members.append((rng.choice(orgs[rng.choice(foreign)]), "partner", "public"))
        memorandum_version = 0
        if depth > 2 or (reached == "memorandum" and rng.random() < 0.6):
            memorandum_version = 0 if local and rng.random() < 0.3 else rng.choice((1, 1, 2))
        plan_version = rng.choice((1, 2)) if depth >= 3 else 0
        ids = []
        for n, (org, role, sector) in enumerate(members):
            party_id += 1
            ids.append(party_id)
            named = depth > 1 or (depth == 1 and rng.random() < 0.7)
            signed = memorandum_version if depth > 2 or rng.random() < 0.5 else None
            approved = plan_version if depth > 3 or rng.random() < 0.4 else None
            rows.parties.append(
                {
                    "id": party_id,
                    "partnership_id": pid,
                    "organisation_id": org,
                    "role": role,
                    "sector": sector,
                    "contact_name": f"Contact {party_id}" if named else None,
                    "contact_role": "Librarian" if named else None,
                    "contact_email": f"contact{party_id}@example.org" if named else None,
                    "signed_version": signed if memorandum_version else None,
                    "signed_at": entered if signed and memorandum_version else None,
                    "plan_approved_version": approved if plan_version else None,
                }
            )
            if n == 0 and (depth > 1 or (depth == 1 and rng.random() < 0.5)):
                rows.leaders.append({"pid": pid, "leader": party_id})
        title = f"Partnership {pid}: " + " – ".join(f"{o}" for o, _, _ in members[:2])
        rows.partnerships.append(
            {
                "id": pid,
                "programme_id": programmes[pid % len(programmes)],
                "title": title,
                "kind": kind,
                "status": status,
                "held_from": held_from,
                "languages": "uk,en",
                "memorandum_version": memorandum_version,
                "plan_version": plan_version,
                "step_entered_at": entered,
                "created_at": created,
                "updated_at": entered,
            }
        )
        # Meetings from the introduction on; activities from planning on;
        # publications from the campaign on.
        if depth >= 1:
            held = 2 if depth > 1 else rng.randrange(0, 3)
            for number in range(1, held + 1):
                meeting_id += 1
                evaluated = depth > 1 or rng.random() < 0.5
                rows.meetings.append(
                    {
                        "id": meeting_id,
                        "partnership_id": pid,
                        "number": number,
                        "held_at": created + timedelta(days=10 * number),
                        "place": "online",
                        "attendance": "both libraries",
                        "minutes": "We met and agreed on the next steps.",
                        "evaluation": "Useful." if evaluated else None,
                    }
                )
        if depth >= 3:
            recent = reached != "cooperation" or rng.random() < 0.7
            for _ in range(rng.randrange(0 if depth == 3 else 1, 5)):
                activity_id += 1
                starts = (now - timedelta(days=rng.randrange(0, 60) if recent else 200)).date()
                rows.activities.append(
                    {
                        "id": activity_id,
                        "partnership_id": pid,
                        "title": "Reading club",
                        "direction": rng.choice(("information", "culture", "humanitarian")),
                        "responsible_party_id": ids[0],
                        "starts_on": starts,
                        "ends_on": starts + timedelta(days=1),
                        "status": "done" if starts < now.date() else "planned",
                    }
                )
        if depth >= 4:
            for _ in range(rng.randrange(0, 4)):
                publication_id += 1
                planned = (entered + timedelta(days=rng.randrange(0, 20))).date()
                if not recent:
                    planned = (now - timedelta(days=200 + rng.randrange(100))).date()
                published = rng.random() < (0.9 if depth > 4 else 0.5)
                rows.publications.append(
                    {
                        "id": publication_id,
                        "partnership_id": pid,
                        "channel": rng.choice(("website", "facebook", "press")),
                        "language": "uk",
                        "message": "Our libraries are partners now.",
                        "planned_on": planned,
                        "published_on": planned if published else None,
                    }
                )
        # History: created, each step passed, then the settling move.
        moves: list[tuple[str | None, str, str, datetime]] = [
            (None, "selection", "create", created)
        ]
        for k in range(depth):
            at = created + (entered - created) * (k + 1) / depth
            moves.append((STEPS[k], STEPS[k + 1], "advance", at))
        if status in ("on_hold", "closed", "withdrawn"):
            trigger = {"on_hold": "hold", "closed": "close", "withdrawn": "withdraw"}[status]
            moves.append((reached, status, trigger, entered))
        for from_state, to_state, trigger, at in moves:
            history_id += 1
            rows.history.append(
                {
                    "id": history_id,
                    "partnership_id": pid,
                    "actor_id": actor,
                    "at": at,
                    "from_state": from_state,
                    "to_state": to_state,
                    "trigger": trigger,
                    "reason": None,
                }
            )
    return rows


def prepare(url: str, seed: int = 7) -> dict[str, int]:
    """Fill a new database at ``url``; the number of rows of each table."""
    schema.upgrade(url)
    rng = random.Random(seed)
    now = utcnow()
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as s:
            coordinator = create_user(
                s, email=EMAIL, name="Coordinator", password=PASSWORD, role="coordinator"
            )
            s.commit()
            actor = coordinator.id
        organisations, groups = _organisations(rng)
        with engine.begin() as conn:
            conn.execute(
                insert(Programme),
                [
                    {"id": 1, "name": "Sister Libraries 2025", "step_targets": {}},
                    {"id": 2, "name": "Sister Libraries 2026", "step_targets": {}},
                    {"id": 3, "name": "Local partners", "step_targets": {"introduction": 90}},
                ],
            )
            conn.execute(insert(Organisation), organisations)
            rows = _partnerships(rng, groups, [1, 2, 3], actor, now)
            conn.execute(insert(Partnership), rows.partnerships)
            conn.execute(insert(Party), rows.parties)
            table = Organisation.metadata.tables["partnerships"]
            conn.execute(
                update(table)
                .where(table.c.id == bindparam("pid"))
                .values(leader_party_id=bindparam("leader")),
                rows.leaders,
            )
            conn.execute(insert(Meeting), rows.meetings)
            conn.execute(insert(Activity), rows.activities)
            conn.execute(insert(Publication), rows.publications)
            conn.execute(insert(HistoryEntry), rows.history)
            conn.exec_driver_sql("ANALYZE")
        return {
            "organisations": len(organisations),
            "partnerships": len(rows.partnerships),
            "parties": len(rows.parties),
            "meetings": len(rows.meetings),
            "activities": len(rows.activities),
            "publications": len(rows.publications),
            "history": len(rows.history),
        }
    finally:
        engine.dispose()


# --- the server ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_gunicorn(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        SECRET_KEY="bench-" + os.urandom(8).hex(),
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(WORKERS),
        "--threads",
        str(THREADS),
        "--keep-alive",
        "30",
        "--backlog",
        "64",
        "--log-level",
        "warning",
        "wsgi:app",
    ]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def _wait_ready(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()  # SIGTERM: gunicorn stops its workers gracefully
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _login(port: int) -> str:
    """The session cookie of the coordinator, through the login form."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = _session_cookie(response)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert token, "no CSRF token on the login page"
    from urllib.parse import urlencode

    body = urlencode({"csrf_token": token.group(1), "email": EMAIL, "password": PASSWORD})
    conn.request(
        "POST",
        "/login",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = conn.getresponse()
    response.read()
    assert response.status == 302, f"login answered {response.status}"
    conn.close()
    return _session_cookie(response)


def _session_cookie(response: http.client.HTTPResponse) -> str:
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith("session="):
            return header.split(";", 1)[0]
    raise AssertionError("no session cookie")


# --- the clients --------------------------------------------------------------


def _client(port: int, cookie: str, pipe: Connection) -> None:
    """One client: on each order (path, seconds), ask as fast as it can; report back."""
    headers = {"Cookie": cookie, "Accept-Language": "en"}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while True:
        order = pipe.recv()
        if order is None:
            break
        path, seconds, start_at = order
        while time.time() < start_at:  # every client starts the round together
            time.sleep(0.0005)
        latencies: list[float] = []
        failed = 0
        began = time.perf_counter()
        end = began + seconds
        while (now := time.perf_counter()) < end:
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            latencies.append(time.perf_counter() - now)
        # The last request ends after the round's time: count the time it took.
        pipe.send((latencies, failed, time.perf_counter() - began))
    conn.close()


@dataclass
class _Round:
    requests: int
    seconds: float
    failed: int
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def _round(pipes: list[Connection], path: str, seconds: float) -> _Round:
    start_at = time.time() + 0.05
    for pipe in pipes:
        pipe.send((path, seconds, start_at))
    latencies: list[float] = []
    failed = 0
    took = seconds
    for pipe in pipes:
        if not pipe.poll(seconds + 60):
            raise RuntimeError(f"a client did not report on {path} in time")
        got, bad, elapsed = pipe.recv()
        latencies.extend(got)
        failed += bad
        took = max(took, elapsed)
    return _Round(len(latencies), took, failed, latencies)


def _p99(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000 if ordered else 0.0


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-board-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'board.sqlite3'}"
        prepare(url)
        port = _free_port()
        log = Path(tmp) / "gunicorn.log"
        server = _start_gunicorn(url, port, log)
        clients: list[multiprocessing.process.BaseProcess] = []
        pipes: list[Connection] = []
        try:
            _wait_ready(server, port, log)
            cookie = _login(port)
            context = multiprocessing.get_context("fork")
            for _ in range(CLIENTS):
                ours, theirs = context.Pipe()
                process = context.Process(target=_client, args=(port, cookie, theirs), daemon=True)
                process.start()
                theirs.close()  # the client's end lives in the client: EOF if it dies
                clients.append(process)
                pipes.append(ours)
            for path in ROUTES.values():  # warm up: imports, templates, caches in each worker
                _round(pipes, path, 0.3)
            rounds: dict[str, list[_Round]] = {name: [] for name in ROUTES}
            for _ in range(ROUNDS):
                for name, path in ROUTES.items():
                    rounds[name].append(_round(pipes, path, ROUND_SECONDS))
        finally:
            for pipe in pipes:
                try:
                    pipe.send(None)
                except OSError:
                    pass
            for client in clients:
                client.join(timeout=5)
                if client.is_alive():
                    client.terminate()
            _stop(server)
    health = max(r.rate for r in rounds["health"])
    for name, prefix in (("board", "board_page"), ("filtered", "board_page_filtered")):
        best = max(rounds[name], key=lambda r: r.rate)
        every = [x for r in rounds[name] for x in r.latencies]
        emit(prefix, best.rate, "req/s", health, clients=CLIENTS, path=ROUTES[name])
        emit(f"{prefix}_p99", _p99(best.latencies), "ms", all_rounds=round(_p99(every), 3))
        emit(f"{prefix}_failed", sum(r.failed for r in rounds[name]), "requests")
