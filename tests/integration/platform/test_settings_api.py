"""A council's settings and audit trail through the API."""

from __future__ import annotations

from typing import Any


async def test_settings_change_is_audited_with_before_and_after(
    client: Any, make_tenant: Any
) -> None:
    tenant = make_tenant()
    response = await client.patch(
        f"/api/v1/{tenant.slug}/settings",
        json={"referenceFormat": "YYYY/NNNNNN/SUFFIX", "weekendReceiptNextWorkingDay": True},
    )
    assert response.status_code == 200, response.text
    assert response.json()["referenceFormat"] == "YYYY/NNNNNN/SUFFIX"
    assert (await client.get(f"/api/v1/{tenant.slug}/settings")).json()[
        "weekendReceiptNextWorkingDay"
    ]
    audit = (await client.get(f"/api/v1/{tenant.slug}/audit")).json()
    assert audit["pagination"]["totalResults"] == 1
    entry = audit["data"][0]
    assert entry["action"] == "settings.updated"
    assert entry["before"] == {
        "referenceFormat": "YY/NNNNN/SUFFIX",
        "weekendReceiptNextWorkingDay": False,
    }
    assert entry["after"] == {
        "referenceFormat": "YYYY/NNNNNN/SUFFIX",
        "weekendReceiptNextWorkingDay": True,
    }


async def test_unchanged_values_write_no_audit(client: Any, make_tenant: Any) -> None:
    tenant = make_tenant()
    await client.patch(
        f"/api/v1/{tenant.slug}/settings", json={"referenceFormat": "YY/NNNNN/SUFFIX"}
    )
    audit = (await client.get(f"/api/v1/{tenant.slug}/audit")).json()
    assert audit["pagination"]["totalResults"] == 0


async def test_bad_settings_are_422_with_pointer_and_change_nothing(
    client: Any, make_tenant: Any
) -> None:
    tenant = make_tenant()
    bad_format = await client.patch(
        f"/api/v1/{tenant.slug}/settings", json={"referenceFormat": "just text"}
    )
    assert bad_format.status_code == 422
    assert bad_format.json()["errors"][0]["pointer"] == "/referenceFormat"
    bad_type = await client.patch(
        f"/api/v1/{tenant.slug}/settings", json={"weekendReceiptNextWorkingDay": "yes"}
    )
    assert bad_type.status_code == 422
    assert bad_type.json()["errors"][0]["pointer"] == "/weekendReceiptNextWorkingDay"
    unknown = await client.patch(f"/api/v1/{tenant.slug}/settings", json={"colour": "red"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["pointer"] == "/colour"
    mixed = await client.patch(
        f"/api/v1/{tenant.slug}/settings",
        json={"referenceFormat": "YY-NNNN", "publicContactEmail": "not-an-email"},
    )
    assert mixed.status_code == 422
    settings = (await client.get(f"/api/v1/{tenant.slug}/settings")).json()
    assert settings["referenceFormat"] == "YY/NNNNN/SUFFIX"
    assert (await client.get(f"/api/v1/{tenant.slug}/audit")).json()["data"] == []


async def test_one_tenants_settings_never_show_in_another(client: Any, make_tenant: Any) -> None:
    ours, theirs = make_tenant(), make_tenant()
    await client.patch(
        f"/api/v1/{ours.slug}/settings",
        json={"publicContactEmail": f"planning@{ours.slug}.example"},
    )
    other = (await client.get(f"/api/v1/{theirs.slug}/settings")).json()
    assert other["publicContactEmail"] is None
    assert (await client.get(f"/api/v1/{theirs.slug}/audit")).json()["data"] == []


async def test_disabled_service_routes_are_not_found(client: Any, make_tenant: Any) -> None:
    tenant = make_tenant(services=("licensing",))
    services = await client.get(f"/api/v1/{tenant.slug}/services")
    assert [s["code"] for s in services.json()] == ["licensing"]
