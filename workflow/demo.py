"""Demo data: the libraries of the source documents and a partnership in each step.

Every partnership is walked through the same service functions a coordinator
uses, so its history is real. Loading twice changes nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from states.introduction import AGENDA
from workflow.campaign.publications import add_publication, set_campaign
from workflow.cooperation.checkins import set_public
from workflow.hours import entries as hours
from workflow.introduction.contacts import accept_partnership, set_contact
from workflow.introduction.leader import choose_leader
from workflow.introduction.meetings import (
    add_attendee,
    evaluate_meeting,
    record_meeting,
    set_between_tasks,
)
from workflow.lifecycle.loading import load_partnership
from workflow.lifecycle.moves import advance, skip_memorandum
from workflow.memorandum import signing
from workflow.memorandum.operations import generate_memorandum, sign_memorandum
from workflow.models import (
    HistoryEntry,
    Organisation,
    Partnership,
    Programme,
    User,
)
from workflow.people.users import create_user
from workflow.planning.activities import add_activity
from workflow.planning.approval import approve_plan
from workflow.selection.partnerships import add_party, create_partnership

PROGRAMME = "Sister Libraries 2026"
#: Who comes to the demo's meetings: (a director, a librarian) per party.
ATTENDEES = [
    ("Olena Kovalenko, director", "Iryna Bondarenko, head of projects"),
    ("Sarah Jones, head of libraries", "Tom Walker, community librarian"),
    ("Anna Nowak, wójt's office", "Piotr Zieliński, association chair"),
]
MINUTES = {
    1: "We introduced our libraries and communities: Kharkiv works in a damaged building "
    "and online; Liverpool runs a programme for Ukrainian families. First ideas: a joint "
    "reading club and an exchange of books. Next meeting in three weeks.",
    2: "We agreed to meet online once a month and answer e-mails within a week. Areas: "
    "cultural and professional exchange, humanitarian exchange of books. The lead library "
    "coordinates.",
}
PASSWORDS = {
    "admin": "demo-admin",
    "coordinator": "demo-coordinator",
    "animator": "demo-animator",
    "librarian": "demo-librarian",
}
LOGINS: list[tuple[str, str, str]] = [
    ("admin@example.org", PASSWORDS["admin"], "admin"),
    ("coordinator@example.org", PASSWORDS["coordinator"], "coordinator"),
    ("animator@example.org", PASSWORDS["animator"], "animator"),
    ("luhansk@example.org", PASSWORDS["librarian"], "librarian"),
    ("odesa@example.org", PASSWORDS["librarian"], "librarian"),
    ("kharkiv@example.org", PASSWORDS["librarian"], "librarian"),
    ("liverpool@example.org", PASSWORDS["librarian"], "librarian"),
    ("krakow@example.org", PASSWORDS["librarian"], "librarian"),
    ("lipnica@example.org", PASSWORDS["librarian"], "librarian"),
]

LIBRARIES = {
    "luhansk": dict(
        name="Луганська обласна універсальна наукова бібліотека",
        name_latin="Luhansk Regional Universal Scientific Library",
        country="UA",
        region="Luhansk Oblast",
        city="Луганськ",
        library_type="regional",
        population=1_500_000,
        status="relocated",
        works_now_in="Черкаси / Cherkasy",
        languages="uk,en",
        collection_size=1_200_000,
        subjects="history,local_history,literature",
        collection_languages="uk,ru,en",
        directions_sought="humanitarian,culture",
        directions_offered="information",
        experience=(
            "A wandering library since 2014: exhibitions, readings and book collections"
            " in host cities."
        ),
    ),
    "odesa": dict(
        name="Одеська обласна універсальна наукова бібліотека імені М. Грушевського",
        name_latin="Odesa Regional Universal Scientific Library named after M. Hrushevskyi",
        country="UA",
        region="Odesa Oblast",
        city="Одеса",
        library_type="regional",
        population=1_000_000,
        status="operating",
        languages="uk,en",
    ),
    "kharkiv": dict(
        name="Харківська державна наукова бібліотека імені В. Г. Короленка",
        name_latin="Korolenko Kharkiv State Scientific Library",
        country="UA",
        region="Kharkiv Oblast",
        city="Харків",
        library_type="national",
        population=1_400_000,
        status="damaged",
        languages="uk,en",
    ),
    "liverpool": dict(
        name="Liverpool Central Library",
        country="GB",
        region="Merseyside",
        city="Liverpool",
        library_type="public",
        population=490_000,
        languages="en",
    ),
    "krakow": dict(
        name="Wojewódzka Biblioteka Publiczna w Krakowie",
        country="PL",
        region="małopolskie",
        city="Kraków",
        library_type="regional",
        population=800_000,
        languages="pl,en",
    ),
    "lipnica": dict(
        name="Gminna Biblioteka Publiczna w Lipnicy",
        country="PL",
        region="pomorskie",
        city="Lipnica",
        library_type="public",
        population=5_300,
        languages="pl",
    ),
}
#: Libraries abroad for matching to show candidates: (name, country, city, type,
#: population, collection size, subjects, staff languages, sought, offered, experience).
REGISTRY = [
    (
        "Biblioteka Publiczna w Lublinie",
        "PL",
        "Lublin",
        "public",
        330_000,
        900_000,
        "history,literature,children",
        "pl,en,uk",
        "culture",
        "humanitarian,culture",
        True,
    ),
    (
        "Wojewódzka Biblioteka Publiczna w Rzeszowie",
        "PL",
        "Rzeszów",
        "regional",
        1_200_000,
        1_100_000,
        "history,local_history,literature",
        "pl,uk,en",
        "information",
        "humanitarian,culture",
        True,
    ),
    (
        "Książnica Podlaska",
        "PL",
        "Białystok",
        "regional",
        1_150_000,
        1_000_000,
        "local_history,arts",
        "pl,en",
        "culture",
        "culture",
        False,
    ),
    (
        "Gminna Biblioteka w Ustrzykach Dolnych",
        "PL",
        "Ustrzyki Dolne",
        "public",
        9_000,
        40_000,
        "children,local_history",
        "pl",
        "culture",
        "humanitarian",
        False,
    ),
    (
        "Manchester Central Library",
        "GB",
        "Manchester",
        "public",
        550_000,
        500_000,
        "history,music,arts",
        "en",
        "information",
        "culture,information",
        True,
    ),
    (
        "Mitchell Library",
        "GB",
        "Glasgow",
        "public",
        630_000,
        1_300_000,
        "history,local_history,literature",
        "en",
        "culture",
        "information,culture",
        True,
    ),
    (
        "Norfolk and Norwich Millennium Library",
        "GB",
        "Norwich",
        "regional",
        900_000,
        700_000,
        "literature,children",
        "en",
        "culture",
        "humanitarian",
        False,
    ),
    (
        "Stadtbibliothek Leipzig",
        "DE",
        "Leipzig",
        "public",
        600_000,
        650_000,
        "music,literature,languages",
        "de,en",
        "culture",
        "culture,humanitarian",
        True,
    ),
    (
        "Landesbibliothek Mecklenburg-Vorpommern",
        "DE",
        "Schwerin",
        "regional",
        1_600_000,
        800_000,
        "history,local_history",
        "de,en,uk",
        "information",
        "humanitarian,information",
        True,
    ),
    (
        "Kauno apskrities viešoji biblioteka",
        "LT",
        "Kaunas",
        "regional",
        560_000,
        1_000_000,
        "history,local_history,literature",
        "lt,en,uk",
        "information",
        "information,culture",
        True,
    ),
    (
        "Vilniaus universiteto biblioteka",
        "LT",
        "Vilnius",
        "university",
        590_000,
        5_400_000,
        "science,history,languages",
        "lt,en",
        "information",
        "information",
        True,
    ),
    (
        "Moravská zemská knihovna",
        "CZ",
        "Brno",
        "regional",
        1_200_000,
        4_000_000,
        "science,technology,history",
        "cs,en,uk",
        "information",
        "information,humanitarian",
        True,
    ),
    (
        "Městská knihovna v Praze",
        "CZ",
        "Praha",
        "public",
        1_300_000,
        2_000_000,
        "literature,children,arts",
        "cs,en",
        "culture",
        "culture",
        True,
    ),
    (
        "Bibliothèque municipale de Lyon",
        "FR",
        "Lyon",
        "public",
        520_000,
        3_800_000,
        "literature,arts,history",
        "fr,en",
        "culture",
        "culture",
        True,
    ),
    (
        "Biblioteca Civica di Cuneo",
        "IT",
        "Cuneo",
        "public",
        56_000,
        300_000,
        "local_history,children",
        "it,en",
        "culture",
        "humanitarian",
        False,
    ),
]

LOCAL_PARTNERS = {
    "gmina": dict(name="Urząd Gminy Lipnica", sector="public"),
    "stowarzyszenie": dict(name="Stowarzyszenie „Razem dla Lipnicy”", sector="social"),
    "piekarnia": dict(name="Piekarnia Kłos s.c.", sector="economic"),
}


#: How many days before the load each demo partnership entered each of its
#: steps: weeks and months apart, as a programme runs, so that the reports'
#: stays in each step have lengths. Each stays in its current step within the
#: step's target, but Odesa – Kraków, whose campaign is late on the board.
TIMELINES: dict[str, dict[str, int]] = {
    "Luhansk – Kraków": {"selection": 12},
    "Kharkiv – Liverpool": {"selection": 50, "introduction": 35},
    "Luhansk – Liverpool": {"selection": 110, "introduction": 95, "memorandum": 20},
    "Partnerstwo lokalne w Lipnicy": {
        "selection": 120,
        "introduction": 100,
        "memorandum": 40,
        "planning": 25,
    },
    "Odesa – Kraków": {
        "selection": 200,
        "introduction": 185,
        "memorandum": 120,
        "planning": 95,
        "campaign": 45,
    },
    "Odesa – Liverpool": {
        "selection": 330,
        "introduction": 310,
        "memorandum": 240,
        "planning": 200,
        "campaign": 160,
        "cooperation": 100,
    },
}
#: The partnership meetings: the first ten days into the introduction, the
#: second three weeks later.
FIRST_MEETING_DAYS = 10
BETWEEN_MEETINGS_DAYS = 21


def load_demo(
    session: Session,
    *,
    seal: Callable[[bytes], bytes] | None = None,
    base_url: str = "http://127.0.0.1:5000/",
) -> list[tuple[str, str, str]]:
    """Load the demo once; return the demo logins (e-mail, password, role).

    ``seal`` seals the memorandum Odesa and Liverpool sign through their
    e-mailed links (``workflow.memorandum.seal``); ``base_url`` is where the links and
    the verification page point.
    """
    if session.scalar(select(Programme).where(Programme.name == PROGRAMME)) is not None:
        return LOGINS
    programme = Programme(name=PROGRAMME)
    session.add(programme)
    orgs: dict[str, Organisation] = {}
    for key, values in LIBRARIES.items():
        orgs[key] = Organisation(kind="library", sector="public", **values)
    for key, values in LOCAL_PARTNERS.items():
        orgs[key] = Organisation(kind="organisation", country="PL", city="Lipnica", **values)
    for n, row in enumerate(REGISTRY, 1):
        name, country, city, kind, population, size, subjects, langs, sought, offered, xp = row
        orgs[f"registry{n}"] = Organisation(
            name=name,
            country=country,
            city=city,
            library_type=kind,
            population=population,
            collection_size=size,
            subjects=subjects,
            languages=langs,
            collection_languages=langs,
            directions_sought=sought,
            directions_offered=offered,
            experience="Took part in international library partnerships." if xp else None,
            external_id=f"DEMO-{country}-{n:03d}",
        )
    session.add_all(orgs.values())
    session.flush()
    users: dict[str, User] = {}
    for email, password, role in LOGINS:
        key = email.split("@")[0]
        users[key] = create_user(
            session,
            email=email,
            name=key.capitalize(),
            password=password,
            role=role,
            organisation_id=orgs[key].id if key in orgs else None,
            locale={
                "luhansk": "uk",
                "odesa": "uk",
                "kharkiv": "uk",
                "krakow": "pl",
                "lipnica": "pl",
            }.get(key),
        )
    session.commit()
    _walk(session, programme, orgs, users, seal, base_url.rstrip("/"))
    return LOGINS


def _walk(
    session: Session,
    programme: Programme,
    orgs: dict[str, Organisation],
    users: dict[str, User],
    seal: Callable[[bytes], bytes] | None,
    base_url: str,
) -> None:
    coordinator, animator = users["coordinator"], users["animator"]
    today = date.today()

    def new(kind: str, title: str, langs: list[str], lead: str, partner: str | None) -> int:
        p = create_partnership(
            session,
            coordinator,
            programme_id=programme.id,
            kind=kind,
            title=title,
            languages=langs,
            lead_organisation_id=orgs[lead].id,
            partner_organisation_id=orgs[partner].id if partner else None,
            reason="Similar communities and shared directions of cooperation.",
        )
        timelines[p.id] = TIMELINES[title]
        return p.id

    timelines: dict[int, dict[str, int]] = {}

    def entered(pid: int, step: str, *, days_later: int = 0) -> datetime:
        """When the partnership entered ``step`` (plus ``days_later``), 10:00."""
        day = today - timedelta(days=timelines[pid][step] - days_later)
        return datetime(day.year, day.month, day.day, 10, 0)

    def introduce(pid: int, meetings: int) -> None:
        advance(session, pid, actor=coordinator)
        p = load_partnership(session, pid, coordinator)
        for party in p.parties:
            set_contact(
                session,
                coordinator,
                pid,
                party.id,
                name=f"Contact of {party.organisation.name_latin or party.organisation.name}"[:200],
                role="Head of international projects",
                email=f"contact{party.id}@example.org",
                languages="en",
                signatory_name=f"Director {party.id}",
                signatory_role="Director",
            )
        # Both libraries accept the partnership: they see each other's contacts.
        for party in p.parties:
            librarian = _librarian_of(session, party.organisation_id)
            if librarian is not None:
                accept_partnership(session, librarian, pid, party.id)
        for number in range(1, meetings + 1):
            # 18:00 in Kyiv, on a weekday, in the introduction.
            held = entered(
                pid,
                "introduction",
                days_later=FIRST_MEETING_DAYS + BETWEEN_MEETINGS_DAYS * (number - 1),
            ).replace(hour=18)
            while held.weekday() >= 5:
                held -= timedelta(days=1)
            agenda = [key for key, _title in AGENDA[number]]
            record_meeting(
                session,
                animator,
                pid,
                number=number,
                held_at=held,
                timezone="Europe/Kyiv",
                place_kind="online",
                place="https://meet.example.org/sister-libraries",
                planned_minutes=120,
                invited=8,
                agenda_done=agenda if number == 2 else agenda[:-1],
                attendance="",
                minutes=MINUTES[number],
            )
            for i, party in enumerate(p.parties):
                org = party.organisation
                people = ATTENDEES[i % len(ATTENDEES)]
                for name, decides in ((people[0], True), (people[1], False)):
                    add_attendee(
                        session,
                        animator,
                        pid,
                        number=number,
                        name=name[:200],
                        organisation=org.name,
                        sector=party.sector,
                        decision_maker=decides,
                    )
            evaluate_meeting(
                session,
                animator,
                pid,
                number=number,
                evaluation="Good atmosphere; everyone spoke; agree the next date earlier.",
            )
        if meetings == 1:
            set_between_tasks(session, animator, pid, done=["inform"])

    def support(pid: int, lead: str, entries: list[tuple[int, int, str, str]]) -> None:
        """The animator supports the lead library: (days ago, minutes, kind, note)."""
        if not hours.is_assigned(session, animator.id, programme.id, orgs[lead].id):
            hours.assign_animator(
                session,
                coordinator,
                programme_id=programme.id,
                animator_id=animator.id,
                organisation_id=orgs[lead].id,
            )
        for days_ago, minutes, kind, note in entries:
            worked_on = today - timedelta(days=days_ago)
            hours.log_hours(
                session,
                animator,
                today=worked_on,  # logged on the day, as the animator would
                partnership_id=pid,
                worked_on=worked_on,
                minutes=minutes,
                kind=kind,
                note=note,
            )

    def to_memorandum(pid: int) -> None:
        introduce(pid, 2)
        p = load_partnership(session, pid, coordinator)
        lead = p.lead
        assert lead is not None
        choose_leader(
            session,
            coordinator,
            pid,
            party_id=lead.id,
            rules="We meet online once a month and answer e-mails within a week.",
        )
        advance(session, pid, actor=coordinator)
        generate_memorandum(session, coordinator, pid)

    def sign_all(pid: int) -> None:
        p = load_partnership(session, pid, coordinator)
        for party in p.parties:
            signer = _librarian_of(session, party.organisation_id)
            sign_memorandum(session, signer, pid, party_id=party.id, version=p.memorandum_version)

    def to_planning(pid: int) -> None:
        to_memorandum(pid)
        sign_all(pid)
        advance(session, pid, actor=coordinator)

    def plan(pid: int, approve: bool) -> None:
        p = load_partnership(session, pid, coordinator)
        add_activity(
            session,
            coordinator,
            pid,
            title="Online exchange of book club experience",
            direction="culture",
            responsible_party_id=p.parties[0].id,
            starts_on=today + timedelta(days=14),
            ends_on=today + timedelta(days=14),
            resources="Video call, moderators from both libraries",
            indicator="30 participants",
        )
        add_activity(
            session,
            coordinator,
            pid,
            title="Exchange of books in Ukrainian and English",
            direction="humanitarian",
            responsible_party_id=p.parties[-1].id,
            starts_on=today + timedelta(days=30),
            ends_on=today + timedelta(days=90),
            resources="Donated books, shipping",
            indicator="200 books exchanged",
        )
        if approve:
            p = load_partnership(session, pid, coordinator)
            for party in p.parties:
                approve_plan(session, coordinator, pid, party_id=party.id, version=p.plan_version)

    # selection: ready to be advanced
    new("sister", "Luhansk – Kraków", ["uk", "pl"], "luhansk", "krakow")
    # introduction: the first meeting is held, the second is not
    pid = new("sister", "Kharkiv – Liverpool", ["uk", "en"], "kharkiv", "liverpool")
    introduce(pid, 1)
    support(
        pid,
        "kharkiv",
        [
            (26, 60, "preparation", "Agenda and invitations for the first meeting"),
            (25, 120, "meeting", "First partnership meeting, online"),
            (2, 30, "phone", "Who else to invite before the second meeting"),
        ],
    )
    # memorandum: generated, one of two signatures
    pid = new("sister", "Luhansk – Liverpool", ["uk", "en"], "luhansk", "liverpool")
    to_memorandum(pid)
    p = load_partnership(session, pid, coordinator)
    sign_memorandum(
        session,
        users["luhansk"],
        pid,
        party_id=p.lead.id,  # type: ignore[union-attr]
        version=p.memorandum_version,
    )
    # planning: a local partnership that skipped the memorandum (seed 004, §3.7)
    pid = new("local", "Partnerstwo lokalne w Lipnicy", ["pl"], "lipnica", None)
    for key in ("gmina", "stowarzyszenie", "piekarnia"):
        add_party(session, coordinator, pid, orgs[key].id, LOCAL_PARTNERS[key]["sector"])
    to_memorandum(pid)
    skip_memorandum(
        session,
        pid,
        actor=coordinator,
        reason="The partners agreed that the partnership need not be formalised.",
    )
    plan(pid, approve=False)
    support(
        pid,
        "lipnica",
        [
            (93, 120, "preparation", "Mapping local partners of the three sectors"),
            (90, 150, "meeting", "First partnership meeting in the library"),
            (88, 60, "email", "Minutes and the date of the second meeting"),
            (69, 150, "meeting", "Second partnership meeting: rules, areas, leader"),
            (20, 120, "organisational", "Drafting the partnership plan"),
            (10, 90, "video_call", "Plan review with the bakery and the association"),
            (1, 60, "monitoring", "Mid-term monitoring meeting"),
        ],
    )
    # campaign: planned, not yet published
    pid = new("sister", "Odesa – Kraków", ["uk", "pl"], "odesa", "krakow")
    to_planning(pid)
    plan(pid, approve=True)
    advance(session, pid, actor=coordinator)
    set_campaign(
        session,
        coordinator,
        pid,
        audience="Readers of both libraries, displaced families in Odesa, "
        "the Ukrainian community in Kraków, local media.",
        messages={
            "uk": "Одеса і Краків — бібліотеки-посестри: читаємо, обмінюємося книжками "
            "і розповідаємо одне одному про свої міста.",
            "pl": "Odesa i Kraków — biblioteki siostrzane: czytamy razem, wymieniamy się "
            "książkami i opowiadamy sobie o naszych miastach.",
        },
    )
    first = load_partnership(session, pid, coordinator).activities[0].id
    add_publication(
        session,
        coordinator,
        pid,
        channel="website",
        language="uk",
        message="Бібліотеки Одеси та Кракова стали бібліотеками-посестрами.",
        planned_on=today + timedelta(days=7),
        activity_id=first,
    )
    add_publication(
        session,
        coordinator,
        pid,
        channel="facebook",
        language="pl",
        message="Zapraszamy na wspólne spotkanie klubów książki z Odesą!",
        planned_on=today + timedelta(days=10),
        activity_id=first,
    )
    # Its campaign has waited longer than the step's target (TIMELINES): late on the board.
    # cooperation: Odesa and Liverpool signed a memorandum (seed 000)
    # Both signatories signed through their e-mailed links, with the codes
    # mailed to them: the sealed memorandum is on its signatures page and
    # passes the verification page.
    pid = new("sister", "Odesa – Liverpool", ["uk", "en"], "odesa", "liverpool")
    to_memorandum(pid)
    _sign_by_links(
        session, coordinator, pid, seal, base_url, at=entered(pid, "memorandum", days_later=14)
    )
    advance(session, pid, actor=coordinator)
    plan(pid, approve=True)
    advance(session, pid, actor=coordinator)
    set_campaign(
        session,
        coordinator,
        pid,
        audience="Readers in Odesa and Liverpool, the Ukrainian community in Liverpool, "
        "schools and local media.",
        messages={
            "uk": "Одеса і Ліверпуль — бібліотеки-посестри: книжки для переселенців, "
            "спільні онлайн-читання і розповіді про наші міста.",
            "en": "Odesa and Liverpool are sister libraries: books for displaced readers, "
            "joint online readings and stories about each other's cities.",
        },
    )
    activities = load_partnership(session, pid, coordinator).activities
    add_publication(
        session,
        coordinator,
        pid,
        channel="facebook",
        language="en",
        message="Liverpool Central Library and the Odesa Regional Library "
        "signed a memorandum of cooperation.",
        planned_on=today - timedelta(days=3),
        published_on=today - timedelta(days=2),
        url="https://example.org/news/odesa-liverpool",
        reach=1200,
        activity_id=activities[0].id,
    )
    add_publication(
        session,
        coordinator,
        pid,
        channel="telegram",
        language="uk",
        message="Збираємо книжки українською для читачів у Ліверпулі.",
        planned_on=today + timedelta(days=20),
        activity_id=activities[-1].id,
    )
    advance(session, pid, actor=coordinator)
    # ... and is shown on the public page (/public/ and its Atom feed).
    set_public(
        session,
        coordinator,
        pid,
        public=True,
        story="The Odesa Regional Library and Liverpool Central Library became sister "
        "libraries: they exchange books for displaced readers, run joint online readings "
        "and tell their communities about each other's cities.",
    )
    for pid, timeline in timelines.items():
        _date_history(session, pid, {step: entered(pid, step) for step in timeline})


def _sign_by_links(
    session: Session,
    coordinator: User,
    pid: int,
    seal: Callable[[bytes], bytes] | None,
    base_url: str,
    *,
    at: datetime,
) -> None:
    """Send the memorandum for signature at ``at`` and sign it as each
    signatory would, over the next days.

    The demo keeps the links and codes it makes rather than reading them from
    the outbox: with SMTP configured the outbox keeps none (``workflow.mail.outbox``).
    """
    tokens: list[str] = []

    def make_token() -> str:
        tokens.append(signing.new_token())
        return tokens[-1]

    m = signing.send_for_signature(
        session, coordinator, pid, base_url=base_url, make_token=make_token, now=at
    )
    browser = signing.Client(ip="127.0.0.1", user_agent="Demo")
    # One token a request, made in the order of the requests.
    for n, (request, token) in enumerate(zip(list(m.requests), tokens, strict=True), 1):
        now = at + timedelta(days=n, hours=n)
        code = f"{secrets.randbelow(10**6):06d}"
        signing.open_link(session, token, client=browser, now=now)
        signing.send_code(session, token, client=browser, make_code=lambda c=code: c, now=now)
        assert request.party.signatory_name, "the demo names every signatory"
        signing.sign(
            session,
            token,
            code=code,
            intent=True,
            signer_name=request.party.signatory_name,
            client=browser,
            seal=seal,
            verify_url=f"{base_url}/verify",
            now=now + timedelta(minutes=3),
        )


def _librarian_of(session: Session, organisation_id: int) -> User:
    user = session.scalar(
        select(User).where(User.organisation_id == organisation_id, User.role == "librarian")
    )
    if user is None:  # local partners have no account in the demo: the coordinator's staff sign
        user = create_user(
            session,
            email=f"library{organisation_id}@example.org",
            name=f"Representative {organisation_id}",
            password="demo-librarian",
            role="librarian",
            organisation_id=organisation_id,
        )
        session.commit()
    return user


def _date_history(session: Session, pid: int, entered: dict[str, datetime]) -> None:
    """Date the partnership's history: each move at the time it entered the
    step it led to (``entered``), a minute apart when several lead there."""
    p = session.get(Partnership, pid)
    assert p is not None
    entries = session.scalars(
        select(HistoryEntry).where(HistoryEntry.partnership_id == pid).order_by(HistoryEntry.id)
    ).all()
    for n, entry in enumerate(entries):
        if entry.to_state in entered:
            entry.at = entered[entry.to_state] + timedelta(minutes=n)
    p.created_at = entered["selection"]
    into_current = [e.at for e in entries if e.to_state == p.status]
    p.step_entered_at = max(into_current) if into_current else entered[p.status]
    session.commit()
