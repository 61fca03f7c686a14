"""`advisor-tui purge` and `advisor-tui callbacks list` on a real file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.models import callbacks as cb
from advisor_tui.models.callback_actions import close_callback
from advisor_tui.models.callback_requests import create_callback
from advisor_tui.models.store import Store
from tests.conftest import FakeClock


def prepare(path: Path) -> str:
    month_ago = FakeClock(datetime.now(UTC) - timedelta(days=30))
    store = Store.open(path, clock=month_ago)
    closed = create_callback(store, cb.RequestForm(phone="0401234567", name="Maija")).id
    close_callback(store, closed, "done")
    create_callback(store, cb.RequestForm(phone="0407654321", due_date="1.1.2099"))
    store.close()
    return closed


def test_purge_dry_run_lists_then_purge_removes(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    closed = prepare(path)
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(path), "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Poistettaisiin 1 tietuetta" in result.output and closed in result.output
    result = runner.invoke(app, ["--db", str(path), "purge"])
    assert result.exit_code == 0
    assert "Henkilötiedot poistettu 1 tietueesta" in result.output
    store = Store.open(path)
    try:
        row = store.query("SELECT name, phone_e164 FROM callbacks WHERE id = ?", (closed,))[0]
        assert (row["name"], row["phone_e164"]) == (None, None)
    finally:
        store.close()
    result = runner.invoke(app, ["--db", str(path), "purge", "--dry-run"])
    assert "Poistettavia henkilötietoja ei ole" in result.output


def test_callbacks_list_shows_the_open_queue(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    prepare(path)
    result = CliRunner().invoke(app, ["--db", str(path), "callbacks", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "1.1.2099" in lines[0] and "tulossa" in lines[0]
