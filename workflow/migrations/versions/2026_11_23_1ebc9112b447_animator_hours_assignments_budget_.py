"""Animator hours: assignments, budget extensions, entries

Revision ID: 1ebc9112b447
Revises: 09799fa34fe6
Create Date: 2026-11-23 12:51:59.750949
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1ebc9112b447"
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

    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("hours_edit_days", sa.Integer(), server_default="14", nullable=False)
        )
        batch_op.create_check_constraint("hours_edit_days_positive", "hours_edit_days >= 0")


def downgrade() -> None:
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_constraint("hours_edit_days_positive", type_="check")
        batch_op.drop_column("hours_edit_days")

    with op.batch_alter_table("hours_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hours_entries_partnership_id"))
        batch_op.drop_index("hours_entries_library")
        batch_op.drop_index("hours_entries_animator")

    op.drop_table("hours_entries")
    with op.batch_alter_table("budget_extensions", schema=None) as batch_op:
        batch_op.drop_index("budget_extensions_library")

    op.drop_table("budget_extensions")
    op.drop_table("animator_assignments")
