"""The directory as the demo sees it: services to refer to, by area and topic.

Referrals in the demo point at real rows of the loaded directory (national services and the
fictional regional ones), so the scorecard's digital and local-organisation shares work on them.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from advisor_tui.models.store import Store

LOCAL_ORGANISATIONS = ("municipality", "parish", "ngo")


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    organisation: str
    organisation_id: str | None
    org_type: str
    digital: bool
    areas: tuple[str, ...]
    topics: frozenset[str]

    def as_referral(self) -> dict[str, object]:
        return {
            "service_id": self.id,
            "service_name": self.name,
            "organisation": self.organisation,
            "digital": self.digital,
        }


@dataclass
class Catalogue:
    digital: list[Service] = field(default_factory=list)
    by_area: dict[str, list[Service]] = field(default_factory=dict)
    organisations: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _nearby: dict[tuple[str, str], list[Service]] = field(default_factory=dict)

    def nearby(self, municipality: str | None, county: str | None) -> list[Service]:
        """Non-digital services of the municipality, then its county, then nationwide ones."""
        key = (municipality or "", county or "")
        if key not in self._nearby:
            found: list[Service] = []
            for area in (municipality, f"county:{county}" if county else None, "FI"):
                if area:
                    found += [s for s in self.by_area.get(area, []) if not s.digital]
            self._nearby[key] = found
        return self._nearby[key]

    def pick_digital(self, rng: random.Random, topics: list[str]) -> Service | None:
        return _pick(rng, self.digital, topics)

    def pick_nearby(
        self,
        rng: random.Random,
        municipality: str | None,
        county: str | None,
        topics: list[str],
        *,
        local_first: bool = False,
    ) -> Service | None:
        services = self.nearby(municipality, county)
        if local_first:
            local = [s for s in services if s.org_type in LOCAL_ORGANISATIONS]
            if local and rng.random() < 0.6:
                services = local
        return _pick(rng, services, topics)

    def organisation_for(self, rng: random.Random, county: str | None) -> tuple[str, str] | None:
        """(id, name) of an organisation working in the county, or a national one."""
        choices = self.organisations.get(county or "", []) or self.organisations.get("FI", [])
        return rng.choice(choices) if choices else None


def _pick(rng: random.Random, services: list[Service], topics: list[str]) -> Service | None:
    if not services:
        return None
    wanted = set(topics)
    matching = [s for s in services if s.topics & wanted]
    return rng.choice(matching or services)


def load_catalogue(store: Store) -> Catalogue:
    """The live, active services of the directory in a stable order."""
    catalogue = Catalogue()
    if not store.table_exists("services"):
        return catalogue
    rows = store.query(
        "SELECT s.id, s.name_fi, s.digital, s.areas, s.topics, o.id AS org_id, "
        "o.name_fi AS org_name, o.org_type, o.county_code "
        "FROM services s LEFT JOIN organisations o ON o.id = s.organisation_id "
        "WHERE s.deleted_at IS NULL AND s.status = 'active' ORDER BY s.source, s.source_id"
    )
    seen_orgs: set[str] = set()
    for row in rows:
        service = Service(
            id=row["id"],
            name=row["name_fi"],
            organisation=row["org_name"] or "",
            organisation_id=row["org_id"],
            org_type=row["org_type"] or "other",
            digital=bool(row["digital"]),
            areas=tuple(json.loads(row["areas"] or "[]")),
            topics=frozenset(json.loads(row["topics"] or "[]")),
        )
        if service.digital:
            catalogue.digital.append(service)
        for area in service.areas:
            catalogue.by_area.setdefault(area, []).append(service)
        if row["org_id"] and row["org_id"] not in seen_orgs:
            seen_orgs.add(row["org_id"])
            county = row["county_code"] or "FI"
            catalogue.organisations.setdefault(county, []).append((row["org_id"], row["org_name"]))
    return catalogue
