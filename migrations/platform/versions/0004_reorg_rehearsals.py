"""Dress rehearsals: the ``rehearsed`` status and the stored rehearsal report.

A rehearsal copies live sources into a scratch target, verifies, reports its timings and
discards the target; it then ends ``rehearsed`` (final) with its report on the row.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BEFORE = ("planned", "running", "copied", "verified", "cut_over", "rolled_back", "failed")


def upgrade() -> None:
    # Allowed in a transaction since PostgreSQL 12; the value is not used in this one.
    op.execute("ALTER TYPE reorg_status ADD VALUE IF NOT EXISTS 'rehearsed'")
    op.add_column(
        "reorganisations",
        sa.Column("rehearsal_report", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        schema="platform",
    )


def downgrade() -> None:
    op.drop_column("reorganisations", "rehearsal_report", schema="platform")
    op.execute(
        "UPDATE platform.reorganisations SET status = 'rolled_back' WHERE status = 'rehearsed'"
    )
    op.execute("ALTER TYPE reorg_status RENAME TO reorg_status_0004")
    sa.Enum(*BEFORE, name="reorg_status").create(op.get_bind(), checkfirst=False)
    op.execute(
        "ALTER TABLE platform.reorganisations ALTER COLUMN status TYPE reorg_status "
        "USING status::text::reorg_status"
    )
    op.execute("DROP TYPE reorg_status_0004")
