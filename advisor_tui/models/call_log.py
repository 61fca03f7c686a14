"""The daily call log for team leads: one row per contact, as CSV, XLSX or JSON Lines.

No free text, names or phone numbers unless notes are asked for, and then the export is recorded
in the disclosure log as such. Every text cell is neutralised against formula injection and the
XLSX file stores no formula at all.

A year of a busy line is a hundred thousand rows, so the log reads only the columns it writes,
fetches the referrals of the whole range in one query, and looks each label, municipality and
local hour up once per export instead of once per row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from advisor_tui.models.audit import log_disclosure
from advisor_tui.models.call_log_csv import csv_text
from advisor_tui.models.call_log_labels import Labels, Lookup
from advisor_tui.models.call_log_xlsx import xlsx_bytes
from advisor_tui.models.clock import fmt_date, local_day_bounds
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.files import write_private_file
from advisor_tui.models.page_cache import big_cache, collector_paused
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
PROGRESS_EVERY = 2000
Progress = Callable[[int, int], None]
Referral = tuple[str, str, bool]

_FIELDS = (
    "id",
    "started_at",
    "duration_seconds",
    "channel",
    "party",
    "sector",
    "outside_county",
    "municipality_code",
    "age_groups",
    "child_count",
    "topics",
    "actions",
    "feedback_help",
    "feedback_recommend",
    "created_by",
    "observations",
    "summary",
)
ID, STARTED_AT, DURATION, CHANNEL, PARTY = 0, 1, 2, 3, 4
_REFERRALS = (
    "SELECT r.contact_id, r.service_id, r.service_name, r.digital "
    "FROM contact_referrals r JOIN contacts c ON c.id = r.contact_id "
    "WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL "
    "AND c.started_at >= ? AND c.started_at < ? ORDER BY r.created_at, r.rowid"
)
_ALL_REFERRALS = (
    "SELECT contact_id, service_id, service_name, digital FROM contact_referrals "
    "WHERE deleted_at IS NULL ORDER BY created_at, rowid"
)
_LIVE_CONTACTS = "SELECT count(*) FROM contacts WHERE deleted_at IS NULL"


@dataclass(frozen=True)
class CallLogExport:
    path: Path
    rows: int


@dataclass
class LogData:
    """The contacts of the range in start order, as tuples in `_FIELDS` order (the last two
    only with notes), and their referrals: id → [(service id, name, digital)]. The referrals
    may hold other contacts too: when the range holds most of the contacts, reading them all
    costs less than finding those of the range."""

    contacts: list[tuple[Any, ...]]
    referrals: dict[str, list[Referral]]


def fetch_log(
    store: Store, first: date, last: date, *, advisor: str | None, include_notes: bool
) -> LogData:
    low, _ = local_day_bounds(first)
    _, high = local_day_bounds(last)
    fields = _FIELDS if include_notes else _FIELDS[:-2]
    sql = f"SELECT {', '.join(fields)} FROM contacts "
    sql += "WHERE deleted_at IS NULL AND started_at >= ? AND started_at < ?"
    params: tuple[str, ...] = (low, high)
    if advisor:
        sql += " AND created_by = ?"
        params += (advisor,)
    cursor = store.conn.cursor()
    cursor.row_factory = None
    with big_cache(store):
        contacts = cursor.execute(sql + " ORDER BY started_at, id", params).fetchall()
        referrals: dict[str, list[Referral]] = {}
        if len(contacts) * 2 > store.scalar(_LIVE_CONTACTS):
            found_referrals = cursor.execute(_ALL_REFERRALS)
        else:
            found_referrals = cursor.execute(_REFERRALS, (low, high))
        for contact_id, service_id, name, digital in found_referrals:
            found = referrals.get(contact_id)
            if found is None:
                found = referrals[contact_id] = []
            found.append((service_id, name, bool(digital)))
    return LogData(contacts, referrals)


def log_cells(data: LogData, labels: Labels, include_notes: bool) -> Iterator[list[Any]]:
    """Each row's cells in `COLUMNS` order (then `NOTE_COLUMNS`): texts, numbers, None for no
    value (an empty cell in both formats). Flags are stored as 0 or 1 and stay so."""
    channels, parties = labels.term("channel"), labels.term("party")
    sectors, helps = labels.term("sector"), labels.term("feedback_help")
    ages, topics, actions = labels.terms("age_group"), labels.terms("topic"), labels.terms("action")
    places, hours, texts = labels.municipalities, labels.hours, labels.texts
    referrals = data.referrals
    for row in data.contacts:
        started = row[1]
        _, day_text, hour = hours[started[:13]]
        refs = referrals.get(row[0])
        cells: list[Any] = [
            day_text,
            f"{hour}.{started[14:16]}",
            round(row[2] / 60, 1),
            channels[row[3]],
            parties[row[4]],
            sectors[row[5]],
            row[6],
            places[row[7]],
            ages[row[8]],
            row[9],
            topics[row[10]],
            actions[row[11]],
            neutralise_cell("; ".join(r[1] for r in refs)) if refs else "",
            sum(1 for r in refs if r[2]) if refs else 0,
            helps[row[12]],
            row[13],
            texts[row[14]],
        ]
        if include_notes:
            cells.append(neutralise_cell(", ".join(json.loads(row[15]))))
            cells.append(neutralise_cell(row[16]))
        yield cells


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
    columns = COLUMNS + (NOTE_COLUMNS if include_notes else ())
    titles = [neutralise_cell(headers[c]) for c in columns]
    if store.is_demo:
        titles[0] = f"DEMO – {titles[0]}"
    labels = Labels(reference, language)
    report = progress or (lambda done, total: None)
    with collector_paused():
        data = fetch_log(store, first, last, advisor=advisor, include_notes=include_notes)
        if file_format == "csv":
            body = _csv(data, labels, titles, include_notes, delimiter, report)
        elif file_format == "xlsx":
            cells = log_cells(data, labels, include_notes)
            body = xlsx_bytes(
                data, labels, cells, titles, headers, store.is_demo, out.parent, report
            )
        else:
            body = _jsonl(data, labels, include_notes, store.is_demo, report)
    write_private_file(out, body)
    log_disclosure(
        store,
        "export",
        "call_log",
        len(data.contacts),
        target=str(out),
        detail="include_notes" if include_notes else "",
    )
    report(len(data.contacts), len(data.contacts))
    return CallLogExport(out, len(data.contacts))


def _csv(
    data: LogData,
    labels: Labels,
    titles: list[str],
    include_notes: bool,
    delimiter: str,
    progress: Progress,
) -> bytes:
    return csv_text(data, labels, titles, include_notes, delimiter, progress).encode("utf-8-sig")


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _jsonl(
    data: LogData, labels: Labels, include_notes: bool, demo: bool, progress: Progress
) -> bytes:
    """Codes rather than labels, lists as lists, one object per line."""
    lists: Lookup[str, list[str]] = Lookup(json.loads)
    hours, encode, referrals = labels.hours, _ENCODER.encode, data.referrals
    lines = []
    total = len(data.contacts)
    for index, row in enumerate(data.contacts, start=1):
        (contact_id, started, seconds, channel, party, sector, outside, place) = row[:8]
        (age_groups, children, topic_keys, action_keys, help_key, recommend, who) = row[8:15]
        item = {
            "date": hours[started[:13]][0].isoformat(),
            "started_at": started,
            "duration_min": round(seconds / 60, 1),
            "channel": channel,
            "party": party,
            "sector": sector,
            "outside_county": bool(outside),
            "municipality_code": place,
            "age_groups": lists[age_groups],
            "child_count": children,
            "topics": lists[topic_keys],
            "actions": lists[action_keys],
            "referrals": [
                {"service_id": service_id, "name": name, "digital": digital}
                for service_id, name, digital in referrals.get(contact_id, ())
            ],
            "feedback_help": help_key,
            "feedback_recommend": recommend,
            "advisor": who,
        }
        if include_notes:
            item["observations"] = json.loads(row[15])
            item["summary"] = row[16]
        if demo:
            item["demo"] = True
        lines.append(encode(item))
        if index % PROGRESS_EVERY == 0:
            progress(index, total)
    return "".join(f"{line}\n" for line in lines).encode("utf-8")
