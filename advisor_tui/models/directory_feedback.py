"""An advisor's checks and corrections of directory services, kept for the directory maintainer.

A check ("tarkistettu") dates the service verified today; a correction (wrong number, closed…)
is a record the team lead exports (`directory_export.export_feedback`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from advisor_tui.models import records
from advisor_tui.models.directory import CORRECTION_PROBLEMS, NOTE_MAX, today
from advisor_tui.models.errors import ValidationError
from advisor_tui.models.safe_text import TextTooLong, clean_text
from advisor_tui.models.store import Store


def _service_row(store: Store, service_id: str) -> Any:
    rows = store.query(
        "SELECT id, name_fi, source, source_id FROM services WHERE id = ? AND deleted_at IS NULL",
        (service_id,),
    )
    if not rows:
        raise ValidationError("directory.error.no_service", "service")
    return rows[0]


def mark_checked(store: Store, service_id: str, note: str = "") -> str:
    """The advisor checked the service's details today: a feedback record and a fresh date."""
    row = _service_row(store, service_id)
    note = _clean_note(note)
    with store.transaction() as conn:
        feedback_id = records.insert(
            store,
            "service_feedback",
            {
                "service_id": service_id,
                "service_name": row["name_fi"],
                "service_source": row["source"],
                "service_source_id": row["source_id"],
                "kind": "checked",
                "note": note,
            },
        )
        conn.execute(
            "UPDATE services SET verified_on = ?, updated_at = ?, origin = ?, updated_by = ? "
            "WHERE id = ?",
            (today(store).isoformat(), store.now_iso(), store.origin, store.advisor, service_id),
        )
    return feedback_id


def _clean_note(note: str) -> str:
    try:
        return clean_text(note, max_len=NOTE_MAX).strip()
    except TextTooLong as exc:
        raise ValidationError("directory.error.note_too_long", "note", limit=exc.limit) from exc


def record_correction(store: Store, service_id: str, problem: str, note: str) -> str:
    """A correction for the directory maintainer (wrong number, closed, …)."""
    row = _service_row(store, service_id)
    if problem not in CORRECTION_PROBLEMS:
        raise ValidationError("directory.error.problem", "problem")
    note = _clean_note(note)
    if problem == "other" and not note:
        raise ValidationError("directory.error.note_needed", "note")
    return records.insert(
        store,
        "service_feedback",
        {
            "service_id": service_id,
            "service_name": row["name_fi"],
            "service_source": row["source"],
            "service_source_id": row["source_id"],
            "kind": "correction",
            "problem": problem,
            "note": note,
        },
    )


@dataclass(frozen=True)
class Feedback:
    id: str
    created_at: str
    created_by: str
    service_id: str
    service_name: str
    service_source: str
    service_source_id: str
    kind: str
    problem: str
    note: str


def list_feedback(store: Store, since: str | None = None) -> list[Feedback]:
    """Checks and corrections, oldest first; `since` is a UTC ISO time."""
    rows = store.query(
        "SELECT * FROM service_feedback WHERE deleted_at IS NULL AND created_at >= ? "
        "ORDER BY created_at",
        (since or "",),
    )
    return [
        Feedback(
            r["id"],
            r["created_at"],
            r["created_by"],
            r["service_id"],
            r["service_name"],
            r["service_source"],
            r["service_source_id"],
            r["kind"],
            r["problem"],
            r["note"],
        )
        for r in rows
    ]
