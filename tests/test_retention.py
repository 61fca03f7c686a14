"""Purging callback personal data after the retention period."""

from __future__ import annotations

from advisor_tui.models import callbacks as cb
from advisor_tui.models import retention
from advisor_tui.models.audit import disclosures
from advisor_tui.models.store import Store
from tests.conftest import FakeClock


def make(store: Store, name: str = "Maija Meikäläinen") -> str:
    return cb.create_callback(store, cb.RequestForm(phone="040 765 4321", name=name)).id


def test_personal_data_goes_14_days_after_closing(store: Store, clock: FakeClock) -> None:
    closed = make(store)
    still_open = make(store)
    cb.record_attempt(store, closed, "reached")
    clock.advance(days=13, hours=23)
    assert retention.pending(store) == []
    assert retention.purge_due(store) == 0
    clock.advance(hours=2)
    assert [item.record_id for item in retention.pending(store)] == [closed]
    assert retention.purge_due(store) == 1

    row = store.query("SELECT * FROM callbacks WHERE id = ?", (closed,))[0]
    assert row["name"] is None and row["phone_e164"] is None
    assert row["personal_data_purged_at"] == store.now_iso()
    assert row["status"] == "done" and row["topic"] == "" and row["due_at"]
    kept = cb.get_callback(store, still_open)
    assert kept is not None and kept.name == "Maija Meikäläinen"

    log = [entry for entry in disclosures(store) if entry.action == "purge"]
    assert [(entry.subject, entry.count) for entry in log] == [("callbacks", 1)]
    assert retention.purge_due(store) == 0
    assert len([e for e in disclosures(store) if e.action == "purge"]) == 1


def test_purged_name_is_not_left_in_the_file(store: Store, clock: FakeClock) -> None:
    callback_id = make(store, name="Harvinainen Sukunimi-Xyzzy")
    cb.close_callback(store, callback_id, "cancelled", "Soittaja perui")
    clock.advance(days=15)
    retention.purge_due(store)
    store.close()
    data = store.path.read_bytes()
    wal = store.path.with_name(store.path.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    assert b"Xyzzy" not in data
    assert b"7654321" not in data


def test_retention_days_is_a_setting(store: Store, clock: FakeClock) -> None:
    store.set_setting("callbacks.retention_days", "3")
    callback_id = make(store)
    cb.close_callback(store, callback_id, "unreached")
    clock.advance(days=3)
    assert [i.record_id for i in retention.pending(store)] == [callback_id]


def test_dry_run_listing_changes_nothing(store: Store, clock: FakeClock) -> None:
    callback_id = make(store)
    cb.close_callback(store, callback_id, "done")
    clock.advance(days=20)
    assert len(retention.pending(store)) == 1
    callback = cb.get_callback(store, callback_id)
    assert callback is not None and callback.name == "Maija Meikäläinen"
    assert not [e for e in disclosures(store) if e.action == "purge"]
