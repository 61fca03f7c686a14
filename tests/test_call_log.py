"""The team lead's daily call log: CSV for Finnish Excel, real XLSX, JSON Lines, no free text."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from advisor_tui.i18n import Catalogue
from advisor_tui.models import records
from advisor_tui.models.audit import disclosures
from advisor_tui.models.call_log import COLUMNS, NOTE_COLUMNS, export_call_log
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store

FINNISH = Catalogue("fi")  # the titles the tests read, whatever language the machine's user has
HEADERS = {c: FINNISH.get(f"export.col.{c}") for c in (*COLUMNS, *NOTE_COLUMNS)}
HEADERS.update(
    {
        k: FINNISH.get(f"export.{k}")
        for k in (
            "sheet_contacts",
            "sheet_totals",
            "total_day",
            "total_contacts",
            "total_consultations",
            "total_minutes",
        )
    }
)
DAY = date(2026, 11, 23)
PAYLOADS = ['=HYPERLINK("http://x")', "+358401234567", "-2+3", "@SUM(A1)", "\t=1"]


def _contact(store: Store, started: str, **values: Any) -> str:
    row: dict[str, Any] = {
        "started_at": started,
        "ended_at": started,
        "duration_seconds": 600,
        "channel": "phone",
        "party": "parent",
        "municipality_code": "297",
        "age_groups": ["3-6"],
        "child_count": 1,
        "topics": ["behaviour"],
        "observations": ["=cmd|' /C calc'!A0"],
        "actions": ["advice", "referral_digital"],
        "feedback_help": "yes",
        "feedback_recommend": 9,
        "summary": "Isä huolissaan [bold]uhmasta[/]",
    }
    row.update(values)
    return records.insert(store, "contacts", row)


@pytest.fixture
def logged(store: Store) -> Store:
    first = _contact(store, "2026-11-23T07:15:00.000000Z")
    records.insert(
        store,
        "contact_referrals",
        {"contact_id": first, "service_id": "s1", "service_name": PAYLOADS[0], "digital": 1},
    )
    _contact(
        store,
        "2026-11-23T09:40:00.000000Z",
        party="professional",
        sector="school",
        outside_county=1,
        topics=["absence"],
        summary=PAYLOADS[1],
    )
    _contact(store, "2026-11-22T21:30:00.000000Z")  # 23.30 Helsinki on 22.11: not today
    gone = _contact(store, "2026-11-23T10:00:00.000000Z")
    records.tombstone(store, "contacts", gone)
    return store


def _export(store: Store, out: Path, file_format: str, **options: Any) -> Path:
    return export_call_log(
        store,
        shipped_reference(),
        out,
        DAY,
        DAY,
        file_format=file_format,
        headers=HEADERS,
        **options,
    ).path


def test_csv_opens_in_finnish_excel(logged: Store, tmp_path: Path) -> None:
    path = _export(logged, tmp_path / "log.csv", "csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Päivämäärä", "Alkoi", "Kesto (min)", "Kanava"]
    assert len(rows) == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Päivämäärä"] == "23.11.2026" and first["Alkoi"] == "09.15"
    assert first["Kunta"] == "Kuopio" and first["Aiheet"] == "Uhmakkuus ja tunteiden säätely"
    assert first["Ohjaukset"] == "'" + PAYLOADS[0]
    assert first["Ohjauksia digipalveluihin"] == "1"
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["Ammattilaisen sektori"] == "Koulu tai oppilaitos"
    text = raw.decode("utf-8-sig")
    assert "uhmasta" not in text and "calc" not in text and "+358" not in text


def test_notes_only_on_request_and_then_logged(logged: Store, tmp_path: Path) -> None:
    path = _export(logged, tmp_path / "notes.csv", "csv", include_notes=True, delimiter=",")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    summary = dict(zip(rows[0], rows[2], strict=True))["Yhteenveto"]
    assert summary == "'" + PAYLOADS[1]
    observations = dict(zip(rows[0], rows[1], strict=True))["Havainnot"]
    assert observations.startswith("'=")
    logged_exports = disclosures(logged)
    assert [(d.action, d.subject, d.count, d.detail) for d in logged_exports] == [
        ("export", "call_log", 2, "include_notes")
    ]


def test_xlsx_is_a_real_workbook_without_formulas(logged: Store, tmp_path: Path) -> None:
    path = _export(logged, tmp_path / "log.xlsx", "xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Yhteydenotot", "Päiväsummat"]
    sheet = book["Yhteydenotot"]
    assert [c.value for c in sheet[1]][:2] == ["Päivämäärä", "Alkoi"]
    assert sheet.tables
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    totals = book["Päiväsummat"]
    assert [c.value for c in totals[2]] == ["23.11.2026", 2, 1, 20]


def test_jsonl_keeps_codes(logged: Store, tmp_path: Path) -> None:
    path = _export(logged, tmp_path / "log.jsonl", "jsonl")
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [i["party"] for i in items] == ["parent", "professional"]
    assert items[0]["referrals"][0]["digital"] is True
    assert "summary" not in items[0]


def test_advisor_filter(logged: Store, tmp_path: Path) -> None:
    path = _export(logged, tmp_path / "ak.jsonl", "jsonl", advisor="XY")
    assert path.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize(
    ("options", "key"),
    [({"file_format": "pdf"}, "export.bad_format"), ({"delimiter": ";;"}, "export.bad_delimiter")],
)
def test_bad_options_write_nothing(logged: Store, tmp_path: Path, options: Any, key: str) -> None:
    settings = {"file_format": "csv", **options}
    with pytest.raises(AdvisorError) as caught:
        export_call_log(
            logged, shipped_reference(), tmp_path / "x.csv", DAY, DAY, headers=HEADERS, **settings
        )
    assert caught.value.key == key
    assert (
        list(tmp_path.iterdir()) == [tmp_path / "advisor.sqlite3"]
        or not (tmp_path / "x.csv").exists()
    )
    assert disclosures(logged) == []


def test_missing_folder_is_a_clear_error(logged: Store, tmp_path: Path) -> None:
    with pytest.raises(AdvisorError) as caught:
        _export(logged, tmp_path / "no" / "x.csv", "csv")
    assert caught.value.key == "export.no_folder"


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "jsonl"])
def test_cli_export_is_quiet_when_piped(logged: Store, tmp_path: Path, file_format: str) -> None:
    from typer.testing import CliRunner

    from advisor_tui.cli import app

    logged.close()
    out = tmp_path / f"loki.{file_format}"
    result = CliRunner().invoke(
        app,
        [
            "--db",
            str(logged.path),
            "export",
            "calls",
            "--from",
            "23.11.2026",
            "--format",
            file_format,
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"Vietiin 2 yhteydenottoa tiedostoon {out}."]
    assert out.stat().st_size > 0


def test_progress_reaches_every_row(logged: Store, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    _export(logged, tmp_path / "log.xlsx", "xlsx", progress=lambda *p: seen.append(p))
    assert seen[-1] == (2, 2)


def test_start_times_follow_helsinki_time_across_daylight_saving(
    store: Store, tmp_path: Path
) -> None:
    spring = date(2026, 3, 29)  # clocks go from 03.00 to 04.00 Helsinki time
    for started in (
        "2026-03-28T22:30:00.000000Z",
        "2026-03-29T00:59:00.000000Z",
        "2026-03-29T01:00:00.000000Z",
        "2026-03-29T21:05:00.000000Z",
    ):
        _contact(store, started)
    path = export_call_log(
        store,
        shipped_reference(),
        tmp_path / "dst.csv",
        spring,
        spring,
        file_format="csv",
        headers=HEADERS,
    ).path
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [(row[0], row[1]) for row in rows[1:]] == [
        ("29.3.2026", "00.30"),
        ("29.3.2026", "02.59"),
        ("29.3.2026", "04.00"),
    ]
