"""The access log (käyttöloki) and the disclosure log (luovutusloki): append-only, never edited.

Triggers in the schema refuse UPDATE and DELETE on both tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor_tui.models.records import new_id
from advisor_tui.models.store import Store


def log_access(
    store: Store, action: str, record_table: str, record_id: str, detail: str = ""
) -> None:
    """Record that the advisor viewed or changed a record carrying personal data.

    `action` is a short code: view, create, update, delete, purge.
    """
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO access_log (id, at, origin, advisor, action, record_table, record_id, "
            "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_id(),
                store.now_iso(),
                store.origin,
                store.advisor,
                action,
                record_table,
                record_id,
                detail,
            ),
        )


def log_disclosure(
    store: Store, action: str, what: str, record_count: int, target: str = "", detail: str = ""
) -> None:
    """Record that data left the database: an export, a bundle, an invitation with names, a purge.

    `action` is a short code (export, bundle, invitation, purge); `what` names the data;
    `target` is the file written, if any.
    """
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO disclosure_log (id, at, origin, advisor, action, what, record_count, "
            "target, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_id(),
                store.now_iso(),
                store.origin,
                store.advisor,
                action,
                what,
                record_count,
                target,
                detail,
            ),
        )


@dataclass(frozen=True)
class LogEntry:
    at: str
    advisor: str
    action: str
    subject: str
    count: int
    target: str
    detail: str


def disclosures(store: Store) -> list[LogEntry]:
    return [
        LogEntry(
            r["at"],
            r["advisor"],
            r["action"],
            r["what"],
            r["record_count"],
            r["target"],
            r["detail"],
        )
        for r in store.query("SELECT * FROM disclosure_log ORDER BY at")
    ]


def accesses(store: Store) -> list[LogEntry]:
    return [
        LogEntry(
            r["at"],
            r["advisor"],
            r["action"],
            f"{r['record_table']}:{r['record_id']}",
            1,
            "",
            r["detail"],
        )
        for r in store.query("SELECT * FROM access_log ORDER BY at")
    ]
