"""Contacts at scale: save latency and the time to open today's list on 100,000 contacts.

Run: python benchmarks/contacts.py [count]
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from advisor_tui.models.clock import local_date, to_iso
from advisor_tui.models.contact_form import new_form, submit_form
from advisor_tui.models.contact_queries import count_contacts, list_contacts
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def populate(store: Store, count: int) -> None:
    """Bulk insert `count` contacts spread over the last year, a few hundred a day."""
    ref = shipped_reference()
    rng = random.Random(1)
    topics = [t.key for t in ref.terms("topic")]
    actions = [t.key for t in ref.terms("action")]
    channels = [t.key for t in ref.terms("channel")]
    parties = [t.key for t in ref.terms("party")]
    rows = []
    for _ in range(count):
        started = NOW - timedelta(seconds=rng.randrange(365 * 86400))
        stamp = to_iso(started)
        rows.append(
            (
                str(uuid.uuid4()), stamp, stamp, store.origin, "AK", "AK", None, stamp,
                to_iso(started + timedelta(minutes=10)), 600, rng.choice(channels),
                rng.choice(parties), json.dumps(rng.sample(topics, 2)),
                json.dumps(rng.sample(actions, 1)), "Yhteenveto puhelusta " * 5,
            )
        )  # fmt: skip
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO contacts (id, created_at, updated_at, origin, created_by, updated_by, "
            "deleted_at, started_at, ended_at, duration_seconds, channel, party, topics, "
            "actions, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def main(count: int) -> None:
    folder = Path(tempfile.mkdtemp())
    store = Store.open(folder / "bench.sqlite3", clock=lambda: NOW)
    ref = shipped_reference()
    save_team(store, resolve_team(ref, "Anna Korhonen", "AK", "Pohjois-Savo", []))
    began = time.perf_counter()
    populate(store, count)
    print(f"generated {count:,} contacts in {time.perf_counter() - began:.1f} s")
    today = local_date(NOW)
    latencies = []
    for n in range(200):
        form = new_form(NOW - timedelta(minutes=15), channel="phone", party="parent")
        form.topics, form.actions = ["sleep", "parenting"], ["advice"]
        form.municipality_code, form.age_groups, form.child_count = "297", ["3-6"], "2"
        form.summary = f"Puhelu {n}: " + "äiti kertoi unesta. " * 20
        start = time.perf_counter()
        submit_form(form, store, ref)
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(
        f"save (form submit to committed row), 200 saves: "
        f"median {statistics.median(latencies):.2f} ms, p95 {p95:.2f} ms (target p95 <= 20 ms)"
    )
    timings = []
    for _ in range(20):
        start = time.perf_counter()
        page = list_contacts(store, today)
        total = count_contacts(store, today)
        timings.append((time.perf_counter() - start) * 1000)
    print(
        f"open today's list (first page of {len(page)} of {total} today): "
        f"median {statistics.median(timings):.2f} ms, worst {max(timings):.2f} ms "
        "(target <= 200 ms)"
    )
    start = time.perf_counter()
    filtered = list_contacts(store, today, text="unesta", channel="phone")
    print(f"filtered list (text + channel): {(time.perf_counter() - start) * 1000:.2f} ms, "
          f"{len(filtered)} rows")  # fmt: skip
    stored = store.scalar("SELECT count(*) FROM contacts")
    size = (folder / "bench.sqlite3").stat().st_size + (folder / "bench.sqlite3-wal").stat().st_size
    print(f"data: {stored:,} contacts, database {size / 1e6:.1f} MB")
    store.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
