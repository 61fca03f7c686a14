"""Times are stored in UTC and shown in Helsinki time as d.m.yyyy and 14.30."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from advisor_tui.models.clock import (
    at_local,
    fmt_date,
    fmt_datetime,
    fmt_minutes,
    fmt_time,
    from_iso,
    local_date,
    local_day_bounds,
    parse_date,
    parse_time,
    to_iso,
)
from advisor_tui.models.errors import ValidationError


def test_formats() -> None:
    moment = datetime(2026, 3, 5, 12, 30, tzinfo=UTC)
    assert fmt_date(moment) == "5.3.2026"
    assert fmt_time(moment) == "14.30"
    assert fmt_datetime(moment) == "5.3.2026 14.30"
    assert fmt_minutes(7.4) == "7 min"
    assert fmt_minutes(65) == "1 h 5 min"


def test_late_evening_call_belongs_to_the_helsinki_date() -> None:
    # 23.30 Helsinki on 28.3.2026 (before the spring change) and on 24.10.2026 (before autumn).
    assert local_date(datetime(2026, 3, 28, 21, 30, tzinfo=UTC)) == date(2026, 3, 28)
    assert local_date(datetime(2026, 10, 24, 20, 30, tzinfo=UTC)) == date(2026, 10, 24)
    assert local_date(datetime(2026, 7, 1, 20, 59, tzinfo=UTC)) == date(2026, 7, 1)
    assert local_date(datetime(2026, 7, 1, 21, 0, tzinfo=UTC)) == date(2026, 7, 2)


def test_day_bounds_across_dst_changes() -> None:
    assert local_day_bounds(date(2026, 3, 29)) == (
        "2026-03-28T22:00:00.000000Z",
        "2026-03-29T21:00:00.000000Z",
    )
    assert local_day_bounds(date(2026, 10, 25)) == (
        "2026-10-24T21:00:00.000000Z",
        "2026-10-25T22:00:00.000000Z",
    )


def test_iso_round_trip_and_order() -> None:
    moment = datetime(2026, 11, 23, 8, 0, 0, 5, tzinfo=UTC)
    assert from_iso(to_iso(moment)) == moment
    assert to_iso(moment) < to_iso(datetime(2026, 11, 23, 8, 0, 1, tzinfo=UTC))
    with pytest.raises(ValueError):
        to_iso(datetime(2026, 1, 1))


def test_parse_dates_and_times() -> None:
    assert parse_date("2.4.2026") == date(2026, 4, 2)
    assert parse_date("2026-04-02") == date(2026, 4, 2)
    assert parse_time("8.05") == time(8, 5)
    assert parse_time("14:30") == time(14, 30)
    assert at_local(date(2026, 7, 1), time(10)) == datetime(2026, 7, 1, 7, tzinfo=UTC)
    for bad in ("31.2.2026", "2.4.26", "huomenna", ""):
        with pytest.raises(ValidationError) as caught:
            parse_date(bad, "day")
        assert caught.value.key == "time.bad_date" and caught.value.field == "day"
    for bad in ("24.00", "9", "9.5"):
        with pytest.raises(ValidationError):
            parse_time(bad)
