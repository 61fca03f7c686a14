"""Comparing a logged contact with a training exercise: what matched, what is missing, what extra.

Points: a required item 2, a recommended item 1, each contact fact 1. An item marked `avoid`
costs 2 when the contact holds it. The score is the share of points earned, 0–100; the exercise
is passed when every required item and every fact is right and nothing to avoid was logged.
The referral actions that come with a chosen service are not counted as extra.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from advisor_tui.models.contacts import Contact
from advisor_tui.models.store import Store
from advisor_tui.models.training import Exercise, Expectation

POINTS = {"required": 2, "recommended": 1, "fact": 1}
AVOID_PENALTY = 2
FACT = "fact"
UNEXPECTED = "unexpected"
IMPLIED_BY_REFERRALS = frozenset({"referral_service", "referral_digital"})


@dataclass(frozen=True)
class ServiceInfo:
    """What the check needs to know of a referred service."""

    source_id: str
    digital: bool
    nationwide: bool
    org_type: str
    name: str


@dataclass(frozen=True)
class Item:
    """One compared item. `weight` is required, recommended, avoid, fact or unexpected.

    For facts `key` is the expected value and `recorded` what the trainee entered.
    """

    kind: str
    key: str
    weight: str
    recorded: str = ""

    def to_dict(self) -> dict[str, str]:
        data = {"kind": self.kind, "key": self.key, "weight": self.weight}
        if self.recorded:
            data["recorded"] = self.recorded
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Item:
        return cls(
            str(data["kind"]),
            str(data["key"]),
            str(data.get("weight", "")),
            str(data.get("recorded", "")),
        )


@dataclass(frozen=True)
class TrainingResult:
    exercise_id: str
    contact_id: str
    score: int
    passed: bool
    matched: tuple[Item, ...]
    missing: tuple[Item, ...]
    extra: tuple[Item, ...]


def service_info(store: Store, service_ids: list[str]) -> dict[str, ServiceInfo]:
    """The referred services of a contact by their database id (services deleted since too)."""
    if not service_ids:
        return {}
    marks = ", ".join("?" for _ in service_ids)
    rows = store.query(
        "SELECT s.id, s.source_id, s.digital, s.area_scope, s.name_fi, "
        "COALESCE(o.org_type, '') AS org_type FROM services s "
        f"LEFT JOIN organisations o ON o.id = s.organisation_id WHERE s.id IN ({marks})",
        service_ids,
    )
    return {
        row["id"]: ServiceInfo(
            source_id=row["source_id"],
            digital=bool(row["digital"]),
            nationwide=row["area_scope"] == "nationwide",
            org_type=row["org_type"],
            name=row["name_fi"],
        )
        for row in rows
    }


def _referral_infos(contact: Contact, services: Mapping[str, ServiceInfo]) -> list[ServiceInfo]:
    infos = []
    for ref in contact.referrals:
        found = services.get(ref.service_id)
        infos.append(found or ServiceInfo(ref.service_id, ref.digital, False, "", ref.service_name))
    return infos


def _referral_fits(expectation: Expectation, info: ServiceInfo) -> bool:
    if expectation.kind == "service":
        return info.source_id in expectation.services
    return {
        "any": True,
        "digital": info.digital,
        "nationwide": info.nationwide,
        "regional": not info.nationwide,
    }.get(expectation.key, info.org_type == expectation.key)


def _fact_items(exercise: Exercise, contact: Contact) -> tuple[list[Item], list[Item], list[Item]]:
    matched: list[Item] = []
    missing: list[Item] = []
    extra: list[Item] = []
    facts = exercise.facts
    single: list[tuple[str, str | None, str | None]] = [
        ("channel", facts.channel, contact.channel),
        ("party", facts.party, contact.party),
        ("municipality", facts.municipality, contact.municipality_code),
        ("sector", facts.sector, contact.sector),
    ]
    if facts.outside_county is not None:
        single.append(
            (
                "outside_county",
                str(facts.outside_county).lower(),
                str(contact.outside_county).lower(),
            )
        )
    for kind, expected, recorded in single:
        if expected is None:
            continue
        item = Item(kind, expected, FACT, recorded or "")
        (matched if recorded == expected else missing).append(item)
    for age in facts.age_groups:
        (matched if age in contact.age_groups else missing).append(Item("age_group", age, FACT))
    for age in contact.age_groups:
        if age not in facts.age_groups:
            extra.append(Item("age_group", age, UNEXPECTED))
    return matched, missing, extra


def check(
    exercise: Exercise, contact: Contact, services: Mapping[str, ServiceInfo] | None = None
) -> TrainingResult:
    """Compare a saved contact with the exercise.

    `services` describes the referred services by database id (see `service_info`); a referral
    not found there is judged by its own id and digital flag.
    """
    matched, missing, extra = _fact_items(exercise, contact)
    earned = sum(POINTS[FACT] for _ in matched)
    possible = earned + sum(POINTS[FACT] for _ in missing)
    penalty = 0
    infos = _referral_infos(contact, services or {})
    used_referrals: set[int] = set()
    recorded = {"topic": set(contact.topics), "action": set(contact.actions)}
    for expectation in exercise.expectations:
        if expectation.kind in recorded:
            present = expectation.key in recorded[expectation.kind]
        else:
            fits = [i for i, info in enumerate(infos) if _referral_fits(expectation, info)]
            present = bool(fits)
            if expectation.weight != "avoid":
                used_referrals.update(fits)
        item = Item(expectation.kind, expectation.key, expectation.weight)
        if expectation.weight == "avoid":
            if present:
                extra.append(item)
                penalty += AVOID_PENALTY
            continue
        possible += POINTS[expectation.weight]
        if present:
            matched.append(item)
            earned += POINTS[expectation.weight]
        else:
            missing.append(item)
    expected_keys = {(e.kind, e.key) for e in exercise.expectations}
    for kind, keys in (("topic", contact.topics), ("action", contact.actions)):
        for key in keys:
            implied = kind == "action" and key in IMPLIED_BY_REFERRALS and bool(infos)
            if (kind, key) not in expected_keys and not implied:
                extra.append(Item(kind, key, UNEXPECTED))
    for index, info in enumerate(infos):
        if index not in used_referrals and not any(
            e.weight == "avoid" and e.kind.startswith("service") and _referral_fits(e, info)
            for e in exercise.expectations
        ):
            extra.append(Item("service", info.source_id, UNEXPECTED, info.name))
    score = round(100 * max(0, earned - penalty) / possible) if possible else 0
    passed = not any(i.weight in ("required", FACT) for i in missing) and not any(
        i.weight == "avoid" for i in extra
    )
    return TrainingResult(
        exercise.id,
        contact.id or "",
        max(0, min(100, score)),
        passed,
        tuple(matched),
        tuple(missing),
        tuple(extra),
    )
