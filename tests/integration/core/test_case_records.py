"""The case core's record functions used directly, on a licensing case with a workflow and
consultation rules made up here: consultations, comments, conditions and obligations follow the
rules they are given, not planning's, and check the workflow they are given."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import london_today
from services.core.cases import comments, conditions, consultations, obligations
from services.core.cases.lookup import RecordNotFound, record_of
from services.core.cases.models import Case
from services.core.cases.records import Consultation
from services.core.cases.store import CaseRuleError, NewCase, create_case, get_case, transition
from services.core.models import AuditEntry
from services.core.workflow import IllegalTransition, Step, Workflow
from tenancy.binding import tenant_session

RECEIVED, HEARING, GRANTED = "received", "hearing", "granted"
LICENSING = Workflow(
    name="premises licence",
    initial=RECEIVED,
    states=(RECEIVED, HEARING, GRANTED),
    steps=(
        Step("hold_hearing", frozenset({RECEIVED}), (HEARING,)),
        Step("grant", frozenset({HEARING}), (GRANTED,)),
    ),
    activities={
        "consult": frozenset({RECEIVED}),
        "comment": frozenset({RECEIVED}),
        "draft_conditions": frozenset({HEARING}),
        "discharge_conditions": frozenset({GRANTED}),
        "obligation": frozenset({GRANTED}),
    },
)
#: Representations close 28 days after the day the application was given.
REPRESENTATIONS = consultations.ConsultationRules(
    last_day=lambda kind, sent: sent + dt.timedelta(days=28),
    notice_labels={"premises_notice": "Notice at the premises"},
    replying_kinds=frozenset({"responsible_authority"}),
    reply_refused="only a responsible authority makes a representation here",
)
ACTOR = "officer@licensing.test"
TODAY = london_today()
RECEIVED_ON = TODAY - dt.timedelta(days=40)


@pytest.fixture
def schema(make_tenant: Any) -> str:
    return make_tenant("licensing", services=("planning", "licensing")).schema_name


async def new_case(schema: str) -> UUID:
    async with tenant_session(schema) as session:
        new = NewCase(
            service="licensing", case_type="premises_licence_new", received_date=RECEIVED_ON
        )
        case = await create_case(
            session, new, workflow=LICENSING, reference_format="YY/NNNNN/SUFFIX", actor="test"
        )
        return case.id


async def actions(session: AsyncSession, case: Case) -> list[str]:
    statement = select(AuditEntry.action).where(AuditEntry.case_id == case.id)
    return list(await session.scalars(statement.order_by(AuditEntry.id)))


async def test_consultations_follow_the_rules_they_are_given(schema: str) -> None:
    case_id = await new_case(schema)
    async with tenant_session(schema) as session:
        case = await get_case(session, "licensing", case_id)
        police = await consultations.consult(
            session,
            case,
            consultations.NewConsultation(
                "responsible_authority", consultee="Police", sent_date=RECEIVED_ON
            ),
            workflow=LICENSING,
            rules=REPRESENTATIONS,
            actor=ACTOR,
        )
        later = RECEIVED_ON + dt.timedelta(days=3)
        notice = await consultations.consult(
            session,
            case,
            consultations.NewConsultation("premises_notice", sent_date=later),
            workflow=LICENSING,
            rules=REPRESENTATIONS,
            actor=ACTOR,
        )
        assert police.due_date == RECEIVED_ON + dt.timedelta(days=28)
        assert notice.consultee == "Notice at the premises"
        assert (case.consultation_start_date, case.consultation_end_date) == (
            RECEIVED_ON,
            later + dt.timedelta(days=28),
        )
        assert consultations.consultation_status(notice, TODAY) == "expired"

        with pytest.raises(CaseRuleError) as refused:
            await consultations.record_reply(
                session,
                case,
                notice,
                consultations.Reply("objection", "Noise"),
                workflow=LICENSING,
                rules=REPRESENTATIONS,
                actor=ACTOR,
            )
        assert (refused.value.status, refused.value.detail) == (409, REPRESENTATIONS.reply_refused)
        reply = consultations.Reply("objection", "Late-night noise and disorder")
        await consultations.record_reply(
            session, case, police, reply, workflow=LICENSING, rules=REPRESENTATIONS, actor=ACTOR
        )
        assert consultations.consultation_status(police, TODAY) == "responded"
        with pytest.raises(CaseRuleError, match="already replied"):
            await consultations.record_reply(
                session, case, police, reply, workflow=LICENSING, rules=REPRESENTATIONS, actor=ACTOR
            )
        assert await consultations.list_consultations(session, case) == [police, notice]
        trail = await actions(session, case)
        assert trail.count("consultation.created") == 2
        assert trail.count("case.consultation_period") == 2
        assert "consultation.responded" in trail

        await transition(session, case, LICENSING, "hold_hearing", actor=ACTOR)
        with pytest.raises(IllegalTransition):
            await consultations.consult(
                session,
                case,
                consultations.NewConsultation("responsible_authority", consultee="Fire"),
                workflow=LICENSING,
                rules=REPRESENTATIONS,
                actor=ACTOR,
            )


async def test_a_consultation_cannot_precede_receipt_and_notices_need_a_label(schema: str) -> None:
    case_id = await new_case(schema)
    async with tenant_session(schema) as session:
        case = await get_case(session, "licensing", case_id)
        early = consultations.NewConsultation(
            "responsible_authority", consultee="Police", sent_date=RECEIVED_ON - dt.timedelta(1)
        )
        with pytest.raises(CaseRuleError, match="licence application's receipt") as raised:
            await consultations.consult(
                session,
                case,
                early,
                workflow=LICENSING,
                rules=REPRESENTATIONS,
                actor=ACTOR,
                case_noun="licence application",
            )
        assert raised.value.pointer == "/sentDate"
        unnamed = consultations.NewConsultation("responsible_authority")
        with pytest.raises(CaseRuleError) as raised:
            await consultations.consult(
                session, case, unnamed, workflow=LICENSING, rules=REPRESENTATIONS, actor=ACTOR
            )
        assert raised.value.pointer == "/consultee"


async def test_comments_are_recorded_redacted_and_published_once(schema: str) -> None:
    case_id = await new_case(schema)
    async with tenant_session(schema) as session:
        case = await get_case(session, "licensing", case_id)
        new = comments.NewComment("object", "Noise from 14 Acacia Avenue", topics=("noise",) * 2)
        row = await comments.record_comment(session, case, new, workflow=LICENSING, actor=ACTOR)
        assert row.topics == ["noise"]
        bad = comments.NewComment("furious", "No")
        with pytest.raises(CaseRuleError) as raised:
            await comments.record_comment(session, case, bad, workflow=LICENSING, actor=ACTOR)
        assert raised.value.pointer == "/sentiment"
        arrived = dt.datetime.combine(RECEIVED_ON, dt.time(9), dt.UTC) - dt.timedelta(days=2)
        with pytest.raises(CaseRuleError, match="the licence application's receipt"):
            await comments.record_comment(
                session,
                case,
                comments.NewComment("support", "Yes", received_at=arrived),
                workflow=LICENSING,
                actor=ACTOR,
                case_noun="licence application",
            )

        await comments.redact_comment(session, row, "Noise from [address]", actor=ACTOR)
        assert comments.public_text(row) == "Noise from [address]"
        assert await comments.publish_comment(session, row, actor=ACTOR) is True
        published = row.published_at
        assert await comments.publish_comment(session, row, actor=ACTOR) is False
        assert row.published_at == published
        assert await comments.sentiment_counts(session, case) == {"object": 1}
        assert await comments.list_comments(session, case, sentiment="support") == []
        trail = await actions(session, case)
        assert [a for a in trail if a.startswith("comment.")] == [
            "comment.created",
            "comment.redacted",
            "comment.published",
        ]

        await transition(session, case, LICENSING, "hold_hearing", actor=ACTOR)
        with pytest.raises(IllegalTransition):
            await comments.record_comment(session, case, new, workflow=LICENSING, actor=ACTOR)


async def test_conditions_are_numbered_moved_removed_and_discharged(schema: str) -> None:
    case_id = await new_case(schema)
    async with tenant_session(schema) as session:
        case = await get_case(session, "licensing", case_id)
        wording = conditions.Wording("condition", "CCTV at the entrance", "Crime and disorder")
        with pytest.raises(IllegalTransition):
            await conditions.draft_condition(
                session, case, wording, workflow=LICENSING, actor=ACTOR
            )
        await transition(session, case, LICENSING, "hold_hearing", actor=ACTOR)
        texts = ("CCTV at the entrance", "Door staff after 22:00", "Plans approved by police")
        rows = [
            await conditions.draft_condition(
                session,
                case,
                conditions.Wording("condition", text, "Crime and disorder", text.startswith("P")),
                workflow=LICENSING,
                actor=ACTOR,
            )
            for text in texts
        ]
        note = await conditions.draft_condition(
            session,
            case,
            conditions.Wording("informative", "Apply for a TEN for events"),
            workflow=LICENSING,
            actor=ACTOR,
        )
        assert [r.position for r in rows] == [1, 2, 3]
        assert note.position == 1

        plans = rows[2]
        moved = conditions.Wording("condition", plans.text, "Public safety", True)
        await conditions.redraft_condition(
            session, case, plans, moved, position=1, workflow=LICENSING, actor=ACTOR
        )
        await conditions.remove_condition(session, case, rows[0], workflow=LICENSING, actor=ACTOR)
        listed = await conditions.list_conditions(session, case)
        assert [(r.kind, r.position, r.text) for r in listed] == [
            ("condition", 1, "Plans approved by police"),
            ("condition", 2, "Door staff after 22:00"),
            ("informative", 1, "Apply for a TEN for events"),
        ]
        assert (await actions(session, case)).count("condition.renumbered") >= 2

        discharge = conditions.Discharge(TODAY, "26/00012/DISCON")
        with pytest.raises(IllegalTransition):
            await conditions.discharge_condition(
                session, case, plans, discharge, workflow=LICENSING, actor=ACTOR
            )
        await transition(session, case, LICENSING, "grant", actor=ACTOR)
        await conditions.discharge_condition(
            session, case, plans, discharge, workflow=LICENSING, actor=ACTOR
        )
        assert plans.discharge_status == "discharged"
        with pytest.raises(CaseRuleError) as raised:
            await conditions.discharge_condition(
                session, case, rows[1], discharge, workflow=LICENSING, actor=ACTOR
            )
        assert raised.value.status == 409


@pytest.mark.parametrize(
    ("kind", "reason", "requires_discharge", "pointer"),
    [
        ("condition", None, False, "/reason"),
        ("informative", "Because", False, "/reason"),
        ("refusal_reason", None, True, "/requiresDischarge"),
        ("warning", None, False, "/kind"),
    ],
)
def test_wording_is_checked_against_its_kind(
    kind: str, reason: str | None, requires_discharge: bool, pointer: str
) -> None:
    with pytest.raises(CaseRuleError) as raised:
        conditions.Wording(kind, "Text", reason, requires_discharge)
    assert raised.value.pointer == pointer


async def test_obligation_milestones_fall_due_from_the_trigger_and_settle_the_status(
    schema: str,
) -> None:
    case_id = await new_case(schema)
    async with tenant_session(schema) as session:
        case = await get_case(session, "licensing", case_id)
        await transition(session, case, LICENSING, "hold_hearing", actor=ACTOR)
        await transition(session, case, LICENSING, "grant", actor=ACTOR)
        new = obligations.NewObligation("s106", "Contribution", "commencement", Decimal("100"))
        held = await obligations.record_obligation(
            session, case, new, workflow=LICENSING, actor=ACTOR
        )
        held = await obligations.obligation_of(
            session, case, held.obligation.id, workflow=LICENSING
        )
        first = await obligations.add_milestone(
            session,
            held,
            obligations.NewMilestone("First half", Decimal("50"), days_after_trigger=30),
            actor=ACTOR,
        )
        fixed = await obligations.add_milestone(
            session,
            held,
            obligations.NewMilestone("Second half", Decimal("50.00"), due_date=TODAY),
            actor=ACTOR,
        )
        assert obligations.milestone_status(first, TODAY) == "awaiting_trigger"
        assert held.in_due_order() == [fixed, first]

        triggered = TODAY - dt.timedelta(days=40)
        await obligations.record_trigger(session, held, triggered, actor=ACTOR)
        assert first.due_date == triggered + dt.timedelta(days=30)
        assert obligations.milestone_status(first, TODAY) == "overdue"
        assert held.obligation.status == "triggered"
        with pytest.raises(CaseRuleError, match="trigger event was recorded"):
            await obligations.record_trigger(session, held, triggered, actor=ACTOR)

        payment = obligations.Payment(TODAY, Decimal("50"))
        with pytest.raises(RecordNotFound) as missing:
            await obligations.record_payment(session, held, case.id, payment, actor=ACTOR)
        assert (missing.value.noun, missing.value.parent) == ("milestone", "obligation")
        for milestone in (first, fixed):
            payment = obligations.Payment(TODAY, Decimal("50"))
            await obligations.record_payment(session, held, milestone.id, payment, actor=ACTOR)
        assert held.obligation.status == "complied"
        assert held.paid_total == Decimal("100.00")
        trail = await actions(session, case)
        assert "obligation_milestone.due" in trail
        assert trail.count("obligation.status") == 2


@pytest.mark.parametrize(
    ("build", "pointer"),
    [
        (
            lambda: obligations.NewMilestone("Both", days_after_trigger=1, due_date=TODAY),
            "/daysAfterTrigger",
        ),
        (lambda: obligations.NewMilestone("Neither"), "/daysAfterTrigger"),
        (lambda: obligations.NewMilestone("Pence", Decimal("1.001"), 1), "/amount"),
        (lambda: obligations.Payment(TODAY + dt.timedelta(1), Decimal(1)), "/paidDate"),
        (lambda: obligations.Payment(TODAY, Decimal(0)), "/paidAmount"),
    ],
)
def test_milestones_and_payments_are_checked_on_construction(build: Any, pointer: str) -> None:
    with pytest.raises(CaseRuleError) as raised:
        build()
    assert raised.value.pointer == pointer


async def test_a_record_of_another_case_is_not_found(schema: str) -> None:
    mine, other = await new_case(schema), await new_case(schema)
    async with tenant_session(schema) as session:
        case = await get_case(session, "licensing", mine)
        row = await consultations.consult(
            session,
            case,
            consultations.NewConsultation("responsible_authority", consultee="Police"),
            workflow=LICENSING,
            rules=REPRESENTATIONS,
            actor=ACTOR,
        )
        assert await record_of(session, Consultation, case, row.id) is row
        elsewhere = await get_case(session, "licensing", other)
        with pytest.raises(RecordNotFound) as missing:
            await record_of(session, Consultation, elsewhere, row.id)
        assert (missing.value.noun, missing.value.parent) == ("consultation", "case")
