"""The call log as an Excel workbook: the rows as a table, and a second sheet of daily totals.

Strings are written as strings whatever they look like: no formula, number or link is ever made
from a cell's text, and text cells arrive already neutralised.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor_tui.models.clock import fmt_date

if TYPE_CHECKING:
    from advisor_tui.models.call_log import LogData
    from advisor_tui.models.call_log_labels import Labels

STARTED_AT, DURATION, PARTY = 1, 2, 4

PROGRESS_EVERY = 2000
TOTAL_KEYS = ("total_day", "total_contacts", "total_consultations", "total_minutes")


def xlsx_bytes(
    data: LogData,
    labels: Labels,
    cells: Iterable[list[Any]],
    titles: list[str],
    headers: dict[str, str],
    demo: bool,
    folder: Path,
    progress: Callable[[int, int], None],
) -> bytes:
    """The workbook; `progress` hears of the rows written, then (total 0) of the packing."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "tmpdir": str(folder),
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet(headers["sheet_contacts"])
    total = len(data.contacts)
    for index, values in enumerate(cells, start=1):
        sheet.write_row(index, 0, values)
        if index % PROGRESS_EVERY == 0:
            progress(index, total)
    sheet.add_table(
        0,
        0,
        max(total, 1),
        len(titles) - 1,
        {
            "columns": [{"header": title} for title in titles],
            "name": "Yhteydenotot",
            "autofilter": True,
        },
    )
    _totals(book.add_worksheet(headers["sheet_totals"]), data, labels, headers, demo)
    progress(total, 0)
    book.close()
    return buffer.getvalue()


def _totals(sheet: Any, data: LogData, labels: Labels, headers: dict[str, str], demo: bool) -> None:
    contacts: Counter[date] = Counter()
    consultations: Counter[date] = Counter()
    minutes: Counter[date] = Counter()
    hours = labels.hours
    for row in data.contacts:
        day = hours[row[STARTED_AT][:13]][0]
        contacts[day] += 1
        minutes[day] += round(row[DURATION] / 60, 1)
        if row[PARTY] == "professional":
            consultations[day] += 1
    titles = [headers[key] for key in TOTAL_KEYS]
    if demo:
        titles[0] = f"DEMO – {titles[0]}"
    for index, day in enumerate(sorted(contacts), start=1):
        sheet.write_row(
            index, 0, [fmt_date(day), contacts[day], consultations[day], round(minutes[day], 1)]
        )
    sheet.add_table(
        0,
        0,
        max(len(contacts), 1),
        len(titles) - 1,
        {"columns": [{"header": title} for title in titles], "name": "Paivasummat"},
    )
