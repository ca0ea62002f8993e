"""Reorganisations: plans, their transfers and the checkpoints of a run.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STATUSES = ("planned", "running", "copied", "verified", "cut_over", "rolled_back", "failed")


def upgrade() -> None:
    op.create_table(
        "reorganisations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("vesting_date", sa.Date(), nullable=False),
        sa.Column("status", sa.Enum(*STATUSES, name="reorg_status"), nullable=False),
        sa.Column("rehearsal", sa.Boolean(), nullable=False),
        sa.Column("created_target", sa.Boolean(), nullable=False),
        sa.Column("planned_by", sa.String(200), nullable=False),
        sa.Column("planned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_by", sa.String(200), nullable=True),
        sa.Column("run_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("copied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by", sa.String(200), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cut_over_by", sa.String(200), nullable=True),
        sa.Column("cut_over_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rolled_back_by", sa.String(200), nullable=True),
        sa.Column("rolled_back_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("source_fingerprints", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("dry_run_report", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("dry_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verification_report", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_reorganisations"),
        sa.UniqueConstraint("name", name="uq_reorganisations_name"),
        schema="platform",
    )
    op.create_table(
        "reorg_transfers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reorganisation_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source_tenant_id", sa.Uuid(), nullable=False),
        sa.Column("target_tenant_id", sa.Uuid(), nullable=False),
        sa.Column("selector", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("reference_prefix", sa.String(10), nullable=False),
        sa.Column("source_was_active", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reorganisation_id"],
            ["platform.reorganisations.id"],
            name="fk_reorg_transfers_reorganisation_id_reorganisations",
        ),
        sa.ForeignKeyConstraint(
            ["source_tenant_id"],
            ["platform.tenants.id"],
            name="fk_reorg_transfers_source_tenant_id_tenants",
        ),
        sa.ForeignKeyConstraint(
            ["target_tenant_id"],
            ["platform.tenants.id"],
            name="fk_reorg_transfers_target_tenant_id_tenants",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reorg_transfers"),
        sa.UniqueConstraint("reorganisation_id", "position", name="uq_reorg_transfers_position"),
        schema="platform",
    )
    op.create_table(
        "reorg_checkpoints",
        sa.Column("transfer_id", sa.Uuid(), nullable=False),
        sa.Column("table_name", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.String(100), nullable=True),
        sa.Column("rows_copied", sa.BigInteger(), nullable=False),
        sa.Column("rows_total", sa.BigInteger(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["transfer_id"],
            ["platform.reorg_transfers.id"],
            name="fk_reorg_checkpoints_transfer_id_reorg_transfers",
        ),
        sa.PrimaryKeyConstraint("transfer_id", "table_name", name="pk_reorg_checkpoints"),
        schema="platform",
    )


def downgrade() -> None:
    op.drop_table("reorg_checkpoints", schema="platform")
    op.drop_table("reorg_transfers", schema="platform")
    op.drop_table("reorganisations", schema="platform")
    sa.Enum(name="reorg_status").drop(op.get_bind(), checkfirst=False)
