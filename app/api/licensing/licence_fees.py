"""Annual fees on a premises licence or club premises certificate: raise the fee due on an
anniversary of the grant, record payment (which ends a suspension for it), record a claim of
administrative error or dispute (21 days' grace), and give notice of suspension for non-payment
(Licensing Act 2003, s.55A). The rules are :mod:`services.licensing.annual_fees`."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from litestar import get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.licensing.licence_deps import LICENCE, TAGS, load_licence, not_future
from app.api.licensing.licence_register_schemas import (
    FeeIn,
    FeeOut,
    FeePaymentIn,
    GraceClaimIn,
    SuspensionNoticeIn,
)
from app.api.problem_docs import READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.licensing import annual_fees, premises
from services.licensing.models import Licence, LicenceFee

READ = requires("licensing", "licences", "read")
WRITE = requires("licensing", "licences", "write")
DECIDE = requires("licensing", "licences", "decide")
FEES = LICENCE + "/fees"
FEE = FEES + "/{fee_id:uuid}"


def fee_out(row: LicenceFee, today: dt.date) -> FeeOut:
    unpaid = row.paid_on is None and row.suspension_notice_on is None
    return FeeOut(
        id=row.id,
        due_on=row.due_on,
        amount=row.amount,
        status=annual_fees.fee_status(row, today),
        paid_on=row.paid_on,
        grace_claimed=row.grace_claimed,
        grace_ends_on=annual_fees.grace_ends(row.due_on) if row.grace_claimed else None,
        notice_from=annual_fees.first_notice_day(row) if unpaid else None,
        suspension_notice_on=row.suspension_notice_on,
        suspended_from=row.suspended_from,
        recorded_by=row.recorded_by,
    )


async def _fee(session: AsyncSession, licence: str, fee_id: UUID) -> tuple[Licence, LicenceFee]:
    row = await load_licence(session, licence, lock=True)
    fee = await session.get(LicenceFee, fee_id, with_for_update=True)
    if fee is None or fee.licence_id != row.id:
        raise Problem(404, "Not found", "This licence has no such fee")
    return row, fee


@get(
    FEES,
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="The licence's annual fees and where each stands",
)
async def list_fees(licence: FromPath[str], db_session: TenantSession) -> list[FeeOut]:
    row = await load_licence(db_session, licence)
    today = premises.today()
    return [fee_out(f, today) for f in await annual_fees.fees_of(db_session, row)]


@post(
    FEES,
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Raise the annual fee due on an anniversary of the grant",
    status_code=HTTP_201_CREATED,
)
async def raise_fee(
    licence: FromPath[str], data: JSONBody[FeeIn], db_session: TenantSession, actor: Actor
) -> FeeOut:
    row = await load_licence(db_session, licence, lock=True)
    fee = await annual_fees.raise_fee(
        db_session, row, due_on=data.due_on, amount=data.amount, actor=actor
    )
    await db_session.commit()
    return fee_out(fee, premises.today())


@post(
    FEE + "/payment",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record payment of the fee (a suspension for it ends that day)",
    status_code=200,
)
async def pay_fee(
    licence: FromPath[str],
    fee_id: FromPath[UUID],
    data: JSONBody[FeePaymentIn],
    db_session: TenantSession,
    actor: Actor,
) -> FeeOut:
    row, fee = await _fee(db_session, licence, fee_id)
    paid_on = not_future(data.paid_on or premises.today(), "/paidOn")
    await annual_fees.pay(db_session, row, fee, paid_on=paid_on, amount=data.amount, actor=actor)
    await db_session.commit()
    return fee_out(fee, premises.today())


@post(
    FEE + "/grace-claim",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record the holder's claim of an administrative error or dispute (made by the due "
    "date: no suspension for 21 days after it)",
    status_code=200,
)
async def claim_grace(
    licence: FromPath[str],
    fee_id: FromPath[UUID],
    data: JSONBody[GraceClaimIn],
    db_session: TenantSession,
    actor: Actor,
) -> FeeOut:
    row, fee = await _fee(db_session, licence, fee_id)
    claimed_on = not_future(data.claimed_on or premises.today(), "/claimedOn")
    await annual_fees.claim_grace(
        db_session,
        row,
        fee,
        claimed_on=claimed_on,
        ground=data.ground,
        reason=data.reason,
        actor=actor,
    )
    await db_session.commit()
    return fee_out(fee, premises.today())


@post(
    FEE + "/suspension-notice",
    opt=DECIDE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Give notice suspending the licence for non-payment (effective at least two working "
    "days after the notice)",
    status_code=200,
)
async def give_suspension_notice(
    licence: FromPath[str],
    fee_id: FromPath[UUID],
    data: JSONBody[SuspensionNoticeIn],
    db_session: TenantSession,
    actor: Actor,
) -> FeeOut:
    row, fee = await _fee(db_session, licence, fee_id)
    given_on = not_future(data.given_on or premises.today(), "/givenOn")
    await annual_fees.give_suspension_notice(
        db_session, row, fee, given_on=given_on, takes_effect_on=data.takes_effect_on, actor=actor
    )
    await db_session.commit()
    return fee_out(fee, premises.today())


ROUTES = [list_fees, raise_fee, pay_fee, claim_grace, give_suspension_notice]
__all__ = ["ROUTES"]
