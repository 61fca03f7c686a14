"""The callback figures of the scorecard."""

from __future__ import annotations

from datetime import date

from advisor_tui.models import callbacks as cb
from advisor_tui.models.callback_actions import close_callback, record_attempt
from advisor_tui.models.callback_figures import percentile, promise_kept, scorecard
from advisor_tui.models.callback_requests import create_callback
from advisor_tui.models.store import Store
from tests.conftest import FakeClock

MONDAY = date(2026, 11, 23)


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 0.9) == 9.0
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([], 0.9) is None


def test_scorecard_over_a_date_range(store: Store, clock: FakeClock) -> None:
    reached_fast = create_callback(store, cb.RequestForm(phone="0401234567")).id
    reached_late = create_callback(store, cb.RequestForm(phone="0401234568")).id
    never = create_callback(store, cb.RequestForm(phone="0401234569")).id
    cancelled = create_callback(store, cb.RequestForm(phone="0401234560")).id
    close_callback(store, cancelled, "cancelled", "Soittaja perui")
    clock.advance(minutes=30)
    record_attempt(store, reached_fast, "reached")
    clock.advance(minutes=30)
    record_attempt(store, never, "no_answer")
    clock.advance(days=2)  # Wednesday 10.00: all three were due on Tuesday 16.00
    record_attempt(store, reached_late, "reached")

    figures = scorecard(store, MONDAY, MONDAY)
    assert figures.requested == 3
    assert figures.counted == 3
    assert figures.done_by_due == 1
    assert figures.share_done_by_due == 1 / 3
    assert figures.first_attempt_median == 60.0
    assert figures.first_attempt_p90 == 2 * 24 * 60 + 60
    assert figures.reached_median == (30 + 2 * 24 * 60 + 60) / 2
    assert scorecard(store, date(2026, 11, 24), date(2026, 11, 30)).requested == 0


def test_requests_not_yet_due_are_not_counted_against_the_promise(store: Store) -> None:
    create_callback(store, cb.RequestForm(phone="0401234567"))
    figures = scorecard(store, MONDAY, MONDAY)
    assert figures.requested == 1 and figures.counted == 0
    assert figures.share_done_by_due is None


def test_promise_kept_counts_as_the_full_figures(store: Store, clock: FakeClock) -> None:
    fast = create_callback(store, cb.RequestForm(phone="0401234567")).id
    late = create_callback(store, cb.RequestForm(phone="0401234568")).id
    create_callback(store, cb.RequestForm(phone="0401234569"))
    closed = create_callback(store, cb.RequestForm(phone="0401234560")).id
    clock.advance(minutes=30)
    record_attempt(store, fast, "reached")
    close_callback(store, closed, "done", "Hoidettu sähköpostilla")
    assert promise_kept(store, MONDAY, MONDAY) == (2, 2)  # the others are not yet due
    clock.advance(days=2)
    record_attempt(store, late, "reached")
    figures = scorecard(store, MONDAY, MONDAY)
    assert promise_kept(store, MONDAY, MONDAY) == (figures.counted, figures.done_by_due) == (4, 2)
    assert promise_kept(store, date(2026, 11, 24), date(2026, 11, 30)) == (0, 0)
