"""Starting the workstation: the short way in, what waits for the first frame, the refusals."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from advisor_tui import cli
from advisor_tui.app import AdvisorApp
from advisor_tui.i18n import Catalogue, set_language
from advisor_tui.models.store import Store
from advisor_tui.paths import package_data_dir


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (None, None, False)),
        (["--db", "a.sqlite3"], (Path("a.sqlite3"), None, False)),
        (["--db=a.sqlite3", "--lang", "sv", "--demo"], (Path("a.sqlite3"), "sv", True)),
        (["--lang=de"], (None, "de", False)),
    ],
)
def test_plain_start_reads_the_starting_options(argv: list[str], expected: Any) -> None:
    assert cli.plain_start(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["-h"],
        ["--version"],
        ["locate"],
        ["--db", "a.sqlite3", "setup"],
        ["--db"],
        ["--db", "--demo"],
        ["--lang="],
        ["--demo=yes"],
        ["--dbx", "a"],
    ],
)
def test_everything_else_goes_through_the_command_tree(argv: list[str]) -> None:
    assert cli.plain_start(argv) is None


def test_starting_loads_no_command_and_the_commands_load_no_ui() -> None:
    script = (
        "import sys, advisor_tui.cli as cli\n"
        "loaded = [m for m in sys.modules if m.startswith('advisor_tui.commands.')]\n"
        "assert not loaded, loaded\n"
        "tree = cli.app\n"
        "assert 'advisor_tui.commands.sync' in sys.modules\n"
        "assert not any(m.split('.')[0] == 'textual' for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def start(monkeypatch: pytest.MonkeyPatch, *argv: str) -> None:
    monkeypatch.setattr(sys, "argv", ["advisor-tui", *argv])
    cli.main()


def test_plain_start_runs_the_workstation_on_the_chosen_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[AdvisorApp] = []
    monkeypatch.setattr(AdvisorApp, "run", lambda self: started.append(self))
    db = tmp_path / "a.sqlite3"
    start(monkeypatch, "--db", str(db), "--lang", "sv")
    [app] = started
    assert app.store.path == db
    assert app.language == "sv"
    assert len(app.checks) == 1 and app.checks[0]() == []
    assert db.exists()
    set_language("fi")


def test_plain_start_refuses_an_unknown_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        start(monkeypatch, "--db", str(tmp_path / "a.sqlite3"), "--lang", "de")
    assert stopped.value.code == 1
    assert "Tuntematon kieli ”de”" in capsys.readouterr().err
    assert not (tmp_path / "a.sqlite3").exists()


def test_plain_start_stops_on_a_broken_reference_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from advisor_tui.models import reference

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(package_data_dir() / "municipalities.csv", data / "municipalities.csv")
    (data / "taxonomy.csv").write_text("kind,key,fi,sv,en\nchanel,x,a,b,c\n", encoding="utf-8")
    monkeypatch.setattr(reference, "shipped_reference", lambda: reference.load_reference(data))
    with pytest.raises(SystemExit) as stopped:
        start(monkeypatch, "--db", str(tmp_path / "a.sqlite3"))
    assert stopped.value.code == 1
    assert "taxonomy.csv, rivi 2, kenttä kind" in capsys.readouterr().err


async def test_late_checks_report_once_the_shift_view_shows(store: Store) -> None:
    app = AdvisorApp(store, checks=[lambda: ["Kysymyslomake on rikki."]])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["Kysymyslomake on rikki."]
        figure = app.screen.query_one("#figure-contacts_today .value", Static)
        assert str(figure.render()) == "0"


def test_a_catalogue_reads_only_the_files_it_is_asked_for() -> None:
    swedish = Catalogue("sv")
    assert swedish.get("app.help")
    assert set(swedish._own.loaded) == {"app"}
    assert swedish.get("app.no_such_key") == "app.no_such_key"
    assert len(swedish.messages) > 100
    assert set_language("sv") is set_language("sv")
    set_language("fi")
