from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from advisor_tui.models.working_days import (
    add_working_days,
    callback_due_at,
    helsinki_date,
    is_customary_day_off,
    is_working_day,
    next_working_day,
    office_hours_end,
)

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    ("requested", "due"),
    [
        (date(2026, 4, 2), date(2026, 4, 7)),  # Good Friday, weekend, Easter Monday
        (date(2026, 4, 30), date(2026, 5, 4)),  # May Day on Friday
        (date(2026, 5, 13), date(2026, 5, 15)),  # Ascension Day
        (date(2026, 6, 18), date(2026, 6, 22)),  # Midsummer Eve, Midsummer Day
        (date(2026, 12, 23), date(2026, 12, 28)),  # Christmas Eve, Christmas, Boxing Day
        (date(2025, 12, 31), date(2026, 1, 2)),  # New Year's Day
    ],
)
def test_domain_examples(requested: date, due: date) -> None:
    assert next_working_day(requested) == due


def test_every_day_2024_to_2035_lands_on_a_working_day_within_six_days() -> None:
    official = holidays.country_holidays("FI", years=range(2024, 2037))
    day = date(2024, 1, 1)
    while day.year <= 2035:
        for customary in (True, False):
            due = next_working_day(day, customary_days_off=customary)
            assert due.weekday() < 5, day
            if customary:
                assert due not in official, day
                assert not is_customary_day_off(due), day
            else:
                assert due not in official or is_customary_day_off(due), day
            assert 1 <= (due - day).days <= 6, day
            between = [day + timedelta(days=n) for n in range(1, (due - day).days)]
            assert not any(is_working_day(d, customary_days_off=customary) for d in between)
        day += timedelta(days=1)


def test_customary_eves_are_days_off_by_default_and_configurable() -> None:
    christmas_eve = date(2026, 12, 24)  # Thursday
    midsummer_eve = date(2026, 6, 19)  # Friday
    assert not is_working_day(christmas_eve)
    assert not is_working_day(midsummer_eve)
    assert is_working_day(christmas_eve, customary_days_off=False)
    assert is_working_day(midsummer_eve, customary_days_off=False)
    assert next_working_day(date(2026, 12, 23), customary_days_off=False) == christmas_eve
    assert next_working_day(date(2026, 6, 18), customary_days_off=False) == midsummer_eve


def test_customary_eves_by_date_rule() -> None:
    fridays_in_midsummer_week = [date(2026, 6, 19), date(2027, 6, 25), date(2029, 6, 22)]
    assert all(is_customary_day_off(d) for d in fridays_in_midsummer_week)
    assert not is_customary_day_off(date(2026, 6, 26))  # a Friday, but a week late
    assert not is_customary_day_off(date(2026, 6, 18))  # Thursday before Midsummer Eve
    assert not is_customary_day_off(date(2026, 12, 31))  # New Year's Eve is a working day
    assert is_working_day(date(2026, 12, 31))


def test_public_holidays_stay_off_when_customary_days_are_working_days() -> None:
    for day in (date(2026, 1, 1), date(2026, 1, 6), date(2026, 4, 3), date(2026, 12, 25)):
        assert not is_working_day(day, customary_days_off=False)


def test_add_working_days() -> None:
    assert add_working_days(date(2026, 4, 2), 0) == date(2026, 4, 2)
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 4, 2), 3) == date(2026, 4, 9)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 4, 2), -1)


def test_office_hours_end_is_aware_utc() -> None:
    winter = office_hours_end(date(2026, 1, 2))
    summer = office_hours_end(date(2026, 7, 1))
    assert winter == datetime(2026, 1, 2, 14, 0, tzinfo=UTC)
    assert summer == datetime(2026, 7, 1, 13, 0, tzinfo=UTC)
    assert winter.utcoffset() == timedelta(0)
    assert office_hours_end(date(2026, 1, 2), time(15, 30)).astimezone(HELSINKI).time() == time(
        15, 30
    )


def test_due_at_of_request_before_easter() -> None:
    requested = datetime(2026, 4, 2, 14, 0, tzinfo=HELSINKI)
    due = callback_due_at(requested)
    assert due == datetime(2026, 4, 7, 16, 0, tzinfo=HELSINKI)
    assert due == datetime(2026, 4, 7, 13, 0, tzinfo=UTC)
    assert due.tzinfo is UTC


@pytest.mark.parametrize(
    ("requested_utc", "helsinki_day", "due_day"),
    [
        # Sunday 29.3.2026 clocks go forward: 23.30 EEST is 20.30 UTC.
        (datetime(2026, 3, 29, 20, 30, tzinfo=UTC), date(2026, 3, 29), date(2026, 3, 30)),
        # 00.30 Helsinki on Monday 30.3.2026 is still Sunday in UTC.
        (datetime(2026, 3, 29, 21, 30, tzinfo=UTC), date(2026, 3, 30), date(2026, 3, 31)),
        # Friday 27.3.2026 23.30 EET, the last Friday before the change: due Monday.
        (datetime(2026, 3, 27, 21, 30, tzinfo=UTC), date(2026, 3, 27), date(2026, 3, 30)),
        # Sunday 25.10.2026 clocks go back: 23.30 EET is 21.30 UTC.
        (datetime(2026, 10, 25, 21, 30, tzinfo=UTC), date(2026, 10, 25), date(2026, 10, 26)),
        # 00.30 Helsinki on Monday 26.10.2026 is 22.30 UTC on Sunday.
        (datetime(2026, 10, 25, 22, 30, tzinfo=UTC), date(2026, 10, 26), date(2026, 10, 27)),
    ],
)
def test_late_requests_belong_to_their_helsinki_date_across_dst(
    requested_utc: datetime, helsinki_day: date, due_day: date
) -> None:
    assert helsinki_date(requested_utc) == helsinki_day
    due = callback_due_at(requested_utc)
    assert due.astimezone(HELSINKI).date() == due_day
    assert due.astimezone(HELSINKI).time() == time(16, 0)


def test_request_at_2330_helsinki_on_dst_day_given_in_local_time() -> None:
    requested = datetime(2026, 3, 29, 23, 30, tzinfo=HELSINKI)
    assert requested.astimezone(UTC) == datetime(2026, 3, 29, 20, 30, tzinfo=UTC)
    assert helsinki_date(requested) == date(2026, 3, 29)
    assert callback_due_at(requested) == datetime(2026, 3, 30, 13, 0, tzinfo=UTC)


def test_due_at_respects_office_end_and_customary_setting() -> None:
    requested = datetime(2026, 12, 23, 10, 0, tzinfo=HELSINKI)
    assert callback_due_at(requested, office_end=time(15, 0)) == datetime(
        2026, 12, 28, 15, 0, tzinfo=HELSINKI
    )
    assert callback_due_at(requested, customary_days_off=False) == datetime(
        2026, 12, 24, 16, 0, tzinfo=HELSINKI
    )


def test_naive_request_time_is_refused() -> None:
    with pytest.raises(ValueError):
        callback_due_at(datetime(2026, 4, 2, 14, 0))
