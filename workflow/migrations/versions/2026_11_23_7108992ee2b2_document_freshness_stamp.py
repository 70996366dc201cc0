"""Stamp documents with the partnership version they are current at

Revision ID: 7108992ee2b2
Revises: 64d5def5c28d
Create Date: 2026-11-23 09:45:38.221004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "7108992ee2b2"
down_revision = "64d5def5c28d"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("partnership_version", sa.Integer(), nullable=True))
        batch_op.create_index(
            "documents_current", ["partnership_id", "kind", "partnership_version"], unique=False
        )

    # Existing partnerships were last changed no earlier than they were made.
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "updated_at",
                sa.DateTime(),
                nullable=False,
                server_default=sa.text("CURRENT_TIMESTAMP"),
            )
        )
    op.execute("UPDATE partnerships SET updated_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.drop_column("updated_at")

    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("documents_current")
        batch_op.drop_column("partnership_version")
