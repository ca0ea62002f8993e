"""What the engine knows of each tenant table, read from ``TenantBase.metadata`` — so a new
service's tables are copied with no change here, as long as they follow the conventions.

The caller must have imported every service (``services.registry.load_services``) first:
``tenancy`` never imports ``services`` itself. Each table gets one copy strategy:

* ``rows`` — a UUID ``id`` primary key: copied in keyset batches (``id > last``), ids kept.
  A single-column unique string that is not a foreign key (``cases.reference``,
  ``licences.number``) is a *reference*: where two sources hold the same value, each colliding
  row gets its source's prefix (``ASH-26/00001/HOUSE``) and, if the table has a
  ``former_references`` column (:mod:`tenancy.provenance`), the original value is appended
  there, so it still resolves. A ``<reference>_key`` column (the URL form) is prefixed with
  it. ``origin_authority`` is set to the source's GSS code where empty. ``legacy_reference``
  (the reference in the system a council migrated from) is never touched.
* ``lead`` — council configuration with a natural key (``settings``, ``bc_charges``): the
  first source in the plan wins a key both hold; the others' values are reported, not copied.
* ``max`` — counters (``reference_counters``): the target keeps the highest number any source
  reached, so new references never collide with copied ones.

Which rows a transfer takes (its selector, :mod:`tenancy.reorg.filters`) is also read from the
metadata, never from service names written here:

* A table with a foreign key to another copied table is *attached*: each row follows its most
  specific parent — the first non-null of its foreign keys, parents other than ``cases`` before
  ``cases`` (``licence_events`` follows its licence, ``obligation_milestones`` its obligation,
  ``sites`` its case). A case follows its ``service`` column.
* A table with no such foreign key is a *root* (``licences``, ``land_charges``). It belongs to
  a service when the service's model says so in the table's ``info``
  (``__table_args__ = (..., {"info": {"service": "licensing"}})``): that is the service's
  ownership metadata, and ``SERVICE_INFO`` names the key. A root without it is core.
* An *audit* table (``entity``, ``entity_id`` and ``case_id`` columns, no foreign key) follows
  the case it names, else the record it names, else it is council-level history.
* Attached rows whose parents are all null (a task with no case) follow their own ``service``
  column, else their table's service.

A table may also name columns a move sets, whatever the source held, in its ``info``
(``{"info": {"on_move": {"active": False}}}``): a webhook subscription arrives paused, for the
receiving council to confirm. ``ON_MOVE_INFO`` names the key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import String, Table, UniqueConstraint, Uuid

from tenancy.models import TenantBase
from tenancy.provenance import FORMER_REFERENCES

#: Tables whose rows are counters merged by taking the highest value per key.
COUNTER_TABLES = {"reference_counters": "last_number"}
ORIGIN_COLUMN = "origin_authority"
SERVICE_INFO = "service"
ON_MOVE_INFO = "on_move"
CASES = "cases"
AUDIT_COLUMNS = frozenset({"entity", "entity_id", "case_id"})
LEGACY_COLUMN = "legacy_reference"
#: Columns holding a document-store key ``<tenant schema>/<path>`` (``tenancy.storage``), by
#: table: the column, and the columns the path is made of. A run copies each file to the
#: target's prefix and rewrites the key (:mod:`tenancy.reorg.files`), so checksums leave it out.
FILE_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "documents": ("storage_key", ("case_id", "id"))
}
FORMER_COLUMN = FORMER_REFERENCES


@dataclass(frozen=True, slots=True)
class ForeignKey:
    column: str
    table: str
    referred: str
    referred_column: str


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    columns: tuple[str, ...]
    primary_key: tuple[str, ...]
    strategy: str  # "rows", "lead" or "max"
    references: tuple[str, ...] = ()  # reference columns prefixed on collision
    derived_keys: tuple[tuple[str, str], ...] = ()  # (key column, reference column)
    has_origin: bool = False
    has_legacy: bool = False
    has_former: bool = False
    natural_key: tuple[str, ...] = ()  # lead tables: the key the first source wins
    counter: str | None = None
    foreign_keys: tuple[ForeignKey, ...] = ()
    service: str | None = None  # the owning service, from the table's ``info``
    on_move: tuple[tuple[str, object], ...] = ()  # (column, value) a move sets, from ``info``

    @property
    def is_audit(self) -> bool:
        return set(self.columns) >= AUDIT_COLUMNS and not self.foreign_keys

    @property
    def parents(self) -> tuple[ForeignKey, ...]:
        """Foreign keys in the order a row follows them (``cases`` last)."""
        return tuple(sorted(self.foreign_keys, key=lambda fk: fk.referred == CASES))

    @property
    def file_key(self) -> str | None:
        """The column naming a file in the document store, if any (see ``FILE_KEYS``)."""
        column = FILE_KEYS.get(self.name, (None, ()))[0]
        return column if column in self.columns else None

    @property
    def rewritten(self) -> frozenset[str]:
        """Columns a run may change (excluded from the content checksum)."""
        cols = set(self.references) | {key for key, _ in self.derived_keys}
        if self.file_key:
            cols.add(self.file_key)
        if self.references and self.has_former:
            cols.add(FORMER_COLUMN)
        if self.has_origin:
            cols.add(ORIGIN_COLUMN)
        cols.update(column for column, _ in self.on_move)
        return frozenset(cols)

    @property
    def kept(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.rewritten)


def _uniques(table: Table) -> list[tuple[str, ...]]:
    found = [
        tuple(c.name for c in con.columns)
        for con in table.constraints
        if isinstance(con, UniqueConstraint)
    ]
    found += [(c.name,) for c in table.columns if c.unique and (c.name,) not in found]
    return found


def describe(table: Table) -> TableSpec:
    columns = tuple(c.name for c in table.columns)
    pk = tuple(c.name for c in table.primary_key.columns)
    fks = tuple(
        ForeignKey(fk.parent.name, table.name, fk.column.table.name, fk.column.name)
        for fk in table.foreign_keys
    )
    fk_columns = {fk.column for fk in fks}
    service = table.info.get(SERVICE_INFO)
    if table.name in COUNTER_TABLES:
        return TableSpec(
            table.name,
            columns,
            pk,
            "max",
            counter=COUNTER_TABLES[table.name],
            natural_key=pk,
            foreign_keys=fks,
            service=service,
        )
    if pk != ("id",) or not isinstance(table.columns["id"].type, Uuid):
        return TableSpec(
            table.name, columns, pk, "lead", natural_key=pk, foreign_keys=fks, service=service
        )
    references: list[str] = []
    natural: tuple[str, ...] = ()
    for unique in _uniques(table):
        if set(unique) & fk_columns:
            continue
        if len(unique) == 1 and isinstance(table.columns[unique[0]].type, String):
            references.append(unique[0])
        else:
            natural = unique
    if natural and not references:
        return TableSpec(
            table.name, columns, pk, "lead", natural_key=natural, foreign_keys=fks, service=service
        )
    derived = tuple((f"{r}_key", r) for r in references if f"{r}_key" in columns)
    return TableSpec(
        table.name,
        columns,
        pk,
        "rows",
        references=tuple(references),
        derived_keys=derived,
        has_origin=ORIGIN_COLUMN in columns,
        has_legacy=LEGACY_COLUMN in columns,
        has_former=FORMER_COLUMN in columns,
        foreign_keys=fks,
        service=service,
        on_move=tuple(sorted(table.info.get(ON_MOVE_INFO, {}).items())),
    )


def tenant_tables(tables: Iterable[Table] | None = None) -> list[TableSpec]:
    """Every tenant table in dependency order (parents before children)."""
    chosen = TenantBase.metadata.sorted_tables if tables is None else list(tables)
    return [describe(t) for t in chosen]
