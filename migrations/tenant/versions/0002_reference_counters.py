"""Reference counters: one sequence per service and year, for references like 26/00001/HOUSE.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reference_counters",
        sa.Column("service", sa.String(50), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.CheckConstraint("last_number > 0", name="ck_reference_counters_positive"),
        sa.PrimaryKeyConstraint("service", "year", name="pk_reference_counters"),
    )


def downgrade() -> None:
    op.drop_table("reference_counters")
