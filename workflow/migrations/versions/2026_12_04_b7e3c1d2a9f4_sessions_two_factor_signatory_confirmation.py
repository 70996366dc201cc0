"""Sessions that end, staff two-factor codes, signatory changes confirmed by the party

``users.session_generation`` is kept in the signed session cookie and raised
by logout, a password change and deactivation, which ends every session of
the person; ``users.totp_secret`` and ``totp_last_step`` hold their
authenticator app's secret and the last time step a code was accepted for.
``parties.signatory_unconfirmed_at`` marks a change of signatory made by
programme staff after sending, which the party's librarian must confirm
before a link goes out.

Revision ID: b7e3c1d2a9f4
Revises: 5ae6a577764e
Create Date: 2026-12-04 19:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b7e3c1d2a9f4"
down_revision = "5ae6a577764e"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    with op.batch_alter_table("parties") as batch_op:
        batch_op.add_column(sa.Column("signatory_unconfirmed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("parties") as batch_op:
        batch_op.drop_column("signatory_unconfirmed_at")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_secret")
        batch_op.drop_column("session_generation")
