"""`advisor-tui backup FILE`: a verified, private, logged copy, consistent while others write."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.i18n import catalogue
from advisor_tui.models import maintenance
from advisor_tui.models.audit import disclosures, log_access
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.store import Store

WRITER = """
import sys
from datetime import timedelta
from pathlib import Path
from advisor_tui.models.contacts import Contact, Referral, save_contact
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
store = Store.open(Path(sys.argv[1]))
reference = shipped_reference()
print("ready", flush=True)
while True:
    now = store.now()
    save_contact(store, reference, Contact(
        started_at=now - timedelta(minutes=2), ended_at=now, channel="phone", party="parent",
        topics=["sleep"], actions=["advice"], summary="x" * 500,
        referrals=[Referral("", "Neuvola"), Referral("", "Omaperhe.fi", digital=True)]))
"""


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_backup_is_a_private_verified_copy_in_the_log(store: Store, tmp_path: Path) -> None:
    log_access(store, "view", "callbacks", "abc")
    target = tmp_path / "copies" / "advisor-backup.sqlite3"
    target.parent.mkdir()
    result = maintenance.backup(store, target)
    assert result.path == target and result.records == 1 and result.size_bytes > 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert files_in(target.parent) == {"advisor-backup.sqlite3"}
    assert maintenance.check_database(target).ok
    copy = Store.open(target)
    assert copy.scalar("SELECT record_id FROM access_log") == "abc"
    assert copy.origin == store.origin
    copy.close()
    [entry] = [e for e in disclosures(store) if e.action == "backup"]
    assert (entry.subject, entry.count, entry.target) == ("all", 1, str(target))


def test_existing_file_is_kept_unless_forced(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"earlier backup")
    with pytest.raises(AdvisorError) as caught:
        maintenance.backup(store, target)
    assert caught.value.key == "trust.backup.exists"
    assert "--force" in catalogue().error(caught.value)
    assert target.read_bytes() == b"earlier backup"
    assert not [e for e in disclosures(store) if e.action == "backup"]
    maintenance.backup(store, target, force=True)
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"


def test_the_database_itself_is_never_the_target(store: Store, tmp_path: Path) -> None:
    before = store.path.read_bytes()
    for target, key in (
        (store.path, "trust.backup.same_file"),
        (tmp_path, "trust.backup.is_folder"),
        (tmp_path / "missing" / "copy.sqlite3", "trust.backup.no_folder"),
    ):
        with pytest.raises(AdvisorError) as caught:
            maintenance.backup(store, target, force=True)
        assert caught.value.key == key
    assert store.path.read_bytes() == before


def test_full_disk_leaves_no_file_and_no_log(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_store: Store, target: Path) -> None:
        target.write_bytes(b"SQLite format 3\x00 half")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(maintenance, "_copy", full)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(AdvisorError) as caught:
        maintenance.backup(store, folder / "copy.sqlite3")
    assert caught.value.key == "store.disk_full"
    assert catalogue().error(caught.value).startswith("Levy on täynnä")
    assert files_in(folder) == set()
    assert not [e for e in disclosures(store) if e.action == "backup"]


def test_a_copy_that_fails_its_check_is_removed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(maintenance, "integrity_problems", lambda _path: ["page 3: broken"])
    with pytest.raises(AdvisorError) as caught:
        maintenance.backup(store, tmp_path / "copy.sqlite3")
    assert caught.value.key == "trust.backup.verify_failed"
    assert not (tmp_path / "copy.sqlite3").exists()


def test_backup_is_consistent_while_another_program_saves(store: Store, tmp_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store.path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        copies = []
        for index in range(3):
            copy = tmp_path / f"copy{index}.sqlite3"
            maintenance.backup(store, copy)
            copies.append(copy)
    finally:
        writer.kill()
        writer.wait()
    assert writer.returncode != 0 and "locked" not in (
        writer.stderr.read() if writer.stderr else ""
    )
    counts = []
    for copy in copies:
        assert maintenance.check_database(copy).ok
        with sqlite3.connect(copy) as conn:
            counts.append(conn.execute("SELECT count(*) FROM contacts").fetchone()[0])
            halves = conn.execute(
                "SELECT count(*) FROM contacts c WHERE (SELECT count(*) FROM contact_referrals r "
                "WHERE r.contact_id = c.id) <> 2"
            ).fetchone()[0]
        assert halves == 0
    assert counts == sorted(counts)


def test_cli_backup_says_what_it_did(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    Store.open(path).close()
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(path), "backup", str(tmp_path / "b.sqlite3")])
    assert result.exit_code == 0, result.output
    assert "Varmuuskopio on valmis" in result.output and "luovutuslokiin" in result.output
    result = runner.invoke(app, ["--db", str(path), "backup", str(tmp_path / "b.sqlite3")])
    assert result.exit_code == 1 and "on jo olemassa" in result.output
    result = runner.invoke(
        app, ["--db", str(path), "backup", str(tmp_path / "b.sqlite3"), "--force"]
    )
    assert result.exit_code == 0, result.output
