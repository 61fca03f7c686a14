"""`advisor-tui demo reset` rebuilds the demo file only, and fills the demo on first use."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.commands.demo import first_use_notices
from advisor_tui.models.demo_reset import database_kind
from advisor_tui.models.instance_lock import InstanceLock
from advisor_tui.models.store import Store
from advisor_tui.paths import locations
from tests.conftest import FakeClock


def contacts_in(path: Path) -> int:
    store = Store.open(path)
    try:
        return int(store.scalar("SELECT count(*) FROM contacts"))
    finally:
        store.close()


def test_reset_builds_the_demo_and_prints_counts_and_time() -> None:
    result = CliRunner().invoke(app, ["demo", "reset", "--weeks", "1", "--seed", "3"])
    assert result.exit_code == 0, result.output
    path = locations().demo_db
    assert database_kind(path) == "demo"
    count = contacts_in(path)
    assert f"Yhteydenotot: {count}" in result.output
    assert "Harjoitustietokanta luotu" in result.output and "Aikaa kului" in result.output
    assert "━" not in result.output


def test_reset_replaces_the_previous_demo(tmp_path: Path) -> None:
    path = tmp_path / "training.sqlite3"
    store = Store.open(path, clock=FakeClock(), kind="demo")
    store.set_setting("demo.marker", "old")
    store.close()
    result = CliRunner().invoke(app, ["--db", str(path), "demo", "reset", "--weeks", "1"])
    assert result.exit_code == 0, result.output
    store = Store.open(path)
    try:
        assert store.get_setting("demo.marker") is None
        assert store.is_demo and store.scalar("SELECT count(*) FROM contacts") > 0
    finally:
        store.close()


def test_reset_refuses_a_real_database_and_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "advisor.sqlite3"
    Store.open(path).close()
    before = path.read_bytes()
    result = CliRunner().invoke(app, ["--db", str(path), "demo", "reset", "--weeks", "1"])
    assert result.exit_code == 1
    assert "ei ole harjoitustietokanta" in result.output
    assert path.read_bytes() == before
    assert contacts_in(path) == 0


def test_reset_refuses_a_file_that_is_no_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("tärkeitä muistiinpanoja", encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", str(path), "demo", "reset"])
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == "tärkeitä muistiinpanoja"


def test_reset_refuses_a_demo_open_in_the_workstation(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    Store.open(path, kind="demo").close()
    lock = InstanceLock(path)
    assert lock.acquire()
    try:
        result = CliRunner().invoke(app, ["--db", str(path), "demo", "reset", "--weeks", "1"])
    finally:
        lock.release()
    assert result.exit_code == 1
    assert "on auki työasemassa" in result.output
    assert path.exists() and contacts_in(path) == 0


def test_reset_tells_what_sizes_are_allowed() -> None:
    result = CliRunner().invoke(app, ["demo", "reset", "--weeks", "200"])
    assert result.exit_code == 1
    assert "anna luku väliltä 1–104" in result.output
    assert not locations().demo_db.exists()


def test_first_start_of_the_demo_fills_it_and_says_so(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.sqlite3", clock=FakeClock(), kind="demo")
    try:
        notices = first_use_notices(store)
        assert len(notices) == 1 and "kuvitteellista yhteydenottoa" in notices[0]
        assert first_use_notices(store) == []
    finally:
        store.close()
