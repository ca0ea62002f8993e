"""Annual fees for premises licences and club premises certificates, and suspension for not
paying them.

* The annual fee falls due on each anniversary of the grant (Licensing Act 2003 (Fees)
  Regulations 2005, reg. 5; a grant on 29 February falls due on 28 February).
* Licensing Act 2003, s.55A: if the fee is not paid the authority must suspend the licence
  (or certificate, s.92A) by giving the holder notice; the suspension takes effect on the date
  the notice names, at least two working days after the day it is given (s.55A(4)-(5)). Where,
  before or on the due date, the holder claimed an administrative error or disputed liability,
  there is no suspension until 21 days beginning with the day after the due date have passed
  (s.55A(2)-(3)). Paying the fee ends the suspension (s.55A(6)).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import add_working_days, add_years, period_end
from services.core.cases.store import CaseRuleError, audit, snapshot
from services.licensing import register
from services.licensing.models import Licence, LicenceFee
from services.registry import ClockUnit

GRACE_DAYS = 21
NOTICE_WORKING_DAYS = 2


# --- The dates ----------------------------------------------------------------------------------


def anniversary(granted_on: dt.date, year: int) -> dt.date:
    """The ``year``-th anniversary of the grant (1 is the first fee's due date)."""
    return add_years(granted_on, year)


def is_anniversary(granted_on: dt.date, day: dt.date) -> bool:
    years = day.year - granted_on.year
    return years >= 1 and anniversary(granted_on, years) == day


def next_anniversary_after(granted_on: dt.date, day: dt.date) -> dt.date:
    years = max(1, day.year - granted_on.year)
    while anniversary(granted_on, years) <= day:
        years += 1
    return anniversary(granted_on, years)


def grace_ends(due_on: dt.date) -> dt.date:
    """The last of the 21 days beginning with the day after the due date."""
    return period_end(GRACE_DAYS, ClockUnit.CALENDAR_DAYS, due_on, includes_event_day=False)


def first_notice_day(fee: LicenceFee) -> dt.date:
    """The first day the authority may give notice of suspension for an unpaid fee."""
    held_until = grace_ends(fee.due_on) if fee.grace_claimed else fee.due_on
    return held_until + dt.timedelta(days=1)


def earliest_suspension(notice_given_on: dt.date) -> dt.date:
    """The first date a suspension notice given on ``notice_given_on`` can take effect: two
    working days after the day it is given."""
    return add_working_days(notice_given_on, NOTICE_WORKING_DAYS)


def fee_status(fee: LicenceFee, today: dt.date) -> str:
    if fee.paid_on is not None:
        return "paid"
    if fee.suspended_from is not None:
        return "suspended" if fee.suspended_from <= today else "suspension_notified"
    if today <= fee.due_on:
        return "due"
    if fee.grace_claimed and today <= grace_ends(fee.due_on):
        return "in_grace"
    return "unpaid"


# --- Writes -------------------------------------------------------------------------------------


async def fees_of(session: AsyncSession, licence: Licence) -> list[LicenceFee]:
    statement = (
        select(LicenceFee).where(LicenceFee.licence_id == licence.id).order_by(LicenceFee.due_on)
    )
    return list((await session.scalars(statement)).all())


async def raise_fee(
    session: AsyncSession, licence: Licence, *, due_on: dt.date, amount: Decimal, actor: str
) -> LicenceFee:
    """Bill the annual fee due on an anniversary of the grant."""
    if licence.kind not in register.ANNUAL_FEE_KINDS:
        raise CaseRuleError(
            "", f"a {licence.kind.replace('_', ' ')} pays no annual fee", status=409
        )
    if not is_anniversary(licence.granted_on, due_on):
        raise CaseRuleError(
            "/dueOn",
            f"annual fees fall due on anniversaries of the grant ({licence.granted_on:%d %B})",
        )
    if not register.in_force(licence, due_on):
        raise CaseRuleError("/dueOn", f"{licence.number} is not in force then", status=409)
    if any(f.due_on == due_on for f in await fees_of(session, licence)):
        raise CaseRuleError("/dueOn", "that year's fee is already raised", status=409)
    fee = LicenceFee(licence_id=licence.id, due_on=due_on, amount=amount, recorded_by=actor)
    session.add(fee)
    await session.flush()
    audit(session, actor, "licence_fee.raised", fee)
    return fee


async def claim_grace(
    session: AsyncSession,
    licence: Licence,
    fee: LicenceFee,
    *,
    claimed_on: dt.date,
    ground: str,
    reason: str,
    actor: str,
) -> LicenceFee:
    """The holder claims an administrative error or disputes liability (s.55A(2))."""
    if fee.paid_on is not None or fee.grace_claimed:
        state = "paid" if fee.paid_on else "already under a claim"
        raise CaseRuleError("", f"the fee is {state}", status=409)
    if claimed_on > fee.due_on:
        raise CaseRuleError(
            "/claimedOn",
            f"a claim must be made before or on the due date, {fee.due_on:%A %d %B %Y}",
        )
    before = snapshot(fee)
    fee.grace_claimed = True
    await session.flush()
    audit(session, actor, "licence_fee.grace_claimed", fee, before=before)
    detail = {"dueOn": fee.due_on.isoformat(), "ground": ground, "reason": reason}
    await register.amend(
        session, licence, "fee_disputed", claimed_on, {}, actor=actor, detail=detail
    )
    return fee


async def give_suspension_notice(
    session: AsyncSession,
    licence: Licence,
    fee: LicenceFee,
    *,
    given_on: dt.date,
    takes_effect_on: dt.date | None,
    actor: str,
) -> LicenceFee:
    """Suspend the licence for non-payment of ``fee`` by notice given on ``given_on``."""
    if fee.paid_on is not None or fee.suspension_notice_on is not None:
        state = "paid" if fee.paid_on else "already the subject of a suspension notice"
        raise CaseRuleError("", f"the fee is {state}", status=409)
    first = first_notice_day(fee)
    if given_on < first:
        why = "the 21 days' grace for the claim run" if fee.grace_claimed else "the fee is due"
        raise CaseRuleError(
            "/givenOn",
            f"no suspension until {why} to {first - dt.timedelta(days=1):%A %d %B %Y}; notice "
            f"can be given from {first:%A %d %B %Y}",
            status=409,
        )
    earliest = earliest_suspension(given_on)
    effect = takes_effect_on or earliest
    if effect < earliest:
        raise CaseRuleError(
            "/takesEffectOn",
            f"a notice given on {given_on:%A %d %B %Y} can suspend from {earliest:%A %d %B %Y} "
            "(two working days after) at the earliest",
        )
    before = snapshot(fee)
    fee.suspension_notice_on = given_on
    fee.suspended_from = effect
    await session.flush()
    audit(session, actor, "licence_fee.suspension_notice", fee, before=before)
    changes = {
        "status": "suspended",
        "suspended_from": effect,
        "suspension_reason": f"Annual fee due {fee.due_on:%d %B %Y} not paid (s.55A)",
    }
    detail = {"dueOn": fee.due_on.isoformat(), "noticeGivenOn": given_on.isoformat()}
    await register.amend(
        session, licence, "suspended_for_non_payment", effect, changes, actor=actor, detail=detail
    )
    return fee


async def pay(
    session: AsyncSession,
    licence: Licence,
    fee: LicenceFee,
    *,
    paid_on: dt.date,
    amount: Decimal,
    actor: str,
) -> LicenceFee:
    """Record payment; a suspension for this fee ends (or never starts) on the day it is paid,
    and the next fee falls due on the next anniversary."""
    if fee.paid_on is not None:
        raise CaseRuleError("", "the fee is already paid", status=409)
    if amount < fee.amount:
        raise CaseRuleError("/amount", f"the fee is {fee.amount}; a part payment does not pay it")
    before = snapshot(fee)
    fee.paid_on = paid_on
    await session.flush()
    audit(session, actor, "licence_fee.paid", fee, before=before)
    changes: dict[str, object] = {}
    if licence.next_fee_due_on is not None and licence.next_fee_due_on <= fee.due_on:
        changes["next_fee_due_on"] = next_anniversary_after(licence.granted_on, fee.due_on)
    detail = {"dueOn": fee.due_on.isoformat(), "amount": str(amount)}
    suspended_for_it = fee.suspended_from is not None and licence.status == "suspended"
    if suspended_for_it and licence.suspended_from == fee.suspended_from:
        changes |= {"status": "active", "suspended_from": None, "suspension_reason": None}
        await register.amend(
            session, licence, "reinstated", paid_on, changes, actor=actor, detail=detail
        )
    else:
        await register.amend(
            session, licence, "fee_paid", paid_on, changes, actor=actor, detail=detail
        )
    return fee


__all__ = [
    "anniversary",
    "claim_grace",
    "earliest_suspension",
    "fee_status",
    "fees_of",
    "first_notice_day",
    "give_suspension_notice",
    "grace_ends",
    "is_anniversary",
    "next_anniversary_after",
    "pay",
    "raise_fee",
]
