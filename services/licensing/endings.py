"""What happens to a licence outside an application: surrender or lapse, convictions notified
on a personal licence, and the authority revoking or suspending a personal licence.

* Surrender: premises licence s.28, club certificate s.81, personal licence s.116. Lapse: a
  premises licence on the holder's death, incapacity or insolvency (s.27), a club certificate
  when the club stops being a qualifying club (s.90).
* Convictions: the holder must tell the authority of a relevant offence (s.132), as must the
  court (s.131).
* The authority may revoke a personal licence, or suspend it for up to six months, after a
  relevant conviction or immigration penalty (s.132A).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import add_months
from services.core.cases.store import CaseRuleError
from services.licensing import register
from services.licensing.models import Licence, LicenceEvent

ENDINGS = {
    "surrendered": frozenset({"premises_licence", "club_premises_certificate", "personal_licence"}),
    "lapsed": frozenset({"premises_licence", "club_premises_certificate"}),
}
MAX_PERSONAL_SUSPENSION_MONTHS = 6


def _in_force(licence: Licence, on: dt.date) -> None:
    if not register.in_force(licence, on):
        raise CaseRuleError("", f"{licence.number} is not in force ({licence.status})", status=409)
    if on < licence.granted_on:
        raise CaseRuleError("/on", "that is before the licence was granted")


async def end(
    session: AsyncSession,
    licence: Licence,
    *,
    kind: str,
    on: dt.date,
    reason: str | None,
    actor: str,
) -> LicenceEvent:
    """The licence is surrendered or lapses on ``on``."""
    if licence.kind not in ENDINGS[kind]:
        raise CaseRuleError("/kind", f"a {licence.kind.replace('_', ' ')} cannot be {kind}")
    _in_force(licence, on)
    changes = {"status": kind, "ended_on": on}
    return await register.amend(
        session, licence, kind, on, changes, actor=actor, detail={"reason": reason}
    )


def _personal(licence: Licence) -> None:
    if licence.kind != "personal_licence":
        raise CaseRuleError("", "only a personal licence records convictions this way", status=409)


async def conviction(
    session: AsyncSession,
    licence: Licence,
    *,
    convicted_on: dt.date,
    notified_on: dt.date,
    offence: str,
    court: str | None,
    notified_by: str,
    actor: str,
) -> LicenceEvent:
    _personal(licence)
    if notified_on < convicted_on:
        raise CaseRuleError("/notifiedOn", "the conviction cannot be notified before it")
    detail = {
        "convictedOn": convicted_on.isoformat(),
        "offence": offence,
        "court": court,
        "notifiedBy": notified_by,
    }
    return await register.amend(
        session, licence, "conviction_notified", notified_on, {}, actor=actor, detail=detail
    )


async def sanction(
    session: AsyncSession,
    licence: Licence,
    *,
    action: str,
    decided_on: dt.date,
    takes_effect_on: dt.date,
    suspended_until: dt.date | None,
    reasons: str,
    actor: str,
) -> LicenceEvent:
    """Revoke or suspend a personal licence (s.132A)."""
    _personal(licence)
    _in_force(licence, decided_on)
    if takes_effect_on < decided_on:
        raise CaseRuleError("/takesEffectOn", "it cannot take effect before the decision")
    detail = {"decidedOn": decided_on.isoformat(), "reasons": reasons}
    if action == "revoked":
        changes: dict[str, object] = {"status": "revoked", "ended_on": takes_effect_on}
        return await register.amend(
            session, licence, "revoked", takes_effect_on, changes, actor=actor, detail=detail
        )
    limit = add_months(takes_effect_on, MAX_PERSONAL_SUSPENSION_MONTHS)
    if suspended_until is None or not takes_effect_on <= suspended_until <= limit:
        raise CaseRuleError(
            "/suspendedUntil",
            f"a suspension from {takes_effect_on:%d %B %Y} lasts at most six months "
            f"(to {limit:%d %B %Y})",
        )
    changes = {
        "status": "suspended",
        "suspended_from": takes_effect_on,
        "suspension_reason": reasons,
        "details": {"suspendedUntil": suspended_until.isoformat()},
    }
    detail["suspendedUntil"] = suspended_until.isoformat()
    return await register.amend(
        session, licence, "suspended", takes_effect_on, changes, actor=actor, detail=detail
    )


__all__ = ["ENDINGS", "conviction", "end", "sanction"]
