"""The shipped retention rules: what personal data goes, and when.

- `callbacks`: name, phone number and free-text notes of a callback, `callback_days` after it
  was closed or deleted; the rest stays for the statistics. A purged callback that holds text
  again (in itself, its attempts or its changes: a merge with a database that had not purged)
  is purged again.
- `meetings`: participants' names, phone numbers and e-mail addresses, the place, purpose, agenda,
  outcome notes, agreed tasks and reasons of moves, `meeting_months` after the meeting.
- `contact_notes`: the free-text summary of an anonymous contact and its referral reasons,
  `contact_note_months` after the contact; the counted fields stay.
- `drafts`: unsaved form input not touched for `draft_days`.

Every rule finds its work by the text still there, not by a mark of an earlier purge, so text
that a merge brings back is found again (`retention.apply_retention` runs the rules inside the
import's transaction). Every rule overwrites the text first and then empties it (NULL where the
column allows it, as `PURGED_TEXT` lists); `secure_delete` zeroes what SQLite frees. Synced
records are stamped as changed by this database, so the purge travels in the next bundle, and
copies held for a merge conflict are emptied too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from advisor_tui.models.retention import (
    PurgeItem,
    RetentionRule,
    cutoff_days,
    cutoff_months,
    load_retention,
    register_rule,
)
from advisor_tui.models.store import Store

_BATCH = 400


def _batches(ids: list[str]) -> Iterator[tuple[list[str], str]]:
    for offset in range(0, len(ids), _BATCH):
        batch = ids[offset : offset + _BATCH]
        yield batch, ", ".join("?" for _ in batch)


def _items(what: str, rows: list[sqlite3.Row]) -> list[PurgeItem]:
    return [PurgeItem(what, str(r["id"]), str(r["since"])) for r in rows]


def _stamp(store: Store) -> tuple[str, str, str]:
    return (store.now_iso(), store.origin, store.advisor)


_STAMP_SQL = "updated_at = ?, origin = ?, updated_by = ?"

_MEETING_TEXT = ("place", "purpose", "agenda", "outcome", "status_reason")
MEETING_CHILDREN = {
    "meeting_participants": ("name", "phone", "email"),
    "meeting_tasks": ("who", "what"),
    "meeting_history": ("reason",),
}
CALLBACK_CHILDREN = {"callback_attempts": "note", "callback_changes": "reason"}

PURGED_TEXT: dict[str, dict[str, str | None]] = {
    "callbacks": {"name": None, "phone_e164": None, "note": "", "close_reason": ""},
    **{table: {column: ""} for table, column in CALLBACK_CHILDREN.items()},
    "meetings": dict.fromkeys(_MEETING_TEXT, ""),
    **{table: dict.fromkeys(columns, "") for table, columns in MEETING_CHILDREN.items()},
    "contacts": {"summary": ""},
    "contact_referrals": {"reason": ""},
}
"""Each purged field and the value it holds once purged, per table."""


def _scrub_conflicts(
    conn: sqlite3.Connection, table: str, where_ids: str, params: list[str]
) -> None:
    """Empty the purged fields in the copies a merge conflict keeps of these records."""
    paths = ", ".join(f"'$.{c}', ?" for c in PURGED_TEXT[table])
    values = list(PURGED_TEXT[table].values())
    conn.execute(
        f"UPDATE sync_conflicts SET kept = json_replace(kept, {paths}), "
        f"other = json_replace(other, {paths}) "
        f"WHERE record_table = ? AND record_id IN ({where_ids})",
        (*values, *values, table, *params),
    )


# -- callbacks ------------------------------------------------------------------------------------

_CALLBACK_HOLDS_TEXT = " OR ".join(
    [
        "c.name IS NOT NULL OR c.phone_e164 IS NOT NULL",
        "length(c.note) > 0 OR length(c.close_reason) > 0",
        *(
            f"EXISTS (SELECT 1 FROM {child} x WHERE x.callback_id = c.id "
            f"AND length(x.{column}) > 0)"
            for child, column in CALLBACK_CHILDREN.items()
        ),
    ]
)
"""A callback (alias c) that holds personal text in itself or in its attempts and changes."""


def callback_candidates(store: Store) -> list[PurgeItem]:
    """Closed (or deleted) callbacks whose personal data has outlived the retention period, and
    purged callbacks that text has come back to (a merge with a database that had not purged).
    Each part reads one partial index or scans one table once, never a lookup per callback."""
    cutoff = cutoff_days(store, load_retention(store).callback_days)
    since = "coalesce(c.closed_at, c.deleted_at, c.personal_data_purged_at)"
    children = " ".join(
        f"UNION SELECT c.id, {since} FROM {child} x JOIN callbacks c ON c.id = x.callback_id "
        f"WHERE length(x.{column}) > 0 AND c.personal_data_purged_at IS NOT NULL"
        for child, column in CALLBACK_CHILDREN.items()
    )
    rows = store.query(
        "SELECT id, coalesce(closed_at, deleted_at) AS since FROM callbacks "
        "WHERE personal_data_purged_at IS NULL "
        "AND (status <> 'open' OR deleted_at IS NOT NULL) "
        "AND coalesce(closed_at, deleted_at) <= ? "
        f"UNION SELECT c.id, {since} FROM callbacks c WHERE c.personal_data_purged_at IS NOT NULL "
        "AND (c.name IS NOT NULL OR c.phone_e164 IS NOT NULL "
        f"OR length(c.note) > 0 OR length(c.close_reason) > 0) {children} "
        "ORDER BY since, id",
        (cutoff,),
    )
    return _items("callbacks", rows)


def purge_callbacks(store: Store, ids: list[str]) -> int:
    """Overwrite, then remove name, phone and notes; the rest stays for the statistics."""
    now, origin, advisor = _stamp(store)
    count = 0
    with store.transaction() as conn:
        for batch, marks in _batches(ids):
            live = [
                r[0]
                for r in conn.execute(
                    f"SELECT c.id FROM callbacks c WHERE c.id IN ({marks}) "
                    f"AND (c.personal_data_purged_at IS NULL OR {_CALLBACK_HOLDS_TEXT})",
                    batch,
                )
            ]
            if not live:
                continue
            marks = ", ".join("?" for _ in live)
            conn.execute(
                "UPDATE callbacks SET name = CASE WHEN name IS NULL THEN NULL ELSE '' END, "
                "phone_e164 = CASE WHEN phone_e164 IS NULL THEN NULL ELSE '' END, "
                f"note = '', close_reason = '' WHERE id IN ({marks})",
                live,
            )
            cursor = conn.execute(
                "UPDATE callbacks SET name = NULL, phone_e164 = NULL, "
                "personal_data_purged_at = coalesce(personal_data_purged_at, ?), "
                f"{_STAMP_SQL} WHERE id IN ({marks})",
                (now, now, origin, advisor, *live),
            )
            count += cursor.rowcount
            for child, column in CALLBACK_CHILDREN.items():
                children = f"SELECT id FROM {child} WHERE callback_id IN ({marks})"
                conn.execute(
                    f"UPDATE {child} SET {column} = '', {_STAMP_SQL} "
                    f"WHERE callback_id IN ({marks}) AND length({column}) > 0",
                    (now, origin, advisor, *live),
                )
                _scrub_conflicts(conn, child, children, live)
            _scrub_conflicts(conn, "callbacks", marks, live)
    return count


# -- meetings -------------------------------------------------------------------------------------


def _any_text(columns: tuple[str, ...], alias: str) -> str:
    return " OR ".join(f"length({alias}.{c}) > 0" for c in columns)


def meeting_candidates(store: Store) -> list[PurgeItem]:
    """Meetings `meeting_months` ago or earlier that still carry names, contact details or notes
    (each table scanned once, whatever brought the text: the meeting itself or a merge)."""
    cutoff = cutoff_months(store, load_retention(store).meeting_months)
    children = " ".join(
        f"UNION SELECT m.id, m.starts_at FROM {table} x JOIN meetings m ON m.id = x.meeting_id "
        f"WHERE ({_any_text(columns, 'x')}) AND m.starts_at <= ?"
        for table, columns in MEETING_CHILDREN.items()
    )
    rows = store.query(
        "SELECT m.id, m.starts_at AS since FROM meetings m WHERE m.starts_at <= ? "
        f"AND ({_any_text(_MEETING_TEXT, 'm')}) {children} ORDER BY since, id",
        (cutoff,) * (1 + len(MEETING_CHILDREN)),
    )
    return _items("meetings", rows)


def purge_meetings(store: Store, ids: list[str]) -> int:
    """Empty the names, contact details and notes of these meetings and everything under them."""
    stamp = _stamp(store)
    count = 0
    with store.transaction() as conn:
        for batch, marks in _batches(ids):
            blank = ", ".join(f"{c} = ''" for c in _MEETING_TEXT)
            cursor = conn.execute(
                f"UPDATE meetings SET {blank}, {_STAMP_SQL} WHERE id IN ({marks})",
                (*stamp, *batch),
            )
            count += cursor.rowcount
            _scrub_conflicts(conn, "meetings", marks, batch)
            for table, columns in MEETING_CHILDREN.items():
                blank = ", ".join(f"{c} = ''" for c in columns)
                conn.execute(
                    f"UPDATE {table} SET {blank}, {_STAMP_SQL} WHERE meeting_id IN ({marks}) "
                    f"AND ({_any_text(columns, table)})",
                    (*stamp, *batch),
                )
                children = f"SELECT id FROM {table} WHERE meeting_id IN ({marks})"
                _scrub_conflicts(conn, table, children, batch)
    return count


# -- free-text notes of anonymous contacts --------------------------------------------------------


def contact_note_candidates(store: Store) -> list[PurgeItem]:
    """Contacts `contact_note_months` old or older that still have a summary or referral reason."""
    cutoff = cutoff_months(store, load_retention(store).contact_note_months)
    due = {
        str(r[0]): str(r[1])
        for r in store.query(
            "SELECT id, started_at FROM contacts WHERE started_at <= ? AND length(summary) > 0",
            (cutoff,),
        )
    }
    for row in store.query(
        "SELECT c.id, c.started_at FROM contact_referrals r JOIN contacts c ON c.id = r.contact_id "
        "WHERE length(r.reason) > 0 AND c.started_at <= ?",
        (cutoff,),
    ):
        due[str(row[0])] = str(row[1])
    ordered = sorted(due.items(), key=lambda item: (item[1], item[0]))
    return [PurgeItem("contact_notes", record_id, since) for record_id, since in ordered]


def purge_contact_notes(store: Store, ids: list[str]) -> int:
    """Empty the summaries and referral reasons; the counted fields stay for the statistics."""
    stamp = _stamp(store)
    count = 0
    with store.transaction() as conn:
        for batch, marks in _batches(ids):
            cursor = conn.execute(
                f"UPDATE contacts SET summary = '', {_STAMP_SQL} WHERE id IN ({marks})",
                (*stamp, *batch),
            )
            count += cursor.rowcount
            _scrub_conflicts(conn, "contacts", marks, batch)
            conn.execute(
                f"UPDATE contact_referrals SET reason = '', {_STAMP_SQL} "
                f"WHERE contact_id IN ({marks}) AND length(reason) > 0",
                (*stamp, *batch),
            )
            children = f"SELECT id FROM contact_referrals WHERE contact_id IN ({marks})"
            _scrub_conflicts(conn, "contact_referrals", children, batch)
    return count


# -- abandoned drafts -----------------------------------------------------------------------------


def draft_candidates(store: Store) -> list[PurgeItem]:
    """Drafts nobody has touched for `draft_days`."""
    cutoff = cutoff_days(store, load_retention(store).draft_days)
    rows = store.query(
        "SELECT id, updated_at AS since FROM drafts WHERE updated_at <= ? ORDER BY since, id",
        (cutoff,),
    )
    return _items("drafts", rows)


def purge_drafts(store: Store, ids: list[str]) -> int:
    """Overwrite, then delete: drafts are local input, never synced."""
    count = 0
    with store.transaction() as conn:
        for batch, marks in _batches(ids):
            conn.execute(f"UPDATE drafts SET payload = '' WHERE id IN ({marks})", batch)
            count += conn.execute(f"DELETE FROM drafts WHERE id IN ({marks})", batch).rowcount
    return count


register_rule(RetentionRule("callbacks", callback_candidates, purge_callbacks))
register_rule(RetentionRule("meetings", meeting_candidates, purge_meetings))
register_rule(RetentionRule("contact_notes", contact_note_candidates, purge_contact_notes))
register_rule(RetentionRule("drafts", draft_candidates, purge_drafts))
