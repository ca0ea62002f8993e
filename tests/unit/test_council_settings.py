"""Council settings: defaults, merging and validation of changes."""

from __future__ import annotations

import msgspec
import pytest

from services.core.settings import SettingsError, SettingsPatch, changes_of, effective_settings


def test_defaults_apply_until_set() -> None:
    settings = effective_settings({"weekendReceiptNextWorkingDay": True})
    assert settings.reference_format == "YY/NNNNN/SUFFIX"
    assert settings.weekend_receipt_next_working_day is True


def test_only_present_fields_change() -> None:
    patch = msgspec.json.decode(b'{"publicContactEmail": null}', type=SettingsPatch)
    assert changes_of(patch) == {"publicContactEmail": None}


@pytest.mark.parametrize("fmt", ["YY/NNNNN/SUFFIX", "YYYY-NNNNNN", "SERVICE/YY/NNNN/SUFFIX"])
def test_reference_formats_accepted(fmt: str) -> None:
    assert changes_of(SettingsPatch(reference_format=fmt)) == {"referenceFormat": fmt}


@pytest.mark.parametrize("fmt", ["YY/NN/SUFFIX", "plain text", "YY/NNNNN/suffix", ""])
def test_reference_formats_refused(fmt: str) -> None:
    with pytest.raises(SettingsError) as error:
        changes_of(SettingsPatch(reference_format=fmt))
    assert error.value.key == "referenceFormat"
