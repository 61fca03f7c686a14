"""`advisor-tui restore BACKUP`: a checked backup put in place, the working file kept aside."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.i18n import catalogue
from advisor_tui.models import maintenance, restore
from advisor_tui.models.audit import disclosures, log_access
from advisor_tui.models.instance_lock import InstanceLock
from advisor_tui.models.store import Store
from tests.test_integrity_notice import damage, fingerprint, prepared

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def working(tmp_path: Path) -> tuple[Path, Path]:
    """A working file with 300 log rows, a backup of it, and then 5 more rows saved in it."""
    path = prepared(tmp_path / "advisor.sqlite3")
    backup = tmp_path / "copies" / "monday.sqlite3"
    backup.parent.mkdir()
    store = Store.open(path)
    maintenance.backup(store, backup)
    for index in range(5):
        log_access(store, "view", "contacts", f"after-{index}")
    store.close()
    return path, backup


def access_rows(path: Path) -> int:
    store = Store.open(path)
    try:
        return int(store.scalar("SELECT count(*) FROM access_log"))
    finally:
        store.close()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_without_yes_it_only_says_what_it_would_do(working: tuple[Path, Path]) -> None:
    path, backup = working
    before = fingerprint(path)
    code, output = run("--db", str(path), "restore", str(backup))
    assert code == 0, output
    assert "on kunnossa: tietueita 300, viimeisin muutos" in output
    assert "Mitään ei ole vielä muutettu" in output and "--yes" in output
    assert "before-restore-" in output
    assert fingerprint(path) == before
    assert sorted(p.name for p in path.parent.iterdir() if p.is_file()) == [
        "advisor.sqlite3",
        "advisor.sqlite3.lock",
    ] or sorted(p.name for p in path.parent.iterdir() if p.is_file()) == ["advisor.sqlite3"]


def test_restore_puts_the_backup_in_place_and_keeps_the_old_file(
    working: tuple[Path, Path],
) -> None:
    path, backup = working
    backup_print = fingerprint(backup)
    code, output = run("--db", str(path), "restore", str(backup), "--yes")
    assert code == 0, output
    assert "Varmuuskopio on palautettu" in output and "import bundle" in output
    [aside] = [p for p in path.parent.iterdir() if ".before-restore-" in p.name]
    assert f"tallessa tukea varten: {aside}" in output
    assert access_rows(path) == 300
    assert access_rows(aside) == 305
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert fingerprint(backup) == backup_print
    store = Store.open(path)
    [entry] = [e for e in disclosures(store) if e.action == "restore"]
    assert (entry.subject, entry.count, entry.target) == ("all", 300, str(backup.absolute()))
    store.close()
    assert maintenance.check_database(path).ok
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_damaged_working_file_is_replaced_without_being_read(
    working: tuple[Path, Path],
) -> None:
    path, backup = working
    damage(path)
    damaged_print = fingerprint(path)
    code, output = run("--db", str(path), "restore", str(backup), "--yes")
    assert code == 0, output
    [aside] = [p for p in path.parent.iterdir() if ".before-restore-" in p.name]
    assert fingerprint(aside) == damaged_print
    assert maintenance.check_database(path).ok
    assert access_rows(path) == 300


def test_a_missing_working_file_is_restored_too(working: tuple[Path, Path]) -> None:
    path, backup = working
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    code, output = run("--db", str(path), "restore", str(backup), "--yes")
    assert code == 0, output
    assert access_rows(path) == 300
    assert "tallessa" not in output


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        ("damaged", "on vioittunut"),
        ("not_sqlite", "ei ole tämän ohjelman tietokanta eikä sen varmuuskopio"),
        ("missing", "Varmuuskopiota ei löydy"),
        ("same", "sama tiedosto"),
        ("demo", "harjoitustietokannan varmuuskopio"),
        ("open", "auki toisessa ikkunassa"),
    ],
)
def test_a_backup_that_cannot_be_restored_changes_nothing(
    working: tuple[Path, Path], tmp_path: Path, spoil: str, message: str
) -> None:
    path, backup = working
    lock = InstanceLock(path)
    if spoil == "damaged":
        damage(backup)
    elif spoil == "not_sqlite":
        backup.write_text("nimi;puhelin\n", encoding="utf-8")
    elif spoil == "missing":
        backup.unlink()
    elif spoil == "same":
        backup = path
    elif spoil == "demo":
        backup = tmp_path / "demo.sqlite3"
        Store.open(backup, kind="demo").close()
    elif spoil == "open":
        assert lock.acquire()
    before = fingerprint(path)
    files = sorted(p.name for p in tmp_path.rglob("*"))
    try:
        code, output = run("--db", str(path), "restore", str(backup), "--yes")
    finally:
        lock.release()
    assert code == 1
    assert message in output and "muutettu" in output
    assert fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.rglob("*") if not p.name.endswith(".lock")) == [
        name for name in files if not name.endswith(".lock")
    ]


def test_a_failure_while_moving_puts_the_working_file_back(
    working: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, backup = working
    before = fingerprint(path)
    real_replace = os.replace

    failed: list[object] = []

    def failing(source: object, destination: object) -> None:
        if Path(str(destination)) == path and not failed:
            failed.append(source)
            raise OSError(28, "No space left on device")
        real_replace(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr(restore.os, "replace", failing)
    plan = restore.plan_restore(path, backup, "real", NOW)
    with pytest.raises(restore.AdvisorError) as caught:
        restore.restore(plan, "real")
    assert caught.value.key == "store.disk_full"
    assert "levy" in catalogue().error(caught.value).lower()
    assert fingerprint(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        {"advisor.sqlite3", "advisor.sqlite3.lock", "copies"}
        | {p.name for p in path.parent.iterdir() if p.name.endswith(("-wal", "-shm"))}
    )


def test_the_damage_advice_names_the_restore_command() -> None:
    from advisor_tui.i18n import set_language, t

    for language, word in (("fi", "VARMUUSKOPIO"), ("sv", "SÄKERHETSKOPIA"), ("en", "BACKUP")):
        set_language(language)
        assert f"advisor-tui restore {word}" in t(maintenance.DAMAGE_ADVICE)
        assert f"advisor-tui restore {word}" in t("trust.check.not_sqlite", path="x")
    set_language("fi")
