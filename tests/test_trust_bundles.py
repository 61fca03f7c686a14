"""The access and disclosure logs travel in sync bundles and merge without loss."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from advisor_tui.models.audit import log_access, log_disclosure
from advisor_tui.models.bundles import BundleError, export_bundle, import_bundle
from advisor_tui.models.store import Store
from tests.conftest import FakeClock

LOGS = ("access_log", "disclosure_log")


def open_store(tmp_path: Path, name: str, clock: FakeClock) -> Store:
    store = Store.open(tmp_path / f"{name}.sqlite3", clock=clock)
    store.set_setting("advisor.initials", name.upper())
    return store


def entries(store: Store) -> dict[str, set[tuple[object, ...]]]:
    return {table: {tuple(r) for r in store.query(f"SELECT * FROM {table}")} for table in LOGS}


def test_logs_of_two_advisors_end_up_whole_in_both(tmp_path: Path, clock: FakeClock) -> None:
    a = open_store(tmp_path, "aa", clock)
    b = open_store(tmp_path, "bb", clock)
    log_access(a, "view", "callbacks", "cb-a", "puhelu")
    log_disclosure(a, "export", "call_log", 12, target="/tmp/a.csv")
    clock.advance(minutes=5)
    log_access(b, "update", "meetings", "m-b")
    log_disclosure(b, "invitation", "meeting", 2, target="/tmp/kutsu.ics")
    before_a, before_b = entries(a), entries(b)

    export_bundle(a, tmp_path / "a1.jsonl")
    import_bundle(b, tmp_path / "a1.jsonl")
    export_bundle(b, tmp_path / "b1.jsonl")
    import_bundle(a, tmp_path / "b1.jsonl")

    after_a, after_b = entries(a), entries(b)
    for table in LOGS:
        assert before_a[table] | before_b[table] <= after_a[table]
        assert before_a[table] | before_b[table] <= after_b[table]
    assert after_a["access_log"] == after_b["access_log"]
    # Each side logs its own export after writing it, so that entry travels next time.
    [only_a] = after_a["disclosure_log"] - after_b["disclosure_log"]
    [only_b] = after_b["disclosure_log"] - after_a["disclosure_log"]
    assert (only_a[3:6], only_b[3:6]) == (("AA", "bundle", "all"), ("BB", "bundle", "all"))
    assert {r[4] for r in after_a["disclosure_log"]} == {"export", "invitation", "bundle"}
    a.close()
    b.close()


def test_merging_again_or_in_another_order_changes_nothing(
    tmp_path: Path, clock: FakeClock
) -> None:
    a = open_store(tmp_path, "aa", clock)
    b = open_store(tmp_path, "bb", clock)
    log_access(a, "view", "callbacks", "cb-a")
    log_access(b, "view", "callbacks", "cb-b")
    log_disclosure(a, "purge", "callbacks", 4)
    log_disclosure(b, "export", "call_log", 40, target="/tmp/b.csv")
    export_bundle(a, tmp_path / "a.jsonl")
    export_bundle(b, tmp_path / "b.jsonl")
    first = open_store(tmp_path, "lead1", clock)
    second = open_store(tmp_path, "lead2", clock)
    import_bundle(first, tmp_path / "a.jsonl")
    import_bundle(first, tmp_path / "b.jsonl")
    again = import_bundle(first, tmp_path / "a.jsonl")
    assert again.inserted == 0
    import_bundle(second, tmp_path / "b.jsonl")
    import_bundle(second, tmp_path / "a.jsonl")
    assert entries(first) == entries(second)
    assert len(entries(first)["access_log"]) == 2
    assert len(entries(first)["disclosure_log"]) == 2
    for store in (a, b, first, second):
        store.close()


def test_merged_entries_stay_append_only(tmp_path: Path, clock: FakeClock) -> None:
    a = open_store(tmp_path, "aa", clock)
    b = open_store(tmp_path, "bb", clock)
    log_access(a, "view", "callbacks", "cb-a")
    log_disclosure(a, "purge", "callbacks", 4)
    export_bundle(a, tmp_path / "a.jsonl")
    import_bundle(b, tmp_path / "a.jsonl")
    with pytest.raises(sqlite3.IntegrityError):
        b.conn.execute("UPDATE access_log SET advisor = 'XX'")
    with pytest.raises(sqlite3.IntegrityError):
        b.conn.execute("DELETE FROM disclosure_log")
    assert len(entries(b)["disclosure_log"]) == 1
    a.close()
    b.close()


def test_entries_since_a_day_travel_in_a_partial_bundle(tmp_path: Path, clock: FakeClock) -> None:
    a = open_store(tmp_path, "aa", clock)
    log_access(a, "view", "callbacks", "old")
    clock.advance(days=2)
    log_access(a, "view", "callbacks", "new")
    summary = export_bundle(a, tmp_path / "a.jsonl", since=date(2026, 11, 25))
    assert summary.counts["access_log"] == 1
    b = open_store(tmp_path, "bb", clock)
    import_bundle(b, tmp_path / "a.jsonl")
    assert [r[0] for r in b.query("SELECT record_id FROM access_log")] == ["new"]
    a.close()
    b.close()


def rewrite(path: Path, change: dict[str, object], table: str) -> Path:
    """The bundle with the first entry of `table` changed, checksum made to match."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    body = []
    done = False
    for line in lines[1:]:
        item = json.loads(line)
        if item["table"] == table and not done:
            for key, value in change.items():
                if value is ...:
                    item["record"].pop(key)
                else:
                    item["record"][key] = value
            done = True
        body.append(json.dumps(item, ensure_ascii=False, sort_keys=True))
    data = "".join(f"{line}\n" for line in body).encode("utf-8")
    header["sha256"] = hashlib.sha256(data).hexdigest()
    out = path.with_name("changed-" + path.name)
    out.write_bytes(json.dumps(header).encode("utf-8") + b"\n" + data)
    return out


@pytest.mark.parametrize(
    ("table", "change", "field"),
    [
        ("access_log", {"advisor": ...}, "advisor"),
        ("access_log", {"action": ""}, "action"),
        ("access_log", {"record_table": 7}, "record_table"),
        ("disclosure_log", {"record_count": -1}, "record_count"),
        ("disclosure_log", {"record_count": "12"}, "record_count"),
        ("disclosure_log", {"what": ...}, "what"),
        ("disclosure_log", {"target": 5}, "target"),
    ],
)
def test_a_broken_log_entry_rejects_the_whole_bundle(
    tmp_path: Path, clock: FakeClock, table: str, change: dict[str, object], field: str
) -> None:
    a = open_store(tmp_path, "aa", clock)
    log_access(a, "view", "callbacks", "cb-a")
    log_disclosure(a, "export", "call_log", 3)
    export_bundle(a, tmp_path / "a.jsonl")
    bad = rewrite(tmp_path / "a.jsonl", change, table)
    b = open_store(tmp_path, "bb", clock)
    with pytest.raises(BundleError) as caught:
        import_bundle(b, bad)
    assert caught.value.params["field"] == field
    assert entries(b) == {"access_log": set(), "disclosure_log": set()}
    a.close()
    b.close()
