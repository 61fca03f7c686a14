"""Checking a directory file's records before anything is written.

Every importer turns its format into a `Batch` of plain dictionaries (organisations, services
with their channels); `check_batch` validates each record in place and lists every problem
with its file, record and field, so a file is rejected whole with all its problems at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from advisor_tui.models.directory import ACCESS, CHANNEL_KINDS, DIGITAL_KINDS, ORG_TYPES, STATUSES
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.reference import Reference, shipped_reference
from advisor_tui.models.safe_text import TextTooLong, clean_text

LIMITS = {"name": 300, "summary": 2000, "description": 20000, "short": 500, "note": 2000}
LANGS = ("fi", "sv", "en")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_TIME = re.compile(r"^([01]?\d|2[0-4])[.:]([0-5]\d)(?:[.:]\d\d)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_RECORDS = 200_000
MAX_EXCEPTION_DAYS = 366


@dataclass(frozen=True)
class ImportProblem:
    file: str
    record: str
    field: str
    problem: str


class DirectoryImportError(AdvisorError):
    """The file was rejected whole; `problems` says where each problem is."""

    def __init__(self, file: str, problems: list[ImportProblem]) -> None:
        super().__init__("directory.import.rejected", file=file, count=len(problems))
        self.problems = problems


@dataclass
class Batch:
    """What one file holds, as plain dictionaries (see `_service_row` for the fields)."""

    file: str
    organisations: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    end_missing: bool = True

    def problem(self, record: str, field_name: str, problem: str) -> None:
        self.problems.append(ImportProblem(self.file, record, field_name, problem))


class _Checker:
    def __init__(self, batch: Batch, record: str, reference: Reference) -> None:
        self.batch = batch
        self.record = record
        self.reference = reference

    def text(self, value: Any, name: str, limit: str, required: bool = False) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.batch.problem(self.record, name, "directory.problem.not_text")
            return ""
        try:
            cleaned = clean_text(value, max_len=LIMITS[limit]).strip()
        except TextTooLong:
            self.batch.problem(self.record, name, "directory.problem.too_long")
            return ""
        if required and not cleaned:
            self.batch.problem(self.record, name, "directory.problem.missing")
        return cleaned

    def choice(self, value: Any, name: str, allowed: tuple[str, ...], default: str) -> str:
        if value in (None, ""):
            return default
        if value not in allowed:
            self.batch.problem(self.record, name, "directory.problem.unknown_value")
            return default
        return str(value)

    def age(self, value: Any, name: str) -> int | None:
        if value in (None, ""):
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if not 0 <= number <= 120 or (isinstance(value, bool | float) and value != number):
            self.batch.problem(self.record, name, "directory.problem.age")
            return None
        return number

    def languages(self, value: Any, name: str) -> list[str]:
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(
            isinstance(v, str) and _LANGUAGE.match(v) for v in value
        ):
            self.batch.problem(self.record, name, "directory.problem.language")
            return []
        return list(dict.fromkeys(value))

    def date(self, value: Any, name: str) -> str | None:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not _DATE.match(value[:10]):
            self.batch.problem(self.record, name, "directory.problem.date")
            return None
        return value[:10]

    def municipality(self, code: Any, name: str) -> str:
        text = str(code or "").strip()
        if text and text not in self.reference.municipalities:
            self.batch.problem(self.record, name, "directory.problem.municipality")
            return ""
        return text

    def strings(self, value: Any, name: str, limit: str = "short") -> list[str]:
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            self.batch.problem(self.record, name, "directory.problem.not_list")
            return []
        return [t for t in (self.text(v, name, limit) for v in value) if t]


def check_organisation(batch: Batch, raw: dict[str, Any], reference: Reference) -> dict[str, Any]:
    record = f"organisation {raw.get('key') or raw.get('source_id') or '?'}"
    c = _Checker(batch, record, reference)
    county = str(raw.get("county_code") or "")
    if county and county not in reference.counties:
        batch.problem(record, "county_code", "directory.problem.county")
    return {
        "key": str(raw.get("key") or ""),
        "source": c.text(raw.get("source"), "source", "short", required=True),
        "source_id": c.text(raw.get("source_id"), "source_id", "short", required=True),
        "verified_on": c.date(raw.get("verified_on"), "verified_on"),
        "status": c.choice(raw.get("status"), "status", STATUSES, "active"),
        "name_fi": c.text(raw.get("name_fi"), "name_fi", "name", required=True),
        "name_sv": c.text(raw.get("name_sv"), "name_sv", "name"),
        "name_en": c.text(raw.get("name_en"), "name_en", "name"),
        "org_type": c.choice(raw.get("org_type"), "org_type", ORG_TYPES, "other"),
        "business_id": c.text(raw.get("business_id"), "business_id", "short"),
        "web": c.text(raw.get("web"), "web", "short"),
        "county_code": county,
    }


def _clock(value: Any) -> str | None:
    found = _TIME.match(str(value if value is not None else ""))
    return f"{int(found[1]):02d}.{found[2]}" if found else None


def _check_weekly(item: dict[str, Any]) -> dict[str, Any] | None:
    days = item.get("days")
    opens, closes = _clock(item.get("opens")), _clock(item.get("closes"))
    if not isinstance(days, list) or not days or not opens or not closes:
        return None
    if not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 7 for d in days):
        return None
    return {"days": sorted(set(days)), "opens": opens, "closes": closes}


def _check_exception(item: dict[str, Any]) -> dict[str, Any] | None:
    """A dated exception: closed, or other hours, from one date to another (at most a year)."""
    try:
        start = date.fromisoformat(str(item.get("from")))
        end = date.fromisoformat(str(item.get("to") or item.get("from")))
    except ValueError:
        return None
    if not 0 <= (end - start).days <= MAX_EXCEPTION_DAYS:
        return None
    checked: dict[str, Any] = {"from": start.isoformat()}
    if end != start:
        checked["to"] = end.isoformat()
    closed = item.get("closed") is True
    opens, closes = _clock(item.get("opens")), _clock(item.get("closes"))
    if closed == bool(opens or closes) or bool(opens) != bool(closes):
        return None
    if closed:
        checked["closed"] = True
    else:
        checked.update(opens=opens, closes=closes)
    note = item.get("note")
    if isinstance(note, str) and note.strip():
        try:
            checked["note"] = clean_text(note, max_len=LIMITS["short"]).strip()
        except TextTooLong:
            return None
    return checked


def _check_hours(c: _Checker, raw: Any, name: str) -> list[dict[str, Any]]:
    """Weekly hours and dated exceptions (see `directory_hours`)."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        c.batch.problem(c.record, name, "directory.problem.hours")
        return []
    hours = []
    for index, item in enumerate(raw):
        checked = None
        if isinstance(item, dict):
            checked = _check_exception(item) if "from" in item else _check_weekly(item)
        if checked is None:
            problem = "exception" if isinstance(item, dict) and "from" in item else "hours"
            c.batch.problem(c.record, f"{name}[{index}]", f"directory.problem.{problem}")
            continue
        hours.append(checked)
    return hours


def check_channel(c: _Checker, raw: Any, index: int) -> dict[str, Any] | None:
    name = f"channels[{index}]"
    if not isinstance(raw, dict):
        c.batch.problem(c.record, name, "directory.problem.not_object")
        return None
    kind = c.choice(raw.get("kind"), f"{name}.kind", CHANNEL_KINDS, "web")
    channel = {
        "kind": kind,
        "digital": kind in DIGITAL_KINDS,
        "label": c.text(raw.get("label"), f"{name}.label", "name"),
        "value": c.text(raw.get("value"), f"{name}.value", "short"),
        "address": c.text(raw.get("address"), f"{name}.address", "short"),
        "postal_code": c.text(raw.get("postal_code"), f"{name}.postal_code", "short"),
        "post_office": c.text(raw.get("post_office"), f"{name}.post_office", "short"),
        "municipality_code": c.municipality(
            raw.get("municipality_code"), f"{name}.municipality_code"
        ),
        "hours": _check_hours(c, raw.get("hours"), f"{name}.hours"),
        "always_open": bool(raw.get("always_open")),
        "hours_note": c.text(raw.get("hours_note"), f"{name}.hours_note", "note"),
        "languages": c.languages(raw.get("languages"), f"{name}.languages"),
        "charge_note": c.text(raw.get("charge_note"), f"{name}.charge_note", "note"),
    }
    if kind != "location" and not channel["value"]:
        c.batch.problem(c.record, f"{name}.value", "directory.problem.missing")
    return channel


def check_service(batch: Batch, raw: dict[str, Any], reference: Reference) -> dict[str, Any]:
    record = f"service {raw.get('source_id') or raw.get('name_fi') or '?'}"
    c = _Checker(batch, record, reference)
    scope = c.choice(
        raw.get("area_scope"), "area_scope", ("nationwide", "county", "municipalities"), ""
    )
    codes = [str(x) for x in raw.get("area_codes") or []]
    areas: list[str] = []
    if scope == "nationwide" or (not scope and not codes):
        scope, areas = "nationwide", ["FI"]
    elif scope == "county":
        for code in codes:
            if code not in reference.counties:
                batch.problem(record, "area_codes", "directory.problem.county")
        areas = [f"county:{code}" for code in codes]
    else:
        scope = "municipalities"
        for code in codes:
            if code not in reference.municipalities:
                batch.problem(record, "area_codes", "directory.problem.municipality")
        areas = codes
    if scope != "nationwide" and not areas:
        batch.problem(record, "area_codes", "directory.problem.missing")
    topics = [str(t) for t in raw.get("topics") or []]
    for topic in topics:
        if not reference.is_term("topic", topic):
            batch.problem(record, "topics", "directory.problem.topic")
    min_age = c.age(raw.get("min_age"), "min_age")
    max_age = c.age(raw.get("max_age"), "max_age")
    if min_age is not None and max_age is not None and min_age > max_age:
        batch.problem(record, "max_age", "directory.problem.age")
    channels_raw = raw.get("channels") or []
    if not isinstance(channels_raw, list):
        batch.problem(record, "channels", "directory.problem.not_list")
        channels_raw = []
    checked_channels = [check_channel(c, raw_ch, i) for i, raw_ch in enumerate(channels_raw)]
    channels = [ch for ch in checked_channels if ch is not None]
    service = {
        "organisation": str(raw.get("organisation") or ""),
        "source": c.text(raw.get("source"), "source", "short", required=True),
        "source_id": c.text(raw.get("source_id"), "source_id", "short", required=True),
        "verified_on": c.date(raw.get("verified_on"), "verified_on"),
        "status": c.choice(raw.get("status"), "status", STATUSES, "active"),
        "source_url": c.text(raw.get("source_url"), "source_url", "short"),
        "target_groups": c.strings(raw.get("target_groups"), "target_groups"),
        "min_age": min_age,
        "max_age": max_age,
        "topics": list(dict.fromkeys(topics)),
        "area_scope": scope,
        "areas": areas,
        "cost": c.choice(raw.get("cost"), "cost", ("free", "fee", "varies", ""), ""),
        "cost_note": c.text(raw.get("cost_note"), "cost_note", "note"),
        "access": c.choice(raw.get("access"), "access", ACCESS, "open"),
        "languages": c.languages(raw.get("languages"), "languages") or ["fi"],
        "keywords": c.strings(raw.get("keywords"), "keywords"),
        "channels": channels,
    }
    for lang in LANGS:
        service[f"name_{lang}"] = c.text(
            raw.get(f"name_{lang}"), f"name_{lang}", "name", required=lang == "fi"
        )
        service[f"summary_{lang}"] = c.text(
            raw.get(f"summary_{lang}"), f"summary_{lang}", "summary"
        )
        service[f"description_{lang}"] = c.text(
            raw.get(f"description_{lang}"), f"description_{lang}", "description"
        )
    service["digital"] = any(ch["digital"] for ch in channels)
    return service


def check_batch(batch: Batch, reference: Reference | None = None) -> Batch:
    """Validate every record in place; problems are added to `batch.problems`."""
    reference = reference or shipped_reference()
    if len(batch.services) > MAX_RECORDS:
        batch.problem("", "services", "directory.problem.too_many")
        return batch
    batch.organisations = [check_organisation(batch, o, reference) for o in batch.organisations]
    keys = {o["key"] for o in batch.organisations}
    checked = []
    seen: set[tuple[str, str]] = set()
    for raw in batch.services:
        service = check_service(batch, raw, reference)
        record = f"service {service['source_id'] or '?'}"
        if service["organisation"] and service["organisation"] not in keys:
            batch.problem(record, "organisation", "directory.problem.organisation")
        identity = (service["source"], service["source_id"])
        if identity in seen:
            batch.problem(record, "source_id", "directory.problem.duplicate")
        seen.add(identity)
        checked.append(service)
    batch.services = checked
    return batch
