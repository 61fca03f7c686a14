"""A full disk, a read-only file, a damaged file and two programs on one file."""

from __future__ import annotations

import errno
import hashlib
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.i18n import catalogue
from advisor_tui.models import callbacks as cb
from advisor_tui.models import files
from advisor_tui.models.audit import disclosures
from advisor_tui.models.audit_report import audit_rows, export_audit
from advisor_tui.models.bundles import export_bundle, import_bundle
from advisor_tui.models.callback_requests import create_callback
from advisor_tui.models.contacts import Contact, Referral, save_contact
from advisor_tui.models.errors import AdvisorError, StoreError
from advisor_tui.models.instance_lock import InstanceLock
from advisor_tui.models.maintenance import check_database
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from tests.conftest import FakeClock

REF = shipped_reference()


def contact(store: Store, summary: str = "Lyhyt") -> Contact:
    now = store.now()
    return Contact(
        started_at=now - timedelta(minutes=5),
        ended_at=now,
        channel="phone",
        party="parent",
        topics=["sleep"],
        actions=["advice"],
        summary=summary,
        referrals=[Referral("", "Neuvola"), Referral("", "Omaperhe.fi", digital=True)],
    )


def count(store: Store, table: str) -> int:
    return int(store.scalar(f"SELECT count(*) FROM {table}"))


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill_the_disk(store: Store) -> None:
    """The file may not grow by a single page: what a full disk looks like to SQLite."""
    pages = store.scalar("PRAGMA page_count")
    store.query(f"PRAGMA max_page_count = {pages}")


# -- a full disk ----------------------------------------------------------------------------------


def test_full_disk_saves_nothing_and_says_so(store: Store) -> None:
    save_contact(store, REF, contact(store))
    fill_the_disk(store)
    big = "Pitkä muistiinpano. " * 400
    with pytest.raises(StoreError) as caught:
        save_contact(store, REF, contact(store, big))
    assert caught.value.key == "store.disk_full"
    assert catalogue().error(caught.value) == (
        "Levy on täynnä. Mitään ei tallennettu. Vapauta tilaa ja yritä uudelleen."
    )
    created = 0
    with pytest.raises(StoreError):
        for _ in range(200):
            create_callback(store, cb.RequestForm(phone="040 123 4567", note="x" * 999))
            created += 1
    assert (count(store, "contacts"), count(store, "contact_referrals")) == (1, 2)
    assert count(store, "callbacks") == created
    assert store.scalar("SELECT count(*) FROM access_log WHERE action = 'create'") == created
    assert store.integrity_problems() == []
    store.query("PRAGMA max_page_count = 1073741823")
    save_contact(store, REF, contact(store, big))
    assert count(store, "contacts") == 2


def test_full_disk_during_a_bundle_import_leaves_nothing_half_done(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    source = Store.open(tmp_path / "source.sqlite3", clock=clock)
    source.set_setting("advisor.initials", "LA")
    with source.transaction():
        for _ in range(150):
            save_contact(source, REF, contact(source, "Muistiinpano " * 40))
    export_bundle(source, tmp_path / "bundle.jsonl")
    source.close()
    before = count(store, "contacts")
    fill_the_disk(store)
    with pytest.raises(AdvisorError) as caught:
        import_bundle(store, tmp_path / "bundle.jsonl")
    assert caught.value.key == "store.disk_full"
    assert count(store, "contacts") == before and count(store, "contact_referrals") == 0
    assert store.integrity_problems() == []


def test_full_disk_while_exporting_the_logs_leaves_no_file_and_no_entry(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)
    out = tmp_path / "loki.csv"
    with pytest.raises(AdvisorError) as caught:
        export_audit(store, audit_rows(store), out, ["x"] * 10)
    assert caught.value.key == "export.disk_full"
    assert (
        sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(store.path.name)) == []
    )
    assert not [e for e in disclosures(store) if e.action == "export"]


# -- a read-only file -----------------------------------------------------------------------------


def test_read_only_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "advisor.sqlite3"
    store = Store.open(path)
    save_contact(store, REF, contact(store))
    store.close()
    before = fingerprint(path)
    path.chmod(0o400)
    try:
        with pytest.raises(StoreError) as caught:
            Store.open(path)
        assert caught.value.key == "store.read_only"
        message = catalogue().error(caught.value)
        assert str(path) in message and "Mitään ei muutettu" in message
        result = CliRunner().invoke(app, ["--db", str(path), "audit"])
        assert result.exit_code == 1 and "vain luku" in result.output
        assert check_database(path).ok
    finally:
        path.chmod(0o600)
    assert fingerprint(path) == before


# -- a damaged file -------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["not_sqlite", "first_page", "truncated", "schema_page"])
def test_damaged_file_is_refused_and_never_written(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "advisor.sqlite3"
    store = Store.open(path)
    store.set_setting("advisor.initials", "AK")
    store.close()
    data = bytearray(path.read_bytes())
    if damage == "not_sqlite":
        data[:16] = b"PK\x03\x04 zip file"
    elif damage == "first_page":
        data[100:4000] = b"\x13" * 3900
    elif damage == "truncated":
        data = data[: len(data) // 2]
    else:
        data[4096 + 8 : 4096 + 2000] = b"\xee" * 1992
    path.write_bytes(bytes(data))
    before = fingerprint(path)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert caught.value.key in ("store.not_sqlite", "store.corrupt")
    assert "Tiedostoa ei muutettu" in catalogue().error(caught.value)
    result = CliRunner().invoke(app, ["--db", str(path), "purge"])
    assert result.exit_code == 1
    assert not check_database(path).ok
    assert fingerprint(path) == before
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


# -- two programs on one file ---------------------------------------------------------------------

WRITER = """
import sys
from datetime import timedelta
from pathlib import Path
from advisor_tui.models import callbacks as cb
from advisor_tui.models.callback_requests import create_callback
from advisor_tui.models.contacts import Contact, save_contact
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
store = Store.open(Path(sys.argv[1]))
reference = shipped_reference()
for index in range(int(sys.argv[2])):
    now = store.now()
    save_contact(store, reference, Contact(
        started_at=now - timedelta(minutes=1), ended_at=now, channel="phone", party="parent",
        topics=["sleep"], actions=["advice"], summary=sys.argv[3]))
    create_callback(store, cb.RequestForm(phone="0401234567", name=sys.argv[3]))
print("ok", flush=True)
"""


def test_two_programs_write_at_once_and_neither_is_locked_out(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    Store.open(path).close()
    first = InstanceLock(path)
    second = InstanceLock(path)
    assert first.acquire() and not second.acquire()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), "25", name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Ensimmäinen", "Toinen")
    ]
    outputs = [writer.communicate(timeout=60) for writer in writers]
    first.release()
    for writer, (stdout, stderr) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, stderr
        assert stdout.strip() == "ok" and "locked" not in stderr
    store = Store.open(path)
    summaries = store.query("SELECT summary, count(*) FROM contacts GROUP BY summary")
    assert {tuple(r) for r in summaries} == {("Ensimmäinen", 25), ("Toinen", 25)}
    assert count(store, "callbacks") == 50
    assert store.integrity_problems() == []
    store.close()


def test_a_long_write_in_one_window_makes_the_other_wait_not_fail(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    one = Store.open(path)
    two = Store.open(path)
    holding = threading.Event()
    release = threading.Event()

    def long_import() -> None:
        with one.transaction():
            save_contact(one, REF, contact(one, "Ikkuna 1"))
            holding.set()
            release.wait(5)

    worker = threading.Thread(target=long_import)
    worker.start()
    holding.wait(5)
    threading.Timer(0.3, release.set).start()
    saved = save_contact(two, REF, contact(two, "Ikkuna 2"))
    worker.join()
    assert {r[0] for r in two.query("SELECT summary FROM contacts")} == {"Ikkuna 1", "Ikkuna 2"}
    assert saved.contact_id
    one.close()
    two.close()
