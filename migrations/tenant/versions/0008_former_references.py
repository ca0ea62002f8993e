"""Former references: what a record was called before a reorganisation renamed it.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("cases", "licences", "land_charges", "bc_certificates")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table,
            sa.Column(
                "former_references",
                postgresql.ARRAY(sa.String(length=80)),
                server_default=sa.text("'{}'::character varying[]"),
                nullable=False,
            ),
        )
        op.create_index(
            f"ix_{table}_former_references",
            table,
            ["former_references"],
            unique=False,
            postgresql_using="gin",
        )


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_former_references", table_name=table)
        op.drop_column(table, "former_references")
