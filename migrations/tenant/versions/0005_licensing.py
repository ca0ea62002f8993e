"""Licensing: the licence register with its events and annual fees, representations and hearings.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = ("hearings", "representations", "licence_fees", "licence_events", "licences")


def upgrade() -> None:
    op.create_table(
        "licences",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("holder_name", sa.String(length=300), nullable=False),
        sa.Column("holder_organisation", sa.String(length=300), nullable=True),
        sa.Column("holder_email", sa.String(length=320), nullable=True),
        sa.Column("holder_address", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("premises_name", sa.String(length=300), nullable=True),
        sa.Column("address_line", sa.Text(), nullable=True),
        sa.Column("uprn", sa.String(length=12), nullable=True),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("next_fee_due_on", sa.Date(), nullable=True),
        sa.Column("suspended_from", sa.Date(), nullable=True),
        sa.Column("suspension_reason", sa.Text(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("details", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("origin_authority", sa.String(length=9), nullable=True),
        sa.Column("legacy_reference", sa.String(length=60), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licences")),
        sa.UniqueConstraint("number", name=op.f("uq_licences_number")),
    )
    op.create_index("ix_licences_expires_on", "licences", ["expires_on"], unique=False)
    op.create_index("ix_licences_kind_status", "licences", ["kind", "status"], unique=False)
    op.create_index("ix_licences_next_fee_due_on", "licences", ["next_fee_due_on"], unique=False)
    op.create_index(op.f("ix_licences_uprn"), "licences", ["uprn"], unique=False)
    op.create_table(
        "licence_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("licence_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_licence_events_case_id_cases"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["licences.id"],
            name=op.f("fk_licence_events_licence_id_licences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_events")),
    )
    op.create_index(op.f("ix_licence_events_case_id"), "licence_events", ["case_id"], unique=False)
    op.create_index(
        "ix_licence_events_licence_id_on", "licence_events", ["licence_id", "on"], unique=False
    )
    op.create_table(
        "licence_fees",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("licence_id", sa.Uuid(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("grace_claimed", sa.Boolean(), nullable=False),
        sa.Column("suspension_notice_on", sa.Date(), nullable=True),
        sa.Column("suspended_from", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["licences.id"],
            name=op.f("fk_licence_fees_licence_id_licences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_fees")),
    )
    op.create_index(
        "uq_licence_fees_licence_id_due_on", "licence_fees", ["licence_id", "due_on"], unique=True
    )
    op.create_table(
        "representations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("party", sa.String(length=30), nullable=False),
        sa.Column("authority", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("address", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("received_date", sa.Date(), nullable=False),
        sa.Column("objectives", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("relevant", sa.Boolean(), nullable=True),
        sa.Column("relevance_reason", sa.Text(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_representations_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representations")),
    )
    op.create_index(
        op.f("ix_representations_case_id"), "representations", ["case_id"], unique=False
    )
    op.create_table(
        "hearings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("earliest_on", sa.Date(), nullable=False),
        sa.Column("start_by", sa.Date(), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("venue", sa.String(length=300), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("dispensed_reason", sa.Text(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=60), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_hearings_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearings")),
    )
    op.create_index(op.f("ix_hearings_case_id"), "hearings", ["case_id"], unique=False)


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
