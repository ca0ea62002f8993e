"""Who can work where after a reorganisation.

A service transfer carries only the moved service's roles: a licensing officer who is also a
planning officer and the council's administrator becomes a licensing officer of the receiving
council and nothing more there (checked through the Casbin policy itself). A split carries every
role into every target, except for people the operator's allocation sends to some targets only.
The dry run shows what each person will hold in each target, and a rollback takes back every
grant the run made while the memberships a target had of its own stay.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import make_user
from reorg_support import (
    OFFICERS,
    roles_in,
    seeded_councils,
    service_transfer,
    targets_of,
    vesta,
    ward_split,
)


@pytest.fixture(scope="module")
def councils() -> list[Any]:
    return seeded_councils("mem")


def _allows(user: Any, tenant: Any, resource: str, action: str) -> bool:
    from app.auth.policy import build_enforcer, load_memberships, subject

    enforcer = build_enforcer(load_memberships())
    return bool(enforcer.enforce(subject(user.id), str(tenant.id), resource, action))


def test_a_service_transfer_carries_that_service_s_roles_only(councils: list[Any]) -> None:
    from tenancy.reorg import engine, lifecycle
    from tenancy.reorg.dryrun import dry_run
    from tenancy.reorg.memberships import granted_by

    source, target = councils[0], councils[1]
    officer = OFFICERS[source.slug]  # planning_case_officer, licensing_officer, administrator
    manager = make_user({source.id: ["licensing_manager", "building_control_surveyor"]})
    planner = make_user({source.id: ["planning_manager"]})
    both = make_user({source.id: ["licensing_officer"], target.id: ["licensing_officer"]})
    target_before = roles_in(target.id)
    reorg = service_transfer(source, target, "mem licensing", ("licensing",))

    people = {p["email"]: p for p in dry_run(reorg.id)["people"]}
    assert people[officer.email]["inTargets"] == {target.slug: ["licensing_officer"]}
    assert sorted(people[officer.email]["notCarried"][source.slug]) == [
        "council_administrator",
        "planning_case_officer",
    ]
    assert people[manager.email]["inTargets"] == {target.slug: ["licensing_manager"]}
    assert people[planner.email]["inTargets"] == {} and people[planner.email]["targets"] == []

    engine.run(reorg.id, actor="test")
    granted = roles_in(target.id, granted_by(reorg.id))
    assert granted == {officer.email: {"licensing_officer"}, manager.email: {"licensing_manager"}}
    held = roles_in(target.id)
    assert held[both.email] == {"licensing_officer"}  # already held: the target's own grant
    assert planner.email not in held
    assert _allows(officer, target, "licensing:licences", "write")
    assert not _allows(officer, target, "planning:applications", "write")
    assert not _allows(officer, target, "core:members", "administer")
    assert not _allows(manager, target, "building_control:applications", "read")

    lifecycle.rollback(reorg.id, actor="test")
    assert roles_in(target.id) == target_before
    assert not _allows(officer, target, "licensing:licences", "read")


def test_a_split_sends_allocated_people_only_to_their_targets(
    councils: list[Any], tmp_path: Path
) -> None:
    from tenancy.binding import platform_session_sync
    from tenancy.reorg import engine, lifecycle
    from tenancy.reorg.dryrun import dry_run
    from tenancy.reorg.errors import InvalidPlan
    from tenancy.reorg.memberships import allocate_people, granted_by, people_csv
    from tenancy.reorg.plan import get_reorganisation, transfers_of

    source = councils[2]
    officer = OFFICERS[source.slug]
    east_only = make_user({source.id: ["planning_case_officer", "council_auditor"]})
    both_listed = make_user({source.id: ["licensing_officer"]})
    outsider = make_user({councils[0].id: ["planning_manager"]})  # nothing in the source
    sources_before = roles_in(source.id)
    reorg = ward_split(source, "mem")
    west, east = (t.slug for t in targets_of(reorg.id))

    def selectors() -> list[Any]:
        with platform_session_sync() as session:
            found = get_reorganisation(session, reorg.id)
            return [t.selector for t in transfers_of(session, found.id)]

    before = selectors()
    for text, pointer in (
        (f"{outsider.email},{east}", "/people/0"),
        (f"{east_only.email},nowhere", "/people/0/target"),
        ("not-an-email,x", "/people"),
    ):
        with pytest.raises(InvalidPlan) as refused:
            allocate_people(reorg.id, people_csv(text), actor="test")
        assert refused.value.pointer == pointer
    assert selectors() == before  # bad input changes nothing

    allocation = tmp_path / "people.csv"
    allocation.write_text(
        f"email,target_slug\n{east_only.email.upper()},{east}\n"
        f"{both_listed.email},{west}\n{both_listed.email},{east}\n",
        encoding="utf-8",
    )
    done = vesta("reorg", "allocate", str(reorg.id), "--people", str(allocation))
    assert done.returncode == 0, done.stderr
    assert [sorted(s["people"]) for s in selectors()] == [
        [both_listed.email],
        sorted([both_listed.email, east_only.email]),
    ]

    people = {p["email"]: p for p in dry_run(reorg.id)["people"]}
    everything = ["council_administrator", "licensing_officer", "planning_case_officer"]
    assert {k: sorted(v) for k, v in people[officer.email]["inTargets"].items()} == {
        west: everything,
        east: everything,
    }
    assert not people[officer.email]["allocated"]
    assert people[east_only.email]["allocated"]
    assert {k: sorted(v) for k, v in people[east_only.email]["inTargets"].items()} == {
        east: ["council_auditor", "planning_case_officer"]
    }
    assert people[east_only.email]["targets"] == [east]
    assert people[both_listed.email]["targets"] == sorted([west, east])
    assert outsider.email not in people

    engine.run(reorg.id, actor="test")
    west_id, east_id = (t.id for t in targets_of(reorg.id))
    assert roles_in(west_id) == {
        officer.email: set(everything),
        both_listed.email: {"licensing_officer"},
    }
    assert roles_in(east_id) == {
        officer.email: set(everything),
        both_listed.email: {"licensing_officer"},
        east_only.email: {"council_auditor", "planning_case_officer"},
    }
    assert roles_in(east_id, granted_by(reorg.id)) == roles_in(east_id)

    lifecycle.rollback(reorg.id, actor="test")
    assert roles_in(west_id) == {} and roles_in(east_id) == {}
    assert roles_in(source.id) == sources_before
