"""Site inspections on an application (booked by stage, then recorded with their outcome) and
the completion or regularisation certificate they lead to (JSON, HTML and PDF)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

from litestar import Response, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from app.api.building_control.deps import (
    APPLICATION,
    TAGS,
    council_name,
    load,
    record_on,
    settings_of,
    settled,
)
from app.api.casework.requests import pdf_response
from app.api.casework.shapes import Name, Out, RecordedBy, Struct, Text
from app.api.openapi_examples import example
from app.api.problem_docs import ACTION_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import CurrentTenant, TenantSession
from services.building_control import certificate as certificates
from services.building_control import inspections, store
from services.building_control import workflow as wf
from services.building_control.models import Certificate, Inspection
from services.core.cases.models import Case
from services.registry import registry

READ = requires("building_control", "inspections", "read")
WRITE = requires("building_control", "inspections", "write")
APPS_READ = requires("building_control", "applications", "read")
DECIDE = requires("building_control", "applications", "decide")

Stage = Literal[inspections.STAGES]  # type: ignore[valid-type]
Outcome = Literal[inspections.OUTCOMES]  # type: ignore[valid-type]
Notes = Annotated[Text, example("Cavity closers missing at the rear door; re-inspect")]


class BookingIn(Struct):
    stage: Annotated[Stage, example("foundations")]
    booked_for: Annotated[dt.date, example("2026-04-21")]
    inspector_id: Annotated[UUID, example("0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f71")] | None = None
    inspector_name: Annotated[Name, example("Helen Marsh")] | None = None


class OutcomeIn(Struct):
    outcome: Annotated[Outcome, example("satisfactory")]
    inspected_date: Annotated[dt.date, example("2026-04-21")] | None = None
    notes: Notes | None = None


class InspectionOut(Out):
    id: Annotated[UUID, example("0196472b-0c1d-7a2e-8f3b-4c5d6e7f8a94")]
    stage: Annotated[str, example("foundations")]
    booked_for: Annotated[dt.date, example("2026-04-21")]
    inspector_id: Annotated[UUID, example("0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f71")] | None
    inspector_name: Annotated[str, example("Helen Marsh")] | None
    booked_at: Annotated[dt.datetime, example("2026-04-17T08:40:00Z")]
    booked_by: RecordedBy
    outcome: Annotated[str, example("satisfactory")] | None
    inspected_date: Annotated[dt.date, example("2026-04-21")] | None
    notes: Notes | None
    recorded_at: Annotated[dt.datetime, example("2026-04-21T15:02:00Z")] | None
    recorded_by: RecordedBy | None


class CertificateIn(Struct):
    issued_date: Annotated[dt.date, example("2026-09-14")] | None = None


class CertificateOut(Out):
    id: Annotated[UUID, example("0196472b-0c1d-7a2e-8f3b-4c5d6e7f8a95")]
    number: Annotated[str, example("CC/2026/00003")]
    kind: Annotated[str, example("completion")]
    issued_date: Annotated[dt.date, example("2026-09-14")]
    issued_by: RecordedBy


def inspection_out(row: Inspection) -> InspectionOut:
    return InspectionOut(
        id=row.id,
        stage=row.stage,
        booked_for=row.booked_for,
        inspector_id=row.inspector_id,
        inspector_name=row.inspector_name,
        booked_at=row.booked_at,
        booked_by=row.booked_by,
        outcome=row.outcome,
        inspected_date=row.inspected_date,
        notes=row.notes,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
    )


def certificate_out(row: Certificate) -> CertificateOut:
    return CertificateOut(
        id=row.id,
        number=row.number,
        kind=row.kind,
        issued_date=row.issued_date,
        issued_by=row.issued_by,
    )


@get(
    APPLICATION + "/inspections",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Inspections booked and recorded on the application, by booked date",
)
async def list_inspections(
    application: FromPath[str], db_session: TenantSession
) -> list[InspectionOut]:
    case = await settled(db_session, application, wf.APPLICATION_TYPES, "application")
    return [inspection_out(r) for r in await inspections.inspections_of(db_session, case)]


@post(
    APPLICATION + "/inspections",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Book an inspection at a stage of the work",
    status_code=HTTP_201_CREATED,
)
async def book_inspection(
    application: FromPath[str], data: JSONBody[BookingIn], db_session: TenantSession, actor: Actor
) -> InspectionOut:
    case = await load(db_session, application)
    row = await inspections.book(
        db_session,
        case,
        stage=data.stage,
        booked_for=data.booked_for,
        inspector_id=data.inspector_id,
        inspector_name=data.inspector_name,
        actor=actor,
    )
    await db_session.commit()
    return inspection_out(row)


@post(
    APPLICATION + "/inspections/{inspection_id:uuid}/outcome",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record what an inspection found (defects need notes)",
    status_code=200,
)
async def record_inspection(
    application: FromPath[str],
    inspection_id: FromPath[UUID],
    data: JSONBody[OutcomeIn],
    db_session: TenantSession,
    actor: Actor,
) -> InspectionOut:
    case = await load(db_session, application)
    row = await record_on(db_session, Inspection, case, inspection_id, "inspection")
    await inspections.record(
        db_session,
        case,
        row,
        outcome=data.outcome,
        inspected_date=data.inspected_date,
        notes=data.notes,
        actor=actor,
    )
    await db_session.commit()
    return inspection_out(row)


@post(
    APPLICATION + "/completion-certificate",
    opt=DECIDE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Issue the completion (or regularisation) certificate",
    description=(
        "Only once a completion inspection has been recorded as satisfactory (409 saying what "
        "is missing otherwise). The certificate is numbered from the council's own sequence "
        "(`CC/2026/00001`; regularisation `RC/…`) and the case is completed."
    ),
    status_code=HTTP_201_CREATED,
)
async def issue_certificate(
    application: FromPath[str],
    data: JSONBody[CertificateIn],
    db_session: TenantSession,
    actor: Actor,
) -> CertificateOut:
    case = await load(db_session, application)
    issued = data.issued_date or store.today()
    if issued > store.today():
        raise Problem(
            422,
            "Invalid request",
            "/issuedDate: cannot be in the future",
            errors=[{"pointer": "/issuedDate", "detail": "cannot be in the future"}],
        )
    row = await certificates.issue(db_session, case, issued_date=issued, actor=actor)
    await db_session.commit()
    return certificate_out(row)


async def _certificate(db_session: TenantSession, application: str) -> tuple[Case, Certificate]:
    case = await settled(db_session, application, wf.APPLICATION_TYPES, "application")
    row = await certificates.certificate_of(db_session, case)
    if row is None:
        raise Problem(409, "No certificate", f"{case.reference} has no certificate yet")
    return case, row


@get(
    APPLICATION + "/completion-certificate",
    opt=APPS_READ,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="The application's certificate, once issued",
)
async def read_certificate(application: FromPath[str], db_session: TenantSession) -> CertificateOut:
    return certificate_out((await _certificate(db_session, application))[1])


async def _document(
    db_session: TenantSession, application: str, tenant: CurrentTenant
) -> certificates.CertificateDocument:
    case, row = await _certificate(db_session, application)
    passed = await inspections.satisfactory_completion(db_session, case)
    applicant = next((p for p in case.parties if p.role == "applicant"), None)
    settings = await settings_of(db_session)
    return certificates.CertificateDocument(
        council_name=await council_name(tenant),
        number=row.number,
        kind=row.kind,
        reference=case.reference,
        case_type_name=registry.get(store.SERVICE).case_type(case.case_type).name,
        site_address=(case.site.address_line if case.site else None) or "",
        description=case.description,
        owner_name=applicant.name if applicant else "",
        deposited_date=case.received_date,
        inspected_date=passed.inspected_date if passed else None,
        issued_date=row.issued_date,
        signatory=settings.decision_notice_signatory or case.officer_name or row.issued_by,
    )


@get(
    APPLICATION + "/completion-certificate.html",
    opt=APPS_READ,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="The certificate as HTML",
    media_type="text/html",
)
async def certificate_html(
    application: FromPath[str], db_session: TenantSession, current_tenant: CurrentTenant
) -> str:
    document = await _document(db_session, application, current_tenant)
    return certificates.render_certificate_html(document)


@get(
    APPLICATION + "/completion-certificate.pdf",
    opt=APPS_READ,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="The certificate as PDF",
    media_type="application/pdf",
)
async def certificate_pdf(
    application: FromPath[str], db_session: TenantSession, current_tenant: CurrentTenant
) -> Response[bytes]:
    document = await _document(db_session, application, current_tenant)
    return pdf_response(certificates.render_certificate_pdf(document), document.number)


ROUTES = [
    list_inspections,
    book_inspection,
    record_inspection,
    issue_certificate,
    read_certificate,
    certificate_html,
    certificate_pdf,
]
__all__ = ["ROUTES"]
