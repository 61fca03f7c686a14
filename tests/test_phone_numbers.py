from __future__ import annotations

import pytest

from advisor_tui.models.phone_numbers import (
    REASONS,
    InvalidPhone,
    format_phone_fi,
    normalise_phone,
)


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("040 123 4567", "+358401234567"),
        ("+358401234567", "+358401234567"),
        ("+358 40 123 4567", "+358401234567"),
        ("0401234567", "+358401234567"),
        ("040-1234567", "+358401234567"),
        ("(040) 123 4567", "+358401234567"),
        ("00358 40 123 4567", "+358401234567"),
        ("358401234567", "+358401234567"),
        ("  050 123 4567  ", "+358501234567"),
        ("040\u00a0123\u00a04567", "+358401234567"),
        ("09 123 4567", "+35891234567"),
        ("(09) 123 4567", "+35891234567"),
        ("018 12345", "+3581812345"),
        ("0800 123 456", "+358800123456"),
        ("+46 70 123 45 67", "+46701234567"),
        ("0046 70 123 45 67", "+46701234567"),
        ("+372 5123 4567", "+37251234567"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_valid_numbers_are_stored_in_e164(typed: str, e164: str) -> None:
    assert normalise_phone(typed) == e164


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("040-ABC", "phone.letters"),
        ("1-800-FLOWERS", "phone.letters"),
        ("040 123 4567 ext 12", "phone.letters"),
        ("puh. 040 1234567", "phone.letters"),
        ("", "phone.too_short"),
        ("   ", "phone.too_short"),
        ("0", "phone.too_short"),
        ("+", "phone.too_short"),
        ("123", "phone.too_short"),
        ("112", "phone.too_short"),
        ("040", "phone.too_short"),
        ("04012", "phone.too_short"),
        ("+358 40 12", "phone.too_short"),
        ("0401234567890123", "phone.too_long"),
        ("040 1234567 / 050 1234567", "phone.too_long"),
        ("+46 70 123 45 67 89 01 23 45", "phone.too_long"),
        ("1" * 300, "phone.too_long"),
        ("040#1234567", "phone.invalid"),
        ("040*1234567", "phone.invalid"),
        ("+999 1234567", "phone.invalid"),
        ("+35840123456789", "phone.invalid"),
        ("073-123 45 67", "phone.needs_country_code"),
        ("076 123 45 67", "phone.needs_country_code"),
        ("07911 123456", "phone.needs_country_code"),
    ],
)
def test_unusable_numbers_name_the_reason(typed: str, reason: str) -> None:
    with pytest.raises(InvalidPhone) as caught:
        normalise_phone(typed)
    assert caught.value.reason_key == reason
    assert reason in REASONS


def test_swedish_mobile_with_country_code_is_accepted() -> None:
    with pytest.raises(InvalidPhone):
        normalise_phone("073-123 45 67")
    assert normalise_phone("+46 73 123 45 67") == "+46731234567"
    assert normalise_phone("073-123 45 67", default_region="SE") == "+46731234567"


def test_invalid_phone_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        normalise_phone("abc")


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+358401234567", "040 1234567"),
        ("+35891234567", "09 1234567"),
        ("+3581812345", "018 12345"),
        ("+46701234567", "+46 70 123 45 67"),
        ("+442079460958", "+44 20 7946 0958"),
    ],
)
def test_format_for_finnish_readers(e164: str, shown: str) -> None:
    assert format_phone_fi(e164) == shown


@pytest.mark.parametrize(
    "typed", ["040 123 4567", "09 123 4567", "+46 70 123 45 67", "+372 5123 4567"]
)
def test_formatted_number_reads_back_to_the_same_e164(typed: str) -> None:
    e164 = normalise_phone(typed)
    assert normalise_phone(format_phone_fi(e164)) == e164
