"""Local land charges: the register of charges with their history, official searches and CON29 answers.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "land_charges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("charge_number", sa.String(length=40), nullable=False),
        sa.Column("charge_type", sa.String(length=40), nullable=False),
        sa.Column("sub_category", sa.String(length=120), nullable=True),
        sa.Column("statutory_provision", sa.Text(), nullable=False),
        sa.Column("instrument", sa.String(length=120), nullable=True),
        sa.Column("originating_authority", sa.String(length=300), nullable=False),
        sa.Column("further_information_location", sa.Text(), nullable=False),
        sa.Column("further_information_reference", sa.String(length=255), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("creation_date", sa.Date(), nullable=True),
        sa.Column("registration_date", sa.Date(), nullable=False),
        sa.Column("expiry_date", sa.Date(), nullable=True),
        sa.Column("amount_originally_secured", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("rate_of_interest", sa.String(length=70), nullable=True),
        sa.Column("geometry", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("min_x", sa.Float(), nullable=True),
        sa.Column("min_y", sa.Float(), nullable=True),
        sa.Column("max_x", sa.Float(), nullable=True),
        sa.Column("max_y", sa.Float(), nullable=True),
        sa.Column("address_line", sa.Text(), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("uprn", sa.String(length=12), nullable=True),
        sa.Column("geographic_description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("cancellation_reason", sa.Text(), nullable=True),
        sa.Column("origin_authority", sa.String(length=9), nullable=True),
        sa.Column("legacy_reference", sa.String(length=60), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_land_charges")),
        sa.UniqueConstraint("charge_number", name=op.f("uq_land_charges_charge_number")),
    )
    # The bounding box as a Postgres box, GiST-indexed (``services.land_charges.models``).
    op.create_index(
        "ix_land_charges_bbox",
        "land_charges",
        [sa.text("box(point(min_x, min_y), point(max_x, max_y))")],
        postgresql_using="gist",
    )
    op.create_index(
        op.f("ix_land_charges_legacy_reference"), "land_charges", ["legacy_reference"], unique=False
    )
    op.create_index(
        "ix_land_charges_status_type", "land_charges", ["status", "charge_type"], unique=False
    )
    op.create_index(op.f("ix_land_charges_uprn"), "land_charges", ["uprn"], unique=False)
    op.create_table(
        "land_charge_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("charge_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("after", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["charge_id"],
            ["land_charges.id"],
            name=op.f("fk_land_charge_events_charge_id_land_charges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_land_charge_events")),
    )
    op.create_index(
        "ix_land_charge_events_charge_id_at",
        "land_charge_events",
        ["charge_id", "recorded_at"],
        unique=False,
    )
    op.create_table(
        "land_charge_search_results",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("content", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_land_charge_search_results_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_land_charge_search_results")),
        sa.UniqueConstraint("case_id", name=op.f("uq_land_charge_search_results_case_id")),
    )
    op.create_table(
        "land_charge_enquiry_answers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("question", sa.String(length=12), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_land_charge_enquiry_answers_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_land_charge_enquiry_answers")),
    )
    op.create_index(
        "uq_land_charge_enquiry_answers_case_question",
        "land_charge_enquiry_answers",
        ["case_id", "question"],
        unique=True,
    )
    op.create_table(
        "land_charge_register_migration",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("migration_date", sa.Date(), nullable=True),
        sa.Column("hmlr_service_url", sa.String(length=500), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_land_charge_register_migration_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_land_charge_register_migration")),
    )


def downgrade() -> None:
    op.drop_table("land_charge_register_migration")
    op.drop_index(
        "uq_land_charge_enquiry_answers_case_question", table_name="land_charge_enquiry_answers"
    )
    op.drop_table("land_charge_enquiry_answers")
    op.drop_table("land_charge_search_results")
    op.drop_index("ix_land_charge_events_charge_id_at", table_name="land_charge_events")
    op.drop_table("land_charge_events")
    op.drop_index(op.f("ix_land_charges_uprn"), table_name="land_charges")
    op.drop_index("ix_land_charges_status_type", table_name="land_charges")
    op.drop_index(op.f("ix_land_charges_legacy_reference"), table_name="land_charges")
    op.drop_index("ix_land_charges_bbox", table_name="land_charges")
    op.drop_table("land_charges")
