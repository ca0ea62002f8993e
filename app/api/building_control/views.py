"""ORM rows to wire shapes for building control applications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from app.api.building_control.schemas import (
    BcApplicationOut,
    BcDatesOut,
    BcDecisionOut,
    BcOfficerOut,
    BuildingOut,
    CommencementOut,
    FeeLineOut,
    ReferralOut,
)
from app.api.casework.shapes import party_out, site_out
from services.building_control import rules, store
from services.building_control import workflow as wf
from services.core.calendar import non_working_reason
from services.core.cases.models import Case, Party
from services.registry import registry


def first(parties: list[Party], role: str) -> Party | None:
    return next((p for p in parties if p.role == role), None)


def day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def building_out(details: dict[str, Any]) -> BuildingOut | None:
    b = details.get("building")
    if not b:
        return None
    return BuildingOut(
        height_m=Decimal(b["height_m"]),
        storeys=b["storeys"],
        residential_units=b["residential_units"],
        care_home_or_hospital=b.get("care_home_or_hospital", False),
    )


def referral_out(details: dict[str, Any]) -> ReferralOut | None:
    r = details.get("referral")
    if not r:
        return None
    return ReferralOut(
        reason=r["reason"], regulator=r["regulator"], regulator_url=r["regulator_url"]
    )


def decision_out(case: Case) -> BcDecisionOut | None:
    if not case.decision or case.decision_date is None:
        return None
    in_time = case.decision_date <= case.target_date if case.target_date else None
    return BcDecisionOut(
        outcome=case.decision,
        decision_date=case.decision_date,
        decided_by=case.decided_by,
        decided_in_time=in_time,
    )


def dates_out(case: Case, today: dt.date) -> BcDatesOut:
    open_ = case.decision_date is None and case.status == wf.RECEIVED
    target = case.target_date
    return BcDatesOut(
        received_date=case.received_date,
        statutory_date=case.statutory_date,
        target_date=target,
        statutory_date_non_working_day=(
            non_working_reason(case.statutory_date) if case.statutory_date else None
        ),
        extension_limit_date=(
            rules.extension_limit(case.received_date) if case.case_type == "full_plans" else None
        ),
        lapse_date=store.lapse_date_of(case),
        lapsed_on=day(case.details.get("lapsed_on")),
        days_to_target=(target - today).days if target and open_ else None,
        overdue=bool(open_ and target and target < today),
    )


def application_out(case: Case, today: dt.date) -> BcApplicationOut:
    details = case.details
    parties = list(case.parties)
    return BcApplicationOut(
        id=case.id,
        reference=case.reference,
        application_type=case.case_type,
        application_type_name=registry.get(store.SERVICE).case_type(case.case_type).name,
        status=case.status,
        allowed_actions=list(wf.workflow_for(case.case_type).available(case.status)),
        description=case.description,
        dates=dates_out(case, today),
        decision=decision_out(case),
        building=building_out(details),
        work_category=details.get("work_category"),
        fee_payable=case.fee_payable,
        fee=[
            FeeLineOut(
                charge_type=line["charge_type"],
                category=line["category"],
                net=Decimal(line["net"]),
                vat=Decimal(line["vat"]),
                total=Decimal(line["total"]),
            )
            for line in details.get("fee", [])
        ],
        referral=referral_out(details),
        commencement=CommencementOut(
            earliest_start_date=day(details.get("earliest_start_date")),
            commencement_notice_reference=details.get("commencement_notice_reference"),
            commenced_date=day(details.get("commenced_date")),
            regarded_as_commenced_reference=details.get("regarded_as_commenced_reference"),
        ),
        site=site_out(case.site),
        applicant=party_out(first(parties, "applicant")),
        agent=party_out(first(parties, "agent")),
        officer=(
            BcOfficerOut(id=case.officer_id, name=case.officer_name)
            if case.officer_id or case.officer_name
            else None
        ),
        withdrawn_at=case.withdrawn_at,
        withdrawn_reason=case.withdrawn_reason,
        version=case.version,
        created_at=case.created_at,
        updated_at=case.updated_at,
    )


__all__ = ["application_out", "building_out", "day", "decision_out", "first", "referral_out"]
