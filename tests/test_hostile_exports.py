"""Formula injection through the exports a team lead opens in Excel.

Every payload is saved where an advisor could type it (a contact's summary, an observation, a
referral's service name, a directory service's name and a correction note), the call log is
exported as CSV and XLSX and the directory feedback as CSV, and no cell may be something a
spreadsheet would run: CSV cells are neutralised, and the XLSX file holds no formula at all.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl

from advisor_tui.models.call_log import COLUMNS, NOTE_COLUMNS, export_call_log
from advisor_tui.models.clock import local_date
from advisor_tui.models.contacts import Contact, Referral, normalise_tag, save_contact
from advisor_tui.models.directory_export import export_feedback
from advisor_tui.models.directory_feedback import record_correction
from advisor_tui.models.directory_import import import_file
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.safe_text import clean_text
from advisor_tui.models.spreadsheet_cells import needs_neutralising
from advisor_tui.models.store import Store
from tests.hostile_strings import FORMULA_PAYLOADS

HEADERS = {
    **{name: name for name in (*COLUMNS, *NOTE_COLUMNS)},
    "sheet_contacts": "Yhteydenotot",
    "sheet_totals": "Päivät",
    "total_day": "Päivä",
    "total_contacts": "Yhteydenotot",
    "total_consultations": "Konsultaatiot",
    "total_minutes": "Minuutit",
}


def test_there_are_at_least_forty_payloads() -> None:
    assert len(set(FORMULA_PAYLOADS)) == len(FORMULA_PAYLOADS) >= 40
    assert all(needs_neutralising(clean_text(payload)) for payload in FORMULA_PAYLOADS)


def contacts_with_payloads(store: Store) -> set[str]:
    """One contact per payload; the texts as stored (cleaned), which the exports must defuse."""
    reference = shipped_reference()
    now = store.now()
    stored: set[str] = set()
    for number, payload in enumerate(FORMULA_PAYLOADS):
        tag = normalise_tag(payload)
        contact = Contact(
            started_at=now - timedelta(minutes=60 - number),
            ended_at=now - timedelta(minutes=59 - number),
            channel="phone",
            party="parent",
            topics=["sleep"],
            actions=["referral_service"],
            summary=payload,
            observations=[payload] if tag and len(tag) <= 80 else [],
            referrals=[Referral(service_id=f"s{number}", service_name=payload)],
        )
        save_contact(store, reference, contact)
        stored.add(clean_text(payload))
    return stored


def neutralised_csv(data: bytes, delimiter: str = ";") -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
    for row in rows:
        for cell in row:
            assert not needs_neutralising(cell), f"CSV cell {cell!r} could run as a formula"
    return rows


def defused(cells: list[str], stored: set[str]) -> set[str]:
    """The stored payloads that appear in the export behind an apostrophe."""
    return {text for text in stored if any("'" + text == cell for cell in cells)}


def test_call_log_csv_neutralises_every_payload(store: Store, tmp_path: Path) -> None:
    stored = contacts_with_payloads(store)
    day = local_date(store.now())
    result = export_call_log(
        store,
        shipped_reference(),
        tmp_path / "puhelut.csv",
        day,
        day,
        file_format="csv",
        headers=HEADERS,
        include_notes=True,
    )
    rows = neutralised_csv(result.path.read_bytes())
    assert len(rows) == len(FORMULA_PAYLOADS) + 1
    cells = [cell for row in rows for cell in row]
    assert defused(cells, stored) == stored


def xlsx_cells(path: Path) -> list[Any]:
    book = openpyxl.load_workbook(path)
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not needs_neutralising(cell.value), cell.value
                cells.append(cell.value)
    return cells


def test_call_log_xlsx_holds_no_formula(store: Store, tmp_path: Path) -> None:
    stored = contacts_with_payloads(store)
    day = local_date(store.now())
    result = export_call_log(
        store,
        shipped_reference(),
        tmp_path / "puhelut.xlsx",
        day,
        day,
        file_format="xlsx",
        headers=HEADERS,
        include_notes=True,
    )
    cells = xlsx_cells(result.path)
    assert defused([c for c in cells if isinstance(c, str)], stored) == stored


def test_header_titles_are_neutralised_too(store: Store, tmp_path: Path) -> None:
    contacts_with_payloads(store)
    day = local_date(store.now())
    hostile = {**HEADERS, "summary": '=HYPERLINK("https://evil.example")', "date": "@päivä"}
    for file_format in ("csv", "xlsx"):
        result = export_call_log(
            store,
            shipped_reference(),
            tmp_path / f"otsikot.{file_format}",
            day,
            day,
            file_format=file_format,
            headers=hostile,
            include_notes=True,
        )
        if file_format == "csv":
            neutralised_csv(result.path.read_bytes())
        else:
            xlsx_cells(result.path)


def directory_with_payloads(store: Store, folder: Path) -> tuple[set[str], int]:
    """A service named after each payload and a correction quoting it; names are trimmed, so
    payloads that differ only in leading spaces are stored alike."""
    services = [
        {
            "source": "koe",
            "source_id": f"f{number}",
            "name_fi": payload,
            "area_scope": "nationwide",
            "channels": [{"kind": "phone", "value": "040 000 0000"}],
        }
        for number, payload in enumerate(FORMULA_PAYLOADS)
        if clean_text(payload).strip()
    ]
    document = {"format": "advisor-tui-directory", "version": 1, "services": services}
    path = folder / "kaavat.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    import_file(store, path, "native")
    stored = set()
    rows = store.query("SELECT id, name_fi FROM services WHERE source = 'koe'")
    for row in rows:
        record_correction(store, str(row["id"]), "other", str(row["name_fi"]))
        stored.add(str(row["name_fi"]))
    return stored, len(rows)


def test_directory_feedback_csv_neutralises_names_and_notes(store: Store, tmp_path: Path) -> None:
    stored, services = directory_with_payloads(store, tmp_path)
    assert services >= 40
    count = export_feedback(store, tmp_path / "korjaukset.csv")
    assert count == services
    rows = neutralised_csv((tmp_path / "korjaukset.csv").read_bytes())
    cells = [cell for row in rows for cell in row]
    assert defused(cells, stored) == stored
