"""clause library and memorandum compositions

The memorandum's clauses move from its template into a library of clauses
with a title and text per language (en, uk, pl), seeded here with the
standard clauses and their translations, including two new ones: termination
by written notice, and the contact persons (until now part of the parties).
A partnership's composition replaces the list of clauses it left out;
memoranda already sent for signature or signed keep the texts they have now.

Revision ID: 3007271d7f72
Revises: 0aa8b5d410c5
Create Date: 2026-11-23 14:44:21.254633
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "3007271d7f72"
down_revision = "0aa8b5d410c5"
branch_labels = None
depends_on = None

#: (key, section, position, optional, applies to, {language: (title, text)}),
#: in the order of a memorandum. Texts as the template had them, with their
#: translations from the catalogs.
STANDARD: list[tuple[str, str, int, bool, str, dict[str, tuple[str, str]]]] = [
    (
        "preamble",
        "preamble",
        10,
        True,
        "sister",
        {
            "en": (
                "Preamble",
                "The libraries named below (the Parties), wishing to support each other professionally, morally and through humanitarian aid and to develop international cooperation between libraries, have agreed as follows.",
            ),
            "uk": (
                "Преамбула",
                "Бібліотеки, зазначені нижче (далі — Сторони), прагнучи підтримувати одна одну професійно, морально та за допомогою гуманітарної допомоги, а також розвивати міжнародну співпрацю між бібліотеками, домовилися про таке.",
            ),
            "pl": (
                "Preambuła",
                "Wymienione poniżej biblioteki (zwane dalej Stronami), pragnąc wspierać się wzajemnie zawodowo, moralnie i poprzez pomoc humanitarną oraz rozwijać międzynarodową współpracę bibliotek, uzgodniły, co następuje.",
            ),
        },
    ),
    (
        "preamble_local",
        "preamble",
        20,
        True,
        "local",
        {
            "en": (
                "Preamble",
                "The organisations named below (the Parties), wishing to act together for the benefit of their local community, have agreed as follows.",
            ),
            "uk": (
                "Преамбула",
                "Організації, зазначені нижче (далі — Сторони), прагнучи діяти спільно на благо своєї місцевої громади, домовилися про таке.",
            ),
            "pl": (
                "Preambuła",
                "Wymienione poniżej organizacje (zwane dalej Stronami), pragnąc wspólnie działać na rzecz swojej społeczności lokalnej, uzgodniły, co następuje.",
            ),
        },
    ),
    (
        "parties",
        "parties",
        10,
        False,
        "both",
        {
            "en": (
                "The Parties",
                "",
            ),
            "uk": (
                "Сторони",
                "",
            ),
            "pl": (
                "Strony",
                "",
            ),
        },
    ),
    (
        "areas",
        "areas",
        10,
        True,
        "sister",
        {
            "en": (
                "Areas of cooperation",
                "",
            ),
            "uk": (
                "Напрями співпраці",
                "",
            ),
            "pl": (
                "Obszary współpracy",
                "",
            ),
        },
    ),
    (
        "areas_local",
        "areas",
        20,
        True,
        "local",
        {
            "en": (
                "Areas of cooperation",
                "The Parties work together towards a common goal for their local community: each contributes what it can and benefits from the cooperation in pursuing its own aims. The tasks are set out in the joint activity plan.",
            ),
            "uk": (
                "Напрями співпраці",
                "Сторони спільно працюють задля досягнення спільної мети для своєї місцевої громади: кожна робить внесок відповідно до своїх можливостей і отримує від співпраці користь у досягненні власних цілей. Завдання визначено в плані спільних заходів.",
            ),
            "pl": (
                "Obszary współpracy",
                "Strony współpracują na rzecz wspólnego celu służącego ich społeczności lokalnej: każda wnosi to, co może, i korzysta ze współpracy w realizacji własnych celów. Zadania określa plan działań partnerstwa.",
            ),
        },
    ),
    (
        "obligations",
        "obligations",
        10,
        True,
        "both",
        {
            "en": (
                "Rights and obligations of the Parties",
                "- The Parties prepare and approve a plan of joint activities together and inform the public about the partnership.\n- Each Party may propose joint activities and carries out the tasks it takes on with its own resources; this memorandum creates no financial obligations.",
            ),
            "uk": (
                "Права та обов’язки Сторін",
                "- Сторони спільно готують і затверджують план спільних заходів та інформують громадськість про партнерство.\n- Кожна Сторона може пропонувати спільні заходи та виконує взяті на себе завдання власними ресурсами; цей меморандум не створює фінансових зобов’язань.",
            ),
            "pl": (
                "Prawa i obowiązki Stron",
                "- Strony wspólnie przygotowują i zatwierdzają plan wspólnych działań oraz informują opinię publiczną o partnerstwie.\n- Każda ze Stron może proponować wspólne działania i realizuje podjęte przez siebie zadania z własnych zasobów; niniejsze porozumienie nie rodzi zobowiązań finansowych.",
            ),
        },
    ),
    (
        "principles",
        "principles",
        10,
        True,
        "sister",
        {
            "en": (
                "Principles of cooperation",
                "The cooperation is based on the equality of the Parties, good faith and mutual respect for the rights and interests of the Parties.",
            ),
            "uk": (
                "Принципи співпраці",
                "Співпраця ґрунтується на рівності Сторін, добросовісності та взаємній повазі до прав та інтересів Сторін.",
            ),
            "pl": (
                "Podstawowe zasady współpracy",
                "Współpraca opiera się na równości Stron, dobrej wierze oraz wzajemnym poszanowaniu praw i interesów Stron.",
            ),
        },
    ),
    (
        "principles_local",
        "principles",
        20,
        True,
        "local",
        {
            "en": (
                "Principles of cooperation",
                "The partnership is based on voluntary participation, equality, commitment, a common goal and shared responsibility.",
            ),
            "uk": (
                "Принципи співпраці",
                "Партнерство ґрунтується на добровільній участі, рівності, відданості справі, спільній меті та спільній відповідальності.",
            ),
            "pl": (
                "Podstawowe zasady współpracy",
                "Partnerstwo opiera się na dobrowolności, równości, zaangażowaniu, wspólnym celu i współodpowiedzialności.",
            ),
        },
    ),
    (
        "term",
        "term",
        10,
        True,
        "both",
        {
            "en": (
                "Term",
                "The memorandum takes effect when all Parties have signed it and remains in force for the number of months stated here: %(months)s. It is amended by a new version signed by all Parties.",
            ),
            "uk": (
                "Строк дії",
                "Меморандум набирає чинності після його підписання всіма Сторонами й діє протягом такої кількості місяців: %(months)s. Зміни до нього вносять шляхом нової версії, підписаної всіма Сторонами.",
            ),
            "pl": (
                "Okres obowiązywania",
                "Porozumienie wchodzi w życie z chwilą podpisania go przez wszystkie Strony i obowiązuje przez następującą liczbę miesięcy: %(months)s. Zmiana porozumienia wymaga nowej wersji podpisanej przez wszystkie Strony.",
            ),
        },
    ),
    (
        "termination",
        "term",
        20,
        True,
        "both",
        {
            "en": (
                "Termination",
                "Each Party may end its participation in the memorandum by written notice to the other Parties, effective thirty days after the notice is received. Joint activities already under way are completed or wound up by agreement of the Parties.",
            ),
            "uk": (
                "Припинення участі",
                "Кожна Сторона може припинити свою участь у меморандумі, письмово повідомивши про це інші Сторони; припинення набирає чинності через тридцять днів після отримання повідомлення. Спільні заходи, які вже тривають, Сторони завершують або припиняють за взаємною згодою.",
            ),
            "pl": (
                "Wypowiedzenie",
                "Każda ze Stron może zakończyć swój udział w porozumieniu, zawiadamiając o tym pisemnie pozostałe Strony, ze skutkiem po upływie trzydziestu dni od doręczenia zawiadomienia. Rozpoczęte wspólne działania Strony kończą lub wygaszają za wzajemnym porozumieniem.",
            ),
        },
    ),
    (
        "contacts",
        "contacts",
        10,
        False,
        "both",
        {
            "en": (
                "Contact persons",
                "Each Party names a contact person responsible for communication between the Parties.",
            ),
            "uk": (
                "Контактні особи",
                "Кожна Сторона призначає контактну особу, відповідальну за комунікацію між Сторонами.",
            ),
            "pl": (
                "Osoby do kontaktu",
                "Każda ze Stron wskazuje osobę do kontaktu odpowiedzialną za komunikację między Stronami.",
            ),
        },
    ),
    (
        "provisions",
        "other",
        10,
        True,
        "both",
        {
            "en": (
                "Further provisions",
                "",
            ),
            "uk": (
                "Інші положення",
                "",
            ),
            "pl": (
                "Postanowienia dodatkowe",
                "",
            ),
        },
    ),
    (
        "languages",
        "languages",
        10,
        True,
        "both",
        {
            "en": (
                "Languages",
                "The texts of the memorandum in each of its languages are equally authentic.",
            ),
            "uk": (
                "Мови",
                "Тексти меморандуму кожною з його мов мають однакову силу.",
            ),
            "pl": (
                "Języki",
                "Teksty porozumienia we wszystkich jego wersjach językowych są jednakowo autentyczne.",
            ),
        },
    ),
    (
        "signatures",
        "signatures",
        10,
        False,
        "both",
        {
            "en": (
                "Signatures",
                "",
            ),
            "uk": (
                "Підписи",
                "",
            ),
            "pl": (
                "Podpisy",
                "",
            ),
        },
    ),
]

#: The keys the template knew (``memorandum_omitted``) and the clauses that are them now.
OLD_KEYS: dict[str, tuple[str, ...]] = {
    "preamble": ("preamble", "preamble_local"),
    "areas": ("areas", "areas_local"),
    "obligations": ("obligations",),
    "principles": ("principles", "principles_local"),
    "term": ("term",),
    "provisions": ("provisions",),
    "languages": ("languages",),
}

clauses = sa.table(
    "clauses",
    sa.column("id", sa.Integer),
    sa.column("key", sa.String),
    sa.column("section", sa.String),
    sa.column("position", sa.Integer),
    sa.column("optional", sa.Boolean),
    sa.column("standard", sa.Boolean),
    sa.column("applies_to", sa.String),
    sa.column("created_at", sa.DateTime),
    sa.column("updated_at", sa.DateTime),
)
clause_texts = sa.table(
    "clause_texts",
    sa.column("clause_id", sa.Integer),
    sa.column("language", sa.String),
    sa.column("title", sa.String),
    sa.column("text", sa.Text),
)
memorandum_clauses = sa.table(
    "memorandum_clauses",
    sa.column("partnership_id", sa.Integer),
    sa.column("clause_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("overrides", sa.JSON),
    sa.column("pinned", sa.JSON(none_as_null=True)),
)
partnerships = sa.table(
    "partnerships",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("languages", sa.String),
    sa.column("memorandum_version", sa.Integer),
    sa.column("memorandum_omitted", sa.JSON),
)


def upgrade() -> None:
    op.create_table(
        "clauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("section", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("optional", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("standard", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("applies_to", sa.String(length=10), server_default="both", nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("applies_to IN ('both', 'sister', 'local')", name="clause_applies_to"),
        sa.CheckConstraint(
            "section IN ('preamble', 'parties', 'areas', 'obligations', 'principles', 'term', "
            "'contacts', 'other', 'languages', 'signatures')",
            name="clause_section",
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="clause_key_unique"),
    )
    op.create_table(
        "clause_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint("language IN ('en', 'uk', 'pl')", name="clause_text_language"),
        sa.ForeignKeyConstraint(["clause_id"], ["clauses.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("clause_id", "language", name="one_clause_text_per_language"),
    )
    op.create_table(
        "memorandum_clauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("overrides", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("pinned", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["clause_id"], ["clauses.id"]),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnerships.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("partnership_id", "clause_id", name="clause_once_per_memorandum"),
    )
    with op.batch_alter_table("memorandum_clauses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_memorandum_clauses_clause_id"), ["clause_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_memorandum_clauses_partnership_id"), ["partnership_id"], unique=False
        )

    ids = _seed()
    _compose_existing(ids)

    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.drop_column("memorandum_omitted")


def _seed() -> dict[str, int]:
    """The standard clauses; their ids by key."""
    conn = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    ids: dict[str, int] = {}
    for key, section, position, optional, applies_to, texts in STANDARD:
        conn.execute(
            clauses.insert().values(
                key=key,
                section=section,
                position=position,
                optional=optional,
                standard=True,
                applies_to=applies_to,
                created_at=now,
                updated_at=now,
            )
        )
        ids[key] = conn.execute(sa.select(clauses.c.id).where(clauses.c.key == key)).scalar_one()
        conn.execute(
            clause_texts.insert(),
            [
                {"clause_id": ids[key], "language": lang, "title": title, "text": text}
                for lang, (title, text) in texts.items()
            ],
        )
    return ids


def _compose_existing(ids: dict[str, int]) -> None:
    """A composition for each partnership that left clauses out, and for each
    whose current version was sent for signature or signed: those keep the
    texts they have now (pinned)."""
    conn = op.get_bind()
    fixed = set(
        conn.execute(
            sa.text(
                "SELECT p.id FROM partnerships p WHERE p.memorandum_version > 0 AND ("
                " EXISTS (SELECT 1 FROM parties x WHERE x.partnership_id = p.id"
                "  AND x.signed_version = p.memorandum_version)"
                " OR EXISTS (SELECT 1 FROM memorandum_versions m WHERE m.partnership_id = p.id"
                "  AND m.version = p.memorandum_version AND m.voided_at IS NULL))"
            )
        ).scalars()
    )
    for pid, kind, languages, omitted in conn.execute(
        sa.select(
            partnerships.c.id,
            partnerships.c.kind,
            partnerships.c.languages,
            partnerships.c.memorandum_omitted,
        )
    ).all():
        if not omitted and pid not in fixed:
            continue
        left_out = {key for old in omitted or () for key in OLD_KEYS.get(old, ())}
        chosen = [row for row in STANDARD if row[4] in ("both", kind) and row[0] not in left_out]
        conn.execute(
            memorandum_clauses.insert(),
            [
                {
                    "partnership_id": pid,
                    "clause_id": ids[key],
                    "position": position,
                    "overrides": {},
                    "pinned": (
                        {
                            lang: {"title": texts[lang][0], "text": texts[lang][1]}
                            for lang in languages.split(",")
                            if lang in texts
                        }
                        if pid in fixed
                        else None
                    ),
                }
                for position, (key, _s, _p, _o, _a, texts) in enumerate(chosen)
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("memorandum_omitted", sa.JSON(), server_default="[]", nullable=False)
        )
    # What a composition leaves out of the template's clauses goes back to
    # the list of clauses left out; added clauses and own texts are lost.
    conn = op.get_bind()
    composed: dict[int, set[str]] = {}
    for pid, key in conn.execute(
        sa.text(
            "SELECT m.partnership_id, c.key FROM memorandum_clauses m"
            " JOIN clauses c ON c.id = m.clause_id"
        )
    ).all():
        composed.setdefault(pid, set()).add(key)
    for pid, keys in composed.items():
        omitted = [old for old, new in OLD_KEYS.items() if not keys & set(new)]
        conn.execute(
            partnerships.update().where(partnerships.c.id == pid).values(memorandum_omitted=omitted)
        )

    with op.batch_alter_table("memorandum_clauses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memorandum_clauses_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_memorandum_clauses_clause_id"))

    op.drop_table("memorandum_clauses")
    op.drop_table("clause_texts")
    op.drop_table("clauses")
