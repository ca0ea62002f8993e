"""The dry run's readable HTML report says who will hold what where: per person the roles now,
the roles in each target (a column per target, so a split's two councils are both shown) and
the roles no transfer carries (a service transfer leaves the other services' and council-wide
roles behind)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from reorg_support import OFFICERS, seeded_councils, service_transfer, targets_of, ward_split

PEOPLE = "People and the roles they will hold"


@pytest.fixture(scope="module")
def councils() -> list[Any]:
    return seeded_councils("rph", count=2)


def _people_table(page: str) -> dict[str, dict[str, str]]:
    """The people section's table as ``{email: {header: cell}}`` (cells unescaped)."""
    section = page.split(f"<h2>{PEOPLE}</h2>", 1)[1].split("<h2>", 1)[0]
    rows = [
        [unescape(cell) for cell in re.findall(r"<t[hd]>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", section)
    ]
    headers, body = rows[0], rows[1:]
    return {row[1]: dict(zip(headers, row, strict=True)) for row in body}


def _dry_run_page(reorg_id: Any) -> str:
    from tenancy.reorg.dryrun import dry_run
    from tenancy.reorg.report_html import dry_run_html

    return dry_run_html(dry_run(reorg_id))


def test_a_service_transfer_s_report_shows_what_is_carried_and_what_stays(
    councils: list[Any],
) -> None:
    from tenancy.reorg import lifecycle

    source, target = councils
    officer = OFFICERS[source.slug]  # planning_case_officer, licensing_officer, administrator
    reorg = service_transfer(source, target, "rph licensing", ("licensing",))

    people = _people_table(_dry_run_page(reorg.id))

    shown = people[officer.email]
    assert set(shown) == {
        "name",
        "email",
        "roles now",
        f"roles in {target.slug}",
        "roles not carried (they stay behind)",
    }
    assert shown[f"roles in {target.slug}"] == "licensing_officer"
    council, left = shown["roles not carried (they stay behind)"].split(": ", 1)
    assert council == source.slug
    assert sorted(left.split(", ")) == ["council_administrator", "planning_case_officer"]
    assert "licensing_officer" in shown["roles now"]
    lifecycle.rollback(reorg.id, actor="test")


def test_a_split_s_report_shows_the_roles_in_each_target(councils: list[Any]) -> None:
    from tenancy.reorg import lifecycle

    source = councils[0]
    officer = OFFICERS[source.slug]
    reorg = ward_split(source, "rph")
    west, east = (t.slug for t in targets_of(reorg.id))

    people = _people_table(_dry_run_page(reorg.id))

    shown = people[officer.email]
    held = ["council_administrator", "licensing_officer", "planning_case_officer"]
    assert sorted(shown[f"roles in {west}"].split(", ")) == held
    assert sorted(shown[f"roles in {east}"].split(", ")) == held
    assert shown["roles not carried (they stay behind)"] == ""
    lifecycle.rollback(reorg.id, actor="test")
