"""Plan, campaign, cooperation, feeds and outbox (issue 6).

Activities get texts per language, place, expected result, status, the
parties involved and a link to a development plan; publications name the
activity they announce and the channels are the campaign's own list
('social_media' becomes 'facebook'); a programme sets how often partnerships
in cooperation are asked how they are doing.

Revision ID: 09799fa34fe6
Revises: 7108992ee2b2
Create Date: 2026-11-23 11:49:01.919894
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "09799fa34fe6"
down_revision = "7108992ee2b2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("to", sa.String(length=320), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "condition_evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="condition_rating"),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnerships.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("condition_evaluations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_condition_evaluations_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "(partnership_id IS NULL) != (organisation_id IS NULL)", name="feed_of_one_thing"
        ),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnerships.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnerships.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["party_id"], ["parties.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("party_id", "due_on", name="one_checkin_per_due_date"),
    )
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checkins_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "activity_parties",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["party_id"], ["parties.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "party_id"),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("texts", sa.JSON(), server_default="{}", nullable=False))
        batch_op.add_column(
            sa.Column("place", sa.String(length=500), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("expected_result", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("status", sa.String(length=10), server_default="planned", nullable=False)
        )
        batch_op.add_column(sa.Column("development_plan_url", sa.String(length=500), nullable=True))

    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("campaign_audience", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("campaign_messages", sa.JSON(), server_default="{}", nullable=False)
        )
        batch_op.add_column(
            sa.Column("public", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("public_story", sa.Text(), nullable=True))

    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("checkin_months", sa.Integer(), server_default="3", nullable=False)
        )

    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("activity_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_publications_activity", "activities", ["activity_id"], ["id"], ondelete="SET NULL"
        )

    op.execute("UPDATE publications SET channel = 'facebook' WHERE channel = 'social_media'")


def downgrade() -> None:
    op.execute(
        "UPDATE publications SET channel = 'social_media' WHERE channel NOT IN "
        "('website', 'telegram', 'press', 'radio')"
    )
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_constraint("fk_publications_activity", type_="foreignkey")
        batch_op.drop_column("activity_id")

    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_column("checkin_months")

    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.drop_column("public_story")
        batch_op.drop_column("public")
        batch_op.drop_column("campaign_messages")
        batch_op.drop_column("campaign_audience")

    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_column("development_plan_url")
        batch_op.drop_column("status")
        batch_op.drop_column("expected_result")
        batch_op.drop_column("place")
        batch_op.drop_column("texts")
        batch_op.drop_column("description")

    op.drop_table("activity_parties")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkins_partnership_id"))

    op.drop_table("checkins")
    op.drop_table("feed_tokens")
    with op.batch_alter_table("condition_evaluations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_condition_evaluations_partnership_id"))

    op.drop_table("condition_evaluations")
    op.drop_table("outbox")
