"""Licensing: temporary event notices, objections and counter notices.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "temporary_event_notices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("premises_key", sa.String(length=400), nullable=False),
        sa.Column("premises_name", sa.String(length=300), nullable=True),
        sa.Column("premises_address", sa.Text(), nullable=False),
        sa.Column("uprn", sa.String(length=12), nullable=True),
        sa.Column("premises_user_key", sa.String(length=400), nullable=False),
        sa.Column("premises_user_name", sa.String(length=300), nullable=False),
        sa.Column("premises_user_born_on", sa.Date(), nullable=False),
        sa.Column("personal_licence_number", sa.String(length=60), nullable=True),
        sa.Column("personal_licence_authority", sa.String(length=300), nullable=True),
        sa.Column("event_starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("max_attendance", sa.Integer(), nullable=False),
        sa.Column("activities", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("alcohol_supply", sa.String(length=10), nullable=True),
        sa.Column("premises_licence_number", sa.String(length=60), nullable=True),
        sa.Column("counts", sa.Boolean(), nullable=False),
        sa.Column("counter_notice_section", sa.String(length=10), nullable=True),
        sa.Column("counter_notice_ground", sa.String(length=40), nullable=True),
        sa.Column("counter_notice_detail", sa.Text(), nullable=True),
        sa.Column("counter_notice_on", sa.Date(), nullable=True),
        sa.Column("imposed_conditions", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_temporary_event_notices_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_temporary_event_notices")),
    )
    op.create_index(
        op.f("ix_temporary_event_notices_case_id"),
        "temporary_event_notices",
        ["case_id"],
        unique=True,
    )
    op.create_index(
        "ix_temporary_event_notices_premises_days",
        "temporary_event_notices",
        ["premises_key", "first_day"],
        unique=False,
    )
    op.create_index(
        "ix_temporary_event_notices_user_days",
        "temporary_event_notices",
        ["premises_user_key", "first_day"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_temporary_event_notices_user_days", table_name="temporary_event_notices")
    op.drop_index("ix_temporary_event_notices_premises_days", table_name="temporary_event_notices")
    op.drop_index(op.f("ix_temporary_event_notices_case_id"), table_name="temporary_event_notices")
    op.drop_table("temporary_event_notices")
