"""`advisor-tui audit`: both logs in Helsinki time; exporting them is itself logged."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.models.audit import disclosures, log_access, log_disclosure
from advisor_tui.models.audit_report import CSV_COLUMNS, audit_csv, audit_rows, export_audit
from advisor_tui.models.errors import ValidationError
from advisor_tui.models.store import Store
from tests.conftest import FakeClock


def fill(store: Store, clock: FakeClock) -> None:
    log_access(store, "view", "callbacks", "cb-1")
    clock.advance(hours=13, minutes=45)  # 23.11.2026 23.45 Helsinki, 21.45 UTC
    log_disclosure(store, "export", "call_log", 42, target="/home/ak/puhelut.csv")
    clock.advance(hours=1)  # 24.11.2026 00.45 Helsinki
    log_access(store, "update", "meetings", "m-1", '=HYPERLINK("http://x")')


def test_both_logs_in_time_order_in_helsinki_time(store: Store, clock: FakeClock) -> None:
    fill(store, clock)
    rows = audit_rows(store)
    assert [(r.log, r.when, r.action, r.subject, r.count) for r in rows] == [
        ("access", "23.11.2026 10.00", "view", "callbacks", 1),
        ("disclosure", "23.11.2026 23.45", "export", "call_log", 42),
        ("access", "24.11.2026 00.45", "update", "meetings", 1),
    ]
    assert rows[1].target == "/home/ak/puhelut.csv" and rows[0].record_id == "cb-1"
    assert rows[0].advisor == "AK"


def test_days_are_helsinki_days_and_kinds_filter(store: Store, clock: FakeClock) -> None:
    fill(store, clock)
    day = date(2026, 11, 23)
    assert [r.action for r in audit_rows(store, day, day)] == ["view", "export"]
    assert [r.action for r in audit_rows(store, date(2026, 11, 24))] == ["update"]
    assert [r.action for r in audit_rows(store, kind="disclosure")] == ["export"]
    assert [r.action for r in audit_rows(store, last=day, kind="access")] == ["view"]


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"kind": "everything"}, "trust.audit.bad_kind"),
        ({"first": date(2026, 11, 24), "last": date(2026, 11, 23)}, "trust.audit.range"),
    ],
)
def test_bad_filters_are_explained(store: Store, kwargs: dict[str, object], key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        audit_rows(store, **kwargs)  # type: ignore[arg-type]
    assert caught.value.key == key


def test_csv_is_excel_safe(store: Store, clock: FakeClock) -> None:
    fill(store, clock)
    data = audit_csv(audit_rows(store), list(CSV_COLUMNS))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ";".join(CSV_COLUMNS)
    assert lines[1].startswith("23.11.2026 10.00;access;AK;view;callbacks;cb-1;1;")
    assert ';"\'=HYPERLINK(""http://x"")";' in lines[3]
    assert len(lines) == 5 and lines[4] == ""


def test_export_is_private_and_logged(store: Store, clock: FakeClock, tmp_path: Path) -> None:
    fill(store, clock)
    out = tmp_path / "loki.csv"
    assert export_audit(store, audit_rows(store), out, list(CSV_COLUMNS)) == 3
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    entry = [e for e in disclosures(store) if e.subject == "audit"]
    assert [(e.action, e.count, e.target) for e in entry] == [("export", 3, str(out))]


def prepared(tmp_path: Path) -> Path:
    path = tmp_path / "a.sqlite3"
    store = Store.open(path, clock=FakeClock(datetime(2026, 3, 2, 12, 5, tzinfo=UTC)))
    store.set_setting("advisor.initials", "AK")
    log_access(store, "view", "callbacks", "cb-1")
    log_disclosure(store, "purge", "callbacks", 3)
    store.close()
    return path


def test_cli_shows_the_logs_in_finnish_without_logging_the_viewing(tmp_path: Path) -> None:
    path = prepared(tmp_path)
    result = CliRunner().invoke(app, ["--db", str(path), "audit"])
    assert result.exit_code == 0, result.output
    output = result.output
    assert "Käyttö- ja luovutusloki" in output and "2.3.2026 14.05" in output
    assert "2.3.2026 14.05  AK  käyttö: katselu, takaisinsoitot cb-1" in output
    assert "luovutus: poisto säilytysajan päätyttyä, takaisinsoitot (3 kpl)" in output
    store = Store.open(path)
    assert len(disclosures(store)) == 1
    store.close()


def test_cli_filters_and_explains_mistakes(tmp_path: Path) -> None:
    path = prepared(tmp_path)
    runner = CliRunner()
    base = ["--db", str(path), "audit"]
    result = runner.invoke(app, [*base, "--from", "3.3.2026"])
    assert result.exit_code == 0 and "ei ole merkintöjä" in result.output
    result = runner.invoke(app, [*base, "--kind", "disclosure"])
    assert "katselu" not in result.output and "poisto" in result.output
    for args, message in (
        (["--from", "31.2.2026"], "31.2.2026"),
        (["--format", "pdf"], "Tuntematon muoto: pdf"),
        (["--format", "csv"], "--out"),
        (["--kind", "kaikki"], "Tuntematon loki: kaikki"),
    ):
        result = runner.invoke(app, [*base, *args])
        assert result.exit_code == 1 and message in result.output, (args, result.output)


def test_cli_csv_export_goes_to_the_disclosure_log(tmp_path: Path) -> None:
    path = prepared(tmp_path)
    out = tmp_path / "loki.csv"
    result = CliRunner().invoke(
        app, ["--db", str(path), "audit", "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "luovutuslokiin" in result.output
    text = out.read_text(encoding="utf-8-sig")
    assert text.startswith("Aika;Loki;Kuka;Toiminto;Kohde;Tietue;Määrä;Tiedosto;Lisätieto")
    assert "2.3.2026 14.05;käyttö;AK;katselu;takaisinsoitot;cb-1;1;" in text
    store = Store.open(path)
    assert [e.subject for e in disclosures(store)] == ["callbacks", "audit"]
    store.close()


def test_cli_in_english(tmp_path: Path) -> None:
    path = prepared(tmp_path)
    result = CliRunner().invoke(app, ["--lang", "en", "--db", str(path), "audit"])
    assert result.exit_code == 0
    assert "Access and disclosure log" in result.output and "viewed" in result.output
