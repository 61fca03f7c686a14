"""`advisor-tui check`: integrity, foreign keys, schema version and WAL, with a plain verdict."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.models.audit import log_access
from advisor_tui.models.maintenance import check_database
from advisor_tui.models.store import SCHEMA_VERSION, Store
from tests.test_integrity_notice import damage


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def closed_database(tmp_path: Path, entries: int = 0) -> Path:
    path = tmp_path / "advisor.sqlite3"
    store = Store.open(path)
    store.set_setting("advisor.initials", "AK")
    with store.transaction():
        for index in range(entries):
            log_access(store, "view", "callbacks", f"record-{index}", "x" * 200)
    store.close()
    return path


def check(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", str(path)])
    return result.exit_code, result.output


def test_a_sound_database_gets_a_plain_yes(tmp_path: Path) -> None:
    path = closed_database(tmp_path)
    before = fingerprint(path)
    code, output = check(path)
    assert code == 0, output
    assert output.strip().endswith("Tietokanta on kunnossa.")
    assert f"rakenneversio {SCHEMA_VERSION}" in output and "lokitila wal" in output
    assert fingerprint(path) == before


def test_the_database_in_use_is_checked_by_default(tmp_path: Path) -> None:
    path = closed_database(tmp_path)
    result = CliRunner().invoke(app, ["--db", str(path), "check"])
    assert result.exit_code == 0 and "Tietokanta on kunnossa." in result.output


def test_damaged_pages_are_named_and_the_file_is_left_alone(tmp_path: Path) -> None:
    path = closed_database(tmp_path, entries=300)
    damage(path)
    before = fingerprint(path)
    report = check_database(path)
    assert not report.ok
    assert {f.key for f in report.problems} <= {"trust.check.integrity", "trust.check.corrupt"}
    code, output = check(path)
    assert code == 1
    assert "Tietokannassa on vikaa" in output
    assert "palauta viimeisin varmuuskopio komennolla" in output
    assert "Tietokanta on kunnossa" not in output
    assert fingerprint(path) == before


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "advisor.sqlite3"
    path.write_bytes(b"Hello, I am a spreadsheet\n" * 50)
    code, output = check(path)
    assert code == 1 and "ei ole tämän ohjelman tietokanta" in output
    assert path.read_bytes() == b"Hello, I am a spreadsheet\n" * 50


def test_a_missing_file(tmp_path: Path) -> None:
    code, output = check(tmp_path / "nowhere.sqlite3")
    assert code == 1 and "Tietokantaa ei löydy" in output
    assert not (tmp_path / "nowhere.sqlite3").exists()


def test_a_broken_reference_between_records(tmp_path: Path) -> None:
    path = closed_database(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO contact_referrals (id, created_at, updated_at, origin, contact_id, "
            "service_name) VALUES ('r1', 'x', 'x', 'o', 'no-such-contact', 'Neuvola')"
        )
    conn.close()
    report = check_database(path)
    assert [(f.key, f.params["table"], f.params["parent"]) for f in report.problems] == [
        ("trust.check.foreign_key", "contact_referrals", "contacts")
    ]
    code, output = check(path)
    assert code == 1 and "contact_referrals" in output and "tukeen" in output


def test_an_older_schema_is_not_a_fault(tmp_path: Path) -> None:
    path = closed_database(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    report = check_database(path)
    assert report.ok and [f.key for f in report.findings] == ["trust.check.older"]
    code, output = check(path)
    assert code == 0 and "päivittää tietokannan" in output


def test_unmoved_wal_pages_are_reported_while_the_program_runs(tmp_path: Path) -> None:
    path = tmp_path / "advisor.sqlite3"
    store = Store.open(path)
    store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    for index in range(20):
        log_access(store, "view", "callbacks", f"record-{index}")
    report = check_database(path)
    store.close()
    assert report.ok and report.wal_frames > 0
    assert [f.key for f in report.findings] == ["trust.check.wal_pending"]


def test_a_read_only_file_can_be_checked(tmp_path: Path) -> None:
    path = closed_database(tmp_path, entries=5)
    path.chmod(0o400)
    try:
        code, output = check(path)
    finally:
        path.chmod(0o600)
    assert code == 0, output
    assert "Tietokanta on kunnossa." in output


def test_swedish_verdict(tmp_path: Path) -> None:
    path = closed_database(tmp_path)
    result = CliRunner().invoke(app, ["--lang", "sv", "check", str(path)])
    assert result.exit_code == 0 and "Databasen är i skick." in result.output
