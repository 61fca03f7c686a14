"""The balanced scorecard counts what the funder asks, over Helsinki dates."""

from __future__ import annotations

import io
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


def _text(widget: Any) -> str:
    """What a Static shows, as plain text (its content may be a Rich table)."""
    from rich.console import Console

    console = Console(width=60, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def test_reports_area_shows_the_scorecard_with_charts(store: Store) -> None:
    from textual.widgets import Sparkline, Static

    from advisor_tui.app import AdvisorApp

    _fill(store)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        title = _text(screen.query_one("#report-title", Static))
        assert "Tuloskortti 1.11.2026–23.11.2026 · Kuukausi" in title
        shown = "\n".join(_text(w) for w in screen.query(".section-rows").results(Static))
        assert "Yhteydenottoja" in shown and "Osuus ohjattu digipalveluihin" in shown
        assert "33 %" in shown  # one of three referred to a digital service
        assert "█" in shown  # weekday, hour and recommendation counts as bars
        series = screen.query_one("#per-day", Sparkline).data
        assert series is not None and len(series) == 23 and list(series)[-2:] == [1.0, 3.0]
        _contact(store, "2026-11-23T08:30:00.000000Z")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list(screen.query_one("#per-day", Sparkline).data or [])[-1] == 4.0
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Vuosineljännes" in _text(screen.query_one("#report-title", Static))
        assert len(list(screen.query_one("#per-day", Sparkline).data or [])) == 54
        await pilot.press("p", "a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Tuloskortti 1.1.2026–23.11.2026 · AK · Kuluva vuosi" in _text(
            screen.query_one("#report-title", Static)
        )


def test_markdown_shows_the_recommendation_distribution(store: Store) -> None:
    _fill(store)
    text = as_markdown(build_scorecard(store, DAY, DAY), shipped_reference(), "fi")
    assert "## Suosittelisitko läheisellesi? – vastaukset arvosanoittain" in text
    assert "| 10 | 1 |" in text and "| 7 | 1 |" in text and "| 0 | 0 |" in text


def test_large_and_small_ranges_count_the_same(store: Store) -> None:
    _fill(store)
    for day in range(1, 30):
        _contact(store, f"2026-10-{day:02d}T09:00:00.000000Z", party="professional")
    whole = build_scorecard(store, date(2026, 10, 1), DAY)
    part = build_scorecard(store, DAY, DAY)
    assert whole.contacts == 33 and part.contacts == 3
    assert whole.consultations == 30 and part.consultations == 1
    assert whole.by_topic["sleep"] == 33


def test_times_are_counted_in_helsinki_time_across_clock_changes(store: Store) -> None:
    for started in (
        "2026-07-01T21:30:00.000000Z",  # 00.30 on 2.7 in summer time
        "2026-10-24T21:30:00.000000Z",  # 00.30 on 25.10, the night the clocks turn back
        "2026-10-25T00:30:00.000000Z",  # 03.30 summer time on 25.10
        "2026-10-25T01:30:00.000000Z",  # 03.30 again, now winter time
        "2026-10-25T22:30:00.000000Z",  # 00.30 on 26.10 in winter time
    ):
        _contact(store, started)
    card = build_scorecard(store, date(2026, 7, 1), DAY)
    assert card.per_day == {"2026-07-02": 1, "2026-10-25": 3, "2026-10-26": 1}
    assert card.by_hour == {0: 3, 3: 2}
    assert card.by_weekday == {3: 1, 6: 3, 0: 1}
