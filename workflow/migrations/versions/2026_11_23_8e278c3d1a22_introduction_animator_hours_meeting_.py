"""Introduction: animator hours, meeting time zones, places, agenda and attendees

Revision ID: 8e278c3d1a22
Revises: 09799fa34fe6
Create Date: 2026-11-23 12:59:57.507440
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "8e278c3d1a22"
down_revision = "09799fa34fe6"
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
    # Meetings recorded before: their times were UTC; a link means online.
    op.execute(
        "UPDATE meetings SET place_kind = 'online' "
        "WHERE place LIKE 'http://%' OR place LIKE 'https://%'"
    )

    with op.batch_alter_table("partnerships", schema=None) as batch_op:
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

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint("meeting_invited_positive", type_="check")
        batch_op.drop_constraint("meeting_planned_minutes", type_="check")
        batch_op.drop_constraint("meeting_place_kind", type_="check")
        batch_op.drop_column("invited")
        batch_op.drop_column("agenda_done")
        batch_op.drop_column("planned_minutes")
        batch_op.drop_column("place_kind")
        batch_op.drop_column("timezone")

    with op.batch_alter_table("meeting_attendees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendees_meeting_id"))

    op.drop_table("meeting_attendees")
    with op.batch_alter_table("hours_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hours_entries_partnership_id"))
        batch_op.drop_index("hours_entries_library")
        batch_op.drop_index("hours_entries_animator")

    op.drop_table("hours_entries")
    with op.batch_alter_table("budget_extensions", schema=None) as batch_op:
        batch_op.drop_index("budget_extensions_library")

    op.drop_table("budget_extensions")
    op.drop_table("animator_assignments")
