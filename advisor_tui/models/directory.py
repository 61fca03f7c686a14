"""Service directory records as the screens read them: services, their channels, organisations."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from advisor_tui.models.clock import HELSINKI, fmt_date
from advisor_tui.models.directory_hours import (
    OpeningException,
    OpenState,
    Weekly,
    open_state,
    parse_hours,
)
from advisor_tui.models.directory_text import fold
from advisor_tui.models.store import Store

ORG_TYPES = ("county", "municipality", "ngo", "parish", "national_public", "private", "other")
CHANNEL_KINDS = ("phone", "web", "eservice", "chat", "email", "location")
DIGITAL_KINDS = frozenset({"web", "eservice", "chat"})
STATUSES = ("active", "temporarily_closed", "ended")
ACCESS = ("open", "referral", "decision")
CORRECTION_PROBLEMS = ("wrong_phone", "wrong_address", "wrong_hours", "closed", "other")
STALE_AFTER_DAYS = 365
NOTE_MAX = 2000


@dataclass(frozen=True)
class Channel:
    id: str
    kind: str
    digital: bool
    label: str
    value: str
    address: str = ""
    postal_code: str = ""
    post_office: str = ""
    municipality_code: str = ""
    hours: tuple[Weekly, ...] = ()
    always_open: bool = False
    hours_note: str = ""
    languages: tuple[str, ...] = ()
    charge_note: str = ""
    exceptions: tuple[OpeningException, ...] = ()

    def state_at(self, moment: datetime) -> OpenState:
        """Open or closed at the moment, holidays and exceptions included (`directory_hours`)."""
        return open_state(self.hours, self.exceptions, self.always_open, moment)

    def open_at(self, moment: datetime) -> bool | None:
        """True or False when the hours say; None when the channel has no hours."""
        return self.state_at(moment).open

    def full_address(self) -> str:
        place = " ".join(p for p in (self.postal_code, self.post_office) if p)
        return ", ".join(p for p in (self.address, place) if p)


@dataclass(frozen=True)
class Service:
    id: str
    name_fi: str
    name_sv: str
    name_en: str
    summary_fi: str
    summary_sv: str
    summary_en: str
    description_fi: str
    organisation_id: str | None
    organisation: str
    organisation_type: str
    min_age: int | None
    max_age: int | None
    topics: tuple[str, ...]
    target_groups: tuple[str, ...]
    area_scope: str
    areas: tuple[str, ...]
    cost: str
    cost_note: str
    access: str
    languages: tuple[str, ...]
    digital: bool
    status: str
    source: str
    source_id: str
    verified_on: str | None
    channels: tuple[Channel, ...] = field(default=())

    def name(self, language: str = "fi") -> str:
        return {"sv": self.name_sv, "en": self.name_en}.get(language, "") or self.name_fi

    def summary(self, language: str = "fi") -> str:
        return {"sv": self.summary_sv, "en": self.summary_en}.get(language, "") or self.summary_fi

    @property
    def is_demo(self) -> bool:
        return self.source.startswith("demo")


def is_stale(verified_on: str | None, today: date) -> bool:
    """Not verified within the last 12 months (or never)."""
    if not verified_on:
        return True
    try:
        checked = date.fromisoformat(verified_on[:10])
    except ValueError:
        return True
    return today - checked > timedelta(days=STALE_AFTER_DAYS)


def today(store: Store) -> date:
    return store.now().astimezone(HELSINKI).date()


def _list(value: str | None) -> tuple[Any, ...]:
    try:
        loaded = json.loads(value or "[]")
    except ValueError:
        return ()
    return tuple(loaded) if isinstance(loaded, list) else ()


def _channel(row: Any) -> Channel:
    weekly, exceptions = parse_hours(list(_list(row["hours"])))
    return Channel(
        id=row["id"],
        kind=row["kind"],
        digital=bool(row["digital"]),
        label=row["label"],
        value=row["value"],
        address=row["address"],
        postal_code=row["postal_code"],
        post_office=row["post_office"],
        municipality_code=row["municipality_code"],
        hours=weekly,
        always_open=bool(row["always_open"]),
        hours_note=row["hours_note"],
        languages=tuple(str(x) for x in _list(row["languages"])),
        charge_note=row["charge_note"],
        exceptions=exceptions,
    )


def channels_of(store: Store, service_id: str) -> tuple[Channel, ...]:
    rows = store.query(
        "SELECT * FROM service_channels WHERE service_id = ? AND deleted_at IS NULL "
        "ORDER BY position, kind",
        (service_id,),
    )
    return tuple(_channel(r) for r in rows)


def get_service(store: Store, service_id: str) -> Service | None:
    """One live service with its channels and organisation, or None."""
    rows = store.query(
        "SELECT s.*, COALESCE(o.name_fi, '') AS org_name, COALESCE(o.org_type, '') AS org_type "
        "FROM services s LEFT JOIN organisations o ON o.id = s.organisation_id "
        "WHERE s.id = ? AND s.deleted_at IS NULL",
        (service_id,),
    )
    if not rows:
        return None
    r = rows[0]
    return Service(
        id=r["id"],
        name_fi=r["name_fi"],
        name_sv=r["name_sv"],
        name_en=r["name_en"],
        summary_fi=r["summary_fi"],
        summary_sv=r["summary_sv"],
        summary_en=r["summary_en"],
        description_fi=r["description_fi"],
        organisation_id=r["organisation_id"],
        organisation=r["org_name"],
        organisation_type=r["org_type"],
        min_age=r["min_age"],
        max_age=r["max_age"],
        topics=tuple(str(x) for x in _list(r["topics"])),
        target_groups=tuple(str(x) for x in _list(r["target_groups"])),
        area_scope=r["area_scope"],
        areas=tuple(str(x) for x in _list(r["areas"])),
        cost=r["cost"],
        cost_note=r["cost_note"],
        access=r["access"],
        languages=tuple(str(x) for x in _list(r["languages"])),
        digital=bool(r["digital"]),
        status=r["status"],
        source=r["source"],
        source_id=r["source_id"],
        verified_on=r["verified_on"],
        channels=channels_of(store, r["id"]),
    )


def find_organisations(store: Store, text: str, limit: int = 10) -> list[tuple[str, str]]:
    """(id, Finnish name) of live organisations whose name contains the text, best first."""
    wanted = text.strip().casefold()
    rows = store.query(
        "SELECT id, name_fi, name_sv FROM organisations WHERE deleted_at IS NULL "
        "ORDER BY name_fi COLLATE NOCASE"
    )
    starts: list[tuple[str, str]] = []
    inside: list[tuple[str, str]] = []
    folded = fold(wanted)
    for row in rows:
        names = (row["name_fi"].casefold(), row["name_sv"].casefold())
        folded_names = tuple(fold(n) for n in names)
        if not wanted or any(n.startswith(wanted) or n.startswith(folded) for n in folded_names):
            starts.append((row["id"], row["name_fi"]))
        elif any(wanted in n or folded in f for n, f in zip(names, folded_names, strict=True)):
            inside.append((row["id"], row["name_fi"]))
        if len(starts) >= limit:
            break
    return (starts + inside)[:limit]


def directory_size(store: Store) -> int:
    return int(
        store.scalar("SELECT count(*) FROM services WHERE deleted_at IS NULL AND status != 'ended'")
        or 0
    )


def family_message(service: Service, language: str = "fi") -> list[tuple[str, str]]:
    """(label key, value) lines for a short message to the family: name, contacts, hours."""
    lines: list[tuple[str, str]] = [("", service.name(language))]
    summary = service.summary(language)
    if summary:
        lines.append(("", summary))
    for channel in service.channels:
        if channel.kind == "location":
            lines.append((f"channel.{channel.kind}", channel.full_address()))
        elif channel.value:
            lines.append((f"channel.{channel.kind}", channel.value))
    return lines


def verified_text(verified_on: str | None) -> str:
    """d.m.yyyy of the last verification, or '' when never."""
    if not verified_on:
        return ""
    try:
        return fmt_date(date.fromisoformat(verified_on[:10]))
    except ValueError:
        return ""


def load_shipped_directory(store: Store, include_demo: bool) -> dict[str, int]:
    """Load the national services (and the demo regional ones); see `directory_import`."""
    from advisor_tui.models.directory_import import load_shipped_directory as load

    return load(store, include_demo)
