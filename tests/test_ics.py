"""Calendar invitations: they parse back, keep their UID, follow changes and hide names."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from advisor_tui.models import meetings
from advisor_tui.models.audit import disclosures
from advisor_tui.models.clock import HELSINKI
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.ics import build_invitation, write_invitation
from advisor_tui.models.meetings import MeetingDraft, Participant
from advisor_tui.models.store import Store

FAMILY = (
    Participant("family", "parent", "Mikko Virtanen", email="mikko.v@example.fi"),
    Participant("family", "child", "Emma Virtanen"),
)
NURSE = Participant(
    "professional",
    "psykiatrinen sairaanhoitaja",
    "Eeva Ojala",
    "Lasten mielenterveyspalvelut",
    email="eeva.ojala@example.fi",
)


def book(store: Store, day: str = "24.11.2026", start: str = "10.00") -> str:
    return meetings.book(
        store,
        MeetingDraft(
            day=day,
            start=start,
            duration="90",
            place="Perhekeskus, Kauppakatu 1, Kuopio",
            purpose="Emman koulupoissaolot",
            agenda="Tilanne, tuki kouluun",
            advisor="AK",
            organiser_email="anna.korhonen@example.fi",
            participants=(*FAMILY, NURSE),
        ),
        allow_outside_hours=True,
        allow_past=True,
    )


def parse(data: bytes) -> tuple[Calendar, object]:
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_default_invitation_parses_and_hides_the_family(store: Store, tmp_path: Path) -> None:
    meeting_id = book(store)
    out = write_invitation(store, meeting_id, tmp_path / "kutsu.ics")
    data = out.read_bytes()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    calendar, event = parse(data)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["SUMMARY"]) == "Verkostotapaaminen"
    assert str(event["UID"]) == f"{meeting_id}@advisor-tui"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["LOCATION"]) == "Perhekeskus, Kauppakatu 1, Kuopio"
    assert str(event["ORGANIZER"]) == "mailto:anna.korhonen@example.fi"
    attendees = event["ATTENDEE"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:eeva.ojala@example.fi"]
    text = data.decode()
    for secret in ("Virtanen", "Emma", "Mikko", "mikko.v@", "koulupoissaolot", "Tilanne"):
        assert secret not in text
    assert disclosures(store) == []


def test_names_only_on_request_and_then_logged(store: Store, tmp_path: Path) -> None:
    meeting_id = book(store)
    target = tmp_path / "nimilla.ics"
    write_invitation(store, meeting_id, target, include_names=True)
    text = target.read_bytes().decode()
    unfolded = text.replace("\r\n ", "")
    assert "Mikko Virtanen" in unfolded and "Emma Virtanen" in unfolded
    assert "Emman koulupoissaolot" in unfolded
    assert "mailto:mikko.v@example.fi" in unfolded
    (entry,) = disclosures(store)
    assert entry.action == "invitation"
    assert entry.subject == "meeting"
    assert entry.count == 2
    assert entry.target == str(target)


def event_of(store: Store, meeting_id: str) -> Any:
    meeting = meetings.get_meeting(store, meeting_id)
    assert meeting is not None
    return parse(build_invitation(store, meeting))[1]


def test_uid_stable_and_sequence_rises_with_every_change(store: Store) -> None:
    meeting_id = book(store)
    first = event_of(store, meeting_id)
    assert (int(first["SEQUENCE"]), str(first["STATUS"])) == (0, "TENTATIVE")
    meetings.move(store, meeting_id, "25.11.2026", "12.00", "Hoitaja estynyt")
    moved = event_of(store, meeting_id)
    assert moved["UID"] == first["UID"]
    assert (int(moved["SEQUENCE"]), str(moved["STATUS"])) == (1, "TENTATIVE")
    assert moved.decoded("DTSTART") == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    meetings.confirm(store, meeting_id)
    confirmed = event_of(store, meeting_id)
    assert (int(confirmed["SEQUENCE"]), str(confirmed["STATUS"])) == (2, "CONFIRMED")
    meeting = meetings.get_meeting(store, meeting_id)
    assert meeting is not None
    edited = MeetingDraft(
        day="25.11.2026",
        start="12.00",
        duration="90",
        place_kind="remote",
        place="https://meet.example.fi/abc-123",
        advisor="AK",
        organiser_email="anna.korhonen@example.fi",
        status="confirmed",
        participants=meeting.participants,
    )
    assert meetings.update(store, meeting_id, edited)
    online = event_of(store, meeting_id)
    assert online["UID"] == first["UID"]
    assert int(online["SEQUENCE"]) == 3
    assert str(online["LOCATION"]) == "https://meet.example.fi/abc-123"
    meetings.cancel(store, meeting_id, "Perhe perui")
    calendar, cancelled = parse(
        build_invitation(store, meetings.get_meeting(store, meeting_id))  # type: ignore[arg-type]
    )
    assert str(calendar["METHOD"]) == "CANCEL"
    assert cancelled["UID"] == first["UID"]
    assert int(cancelled["SEQUENCE"]) == 4


def test_cancel_invitation(store: Store, tmp_path: Path) -> None:
    meeting_id = book(store)
    meetings.cancel(store, meeting_id, "Perhe perui")
    out = write_invitation(store, meeting_id, tmp_path / "peruutus.ics", cancel=True)
    calendar, event = parse(out.read_bytes())
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"  # type: ignore[index]
    assert int(event["SEQUENCE"]) == 1  # type: ignore[index]
    assert "Perhe perui" not in out.read_text()


@pytest.mark.parametrize(
    ("day", "start", "utc"),
    [
        ("28.3.2026", "10.00", datetime(2026, 3, 28, 8, 0, tzinfo=UTC)),
        ("29.3.2026", "2.30", datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),
        ("29.3.2026", "10.00", datetime(2026, 3, 29, 7, 0, tzinfo=UTC)),
        ("30.3.2026", "10.00", datetime(2026, 3, 30, 7, 0, tzinfo=UTC)),
        ("24.10.2026", "10.00", datetime(2026, 10, 24, 7, 0, tzinfo=UTC)),
        ("25.10.2026", "10.00", datetime(2026, 10, 25, 8, 0, tzinfo=UTC)),
        ("26.10.2026", "10.00", datetime(2026, 10, 26, 8, 0, tzinfo=UTC)),
    ],
)
def test_wall_clock_survives_dst_changes(store: Store, day: str, start: str, utc: datetime) -> None:
    meeting_id = book(store, day, start)
    meeting = meetings.get_meeting(store, meeting_id)
    assert meeting is not None and meeting.starts_at == utc
    data = build_invitation(store, meeting)
    calendar, event = parse(data)
    assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"  # type: ignore[index]
    hours, minutes = (int(x) for x in start.split("."))
    local = event.decoded("DTSTART")  # type: ignore[attr-defined]
    assert (local.hour, local.minute) == (hours, minutes)
    assert local.astimezone(UTC) == utc
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    line = f"DTSTART;TZID=Europe/Helsinki:{local:%Y%m%dT%H%M%S}".encode()
    assert line in data


def test_no_organiser_email_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    meeting_id = meetings.book(store, MeetingDraft(day="24.11.2026", start="10.00", advisor="AK"))
    with pytest.raises(AdvisorError) as caught:
        write_invitation(store, meeting_id, tmp_path / "x.ics")
    assert caught.value.key == "meetings.ics.no_organiser"
    assert not (tmp_path / "x.ics").exists()


def test_long_lines_are_folded_without_splitting_letters(store: Store) -> None:
    place = "Perhekeskus Äänekoski, Hämeentie 123 A 4, käynti sisäpihan kautta, huone ÄÖ-245 " * 3
    meeting_id = meetings.book(
        store,
        MeetingDraft(
            day="24.11.2026",
            start="10.00",
            place=place,
            advisor="AK",
            organiser_email="anna.korhonen@example.fi",
            participants=(NURSE,),
        ),
    )
    data = build_invitation(store, meetings.get_meeting(store, meeting_id))  # type: ignore[arg-type]
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")
    assert any(line.startswith(b" ") for line in lines)
    _calendar, event = parse(data)
    assert str(event["LOCATION"]) == place.strip()
    assert Calendar.from_ical(data).to_ical() == data


def test_timezone_agrees_with_the_tz_database(store: Store) -> None:
    meeting_id = book(store)
    data = build_invitation(store, meetings.get_meeting(store, meeting_id))  # type: ignore[arg-type]
    calendar = Calendar.from_ical(data)
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE", "VEVENT"]
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert "RRULE" in vtimezone.subcomponents[0]
    rules = vtimezone.to_tz(lookup_tzid=False)
    moments = [datetime(2026, 1, 1, 10, tzinfo=UTC) + timedelta(days=d) for d in range(365)]
    for year in range(2026, 2036):
        for month in (3, 10):
            last_sunday = max(
                date(year, month, day)
                for day in range(25, 32)
                if date(year, month, day).weekday() == 6
            )
            midnight = datetime.combine(last_sunday, time(0), tzinfo=UTC)
            moments += [
                midnight - timedelta(hours=3) + timedelta(minutes=30 * h) for h in range(12)
            ]
    for moment in moments:
        assert moment.astimezone(rules).utcoffset() == moment.astimezone(HELSINKI).utcoffset()
