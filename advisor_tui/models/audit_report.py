"""Reading the access log and the disclosure log, and exporting them for the controller.

Looking at the logs changes nothing; writing them to a file is itself a disclosure and is logged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from advisor_tui.models.audit import log_disclosure
from advisor_tui.models.clock import fmt_datetime, from_iso, local_day_bounds
from advisor_tui.models.errors import AdvisorError, ValidationError
from advisor_tui.models.files import write_private_file
from advisor_tui.models.spreadsheet_cells import neutralise_cell
from advisor_tui.models.store import Store

KINDS = ("access", "disclosure")
CSV_COLUMNS = (
    "when",
    "log",
    "advisor",
    "action",
    "subject",
    "record_id",
    "count",
    "target",
    "detail",
    "origin",
)
Label = Callable[[str, str], str]


@dataclass(frozen=True)
class AuditRow:
    """One log entry. `subject` is the table (access) or the data disclosed (disclosure)."""

    log: str
    id: str
    at: str
    advisor: str
    action: str
    subject: str
    record_id: str
    count: int
    target: str
    detail: str
    origin: str

    @property
    def when(self) -> str:
        """Helsinki time as the user reads it: `23.11.2026 10.00`."""
        return fmt_datetime(from_iso(self.at))


def _bounds(first: date | None, last: date | None) -> tuple[str, str]:
    if first and last and last < first:
        raise ValidationError("trust.audit.range", "to")
    lower = local_day_bounds(first)[0] if first else ""
    upper = local_day_bounds(last)[1] if last else "9"
    return lower, upper


def audit_rows(
    store: Store,
    first: date | None = None,
    last: date | None = None,
    kind: str | None = None,
) -> list[AuditRow]:
    """Entries of both logs (or of `kind`) between two Helsinki dates, inclusive, oldest first."""
    if kind is not None and kind not in KINDS:
        raise ValidationError("trust.audit.bad_kind", "kind", value=kind, kinds=", ".join(KINDS))
    lower, upper = _bounds(first, last)
    rows: list[AuditRow] = []
    if kind in (None, "access"):
        rows += [
            AuditRow(
                "access",
                r["id"],
                r["at"],
                r["advisor"],
                r["action"],
                r["record_table"],
                r["record_id"],
                1,
                "",
                r["detail"],
                r["origin"],
            )
            for r in store.query(
                "SELECT * FROM access_log WHERE at >= ? AND at < ? ORDER BY at, id",
                (lower, upper),
            )
        ]
    if kind in (None, "disclosure"):
        rows += [
            AuditRow(
                "disclosure",
                r["id"],
                r["at"],
                r["advisor"],
                r["action"],
                r["what"],
                "",
                int(r["record_count"]),
                r["target"],
                r["detail"],
                r["origin"],
            )
            for r in store.query(
                "SELECT * FROM disclosure_log WHERE at >= ? AND at < ? ORDER BY at, id",
                (lower, upper),
            )
        ]
    rows.sort(key=lambda row: (row.at, row.log, row.id))
    return rows


def _plain(_kind: str, code: str) -> str:
    return code


def audit_csv(
    rows: list[AuditRow], titles: list[str], label: Label = _plain, delimiter: str = ";"
) -> bytes:
    """UTF-8 with BOM, `;` between fields, every text cell neutralised against formulas.

    `label(kind, code)` turns a code (kind "log", "action" or "subject") into words.
    """
    if len(titles) != len(CSV_COLUMNS):
        raise ValueError("one title per column")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise_cell(title) for title in titles])
    for row in rows:
        cells: list[str | int] = [
            row.when,
            label("log", row.log),
            row.advisor,
            label("action", row.action),
            label("subject", row.subject),
            row.record_id,
            row.count,
            row.target,
            row.detail,
            row.origin,
        ]
        writer.writerow([neutralise_cell(c) for c in cells])
    return buffer.getvalue().encode("utf-8-sig")


def export_audit(
    store: Store, rows: list[AuditRow], out: Path, titles: list[str], label: Label = _plain
) -> int:
    """Write the entries to `out` (whole or not at all, 0600) and log that as a disclosure."""
    if out.exists() and out.is_dir():
        raise AdvisorError("export.not_writable", path=str(out))
    write_private_file(out, audit_csv(rows, titles, label))
    log_disclosure(store, "export", "audit", len(rows), target=str(out.absolute()))
    return len(rows)
