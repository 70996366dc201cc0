"""The board's freshness counter: one row bumped by every change the board shows

``data_changes`` holds one row (id 1) whose ``n`` grows in each committed
transaction that changes what the board shows (``workflow.changes``), so the
board's freshness stamp is one primary-key read instead of a sum over every
partnership's version; ``ix_partnerships_version`` served only that sum.

Revision ID: 5ae6a577764e
Revises: 3007271d7f72
Create Date: 2026-11-23 14:46:42.219232
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "5ae6a577764e"
down_revision = "3007271d7f72"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("id = 1", name="data_changes_one_row"),
        sa.PrimaryKeyConstraint("id", name="data_changes_pkey"),
    )
    op.execute("INSERT INTO data_changes (id, n) VALUES (1, 0)")
    op.drop_index("ix_partnerships_version", table_name="partnerships")


def downgrade() -> None:
    op.create_index("ix_partnerships_version", "partnerships", ["version"])
    op.drop_table("data_changes")
