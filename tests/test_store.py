"""The local SQLite file: pragmas, permissions, migrations, refusals and transactions."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from advisor_tui.models import records
from advisor_tui.models.errors import StoreError
from advisor_tui.models.instance_lock import InstanceLock
from advisor_tui.models.store import SCHEMA_VERSION, Store

FIXTURES = Path(__file__).with_name("fixtures")


def test_pragmas_are_safe(store: Store) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_default_location_is_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "advisor.sqlite3"
    Store.open(path, create_parent=True).close()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_new_file_is_migrated_to_the_latest_version(blank_store: Store) -> None:
    assert blank_store.user_version == SCHEMA_VERSION
    assert blank_store.get_setting("db.kind") == "real"
    assert len(blank_store.origin) == 36
    assert blank_store.backup_path is None


def test_version_1_fixture_migrates_and_is_copied_aside(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "store_v1.sqlite3", path)
    store = Store.open(path)
    assert store.user_version == SCHEMA_VERSION
    assert store.get_setting("advisor.initials") == "LV"
    assert store.origin == "0c6f3a52-5d2e-4a8e-9d7e-1f2a3b4c5d6e"
    assert store.scalar("SELECT count(*) FROM drafts") == 1
    assert store.backup_path is not None and store.backup_path.exists()
    backup = sqlite3.connect(store.backup_path)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    backup.close()
    store.close()
    again = Store.open(path)
    assert again.backup_path is None
    again.close()


def test_newer_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert caught.value.key == "store.too_new"
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()


def test_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("asiakkaan muistiinpanot\n", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert caught.value.key == "store.not_sqlite"
    assert path.read_text(encoding="utf-8") == "asiakkaan muistiinpanot\n"


def test_corrupt_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    Store.open(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert caught.value.key == "store.corrupt"
    assert path.read_bytes() == bytes(data)


def test_missing_folder_is_an_error_not_created(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path / "nowhere" / "x.sqlite3")
    assert caught.value.key == "store.no_folder"
    assert not (tmp_path / "nowhere").exists()


def test_unwritable_folder_and_read_only_file(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError) as caught:
            Store.open(folder / "x.sqlite3")
        assert caught.value.key == "store.folder_not_writable"
    finally:
        folder.chmod(0o700)
    path = tmp_path / "ro.sqlite3"
    Store.open(path).close()
    path.chmod(0o400)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert caught.value.key == "store.read_only"


def test_locked_database_gives_a_clear_error(store: Store) -> None:
    store.conn.execute("PRAGMA busy_timeout = 100")
    other = store.reopen()
    other.conn.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as caught, store.transaction():
            store.conn.execute("INSERT INTO settings VALUES ('k', 'v', 'now')")
        assert caught.value.key == "store.locked"
        assert store.get_setting("k") is None
    finally:
        other.conn.execute("ROLLBACK")
        other.close()


def test_full_disk_rolls_back_the_whole_action(store: Store) -> None:
    pages = store.scalar("PRAGMA page_count")
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError) as caught, store.transaction():
        store.set_setting("small", "x")
        store.set_setting("big", "x" * 200_000)
    assert caught.value.key == "store.disk_full"
    assert store.get_setting("small") is None
    assert store.integrity_problems() == []


def test_transaction_is_all_or_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.set_setting("a", "1")
        raise RuntimeError("boom")
    assert store.get_setting("a") is None


def test_listeners_hear_only_commits_that_changed_something(store: Store) -> None:
    heard: list[int] = []
    store.add_listener(lambda: heard.append(1))
    with store.transaction():
        pass
    store.set_setting("x", "1")
    assert heard == [1]


def test_record_convention(store: Store, clock) -> None:  # type: ignore[no-untyped-def]
    record_id = records.insert(store, "drafts", {"form": "test", "payload": {"a": 1}})
    row = records.get(store, "drafts", record_id)
    assert row is not None
    assert row["origin"] == store.origin and row["created_by"] == "AK"
    assert row["created_at"] == row["updated_at"] == "2026-11-23T08:00:00.000000Z"
    assert row["payload"] == '{"a": 1}'
    clock.advance(minutes=5)
    assert records.update(store, "drafts", record_id, {"payload": {"a": 2}})
    row = records.get(store, "drafts", record_id)
    assert row is not None and row["updated_at"] == "2026-11-23T08:05:00.000000Z"
    assert row["created_at"] == "2026-11-23T08:00:00.000000Z"
    assert records.tombstone(store, "drafts", record_id)
    assert records.get(store, "drafts", record_id) is None
    kept = records.get(store, "drafts", record_id, include_deleted=True)
    assert kept is not None and kept["deleted_at"] == "2026-11-23T08:05:00.000000Z"


def test_logs_are_append_only(store: Store) -> None:
    from advisor_tui.models.audit import disclosures, log_access, log_disclosure

    log_access(store, "view", "callbacks", "abc")
    log_disclosure(store, "export", "contacts", 12, target="/tmp/x.csv")
    assert [d.count for d in disclosures(store)] == [12]
    for table in ("access_log", "disclosure_log"):
        with pytest.raises(StoreError), store.transaction() as conn:
            conn.execute(f"UPDATE {table} SET advisor = 'XX'")
        with pytest.raises(StoreError), store.transaction() as conn:
            conn.execute(f"DELETE FROM {table}")
    assert store.scalar("SELECT count(*) FROM access_log WHERE advisor = 'AK'") == 1


def test_second_instance_is_noticed_and_both_work(store: Store) -> None:
    first = InstanceLock(store.path)
    second = InstanceLock(store.path)
    assert first.acquire()
    try:
        assert not second.acquire()
        assert second.other_pid is not None and second.other_pid > 0
        other = Store.open(store.path)
        other.set_setting("from_second", "yes")
        assert store.get_setting("from_second") == "yes"
        other.close()
    finally:
        first.release()
    assert second.acquire()
    second.release()


def test_integrity_check_passes_on_a_new_file(store: Store) -> None:
    assert store.integrity_problems() == []
