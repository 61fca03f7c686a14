"""`advisor-tui meetings ics` and `advisor-tui meetings list`."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar
from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.models import meetings
from advisor_tui.models.audit import disclosures
from advisor_tui.models.meetings import MeetingDraft, Participant, TaskDraft
from advisor_tui.models.store import Store


def book(store: Store) -> str:
    return meetings.book(
        store,
        MeetingDraft(
            day="24.11.2026",
            start="10.00",
            place="Kauppakatu 1",
            advisor="AK",
            organiser_email="ak@example.fi",
            participants=(Participant("family", "parent", "Mikko Virtanen"),),
        ),
    )


def test_ics_command_writes_request_and_cancel(store: Store, tmp_path: Path) -> None:
    meeting_id = book(store)
    runner = CliRunner()
    target = tmp_path / "kutsu.ics"
    result = runner.invoke(
        app, ["--db", str(store.path), "meetings", "ics", meeting_id, "--out", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert str(target) in result.output
    assert str(Calendar.from_ical(target.read_bytes())["METHOD"]) == "REQUEST"
    assert "Virtanen" not in target.read_text()
    cancel = tmp_path / "peruutus.ics"
    result = runner.invoke(
        app,
        ["--db", str(store.path), "meetings", "ics", meeting_id, "--out", str(cancel), "--cancel"],
    )
    assert result.exit_code == 0, result.output
    assert str(Calendar.from_ical(cancel.read_bytes())["METHOD"]) == "CANCEL"


def test_ics_command_with_names_is_logged(store: Store, tmp_path: Path) -> None:
    meeting_id = book(store)
    target = tmp_path / "nimet.ics"
    args = ["--db", str(store.path), "meetings", "ics", meeting_id, "--out", str(target)]
    result = CliRunner().invoke(app, [*args, "--include-names"])
    assert result.exit_code == 0, result.output
    assert "Mikko Virtanen" in target.read_text()
    assert [d.action for d in disclosures(store)] == ["invitation"]


def test_ics_command_unknown_meeting(store: Store, tmp_path: Path) -> None:
    args = ["--db", str(store.path), "meetings", "ics", "nope", "--out", str(tmp_path / "x.ics")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "nope" in result.output
    assert not (tmp_path / "x.ics").exists()


def test_list_command(store: Store) -> None:
    meeting_id = book(store)
    args = [
        "--db",
        str(store.path),
        "meetings",
        "list",
        "--from",
        "1.11.2026",
        "--to",
        "30.11.2026",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert meeting_id in result.output
    assert "24.11.2026 10.00–11.00" in result.output
    result = CliRunner().invoke(app, [*args[:4], "--from", "1.1.2027", "--to", "2.1.2027"])
    assert "Ei tapaamisia" in result.output


def test_tasks_and_done_commands(store: Store) -> None:
    meeting_id = meetings.book(
        store,
        MeetingDraft(day="23.11.2026", start="8.00", advisor="AK", organiser_email="ak@x.fi"),
        allow_past=True,
    )
    meetings.mark_held(
        store,
        meeting_id,
        "Sovittiin tuesta",
        [TaskDraft("AK", "Soitto perheelle", "20.11.2026"), TaskDraft("Eeva", "Neuvola", "")],
    )
    first, _second = meetings.open_tasks(store)
    runner = CliRunner()
    base = ["--db", str(store.path), "meetings"]
    result = runner.invoke(app, [*base, "tasks", "--advisor", "AK"])
    assert result.exit_code == 0, result.output
    (line,) = [row for row in result.output.splitlines() if row.startswith(first.id)]
    assert line.split()[1:5] == ["myöhässä", "20.11.2026", "AK", "Soitto"]
    result = runner.invoke(app, [*base, "done", first.id])
    assert result.exit_code == 0, result.output
    assert "merkitty tehdyksi" in result.output
    assert "Soitto perheelle" not in runner.invoke(app, [*base, "tasks"]).output
    assert "tehty 23.11.2026" in runner.invoke(app, [*base, "tasks", "--done"]).output
    result = runner.invoke(app, [*base, "done", "no-such-task"])
    assert result.exit_code == 1
    assert "no-such-task" in result.output
    assert "Ei tehtäviä" in runner.invoke(app, [*base, "tasks", "--advisor", "XY"]).output
