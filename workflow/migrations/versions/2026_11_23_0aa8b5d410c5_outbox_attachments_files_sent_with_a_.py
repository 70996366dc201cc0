"""Outbox attachments: files sent with a mail, the sealed memorandum by reference

Revision ID: 0aa8b5d410c5
Revises: 62dcb1de9844
Create Date: 2026-11-23 14:42:08.756778
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0aa8b5d410c5"
down_revision = "62dcb1de9844"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table has no rows to fill: only the MIME type has a default that
    # is true of any file; a made-up name, size or hash would not be.
    op.create_table(
        "outbox_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column(
            "content_type",
            sa.String(length=100),
            nullable=False,
            server_default="application/octet-stream",
        ),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("memorandum_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(data IS NULL) <> (memorandum_id IS NULL)", name="outbox_attachment_one_source"
        ),
        sa.ForeignKeyConstraint(
            ["memorandum_id"],
            ["memorandum_versions.id"],
            ondelete="CASCADE",
            name="fk_outbox_attachments_memorandum",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["outbox.id"], ondelete="CASCADE", name="fk_outbox_attachments_message"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_attachments"),
    )
    with op.batch_alter_table("outbox_attachments", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_attachments_message_id", ["message_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox_attachments", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_attachments_message_id")

    op.drop_table("outbox_attachments")
