"""Whether a channel is open now: weekly hours, Finnish holidays, eves and dated exceptions."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import pytest

from advisor_tui.i18n import set_language
from advisor_tui.models.clock import at_local
from advisor_tui.models.directory import get_service
from advisor_tui.models.directory_checks import DirectoryImportError
from advisor_tui.models.directory_hours import holiday_name, open_state, parse_hours
from advisor_tui.models.directory_import import import_file
from advisor_tui.models.directory_search import search_services
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.screens.directory_detail import exception_text, render_service, state_text

OFFICE = [{"days": [1, 2, 3, 4, 5], "opens": "09.00", "closes": "15.00"}]
EVENINGS = [{"days": [1, 2, 3, 4, 5, 6, 7], "opens": "18.00", "closes": "22.00"}]
SUNDAYS = [*OFFICE, {"days": [7], "opens": "10.00", "closes": "14.00"}]


def at(day: str, clock: str) -> datetime:
    """A Helsinki wall-clock time as an aware moment."""
    return at_local(date.fromisoformat(day), time.fromisoformat(clock))


def state(raw: list[dict], moment: datetime, always: bool = False) -> tuple[bool | None, str]:
    weekly, exceptions = parse_hours(raw)
    found = open_state(weekly, exceptions, always, moment)
    return found.open, found.rule


def test_ordinary_weekday_follows_the_weekly_hours() -> None:
    assert state(OFFICE, at("2026-11-23", "10:00")) == (True, "weekly")
    assert state(OFFICE, at("2026-11-23", "15:00")) == (False, "weekly")
    assert state(OFFICE, at("2026-11-28", "10:00")) == (False, "weekly")
    assert state([], at("2026-11-23", "10:00")) == (None, "weekly")


def test_christmas_eve_closes_an_office_but_not_an_evening_chat() -> None:
    eve = "2026-12-24"
    assert date.fromisoformat(eve).isoweekday() == 4
    assert state(OFFICE, at(eve, "10:00")) == (False, "eve")
    assert state(EVENINGS, at(eve, "19:00")) == (True, "eve")


def test_midsummer_eve_closes_an_office() -> None:
    eve = "2026-06-19"
    assert date.fromisoformat(eve).isoweekday() == 5
    assert state(OFFICE, at(eve, "10:00")) == (False, "eve")
    assert state(OFFICE, at("2026-06-18", "10:00")) == (True, "weekly")


def test_public_holiday_keeps_sunday_hours() -> None:
    epiphany = "2026-01-06"
    assert state(OFFICE, at(epiphany, "10:00")) == (False, "holiday")
    assert state(SUNDAYS, at(epiphany, "11:00")) == (True, "holiday")
    assert state(SUNDAYS, at(epiphany, "15:00")) == (False, "holiday")


def test_always_open_stays_open_on_holidays_unless_an_exception_closes_it() -> None:
    christmas = at("2026-12-25", "03:00")
    assert state([], christmas, always=True) == (True, "always")
    closed = [{"from": "2026-12-25", "closed": True}]
    assert state(closed, christmas, always=True) == (False, "exception")


def test_service_specific_exception_closes_or_changes_the_day() -> None:
    raw = [
        *OFFICE,
        {"from": "2026-12-21", "to": "2026-12-22", "closed": True},
        {"from": "2026-12-23", "opens": "09.00", "closes": "12.00"},
        {"from": "2026-12-24", "opens": "09.00", "closes": "11.00"},
    ]
    assert state(raw, at("2026-12-21", "10:00")) == (False, "exception")
    assert state(raw, at("2026-12-22", "10:00")) == (False, "exception")
    assert state(raw, at("2026-12-23", "11:00")) == (True, "exception")
    assert state(raw, at("2026-12-23", "13:00")) == (False, "exception")
    assert state(raw, at("2026-12-24", "10:00")) == (True, "exception")
    assert state(raw, at("2026-12-28", "10:00")) == (True, "weekly")


def test_hours_past_midnight_belong_to_the_day_they_started() -> None:
    night = [{"days": [5], "opens": "22.00", "closes": "02.00"}]
    assert state(night, at("2026-11-27", "23:00")) == (True, "weekly")
    assert state(night, at("2026-11-28", "01:00")) == (True, "weekly")
    assert state(night, at("2026-11-28", "03:00")) == (False, "weekly")


def test_holiday_names_in_each_language() -> None:
    assert holiday_name(date(2026, 12, 24), "fi") == "jouluaatto"
    assert holiday_name(date(2026, 6, 19), "sv") == "midsommarafton"
    assert holiday_name(date(2026, 12, 25), "en") == "Christmas Day"
    assert holiday_name(date(2026, 11, 23), "fi") == ""


def test_state_and_exception_texts_name_the_reason() -> None:
    weekly, exceptions = parse_hours(OFFICE)
    eve = open_state(weekly, exceptions, False, at("2026-12-24", "10:00"))
    assert state_text(eve, "fi") == "suljettu nyt (jouluaatto)"
    set_language("sv")
    try:
        assert state_text(eve, "sv") == "stängt nu (julafton)"
    finally:
        set_language("fi")
    _, found = parse_hours([{"from": "2026-12-31", "opens": "09.00", "closes": "12.00"}])
    assert exception_text(found[0]) == "Poikkeus 31.12.2026: 9.00–12.00"
    _, closed = parse_hours([{"from": "2026-12-21", "to": "2026-12-22", "closed": True}])
    assert exception_text(closed[0]) == "Poikkeus 21.12.2026–22.12.2026: suljettu"


def _native(tmp_path: Path, hours: list[dict]) -> Path:
    data = json.loads(
        (Path(__file__).parent / "fixtures" / "directory" / "native_small.json").read_text(
            encoding="utf-8"
        )
    )
    data["services"][0]["channels"][0]["hours"] = hours
    path = tmp_path / "hours.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_imported_exception_shows_in_the_detail_pane(store: Store, tmp_path: Path) -> None:
    raw = [*OFFICE, {"from": "2026-11-23", "closed": True, "note": "koulutuspäivä"}]
    import_file(store, _native(tmp_path, raw))
    hit = search_services(store, "perheneuvola")[0]
    service = get_service(store, hit.service_id)
    assert service is not None
    phone = service.channels[0]
    assert phone.exceptions and phone.open_at(at("2026-11-23", "10:00")) is False
    moment = at("2026-11-23", "10:00")
    text = str(render_service(service, moment, date(2026, 11, 23), shipped_reference(), "fi"))
    assert "suljettu nyt (poikkeusaukioloaika)" in text
    assert "Poikkeus 23.11.2026: suljettu (koulutuspäivä)" in text


@pytest.mark.parametrize(
    "bad",
    [
        {"from": "2026-13-01", "closed": True},
        {"from": "2026-12-24", "to": "2026-12-01", "closed": True},
        {"from": "2026-01-01", "to": "2027-06-01", "closed": True},
        {"from": "2026-12-24"},
        {"from": "2026-12-24", "closed": True, "opens": "09.00", "closes": "12.00"},
        {"from": "2026-12-24", "opens": "09.00"},
    ],
)
def test_bad_exception_rejects_the_file(store: Store, tmp_path: Path, bad: dict) -> None:
    with pytest.raises(DirectoryImportError) as caught:
        import_file(store, _native(tmp_path, [*OFFICE, bad]))
    problem = caught.value.problems[0]
    assert (problem.record, problem.field) == ("service s1", "channels[0].hours[1]")
    assert problem.problem == "directory.problem.exception"
    assert store.scalar("SELECT count(*) FROM services") == 0


def test_ptv_and_hsds_exceptions_are_imported(store: Store, tmp_path: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures" / "directory"
    ptv = json.loads((fixtures / "ptv_small.json").read_text(encoding="utf-8"))
    ptv["serviceChannels"][0]["serviceHours"].append(
        {
            "serviceHourType": "Exception",
            "validFrom": "2026-12-23T00:00:00",
            "validTo": "2026-12-23T00:00:00",
            "isClosed": False,
            "openingHour": [{"from": "09:00:00", "to": "12:00:00"}],
            "additionalInformation": [{"language": "fi", "value": "aatonaatto"}],
        }
    )
    path = tmp_path / "ptv.json"
    path.write_text(json.dumps(ptv, ensure_ascii=False), encoding="utf-8")
    import_file(store, path)
    service = get_service(store, search_services(store, "perheneuvola")[0].service_id)
    assert service is not None
    phone = service.channels[0]
    assert [(e.start, e.opens, e.closes, e.note) for e in phone.exceptions] == [
        (date(2026, 12, 23), "09.00", "12.00", "aatonaatto")
    ]
    assert phone.open_at(at("2026-12-23", "13:00")) is False
    hsds = json.loads((fixtures / "hsds_small.json").read_text(encoding="utf-8"))
    hsds[0]["schedules"].append({"id": "s2", "valid_from": "2026-12-22", "valid_to": "2026-12-22"})
    path = tmp_path / "hsds.json"
    path.write_text(json.dumps(hsds, ensure_ascii=False), encoding="utf-8")
    import_file(store, path)
    group = get_service(store, search_services(store, "vertaisryhma")[0].service_id)
    assert group is not None
    assert group.channels[0].exceptions[0].closed
    assert group.channels[0].open_at(at("2026-12-22", "18:00")) is False
    assert group.channels[0].open_at(at("2026-12-15", "18:00")) is True
