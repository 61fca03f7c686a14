"""The scorecard's kept day figures: always the same as counting the contacts again."""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from advisor_tui.models import records
from advisor_tui.models.bundles import export_bundle, import_bundle, synced_tables
from advisor_tui.models.clock import HELSINKI, from_iso
from advisor_tui.models.scorecard import Scorecard, build_scorecard
from advisor_tui.models.store import Store, migrations

FIRST, LAST = date(2026, 1, 1), date(2026, 11, 23)
ADVISORS = ("AK", "MV", "LP")
TOPICS = ("sleep", "money", "school", "divorce", "violence")
ACTIONS = ("advice", "referral_digital", "referral_service", "needs_assessment")


def _service(store: Store, org_type: str) -> str:
    organisation = records.insert(
        store, "organisations", {"name_fi": f"Org {org_type}", "org_type": org_type}
    )
    return records.insert(
        store, "services", {"organisation_id": organisation, "name_fi": f"Palvelu {org_type}"}
    )


def _fill(store: Store, count: int = 400, seed: int = 7) -> list[str]:
    """Contacts over 2026, many at the turn of a Helsinki day and on the clock-change days."""
    rng = random.Random(seed)
    local_service, other_service = _service(store, "ngo"), _service(store, "company")
    moments = [
        "2026-03-29T00:30:00.000000Z",  # 02.30 Helsinki, an hour before summer time
        "2026-03-29T01:30:00.000000Z",  # 04.30 summer time
        "2026-10-24T21:30:00.000000Z",  # 00.30 on 25.10 (summer time)
        "2026-10-25T01:30:00.000000Z",  # 03.30 on 25.10 again, winter time
        "2026-11-22T21:59:59.000000Z",  # 23.59 on 22.11
        "2026-11-22T22:00:00.000000Z",  # 00.00 on 23.11
    ]
    ids = []
    for n in range(count):
        if n < len(moments):
            started = moments[n]
        else:
            day = FIRST + timedelta(days=rng.randrange((LAST - FIRST).days + 1))
            started = (
                f"{day.isoformat()}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00.000000Z"
            )
        contact = records.insert(
            store,
            "contacts",
            {
                "started_at": started,
                "ended_at": started,
                "channel": rng.choice(("phone", "chat", "email")),
                "party": rng.choice(("parent", "professional", "child")),
                "municipality_code": rng.choice(("297", "091", None)),
                "outside_county": rng.randrange(2),
                "topics": rng.sample(TOPICS, rng.randrange(3)),
                "observations": rng.sample(("väsymys", "yksinäisyys"), rng.randrange(2)),
                "actions": rng.sample(ACTIONS, rng.randrange(3)),
                "feedback_help": rng.choice(("yes", "partly", "no", "not_asked")),
                "feedback_recommend": rng.choice((None, 3, 8, 10)),
            },
        )
        store.conn.execute(
            "UPDATE contacts SET created_by = ? WHERE id = ?", (rng.choice(ADVISORS), contact)
        )
        if rng.random() < 0.3:
            service = rng.choice((local_service, other_service))
            records.insert(
                store,
                "contact_referrals",
                {
                    "contact_id": contact,
                    "service_id": service,
                    "service_name": "Palvelu",
                    "digital": int(rng.random() < 0.5),
                },
            )
        ids.append(contact)
    return ids


def _recounted(store: Store, advisor: str | None = None) -> dict[str, Any]:
    kept = store.query("SELECT day, advisor, version, figures FROM scorecard_days")
    store.conn.execute("DELETE FROM scorecard_days")
    try:
        return build_scorecard(store, FIRST, LAST, advisor=advisor).as_dict()
    finally:
        store.conn.execute("DELETE FROM scorecard_days")
        store.conn.executemany(
            "INSERT INTO scorecard_days VALUES (?, ?, ?, ?)", [tuple(r) for r in kept]
        )


def _same_after_keeping(store: Store, advisor: str | None = None) -> Scorecard:
    """The report twice (counting, then from kept days) equals a report counted from scratch."""
    first = build_scorecard(store, FIRST, LAST, advisor=advisor)
    second = build_scorecard(store, FIRST, LAST, advisor=advisor)
    assert first.as_dict() == second.as_dict() == _recounted(store, advisor)
    return second


def _by_hand(store: Store) -> dict[str, Counter[Any]]:
    """A few figures counted contact by contact in Helsinki time."""
    found: dict[str, Counter[Any]] = {"day": Counter(), "hour": Counter(), "topic": Counter()}
    for row in store.query("SELECT started_at, topics FROM contacts WHERE deleted_at IS NULL"):
        moment = from_iso(row["started_at"]).astimezone(HELSINKI)
        if FIRST <= moment.date() <= LAST:
            found["day"][moment.date().isoformat()] += 1
            found["hour"][moment.hour] += 1
            found["topic"].update(json.loads(row["topics"]))
    return found


def test_kept_days_give_what_counting_each_contact_gives(store: Store) -> None:
    _fill(store)
    card = _same_after_keeping(store)
    hand = _by_hand(store)
    assert card.per_day == hand["day"] and card.by_hour == hand["hour"]
    assert card.by_topic == hand["topic"]
    assert card.per_day["2026-10-25"] >= 2 and card.per_day["2026-11-23"] >= 1
    kept = store.scalar("SELECT count(*) FROM scorecard_days WHERE advisor = '*'")
    assert kept == (LAST - FIRST).days + 1
    for advisor in ADVISORS:
        assert _same_after_keeping(store, advisor).contacts > 0
    parts = [build_scorecard(store, FIRST, LAST, advisor=a) for a in ADVISORS]
    assert sum(p.contacts for p in parts) == card.contacts
    assert sum(p.consultations_to_local for p in parts) == card.consultations_to_local


def test_each_kind_of_change_is_counted_in_the_next_report(store: Store) -> None:
    ids = _fill(store, count=150)
    _same_after_keeping(store)
    records.update(store, "contacts", ids[10], {"started_at": "2026-02-03T10:00:00.000000Z"})
    records.update(store, "contacts", ids[11], {"channel": "chat", "topics": ["money"]})
    records.tombstone(store, "contacts", ids[12])
    _same_after_keeping(store)
    store.conn.execute("UPDATE contacts SET created_by = 'MV' WHERE id = ?", (ids[13],))
    store.conn.execute("DELETE FROM contact_referrals WHERE contact_id = ?", (ids[14],))
    store.conn.execute("DELETE FROM contacts WHERE id = ?", (ids[14],))
    _same_after_keeping(store, "MV")
    referral = records.insert(
        store,
        "contact_referrals",
        {"contact_id": ids[20], "service_id": "", "service_name": "Omaperhe", "digital": 1},
    )
    _same_after_keeping(store)
    records.update(store, "contact_referrals", referral, {"digital": 0})
    _same_after_keeping(store)
    records.tombstone(store, "contact_referrals", referral)
    before = _same_after_keeping(store)
    store.conn.execute(
        "UPDATE organisations SET org_type = 'municipality' WHERE org_type = 'company'"
    )
    after = _same_after_keeping(store)
    assert after.consultations_to_local >= before.consultations_to_local
    _service(store, "parish")
    assert store.scalar("SELECT count(*) FROM scorecard_days") == 0
    _same_after_keeping(store)


def test_a_merged_bundle_is_counted(store: Store, tmp_path: Path, clock: Any) -> None:
    other = Store.open(tmp_path / "other.sqlite3", clock=clock)
    other.set_setting("advisor.initials", "MV")
    ids = _fill(other, count=60, seed=3)
    _fill(store, count=60, seed=4)
    _same_after_keeping(store)
    bundle = export_bundle(other, tmp_path / "mv.jsonl").path
    import_bundle(store, bundle)
    card = _same_after_keeping(store)
    assert card.contacts == 120 - _outside_range(store)
    clock.advance(minutes=5)
    records.update(other, "contacts", ids[30], {"started_at": "2026-06-01T09:00:00.000000Z"})
    import_bundle(store, export_bundle(other, tmp_path / "mv2.jsonl").path)
    _same_after_keeping(store)
    assert "scorecard_days" not in synced_tables(store)
    other.close()


def _outside_range(store: Store) -> int:
    return int(
        store.scalar(
            "SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND started_at < ?",
            ("2025-12-31T22:00:00.000000Z",),
        )
    )


def test_a_busy_or_changed_file_still_gets_the_right_figures(store: Store) -> None:
    ids = _fill(store, count=80)
    writer = sqlite3.connect(store.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    card = build_scorecard(store, FIRST, LAST)
    writer.execute("ROLLBACK")
    assert store.scalar("SELECT count(*) FROM scorecard_days") == 0
    assert card.as_dict() == _recounted(store)

    from advisor_tui.models import scorecard_days

    counting = scorecard_days._count

    def count_while_another_saves(*args: Any) -> Any:
        found = counting(*args)
        writer.execute("UPDATE contacts SET channel = 'chat' WHERE id = ?", (ids[0],))
        return found

    scorecard_days._count = count_while_another_saves  # type: ignore[assignment]
    try:
        build_scorecard(store, FIRST, LAST)
    finally:
        scorecard_days._count = counting  # type: ignore[assignment]
    assert store.scalar("SELECT count(*) FROM scorecard_days") == 0
    _same_after_keeping(store)
    writer.close()


def test_a_read_only_file_reports_without_keeping(store: Store) -> None:
    _fill(store, count=40)
    expected = _recounted(store)
    reader = Store(sqlite3.connect(f"file:{store.path}?mode=ro", uri=True), store.path)
    reader.conn.isolation_level = None
    assert build_scorecard(reader, FIRST, LAST).as_dict() == expected
    assert store.scalar("SELECT count(*) FROM scorecard_days") == 0
    reader.close()


def test_a_file_of_the_previous_version_is_counted_after_migrating(
    store: Store, clock: Any
) -> None:
    _fill(store, count=50)
    expected = _recounted(store)
    for (name,) in store.query(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'scorecard_days%'"
    ):
        store.conn.execute(f"DROP TRIGGER {name}")
    store.conn.execute("DROP TABLE scorecard_days")
    store.conn.execute(f"PRAGMA user_version = {len(migrations()) - 1}")
    store.close()
    migrated = Store.open(store.path, clock=clock)
    assert migrated.backup_path is not None
    assert build_scorecard(migrated, FIRST, LAST).as_dict() == expected
    _same_after_keeping(migrated)
    migrated.close()


@pytest.mark.parametrize("advisor", [None, "AK"])
def test_an_empty_range_and_a_day_without_contacts(store: Store, advisor: str | None) -> None:
    card = build_scorecard(store, date(2026, 5, 1), date(2026, 5, 3), advisor=advisor)
    assert card.contacts == 0 and card.per_day == {}
    assert store.scalar("SELECT count(*) FROM scorecard_days") == 3
    records.insert(
        store,
        "contacts",
        {
            "started_at": "2026-05-02T07:00:00.000000Z",
            "ended_at": "2026-05-02T07:00:00.000000Z",
            "channel": "phone",
            "party": "parent",
        },
    )
    card = build_scorecard(store, date(2026, 5, 1), date(2026, 5, 3), advisor=advisor)
    assert card.per_day == {"2026-05-02": 1}
