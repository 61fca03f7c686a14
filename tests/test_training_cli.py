"""`advisor-tui training list`, `training check FILE` and `training summary`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.models.contacts import Contact, save_contact
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team
from advisor_tui.models.training import load_exercises, shipped_folder
from advisor_tui.models.training_results import complete_exercise, start_exercise
from tests.test_training import VALID


def test_list_shows_the_shipped_exercises() -> None:
    result = CliRunner().invoke(app, ["training", "list"])
    assert result.exit_code == 0, result.output
    for exercise_id in ("kempele-uhma", "punainen-lippu", "ammattilainen-lapista"):
        assert exercise_id in result.output


def test_list_reports_a_broken_own_file(isolated_home: Path) -> None:
    folder = isolated_home / "config" / "training"
    folder.mkdir(parents=True)
    (folder / "rikki.toml").write_text(VALID.replace('"phone"', '"puhelin"'), encoding="utf-8")
    result = CliRunner().invoke(app, ["training", "list"])
    assert result.exit_code == 1
    assert "kempele-uhma" in result.output
    assert "rikki.toml, rivi 8, kenttä contact.channel: ”puhelin” ei ole" in result.output


def test_check_accepts_a_good_file_and_names_the_problem_in_a_bad_one(tmp_path: Path) -> None:
    good = tmp_path / "oma.toml"
    good.write_text(VALID, encoding="utf-8")
    result = CliRunner().invoke(app, ["training", "check", str(good)])
    assert result.exit_code == 0, result.output
    assert (
        "oma.toml: kunnossa – oma-harjoitus, Oma harjoitus (3 odotettua kohtaa)." in result.output
    )
    bad = tmp_path / "huono.toml"
    bad.write_text(VALID.replace('key = "advice"', 'key = "neuvonta"'), encoding="utf-8")
    result = CliRunner().invoke(app, ["training", "check", str(bad)])
    assert result.exit_code == 1
    assert "huono.toml, rivi 18, kenttä actions[0].key: ”neuvonta” ei ole" in result.output


def _demo_with_results(tmp_path: Path, clock: object) -> Store:
    store = Store.open(tmp_path / "demo.sqlite3", clock=clock, kind="demo")  # type: ignore[arg-type]
    save_team(store, resolve_team(shipped_reference(), "Tiina Harjoittelija", "TH", "13", []))
    exercise = load_exercises([shipped_folder()]).get("kempele-uhma")
    assert exercise is not None
    start_exercise(store, exercise.id)
    now = store.now()
    contact = Contact(
        now - timedelta(minutes=5), now, "phone", "parent", municipality_code="297",
        age_groups=["3-6"], topics=["behaviour"], actions=["advice"],
    )  # fmt: skip
    save_contact(store, shipped_reference(), contact)
    complete_exercise(store, exercise)
    return store


def test_summary_lists_each_trainee_with_scores_and_missed_items(
    tmp_path: Path, clock: object
) -> None:
    store = _demo_with_results(tmp_path, clock)
    path = str(store.path)
    store.close()
    runner = CliRunner()
    result = runner.invoke(app, ["--db", path, "training", "summary"])
    assert result.exit_code == 0, result.output
    assert "TH" in result.output and "kempele-uhma" in result.output
    result = runner.invoke(app, ["--db", path, "training", "summary", "--format", "csv"])
    assert result.exit_code == 0, result.output
    header, row = result.output.strip().splitlines()
    assert header.startswith("Harjoittelija;Yrityksiä;Harjoituksia;Hyväksyttyjä;Keskiarvo")
    cells = row.split(";")
    assert cells[:4] == ["TH", "1", "1", "0"]
    assert "kunta Kempele (1)" in cells[6]
    assert "ohjaus digipalveluun (1)" in cells[6]
    result = runner.invoke(app, ["--db", path, "training", "summary", "--format", "xlsx"])
    assert result.exit_code == 2
    assert "Tuntematon muoto ”xlsx”" in result.output


def test_summary_without_results_says_so(store: Store) -> None:
    result = CliRunner().invoke(app, ["--db", str(store.path), "training", "summary"])
    assert result.exit_code == 0, result.output
    assert "Harjoitustuloksia ei ole vielä." in result.output
