"""`advisor-tui assessment check`: a team lead checks the edited questionnaire."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.paths import locations, package_data_dir

SHIPPED = package_data_dir() / "assessment" / "questionnaire.toml"


def test_check_accepts_the_shipped_questionnaire() -> None:
    result = CliRunner().invoke(app, ["assessment", "check"])
    assert result.exit_code == 0, result.output
    assert "assessment/questionnaire.toml on kunnossa" in result.output
    assert "12 aluetta ja 5 hälytysmerkkiä" in result.output


def test_check_names_the_line_and_field_of_the_teams_copy(tmp_path: Path) -> None:
    override = locations().config_dir / "questionnaire.toml"
    override.parent.mkdir(parents=True, exist_ok=True)
    text = SHIPPED.read_text("utf-8").replace('key = "money"', 'key = "housing"', 1)
    override.write_text(text, "utf-8")
    second = [n for n, x in enumerate(text.splitlines(), 1) if 'key = "housing"' in x][1]
    result = CliRunner().invoke(app, ["assessment", "check"])
    assert result.exit_code == 1
    assert f"Virhe tiedostossa {override}, rivi {second}, kenttä areas.key" in result.output
    good = tmp_path / "hyvä.toml"
    shutil.copy(SHIPPED, good)
    result = CliRunner().invoke(app, ["assessment", "check", str(good)])
    assert result.exit_code == 0 and "hyvä.toml on kunnossa" in result.output
