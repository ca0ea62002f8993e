"""Tenant registry and platform audit log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

KINDS = ("district", "county", "unitary", "metropolitan", "london_borough")
STATUSES = ("provisioning", "active", "read_only", "retired")


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("slug", sa.String(63), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("gss_code", sa.String(9), nullable=False),
        sa.Column(
            "kind", postgresql.ENUM(*KINDS, name="tenant_kind", schema="platform"), nullable=False
        ),
        sa.Column(
            "status",
            postgresql.ENUM(*STATUSES, name="tenant_status", schema="platform"),
            nullable=False,
        ),
        sa.Column("schema_name", sa.String(14), nullable=False),
        sa.Column("enabled_services", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("vesting_date", sa.Date(), nullable=True),
        sa.Column("retirement_date", sa.Date(), nullable=True),
        sa.Column("successor_id", sa.Uuid(), nullable=True),
        sa.Column("predecessor_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.CheckConstraint(
            "schema_name ~ '^t_[0-9a-f]{12}$'", name="ck_tenants_schema_name_format"
        ),
        sa.CheckConstraint("slug ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'", name="ck_tenants_slug_format"),
        sa.CheckConstraint("gss_code ~ '^[EWSN][0-9]{8}$'", name="ck_tenants_gss_code_format"),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["platform.tenants.id"], name="fk_tenants_successor_id_tenants"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_tenants"),
        sa.UniqueConstraint("slug", name="uq_tenants_slug"),
        sa.UniqueConstraint("gss_code", name="uq_tenants_gss_code"),
        sa.UniqueConstraint("schema_name", name="uq_tenants_schema_name"),
        schema="platform",
    )
    op.create_index("ix_tenants_predecessor_of", "tenants", ["successor_id"], schema="platform")
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=True),
        sa.Column("detail", postgresql.JSONB(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["platform.tenants.id"], name="fk_audit_log_tenant_id_tenants"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        schema="platform",
    )
    op.create_index(
        "ix_audit_log_tenant_id_at", "audit_log", ["tenant_id", "at"], schema="platform"
    )
    # Append-only tables (platform and per-tenant audit logs) reject UPDATE and DELETE.
    op.execute(
        """
        CREATE FUNCTION platform.reject_audit_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit log % is append-only', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON platform.audit_log "
        "FOR EACH ROW EXECUTE FUNCTION platform.reject_audit_change()"
    )


def downgrade() -> None:
    op.drop_table("audit_log", schema="platform")
    op.execute("DROP FUNCTION platform.reject_audit_change()")
    op.drop_table("tenants", schema="platform")
    op.execute("DROP TYPE platform.tenant_status")
    op.execute("DROP TYPE platform.tenant_kind")
