"""The command line: setup without the dialog, locations, and clear refusals."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.models.store import SCHEMA_VERSION, Store
from advisor_tui.models.team import load_team
from advisor_tui.paths import package_data_dir

runner = CliRunner()


def test_setup_stores_the_advisor_and_region(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    result = runner.invoke(
        app,
        [
            "--db",
            str(db),
            "setup",
            "--name",
            "Anna Korhonen",
            "--initials",
            "ak",
            "--county",
            "Pohjois-Pohjanmaa",
            "--municipality",
            "Kempele",
            "--municipality",
            "Oulu",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Tallennettu: Anna Korhonen, 2 kuntaa." in result.output
    store = Store.open(db)
    team = load_team(store)
    store.close()
    assert team is not None
    assert (team.initials, team.county_code, team.municipality_codes) == (
        "AK",
        "19",
        ("244", "564"),
    )


def test_setup_refuses_unknown_county_and_municipality(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    result = runner.invoke(
        app,
        ["--db", str(db), "setup", "--name", "A", "--initials", "A", "--county", "Narnia"],
    )
    assert result.exit_code == 1
    assert "Hyvinvointialuetta ”Narnia” ei tunneta" in result.output
    assert not db.exists()
    result = runner.invoke(
        app,
        [
            "--db",
            str(db),
            "setup",
            "--name",
            "A",
            "--initials",
            "A",
            "--county",
            "13",
            "--municipality",
            "Kempele",
        ],
    )
    assert result.exit_code == 1
    assert "Kempele ei kuulu alueeseen Pohjois-Savon hyvinvointialue." in result.output


def test_environment_variable_chooses_the_database(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "env.sqlite3"
    monkeypatch.setenv("ADVISOR_TUI_DB", str(db))
    result = runner.invoke(app, ["locate"])
    assert result.exit_code == 0
    assert f"Tietokanta: {db}" in result.output
    assert "Asetukset:" in result.output and "Viennit:" in result.output


def test_language_is_chosen_and_remembered(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    result = runner.invoke(app, ["--lang", "sv", "--db", str(db), "locate"])
    assert "Databas:" in result.output
    result = runner.invoke(app, ["--db", str(db), "locate"])
    assert "Databas:" in result.output
    result = runner.invoke(app, ["--lang", "en", "--db", str(db), "locate"])
    assert "Database:" in result.output
    result = runner.invoke(app, ["--lang", "de", "locate"])
    assert result.exit_code == 1
    assert "Unknown language “de”" in result.output


def test_bad_database_files_are_refused_and_left_alone(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite3"
    text.write_text("ei tietokanta", encoding="utf-8")
    result = runner.invoke(
        app, ["--db", str(text), "setup", "--name", "A", "--initials", "A", "--county", "13"]
    )
    assert result.exit_code == 1
    assert "ei ole tämän ohjelman tietokanta" in result.output
    assert text.read_text(encoding="utf-8") == "ei tietokanta"

    newer = tmp_path / "newer.sqlite3"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    result = runner.invoke(
        app, ["--db", str(newer), "setup", "--name", "A", "--initials", "A", "--county", "13"]
    )
    assert result.exit_code == 1
    assert "uudemmalla ohjelmaversiolla" in result.output

    result = runner.invoke(
        app,
        [
            "--db",
            str(tmp_path / "no" / "x.sqlite3"),
            "setup",
            "--name",
            "A",
            "--initials",
            "A",
            "--county",
            "13",
        ],
    )
    assert result.exit_code == 1
    assert "Kansiota ei ole" in result.output


def test_broken_settings_file_is_named(isolated_home: Path) -> None:
    settings = isolated_home / "config" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text('language = "fi"\nkeymap = [\n', encoding="utf-8")
    result = runner.invoke(app, ["locate"])
    assert result.exit_code == 1
    assert str(settings) in result.output
    assert "rivi 2" in result.output or "rivi 3" in result.output


def test_broken_reference_file_stops_the_workstation_with_a_message(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from advisor_tui.models import reference

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(package_data_dir() / "municipalities.csv", data / "municipalities.csv")
    (data / "taxonomy.csv").write_text("kind,key,fi,sv,en\nchanel,x,a,b,c\n", encoding="utf-8")
    monkeypatch.setattr(reference, "shipped_reference", lambda: reference.load_reference(data))
    result = runner.invoke(app, ["--db", str(tmp_path / "a.sqlite3")])
    assert result.exit_code == 1
    assert "Virhe tiedostossa taxonomy.csv, rivi 2, kenttä kind: tuntematon laji" in result.output
