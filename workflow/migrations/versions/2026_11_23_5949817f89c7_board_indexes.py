"""Indexes for the board with thousands of partnerships.

``ix_partnerships_status_entered`` gives each column its longest-waiting
cards without sorting the whole table; ``ix_parties_organisation`` finds
the partnerships of a country's or a name's libraries;
``ix_partnerships_version`` lets the board's freshness stamp sum the
versions without reading the table.

Revision ID: 5949817f89c7
Revises: c130527b8b1b
Create Date: 2026-11-23 13:16:50.673041
"""

from __future__ import annotations

from alembic import op

revision = "5949817f89c7"
down_revision = "c130527b8b1b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_parties_organisation", "parties", ["organisation_id"])
    op.create_index(
        "ix_partnerships_status_entered", "partnerships", ["status", "step_entered_at", "id"]
    )
    op.create_index("ix_partnerships_version", "partnerships", ["version"])


def downgrade() -> None:
    op.drop_index("ix_partnerships_version", table_name="partnerships")
    op.drop_index("ix_partnerships_status_entered", table_name="partnerships")
    op.drop_index("ix_parties_organisation", table_name="parties")
