"""The fictional people of the demo: advisors, callers' first names, professionals, phone numbers.

Names come from Faker's Finnish provider, seeded from the generator's random source, so the same
seed gives the same people. Every phone number lies in one block (`PHONE_BLOCK_*`), documented
in docs/demo-data.md; e-mail addresses end in `.invalid`, a top-level domain that never
delivers mail.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

PHONE_BLOCK_PREFIX = "+35817199"
PHONE_BLOCK_DIGITS = 4
PHONE_BLOCK_NATIONAL = "017 199 0000 – 017 199 9999"
EMAIL_DOMAIN = "demo.invalid"


@dataclass(frozen=True)
class Advisor:
    initials: str
    name: str


# The demo's own advisor when the database has none, and the colleagues whose records
# reached the demo database from their own workstations.
DEMO_ADVISOR = Advisor("AE", "Aino Esimerkki")
COLLEAGUES = (
    Advisor("ML", "Maija Lampinen"),
    Advisor("JR", "Jussi Rautio"),
    Advisor("SH", "Satu Heinonen"),
)

PROFESSIONAL_ROLES = (
    ("Koulukuraattori", "school"),
    ("Koulupsykologi", "school"),
    ("Luokanopettaja", "school"),
    ("Terveydenhoitaja", "county_service"),
    ("Psykiatrinen sairaanhoitaja", "county_service"),
    ("Sosiaaliohjaaja", "county_service"),
    ("Perheneuvolan psykologi", "county_service"),
    ("Varhaiskasvatuksen erityisopettaja", "early_education"),
    ("Nuorisotyöntekijä", "youth_work"),
    ("Seurakunnan perhetyöntekijä", "parish"),
    ("Järjestön perhetyöntekijä", "ngo"),
)


def demo_phone(rng: random.Random) -> str:
    """A number of the demo block in E.164."""
    return f"{PHONE_BLOCK_PREFIX}{rng.randrange(10**PHONE_BLOCK_DIGITS):0{PHONE_BLOCK_DIGITS}d}"


def is_demo_phone(e164: str) -> bool:
    rest = e164[len(PHONE_BLOCK_PREFIX) :]
    return (
        e164.startswith(PHONE_BLOCK_PREFIX) and len(rest) == PHONE_BLOCK_DIGITS and rest.isdigit()
    )


def seeded_uuid(rng: random.Random) -> str:
    """A version 4 UUID drawn from the seeded random source."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch in ".-"))


def demo_email(first: str, last: str, organisation_slug: str = "perhekeskus") -> str:
    return f"{_ascii(first)}.{_ascii(last)}@{_ascii(organisation_slug)}.{EMAIL_DOMAIN}"


class People:
    """Finnish fictional names, reproducible for a seed."""

    def __init__(self, rng: random.Random) -> None:
        from faker import Faker

        self.rng = rng
        self._fake: Any = Faker("fi_FI")
        self._fake.seed_instance(rng.getrandbits(32))

    def first_name(self) -> str:
        return str(self._fake.first_name())

    def last_name(self) -> str:
        return str(self._fake.last_name())

    def caller_name(self) -> str:
        """What a callback request keeps: a first name, sometimes with the surname's initial."""
        first = self.first_name()
        if self.rng.random() < 0.3:
            return f"{first} {self.last_name()[0]}."
        return first

    def professional(self) -> tuple[str, str, str]:
        """(name, role, sector) of a professional."""
        role, sector = self.rng.choice(PROFESSIONAL_ROLES)
        return f"{self.first_name()} {self.last_name()}", role, sector
