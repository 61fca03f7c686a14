"""Phone numbers checked and stored in E.164, shown in Finnish national format where it fits.

A number typed without `+` or `00` is read as a number of `default_region` (Finland). Letters
are refused rather than read as phone-keypad digits. A number that is not valid there but is a
valid national number of another country is reported as needing its country code. An invalid
number of fewer than seven digits is reported as too short.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import (
    CountryCodeSource,
    NumberParseException,
    PhoneNumber,
    PhoneNumberFormat,
    ValidationResult,
)

REASONS = (
    "phone.letters",
    "phone.too_short",
    "phone.too_long",
    "phone.invalid",
    "phone.needs_country_code",
)
_PUNCTUATION = frozenset("+-()./")
_FINLAND = 358
_MIN_DIGITS = 7


class InvalidPhone(ValueError):
    """A phone number that cannot be used; `reason_key` names the message to show."""

    def __init__(self, reason_key: str) -> None:
        super().__init__(reason_key)
        self.reason_key = reason_key


def _parse(text: str, region: str) -> PhoneNumber:
    """Parse, reading a number that starts with `+` without any region's dialling prefixes."""
    try:
        if text.startswith("+"):
            return phonenumbers.parse(text, None, keep_raw_input=True)
        return phonenumbers.parse(text, region, keep_raw_input=True)
    except NumberParseException as exc:
        if exc.error_type in (
            NumberParseException.TOO_SHORT_NSN,
            NumberParseException.TOO_SHORT_AFTER_IDD,
        ):
            raise InvalidPhone("phone.too_short") from exc
        if exc.error_type == NumberParseException.TOO_LONG:
            raise InvalidPhone("phone.too_long") from exc
        if _digit_count(text) < 3:
            raise InvalidPhone("phone.too_short") from exc
        raise InvalidPhone("phone.invalid") from exc


def _digit_count(text: str) -> int:
    return sum(ch.isdecimal() for ch in text)


def _valid_elsewhere(text: str, region: str) -> bool:
    for other in sorted(phonenumbers.SUPPORTED_REGIONS - {region}):
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(text, other)):
                return True
        except NumberParseException:
            continue
    return False


def normalise_phone(text: str, default_region: str = "FI") -> str:
    """The number in E.164 (`+358401234567`); raises `InvalidPhone` when it cannot be used."""
    text = text.strip()
    if any(ch.isalpha() for ch in text):
        raise InvalidPhone("phone.letters")
    if any(not (ch.isdecimal() or ch.isspace() or ch in _PUNCTUATION) for ch in text):
        raise InvalidPhone("phone.invalid")
    number = _parse(text, default_region)
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible == ValidationResult.TOO_LONG:
        raise InvalidPhone("phone.too_long")
    if possible == ValidationResult.TOO_SHORT or _digit_count(text) < _MIN_DIGITS:
        raise InvalidPhone("phone.too_short")
    typed_nationally = number.country_code_source == CountryCodeSource.FROM_DEFAULT_COUNTRY
    if typed_nationally and _valid_elsewhere(text, default_region):
        raise InvalidPhone("phone.needs_country_code")
    raise InvalidPhone("phone.invalid")


def format_phone_fi(e164: str) -> str:
    """A Finnish number in national format (`040 1234567`), any other in international format."""
    number = _parse(e164, "FI")
    if number.country_code == _FINLAND:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
