"""How fast exercises load, a contact is checked, and the trainer's summary is built.

Prints: the time to load and validate every shipped exercise (median of 7); the time of one
check (read the contact and its services, compare, render the feedback) on a demo database
with the shipped directory (median of 51); and the time of `training summary` over 10,000
stored results of 50 trainees (median of 5).

    /root/venv/bin/python benchmarks/training.py
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from advisor_tui.models.contacts import Contact, Referral, save_contact
from advisor_tui.models.directory import load_shipped_directory
from advisor_tui.models.records import new_id
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team
from advisor_tui.models.training import load_exercises, shipped_folder
from advisor_tui.models.training_feedback import feedback_lines, service_names
from advisor_tui.models.training_results import check_contact, summary

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
RESULTS = 10_000
TRAINEES = 50


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fill_results(store: Store, exercise_ids: list[str], contact_id: str) -> None:
    rng = random.Random(3)
    missing = [{"kind": "topic", "key": "parenting", "weight": "recommended"},
               {"kind": "service_kind", "key": "digital", "weight": "required"},
               {"kind": "municipality", "key": "244", "weight": "fact"}]  # fmt: skip
    rows = []
    for index in range(RESULTS):
        stamp = (NOW - timedelta(minutes=index)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        trainee = f"T{index % TRAINEES:02d}"
        rows.append(
            (new_id(), stamp, stamp, store.origin, trainee, trainee, None,
             rng.choice(exercise_ids), trainee, contact_id, rng.randint(30, 100), rng.randint(0, 1),
             "[]", json.dumps(rng.sample(missing, rng.randint(0, 3))), "[]", stamp)
        )  # fmt: skip
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO training_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def main() -> None:
    reference = shipped_reference()
    exercise_load = median_ms(lambda: load_exercises([shipped_folder()]), 7)
    exercises = load_exercises([shipped_folder()]).exercises
    print(f"load and validate {len(exercises)} shipped exercises: {exercise_load:.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "demo.sqlite3", clock=lambda: NOW, kind="demo")
        save_team(store, resolve_team(reference, "Tiina Harjoittelija", "TH", "13", []))
        load_shipped_directory(store, include_demo=True)
        services = int(store.scalar("SELECT count(*) FROM services"))
        omaperhe = str(store.scalar("SELECT id FROM services WHERE source_id = 'omaperhe'"))
        contact = Contact(
            NOW - timedelta(minutes=5), NOW, "phone", "parent", municipality_code="244",
            age_groups=["3-6"], topics=["behaviour"], actions=["advice"],
            referrals=[Referral(omaperhe, "Omaperhe", digital=True)],
        )  # fmt: skip
        contact_id = save_contact(store, reference, contact).contact_id
        exercise = exercises[0]
        names = service_names(store)

        def one_check() -> None:
            result = check_contact(store, exercise, contact_id)
            feedback_lines(result, exercise, reference, "fi", names)

        print(f"check one contact ({services} services in the directory): "
              f"{median_ms(one_check, 51):.2f} ms")  # fmt: skip
        fill_results(store, [e.id for e in exercises], contact_id)
        took = median_ms(lambda: summary(store), 5)
        print(f"summary of {RESULTS} results, {TRAINEES} trainees: {took:.0f} ms")
        store.close()


if __name__ == "__main__":
    main()
