"""The balanced scorecard counts what the funder asks, over Helsinki dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.models import records
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.scorecard import build_scorecard
from advisor_tui.models.store import Store
from advisor_tui.scorecard_report import as_markdown

DAY = date(2026, 11, 23)


def _contact(store: Store, started: str, **values: Any) -> str:
    row: dict[str, Any] = {
        "started_at": started,
        "ended_at": started,
        "duration_seconds": 300,
        "channel": "phone",
        "party": "parent",
        "municipality_code": "297",
        "age_groups": [],
        "topics": ["sleep"],
        "observations": [],
        "actions": ["advice"],
        "feedback_help": "not_asked",
    }
    row.update(values)
    return records.insert(store, "contacts", row)


def _fill(store: Store) -> None:
    _contact(
        store,
        "2026-11-23T07:00:00.000000Z",
        feedback_help="yes",
        feedback_recommend=10,
        actions=["advice", "referral_digital"],
        observations=["väsymys"],
    )
    _contact(
        store,
        "2026-11-23T08:00:00.000000Z",
        feedback_help="partly",
        feedback_recommend=7,
        actions=["needs_assessment"],
        observations=["väsymys", "yksinäisyys"],
    )
    _contact(
        store,
        "2026-11-23T09:00:00.000000Z",
        party="professional",
        sector="school",
        outside_county=1,
        actions=["consultation_given", "referral_service"],
        feedback_help="no",
        channel="email",
    )
    _contact(store, "2026-11-22T21:30:00.000000Z")  # 23.30 Helsinki on 22.11
    records.tombstone(store, "contacts", _contact(store, "2026-11-23T10:00:00.000000Z"))


def test_figures_of_one_day(store: Store) -> None:
    _fill(store)
    card = build_scorecard(store, DAY, DAY)
    assert card.contacts == 3
    assert card.by_channel == {"phone": 2, "email": 1}
    assert card.help_shares == {"yes": 1 / 3, "partly": 1 / 3, "no": 1 / 3}
    assert card.recommend_average == 8.5
    assert (card.digital_referred, card.needs_assessment, card.other_services) == (1, 1, 2)
    assert (card.consultations, card.consultations_outside_county) == (1, 1)
    assert card.observations.most_common(1) == [("väsymys", 2)]
    assert card.by_hour == {9: 1, 10: 1, 11: 1}
    assert build_scorecard(store, date(2026, 11, 22), date(2026, 11, 22)).contacts == 1
    assert build_scorecard(store, DAY, DAY, advisor="XY").contacts == 0


def test_markdown_and_json_commands(store: Store, tmp_path: Path) -> None:
    _fill(store)
    text = as_markdown(build_scorecard(store, DAY, DAY), shipped_reference(), "fi")
    assert "# Tuloskortti 23.11.2026–23.11.2026" in text
    assert "| Yhteydenottoja | 3 |" in text
    store.close()
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "--db",
            str(store.path),
            "report",
            "--from",
            "23.11.2026",
            "--to",
            "23.11.2026",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["contacts"] == 3 and data["process"]["digital_referred"] == 1
    result = runner.invoke(app, ["--db", str(store.path), "report", "--from", "32.11.2026"])
    assert result.exit_code == 1 and "Päivämäärä ”32.11.2026” ei kelpaa" in result.output
    out = tmp_path / "loki.csv"
    result = runner.invoke(
        app,
        ["--db", str(store.path), "export", "calls", "--from", "23.11.2026", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "Vietiin 3 yhteydenottoa" in result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
