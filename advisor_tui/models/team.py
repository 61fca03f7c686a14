"""The advisor on this workstation and the team's region, kept in the database's settings."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from advisor_tui.models.errors import FieldErrors, ValidationError
from advisor_tui.models.reference import Reference
from advisor_tui.models.store import Store

_INITIALS = re.compile(r"^[A-ZÅÄÖ]{1,4}$")


@dataclass(frozen=True)
class Team:
    advisor_name: str
    initials: str
    county_code: str
    municipality_codes: tuple[str, ...]


def load_team(store: Store) -> Team | None:
    name = store.get_setting("advisor.name")
    if not name:
        return None
    return Team(
        name,
        store.get_setting("advisor.initials") or "",
        store.get_setting("team.county") or "",
        tuple(json.loads(store.get_setting("team.municipalities") or "[]")),
    )


def resolve_team(
    reference: Reference,
    name: str,
    initials: str,
    county: str,
    municipalities: list[str],
) -> Team:
    """Check what the user typed and turn names into codes; every problem is reported at once."""
    errors: list[ValidationError] = []
    name = name.strip()
    initials = initials.strip().upper()
    if not name:
        errors.append(ValidationError("setup.name_missing", "name"))
    if not _INITIALS.match(initials):
        errors.append(ValidationError("setup.bad_initials", "initials", value=initials))
    found = reference.find_county(county)
    if found is None:
        errors.append(ValidationError("setup.unknown_county", "county", value=county))
    codes: list[str] = []
    for text in municipalities:
        municipality = reference.find_municipality(text)
        if municipality is None:
            errors.append(
                ValidationError("setup.unknown_municipality", "municipalities", value=text)
            )
        elif found is not None and municipality.county_code != found.code:
            errors.append(
                ValidationError(
                    "setup.municipality_outside",
                    "municipalities",
                    value=municipality.name_fi,
                    county=found.name_fi,
                )
            )
        elif municipality.code not in codes:
            codes.append(municipality.code)
    if errors:
        raise FieldErrors(errors)
    assert found is not None
    if not codes:
        codes = list(found.municipality_codes)
    return Team(name, initials, found.code, tuple(codes))


def save_team(store: Store, team: Team) -> None:
    with store.transaction():
        store.set_setting("advisor.name", team.advisor_name)
        store.set_setting("advisor.initials", team.initials)
        store.set_setting("team.county", team.county_code)
        store.set_setting("team.municipalities", json.dumps(list(team.municipality_codes)))
