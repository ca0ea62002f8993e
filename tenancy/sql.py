"""The one way raw SQL naming a schema is written: :func:`schema_sql` validates and quotes every
schema name it places in the statement. Values always travel as bound parameters."""

from __future__ import annotations

from sqlalchemy import TextClause, text

from tenancy.identifiers import quote_schema


def schema_sql(statement: str, **schemas: str) -> TextClause:
    """``text()`` with ``{name}`` placeholders replaced by validated, quoted schema names.

    >>> str(schema_sql("SELECT count(*) FROM {s}.audit_log", s="t_0123456789ab"))
    'SELECT count(*) FROM "t_0123456789ab".audit_log'
    """
    return text(statement.format(**{key: quote_schema(name) for key, name in schemas.items()}))
