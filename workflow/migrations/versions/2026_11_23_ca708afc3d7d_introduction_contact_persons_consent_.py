"""Introduction: contact persons, consent, meetings in time zones, attendees, evaluations, decisions, animator hours

Revision ID: ca708afc3d7d
Revises: 5949817f89c7
Create Date: 2026-11-23 13:11:18.529878
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ca708afc3d7d"
down_revision = "5949817f89c7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "animator_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("animator_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["animator_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "programme_id", "organisation_id", "animator_id", name="one_assignment_per_animator"
        ),
    )
    op.create_table(
        "budget_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("minutes > 0 AND minutes % 15 = 0", name="extension_minutes_in_steps"),
        sa.ForeignKeyConstraint(["granted_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("budget_extensions", schema=None) as batch_op:
        batch_op.create_index(
            "budget_extensions_library", ["programme_id", "organisation_id"], unique=False
        )

    op.create_table(
        "hours_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("animator_id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("worked_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('meeting', 'preparation', 'phone', 'email', 'forum', 'video_call', 'organisational', 'monitoring')",
            name="hours_kind",
        ),
        sa.CheckConstraint("minutes > 0 AND minutes % 15 = 0", name="hours_minutes_in_steps"),
        sa.ForeignKeyConstraint(["animator_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnerships.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("hours_entries", schema=None) as batch_op:
        batch_op.create_index("hours_entries_animator", ["animator_id", "worked_on"], unique=False)
        batch_op.create_index(
            "hours_entries_library", ["programme_id", "organisation_id", "worked_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_hours_entries_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "contact_persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("languages", sa.String(length=50), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["party_id"], ["parties.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_persons_party_id"), ["party_id"], unique=False)

    op.create_table(
        "meeting_attendees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=300), server_default="", nullable=False),
        sa.Column("sector", sa.String(length=20), nullable=False),
        sa.Column("decision_maker", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint("sector IN ('public', 'social', 'economic')", name="attendee_sector"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("meeting_attendees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_attendees_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("worked", sa.Text(), server_default="", nullable=False),
        sa.Column("to_change", sa.Text(), server_default="", nullable=False),
        sa.Column("next_steps", sa.Text(), server_default="", nullable=False),
        sa.Column("engagement", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("side IN ('animator', 'library')", name="evaluation_side"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "side", name="one_evaluation_per_side"),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("timezone", sa.String(length=64), server_default="UTC", nullable=False)
        )
        batch_op.add_column(
            sa.Column("place_kind", sa.String(length=10), server_default="library", nullable=False)
        )
        batch_op.add_column(
            sa.Column("planned_minutes", sa.Integer(), server_default="120", nullable=False)
        )
        batch_op.add_column(
            sa.Column("agenda_done", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(sa.Column("invited", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            "meeting_place_kind", "place_kind IN ('premises', 'library', 'online')"
        )
        batch_op.create_check_constraint(
            "meeting_planned_minutes", "planned_minutes BETWEEN 15 AND 720"
        )
        batch_op.create_check_constraint(
            "meeting_invited_positive", "invited IS NULL OR invited >= 0"
        )
    # Meetings recorded before kept their times in UTC; a link means online.
    op.execute(
        "UPDATE meetings SET place_kind = 'online' "
        "WHERE place LIKE 'http://%' OR place LIKE 'https://%'"
    )
    # A meeting's one evaluation text becomes the animator's evaluation.
    op.execute(
        "INSERT INTO meeting_evaluations "
        "(meeting_id, side, worked, to_change, next_steps, engagement, created_at, updated_at) "
        "SELECT id, 'animator', evaluation, '', '', '{}', "
        "COALESCE(evaluated_at, CURRENT_TIMESTAMP), COALESCE(evaluated_at, CURRENT_TIMESTAMP) "
        "FROM meetings WHERE evaluation IS NOT NULL AND evaluation != ''"
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("evaluated_at")
        batch_op.drop_column("evaluation")

    # Each party's single contact becomes its first contact person.
    op.execute(
        "INSERT INTO contact_persons (party_id, name, role, email, languages, created_at) "
        "SELECT id, contact_name, contact_role, COALESCE(contact_email, ''), "
        "contact_languages, CURRENT_TIMESTAMP FROM parties WHERE contact_name IS NOT NULL"
    )

    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accepted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("accepted_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_parties_accepted_by", "users", ["accepted_by_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.drop_column("contact_name")
        batch_op.drop_column("contact_languages")
        batch_op.drop_column("contact_role")
        batch_op.drop_column("contact_email")

    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("areas", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("agreed_tasks", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("between_tasks_done", sa.JSON(), server_default="[]", nullable=False)
        )

    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("hours_edit_days", sa.Integer(), server_default="14", nullable=False)
        )
        batch_op.create_check_constraint("hours_edit_days_positive", "hours_edit_days >= 0")

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("timezone")

    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_constraint("hours_edit_days_positive", type_="check")
        batch_op.drop_column("hours_edit_days")

    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.drop_column("between_tasks_done")
        batch_op.drop_column("agreed_tasks")
        batch_op.drop_column("areas")

    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_email", sa.VARCHAR(length=254), nullable=True))
        batch_op.add_column(sa.Column("contact_role", sa.VARCHAR(length=200), nullable=True))
        batch_op.add_column(sa.Column("contact_languages", sa.VARCHAR(length=50), nullable=True))
        batch_op.add_column(sa.Column("contact_name", sa.VARCHAR(length=200), nullable=True))
        batch_op.drop_constraint("fk_parties_accepted_by", type_="foreignkey")
        batch_op.drop_column("accepted_by_id")
        batch_op.drop_column("accepted_at")
    # The first contact person of each party goes back into its columns.
    for column in ("name", "role", "email", "languages"):
        op.execute(
            f"UPDATE parties SET contact_{column} = (SELECT c.{column} FROM contact_persons c "
            "WHERE c.party_id = parties.id ORDER BY c.id LIMIT 1)"
        )

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("evaluation", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("evaluated_at", sa.DateTime(), nullable=True))
        batch_op.drop_constraint("meeting_invited_positive", type_="check")
        batch_op.drop_constraint("meeting_planned_minutes", type_="check")
        batch_op.drop_constraint("meeting_place_kind", type_="check")
        batch_op.drop_column("invited")
        batch_op.drop_column("agenda_done")
        batch_op.drop_column("planned_minutes")
        batch_op.drop_column("place_kind")
        batch_op.drop_column("timezone")

    # The animator's evaluation (else the library's) goes back into the meeting.
    for column, source in (("evaluation", "worked"), ("evaluated_at", "updated_at")):
        op.execute(
            f"UPDATE meetings SET {column} = (SELECT e.{source} FROM meeting_evaluations e "
            "WHERE e.meeting_id = meetings.id ORDER BY e.side LIMIT 1)"
        )
    op.drop_table("meeting_evaluations")
    with op.batch_alter_table("meeting_attendees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendees_meeting_id"))

    op.drop_table("meeting_attendees")
    with op.batch_alter_table("contact_persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_persons_party_id"))

    op.drop_table("contact_persons")
    with op.batch_alter_table("hours_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hours_entries_partnership_id"))
        batch_op.drop_index("hours_entries_library")
        batch_op.drop_index("hours_entries_animator")

    op.drop_table("hours_entries")
    with op.batch_alter_table("budget_extensions", schema=None) as batch_op:
        batch_op.drop_index("budget_extensions_library")

    op.drop_table("budget_extensions")
    op.drop_table("animator_assignments")
