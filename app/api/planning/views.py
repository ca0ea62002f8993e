"""ORM rows to wire shapes for planning applications (sites and parties come from the shared
casework shapes)."""

from __future__ import annotations

import datetime as dt

from app.api.casework.shapes import party_out, site_out
from app.api.planning.schemas import (
    ApplicationOut,
    DecisionOut,
    OfficerOut,
    StatutoryDatesOut,
)
from services.core.calendar import non_working_reason
from services.core.cases.models import Case, Party
from services.planning import workflow as wf
from services.registry import registry


def _first(parties: list[Party], role: str) -> Party | None:
    return next((p for p in parties if p.role == role), None)


def dates_out(case: Case, today: dt.date) -> StatutoryDatesOut:
    undecided = case.decision_date is None and case.status in wf.UNDETERMINED
    earliest = (
        case.consultation_end_date + dt.timedelta(days=1) if case.consultation_end_date else None
    )
    return StatutoryDatesOut(
        received_date=case.received_date,
        application_received_date=case.arrived_date,
        fee_paid_date=case.fee_paid_date,
        valid_from_date=case.valid_from_date,
        statutory_date=case.statutory_date,
        target_date=case.target_date,
        statutory_date_non_working_day=(
            non_working_reason(case.statutory_date) if case.statutory_date else None
        ),
        consultation_start_date=case.consultation_start_date,
        consultation_end_date=case.consultation_end_date,
        earliest_decision_date=earliest,
        days_to_target=(case.target_date - today).days if case.target_date and undecided else None,
        overdue=bool(undecided and case.target_date and case.target_date < today),
    )


def application_out(case: Case, today: dt.date) -> ApplicationOut:
    case_type = registry.get(case.service).case_type(case.case_type)
    parties = list(case.parties)
    return ApplicationOut(
        id=case.id,
        reference=case.reference,
        application_type=case.case_type,
        application_type_name=case_type.name,
        odp_application_type=case.odp_type,
        status=case.status,
        allowed_actions=list(wf.WORKFLOW.available(case.status)),
        description=case.description,
        submitted_at=case.submitted_at,
        validated_at=case.validated_at,
        published_at=case.published_at,
        withdrawn_at=case.withdrawn_at,
        withdrawn_reason=case.withdrawn_reason,
        dates=dates_out(case, today),
        officer=(
            OfficerOut(id=case.officer_id, name=case.officer_name)
            if case.officer_id or case.officer_name
            else None
        ),
        recommendation=case.recommendation,
        decision=(
            DecisionOut(
                outcome=case.decision,
                decision_date=case.decision_date,
                level=case.decision_level,
                decided_by=case.decided_by,
                committee_date=case.committee_date,
            )
            if case.decision and case.decision_date
            else None
        ),
        site=site_out(case.site),
        applicant=party_out(_first(parties, "applicant")),
        agent=party_out(_first(parties, "agent")),
        fee_payable=case.fee_payable,
        legacy_reference=case.legacy_reference,
        former_references=list(case.former_references or ()),
        origin_authority=case.origin_authority,
        version=case.version,
        created_at=case.created_at,
        updated_at=case.updated_at,
    )
