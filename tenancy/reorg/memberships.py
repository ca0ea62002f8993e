"""Carrying memberships over: every role a person holds in a source council, they hold in the
target, granted by the run (``granted_by = "reorg:<id>"``, so a rollback can take them back).
Done once per transfer, recorded by a checkpoint row committed with the grants."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session
from uuid_utils.compat import uuid7

from tenancy.db import sync_engine
from tenancy.models import utcnow
from tenancy.principals import Membership
from tenancy.reorg.models import Checkpoint, Transfer
from tenancy.reorg.sqlgen import Leg

MEMBERSHIPS = "@memberships"


def granted_by(reorg_id: UUID) -> str:
    return f"reorg:{reorg_id}"


def copy_memberships(reorg_id: UUID, legs: Sequence[Leg], kill: Callable[[str], None]) -> None:
    """Every role a person holds in a source, they hold in the target (granted by the run)."""
    grantor = granted_by(reorg_id)
    with Session(sync_engine()) as session, session.begin():
        pending = [
            leg for leg in legs if not session.get(Checkpoint, (leg.transfer_id, MEMBERSHIPS))
        ]
        if not pending:
            return
        transfers = {
            t.id: t
            for t in session.scalars(select(Transfer).where(Transfer.reorganisation_id == reorg_id))
        }
        for leg in pending:
            transfer = transfers[leg.transfer_id]
            held = session.execute(
                select(Membership.user_id, Membership.role).where(
                    Membership.tenant_id == transfer.source_tenant_id
                )
            ).all()
            for user_id, role in held:
                session.execute(
                    insert(Membership)
                    .values(
                        id=uuid7(),
                        user_id=user_id,
                        tenant_id=transfer.target_tenant_id,
                        role=role,
                        granted_by=grantor,
                        granted_at=utcnow(),
                    )
                    .on_conflict_do_nothing()
                )
            session.add(
                Checkpoint(
                    transfer_id=leg.transfer_id,
                    table_name=MEMBERSHIPS,
                    position=-1,
                    rows_copied=len(held),
                    rows_total=len(held),
                    done=True,
                )
            )
        kill("memberships")


def revoke_memberships(session: Session, reorg_id: UUID) -> int:
    """Take back the grants a run made (inside the caller's transaction)."""
    result = session.execute(
        delete(Membership).where(Membership.granted_by == granted_by(reorg_id))
    )
    return int(result.rowcount or 0)
