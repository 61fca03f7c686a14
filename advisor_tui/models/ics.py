"""RFC 5545 invitations (.ics) for network meetings.

By default an invitation tells only that there is a network meeting, where and when: no family
names and no topics. They are added only when the advisor explicitly chooses so, and that
choice is written to the disclosure log.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from advisor_tui.i18n import t
from advisor_tui.models.audit import log_disclosure
from advisor_tui.models.clock import HELSINKI
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.meeting_agenda import get_meeting
from advisor_tui.models.meeting_types import Meeting, Participant
from advisor_tui.models.store import Store

PRODID = "-//advisor-tui//Verkostotapaamiset//FI"
TZID = "Europe/Helsinki"


def _address(email: str, name: str = "", role: str = "REQ-PARTICIPANT") -> object:
    from icalendar import vCalAddress

    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    address.params["ROLE"] = role
    return address


def _attendees(meeting: Meeting, include_names: bool) -> list[Participant]:
    """Professionals with an e-mail always; the family's own addresses only with their names."""
    chosen = [p for p in meeting.professionals if p.email]
    if include_names:
        chosen += [p for p in meeting.family if p.email]
    return chosen


def _description(meeting: Meeting, include_names: bool) -> str:
    lines = [t(f"meetings.place_kind.{meeting.place_kind}") + ": " + meeting.place]
    if include_names:
        if meeting.purpose:
            lines.append(t("meetings.ics.purpose") + ": " + meeting.purpose)
        if meeting.agenda:
            lines.append(t("meetings.ics.agenda") + ": " + meeting.agenda)
        family = [p for p in meeting.family if p.name]
        if family:
            names = ", ".join(f"{p.name} ({t(f'meetings.family_role.{p.role}')})" for p in family)
            lines.append(t("meetings.ics.family") + ": " + names)
    return "\n".join(lines)


def family_names_in(meeting: Meeting) -> int:
    return sum(1 for p in meeting.family if p.name)


def build_invitation(
    store: Store, meeting: Meeting, *, cancel: bool = False, include_names: bool = False
) -> bytes:
    """The invitation (METHOD:REQUEST) or the cancellation (METHOD:CANCEL) as CRLF bytes."""
    from icalendar import Calendar, Event

    if not meeting.organiser_email:
        raise AdvisorError("meetings.ics.no_organiser")
    cancelled = cancel or meeting.status == "cancelled"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", store.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(HELSINKI))
    event.add("dtend", meeting.ends_at.astimezone(HELSINKI))
    event.add("summary", t("meetings.ics.summary"))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", _description(meeting, include_names))
    event.add("status", "CANCELLED" if cancelled else _event_status(meeting))
    event.add("transp", "OPAQUE")
    event.add("organizer", _address(meeting.organiser_email, role="CHAIR"))
    for person in _attendees(meeting, include_names):
        name = person.name if (person.kind == "professional" or include_names) else ""
        attendee = _address(person.email, name)
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"  # type: ignore[attr-defined]
        attendee.params["RSVP"] = "TRUE"  # type: ignore[attr-defined]
        event.add("attendee", attendee, encode=False)
    event.add("class", "CONFIDENTIAL")
    calendar.add_component(helsinki_timezone())
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def helsinki_timezone() -> Any:
    """VTIMEZONE for Europe/Helsinki as the yearly EU rule (EEST from the last Sunday of March
    03.00 to the last Sunday of October 04.00): the form every calendar program reads."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", TZID)
    for part, name, start, offsets, month in (
        (TimezoneDaylight(), "EEST", datetime(1996, 3, 31, 3, 0), (2, 3), 3),
        (TimezoneStandard(), "EET", datetime(1996, 10, 27, 4, 0), (3, 2), 10),
    ):
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", timedelta(hours=offsets[0]))
        part.add("tzoffsetto", timedelta(hours=offsets[1]))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def _event_status(meeting: Meeting) -> str:
    return "CONFIRMED" if meeting.status in ("confirmed", "held") else "TENTATIVE"


def write_invitation(
    store: Store,
    meeting_id: str,
    out_file: Path,
    *,
    cancel: bool = False,
    include_names: bool = False,
) -> Path:
    """Write the invitation file (mode 0600); names in it are logged as a disclosure."""
    meeting = get_meeting(store, meeting_id)
    if meeting is None:
        raise AdvisorError("meetings.error.not_found", id=meeting_id)
    data = build_invitation(store, meeting, cancel=cancel, include_names=include_names)
    out_file = Path(out_file).expanduser()
    try:
        if not out_file.parent.exists():
            out_file.parent.mkdir(parents=True, mode=0o700)
        descriptor = os.open(out_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise AdvisorError(
            "meetings.ics.write_failed", path=str(out_file), detail=str(exc)
        ) from exc
    if include_names:
        log_disclosure(
            store,
            "invitation",
            "meeting",
            family_names_in(meeting),
            target=str(out_file),
            detail=f"meeting={meeting.id} names+topics",
        )
    return out_file


def default_file_name(meeting: Meeting, cancel: bool = False) -> str:
    stamp = meeting.starts_at.astimezone(HELSINKI).strftime("%Y%m%d-%H%M")
    kind = "peruutus" if cancel or meeting.status == "cancelled" else "kutsu"
    return f"verkostotapaaminen-{stamp}-{kind}.ics"
