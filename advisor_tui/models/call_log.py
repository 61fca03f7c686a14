"""The daily call log for team leads: one row per contact, as CSV, XLSX or JSON Lines.

No free text, names or phone numbers unless notes are asked for, and then the export is recorded
in the disclosure log as such. Every text cell is neutralised against formula injection and the
XLSX file stores no formula at all.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from advisor_tui.models.audit import log_disclosure
from advisor_tui.models.clock import fmt_date, fmt_time, from_iso, local_date
from advisor_tui.models.contact_queries import contacts_between
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.files import write_private_file
from advisor_tui.models.reference import Reference
from advisor_tui.models.spreadsheet_cells import neutralise_cell
from advisor_tui.models.store import Store

FORMATS = ("csv", "xlsx", "jsonl")
COLUMNS = (
    "date",
    "start",
    "duration_min",
    "channel",
    "party",
    "sector",
    "outside_county",
    "municipality",
    "age_groups",
    "child_count",
    "topics",
    "actions",
    "referrals",
    "digital_referrals",
    "feedback_help",
    "feedback_recommend",
    "advisor",
)
NOTE_COLUMNS = ("observations", "summary")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CallLogExport:
    path: Path
    rows: int


def call_log_rows(
    store: Store,
    reference: Reference,
    first: date,
    last: date,
    *,
    advisor: str | None = None,
    include_notes: bool = False,
    language: str = "fi",
) -> list[dict[str, Any]]:
    """The rows of the log with labels in `language`; codes stay codes in JSON Lines."""
    rows = []
    for contact in contacts_between(store, first, last):
        if advisor and contact["created_by"] != advisor:
            continue
        started = from_iso(contact["started_at"])
        municipality = reference.municipalities.get(contact["municipality_code"] or "")

        def labels(kind: str, keys: list[str]) -> str:
            return ", ".join(reference.label(kind, key, language) for key in keys)

        row: dict[str, Any] = {
            "date": fmt_date(started),
            "start": fmt_time(started),
            "duration_min": round(contact["duration_seconds"] / 60, 1),
            "channel": reference.label("channel", contact["channel"], language),
            "party": reference.label("party", contact["party"], language),
            "sector": reference.label("sector", contact["sector"], language)
            if contact["sector"]
            else "",
            "outside_county": contact["outside_county"],
            "municipality": municipality.name(language) if municipality else "",
            "age_groups": labels("age_group", contact["age_groups"]),
            "child_count": contact["child_count"],
            "topics": labels("topic", contact["topics"]),
            "actions": labels("action", contact["actions"]),
            "referrals": "; ".join(r["service_name"] for r in contact["referrals"]),
            "digital_referrals": sum(1 for r in contact["referrals"] if r["digital"]),
            "feedback_help": reference.label("feedback_help", contact["feedback_help"], language),
            "feedback_recommend": contact["feedback_recommend"],
            "advisor": contact["created_by"],
            "_day": local_date(started),
            "_codes": contact,
        }
        if include_notes:
            row["observations"] = ", ".join(contact["observations"])
            row["summary"] = contact["summary"]
        rows.append(row)
    return rows


def export_call_log(
    store: Store,
    reference: Reference,
    out: Path,
    first: date,
    last: date,
    *,
    file_format: str,
    headers: dict[str, str],
    advisor: str | None = None,
    include_notes: bool = False,
    delimiter: str = ";",
    language: str = "fi",
    progress: Progress | None = None,
) -> CallLogExport:
    """Write the log atomically and record the disclosure; `headers` maps column → title."""
    if file_format not in FORMATS:
        raise AdvisorError("export.bad_format", value=file_format)
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise AdvisorError("export.bad_delimiter", value=delimiter)
    if last < first:
        raise AdvisorError("export.bad_range", first=fmt_date(first), last=fmt_date(last))
    if store.is_demo and "DEMO" not in out.name.upper():
        out = out.with_name(f"DEMO-{out.name}")
    rows = call_log_rows(
        store,
        reference,
        first,
        last,
        advisor=advisor,
        include_notes=include_notes,
        language=language,
    )
    columns = COLUMNS + (NOTE_COLUMNS if include_notes else ())
    titles = [headers[c] for c in columns]
    if store.is_demo:
        titles[0] = f"DEMO – {titles[0]}"
    if file_format == "csv":
        data = _csv(rows, columns, titles, delimiter, progress)
    elif file_format == "xlsx":
        data = _xlsx(rows, columns, titles, headers, store.is_demo, progress)
    else:
        data = _jsonl(rows, include_notes, store.is_demo, progress)
    write_private_file(out, data)
    log_disclosure(
        store,
        "export",
        "call_log",
        len(rows),
        target=str(out),
        detail="include_notes" if include_notes else "",
    )
    return CallLogExport(out, len(rows))


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return 1 if value else 0
    return neutralise_cell(value) if isinstance(value, str) else value


def _csv(
    rows: list[dict[str, Any]],
    columns: tuple[str, ...],
    titles: list[str],
    delimiter: str,
    progress: Progress | None,
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_cell(t) for t in titles])
    for index, row in enumerate(rows, start=1):
        writer.writerow(["" if row[c] is None else _cell(row[c]) for c in columns])
        if progress and index % 1000 == 0:
            progress(index, len(rows))
    if progress:
        progress(len(rows), len(rows))
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(
    rows: list[dict[str, Any]],
    columns: tuple[str, ...],
    titles: list[str],
    headers: dict[str, str],
    demo: bool,
    progress: Progress | None,
) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet(headers["sheet_contacts"])
    data = [["" if row[c] is None else _cell(row[c]) for c in columns] for row in rows]
    for index, values in enumerate(data, start=1):
        sheet.write_row(index, 0, values)
        if progress and index % 1000 == 0:
            progress(index, len(rows))
    sheet.add_table(
        0,
        0,
        max(len(data), 1),
        len(columns) - 1,
        {
            "columns": [{"header": _cell(t)} for t in titles],
            "name": "Yhteydenotot",
            "autofilter": True,
        },
    )
    totals = book.add_worksheet(headers["sheet_totals"])
    per_day = Counter(row["_day"] for row in rows)
    consultations = Counter(row["_day"] for row in rows if row["_codes"]["party"] == "professional")
    minutes = Counter()  # type: Counter[date]
    for row in rows:
        minutes[row["_day"]] += row["duration_min"]
    total_titles = [
        headers["total_day"],
        headers["total_contacts"],
        headers["total_consultations"],
        headers["total_minutes"],
    ]
    if demo:
        total_titles[0] = f"DEMO – {total_titles[0]}"
    for index, day in enumerate(sorted(per_day), start=1):
        totals.write_row(
            index, 0, [fmt_date(day), per_day[day], consultations[day], round(minutes[day], 1)]
        )
    totals.add_table(
        0,
        0,
        max(len(per_day), 1),
        3,
        {"columns": [{"header": t} for t in total_titles], "name": "Paivasummat"},
    )
    book.close()
    if progress:
        progress(len(rows), len(rows))
    return buffer.getvalue()


def _jsonl(
    rows: list[dict[str, Any]], include_notes: bool, demo: bool, progress: Progress | None
) -> bytes:
    lines = []
    for row in rows:
        codes = row["_codes"]
        item = {
            "date": row["_day"].isoformat(),
            "started_at": codes["started_at"],
            "duration_min": row["duration_min"],
            "channel": codes["channel"],
            "party": codes["party"],
            "sector": codes["sector"],
            "outside_county": codes["outside_county"],
            "municipality_code": codes["municipality_code"],
            "age_groups": codes["age_groups"],
            "child_count": codes["child_count"],
            "topics": codes["topics"],
            "actions": codes["actions"],
            "referrals": [
                {"service_id": r["service_id"], "name": r["service_name"], "digital": r["digital"]}
                for r in codes["referrals"]
            ],
            "feedback_help": codes["feedback_help"],
            "feedback_recommend": codes["feedback_recommend"],
            "advisor": codes["created_by"],
        }
        if include_notes:
            item["observations"] = codes["observations"]
            item["summary"] = codes["summary"]
        if demo:
            item["demo"] = True
        lines.append(json.dumps(item, ensure_ascii=False, sort_keys=True))
    if progress:
        progress(len(rows), len(rows))
    return "".join(f"{line}\n" for line in lines).encode("utf-8")
