"""The callback figures of the balanced scorecard over a range of Helsinki dates.

- share done by due time: of the requests made in the range that are due by now or closed
  (cancelled ones left out), those where the person was reached by the due time;
- median and 90th percentile (nearest rank) of the minutes from the request to the first attempt,
  and from the request to the attempt that reached the person.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from advisor_tui.models.clock import from_iso, local_day_bounds
from advisor_tui.models.store import Store


@dataclass(frozen=True)
class CallbackFigures:
    start: date
    end: date
    requested: int
    counted: int
    done_by_due: int
    first_attempt_median: float | None
    first_attempt_p90: float | None
    reached_median: float | None
    reached_p90: float | None

    @property
    def share_done_by_due(self) -> float | None:
        """0…1, or None when nothing was due yet."""
        return self.done_by_due / self.counted if self.counted else None


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _median(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


_SQL = """
SELECT c.requested_at, c.due_at, c.status, c.closed_at,
  (SELECT min(a.at) FROM callback_attempts a
    WHERE a.callback_id = c.id AND a.deleted_at IS NULL) AS first_at,
  (SELECT min(a.at) FROM callback_attempts a
    WHERE a.callback_id = c.id AND a.deleted_at IS NULL AND a.outcome = 'reached') AS reached_at
FROM callbacks c
WHERE c.deleted_at IS NULL AND c.status <> 'cancelled'
  AND c.requested_at >= ? AND c.requested_at < ?
"""


_PROMISE_SQL = """
SELECT count(*), coalesce(sum(done_at <= due_at), 0) FROM (
  SELECT c.due_at, coalesce(
    nullif((SELECT min(a.at) FROM callback_attempts a
      WHERE a.callback_id = c.id AND a.deleted_at IS NULL AND a.outcome = 'reached'), ''),
    CASE WHEN c.status = 'done' THEN nullif(c.closed_at, '') END) AS done_at
  FROM callbacks c
  WHERE c.deleted_at IS NULL AND c.status <> 'cancelled'
    AND c.requested_at >= ? AND c.requested_at < ? AND (c.due_at <= ? OR c.status <> 'open')
)
"""


def _bounds(start: date, end: date) -> tuple[str, str]:
    low, _ = local_day_bounds(start)
    _, high = local_day_bounds(end) if end >= start else local_day_bounds(start - timedelta(1))
    return low, high


def promise_kept(store: Store, start: date, end: date) -> tuple[int, int]:
    """(counted, done by due) of `scorecard`, in one aggregate query (times compared as text)."""
    low, high = _bounds(start, end)
    row = store.conn.execute(_PROMISE_SQL, (low, high, store.now_iso())).fetchone()
    return int(row[0]), int(row[1])


def scorecard(store: Store, start: date, end: date) -> CallbackFigures:
    """Figures for callbacks requested from `start` to `end` inclusive (Helsinki dates)."""
    low, high = _bounds(start, end)
    now = store.now_iso()
    requested = counted = done = 0
    first: list[float] = []
    reached: list[float] = []
    for row in store.query(_SQL, (low, high)):
        requested += 1
        asked = from_iso(row["requested_at"])
        if row["first_at"]:
            first.append((from_iso(row["first_at"]) - asked).total_seconds() / 60)
        done_at = row["reached_at"] or (row["closed_at"] if row["status"] == "done" else None)
        if row["reached_at"]:
            reached.append((from_iso(row["reached_at"]) - asked).total_seconds() / 60)
        if row["due_at"] <= now or row["status"] != "open":
            counted += 1
            if done_at and done_at <= row["due_at"]:
                done += 1
    return CallbackFigures(
        start=start,
        end=end,
        requested=requested,
        counted=counted,
        done_by_due=done,
        first_attempt_median=_median(first),
        first_attempt_p90=percentile(first, 0.9),
        reached_median=_median(reached),
        reached_p90=percentile(reached, 0.9),
    )
