"""A trainee's exercise session and its stored results, and the trainer's summary of them.

The exercise in progress is a local setting (it never travels); a checked exercise becomes a
`training_results` record, which travels in sync bundles like any other record so that a
trainer can merge the trainees' demo databases and see everyone's results.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from advisor_tui.models import records
from advisor_tui.models.contacts import TABLE as CONTACTS
from advisor_tui.models.contacts import get_contact
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.store import Store
from advisor_tui.models.training import Exercise
from advisor_tui.models.training_check import Item, TrainingResult, check, service_info

TABLE = "training_results"
ACTIVE_SETTING = "training.active"
MOST_MISSED = 3


@dataclass(frozen=True)
class ActiveExercise:
    """The exercise a trainee started; contacts saved from `started_at` on are its answer."""

    exercise_id: str
    started_at: str


@dataclass(frozen=True)
class StoredResult:
    id: str
    exercise_id: str
    trainee: str
    contact_id: str
    score: int
    passed: bool
    matched: tuple[Item, ...]
    missing: tuple[Item, ...]
    extra: tuple[Item, ...]
    completed_at: str


@dataclass(frozen=True)
class TraineeSummary:
    """One trainee's results: how many exercises, the scores, what they missed most often."""

    trainee: str
    attempts: int
    exercises: int
    passed: int
    average: int
    best: dict[str, int]
    most_missed: tuple[tuple[Item, int], ...]


def start_exercise(store: Store, exercise_id: str) -> ActiveExercise:
    """Begin an exercise now; a previous unfinished one is replaced."""
    active = ActiveExercise(exercise_id, store.now_iso())
    store.set_setting(ACTIVE_SETTING, json.dumps(active.__dict__))
    return active


def active_exercise(store: Store) -> ActiveExercise | None:
    raw = store.get_setting(ACTIVE_SETTING) or ""
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        return ActiveExercise(str(data["exercise_id"]), str(data["started_at"]))
    except KeyError:
        return None


def stop_exercise(store: Store) -> None:
    store.set_setting(ACTIVE_SETTING, "")


def trainee_contact(store: Store, since: str) -> str | None:
    """The newest live contact this database's advisor saved at or after `since`."""
    rows = store.query(
        f"SELECT id FROM {CONTACTS} WHERE deleted_at IS NULL AND created_at >= ? "
        "AND created_by = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
        (since, store.advisor),
    )
    return str(rows[0]["id"]) if rows else None


def check_contact(store: Store, exercise: Exercise, contact_id: str) -> TrainingResult:
    """Compare a stored contact with the exercise (nothing is written)."""
    contact = get_contact(store, contact_id)
    if contact is None:
        raise AdvisorError("training.no_contact")
    services = service_info(store, [ref.service_id for ref in contact.referrals])
    return check(exercise, contact, services)


def record_result(store: Store, result: TrainingResult) -> str:
    return records.insert(
        store,
        TABLE,
        {
            "exercise_id": result.exercise_id,
            "trainee": store.advisor,
            "contact_id": result.contact_id,
            "score": result.score,
            "passed": int(result.passed),
            "matched": [item.to_dict() for item in result.matched],
            "missing": [item.to_dict() for item in result.missing],
            "extra": [item.to_dict() for item in result.extra],
            "completed_at": store.now_iso(),
        },
    )


def complete_exercise(store: Store, exercise: Exercise) -> TrainingResult:
    """Check the contact saved since the exercise started, store the result, end the exercise.

    Raises `AdvisorError`: `training.not_started` when this exercise is not the one in progress,
    `training.no_contact` when no contact was saved since it started.
    """
    active = active_exercise(store)
    if active is None or active.exercise_id != exercise.id:
        raise AdvisorError("training.not_started")
    contact_id = trainee_contact(store, active.started_at)
    if contact_id is None:
        raise AdvisorError("training.no_contact")
    result = check_contact(store, exercise, contact_id)
    with store.transaction():
        record_result(store, result)
        stop_exercise(store)
    return result


def _items(raw: str) -> tuple[Item, ...]:
    try:
        loaded = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(Item.from_dict(x) for x in loaded if isinstance(x, dict) and "kind" in x)


def _missed_keys(raw: str) -> set[tuple[str, str, str]]:
    try:
        loaded = json.loads(raw or "[]")
    except ValueError:
        return set()
    return {
        (str(x["kind"]), str(x.get("key", "")), str(x.get("weight", "")))
        for x in loaded
        if isinstance(x, dict) and "kind" in x
    }


def _stored(row: Any) -> StoredResult:
    return StoredResult(
        id=row["id"],
        exercise_id=row["exercise_id"],
        trainee=row["trainee"],
        contact_id=row["contact_id"],
        score=int(row["score"]),
        passed=bool(row["passed"]),
        matched=_items(row["matched"]),
        missing=_items(row["missing"]),
        extra=_items(row["extra"]),
        completed_at=row["completed_at"],
    )


def results(store: Store, trainee: str | None = None) -> list[StoredResult]:
    """Live results, oldest first; one trainee's only when `trainee` is given."""
    sql = f"SELECT * FROM {TABLE} WHERE deleted_at IS NULL"
    params: list[Any] = []
    if trainee is not None:
        sql += " AND trainee = ?"
        params.append(trainee)
    return [_stored(row) for row in store.query(sql + " ORDER BY completed_at, id", params)]


def best_scores(store: Store, trainee: str) -> dict[str, int]:
    """The best score of each exercise this trainee has done."""
    best: dict[str, int] = {}
    for result in results(store, trainee):
        best[result.exercise_id] = max(best.get(result.exercise_id, 0), result.score)
    return best


def summary(store: Store) -> list[TraineeSummary]:
    """Per trainee (by initials): attempts, exercises done, passed, average and best scores, and
    the items missed most often (an item counts once per attempt)."""
    rows = store.query(
        f"SELECT trainee, exercise_id, score, passed, missing FROM {TABLE} "
        "WHERE deleted_at IS NULL ORDER BY completed_at, id"
    )
    by_trainee: dict[str, list[Any]] = {}
    for row in rows:
        by_trainee.setdefault(row["trainee"], []).append(row)
    out: list[TraineeSummary] = []
    for trainee in sorted(by_trainee, key=str.casefold):
        done = by_trainee[trainee]
        best: dict[str, int] = {}
        passed: set[str] = set()
        missed: Counter[tuple[str, str, str]] = Counter()
        for row in done:
            exercise_id, score = row["exercise_id"], int(row["score"])
            best[exercise_id] = max(best.get(exercise_id, 0), score)
            if row["passed"]:
                passed.add(exercise_id)
            missed.update(_missed_keys(row["missing"]))
        ranked = sorted(missed.items(), key=lambda pair: (-pair[1], pair[0]))
        out.append(
            TraineeSummary(
                trainee=trainee,
                attempts=len(done),
                exercises=len(best),
                passed=len(passed),
                average=round(sum(int(r["score"]) for r in done) / len(done)),
                best=best,
                most_missed=tuple((Item(*key), n) for key, n in ranked[:MOST_MISSED]),
            )
        )
    return out
