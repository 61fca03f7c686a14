"""Checking what the advisor typed about a callback, and storing a new request.

The field checks collect every fault in a list, so a form can show each one next to its field;
`callback_actions` uses them for attempts and other changes too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from advisor_tui.models import records
from advisor_tui.models.audit import log_access
from advisor_tui.models.callbacks import (
    NAME_MAX,
    NOTE_MAX,
    PRIORITIES,
    SOURCES,
    TABLE,
    WINDOW_MAX,
    RequestForm,
    Saved,
    load_settings,
)
from advisor_tui.models.clock import at_local, parse_date, parse_time, to_iso
from advisor_tui.models.errors import FieldErrors, ValidationError
from advisor_tui.models.identity_codes import mask_hetus
from advisor_tui.models.phone_numbers import InvalidPhone, normalise_phone
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.safe_text import TextTooLong, clean_text, single_line
from advisor_tui.models.store import Store
from advisor_tui.models.working_days import callback_due_at


def default_due_at(store: Store, requested_at: datetime | None = None) -> datetime:
    settings = load_settings(store)
    return callback_due_at(
        requested_at or store.now(),
        office_end=settings.office_end,
        customary_days_off=settings.customary_days_off,
    )


def check_text(
    errors: list[ValidationError], field: str, value: str, limit: int, *, one_line: bool = True
) -> str:
    try:
        cleaned = clean_text(value, max_len=limit)
    except TextTooLong as exc:
        errors.append(ValidationError("callbacks.error.too_long", field, limit=exc.limit))
        return ""
    return single_line(cleaned).strip() if one_line else cleaned.strip()


def check_choice(
    errors: list[ValidationError], field: str, value: str, allowed: tuple[str, ...]
) -> str:
    if value not in allowed:
        errors.append(ValidationError("callbacks.error.unknown_choice", field, value=value))
    return value


def _phone(errors: list[ValidationError], text: str) -> str:
    if not text.strip():
        errors.append(ValidationError("callbacks.error.phone_required", "phone"))
        return ""
    try:
        return normalise_phone(text)
    except InvalidPhone as exc:
        errors.append(ValidationError(exc.reason_key, "phone"))
        return ""


def check_initials(errors: list[ValidationError], field: str, text: str) -> str:
    value = text.strip().upper()
    if not (1 <= len(value) <= 4 and value.isalpha()):
        errors.append(ValidationError("callbacks.error.bad_initials", field, value=text))
    return value


def check_due(
    store: Store, errors: list[ValidationError], day_text: str, time_text: str
) -> datetime | None:
    """The due moment typed in a form; must lie in the future."""
    settings = load_settings(store)
    try:
        day = parse_date(day_text, "due_date")
    except ValidationError as exc:
        errors.append(exc)
        return None
    clock_time = settings.office_end
    if time_text.strip():
        try:
            clock_time = parse_time(time_text, "due_time")
        except ValidationError as exc:
            errors.append(exc)
            return None
    moment = at_local(day, clock_time)
    if moment <= store.now():
        errors.append(ValidationError("callbacks.error.due_in_past", "due_date"))
        return None
    return moment


def masked(value: str) -> tuple[str, int]:
    """The text with identity codes masked, and how many were."""
    return mask_hetus(value) if value else (value, 0)


def validate_request(
    store: Store, form: RequestForm, requested_at: datetime | None = None
) -> tuple[dict[str, Any], int]:
    """The row to store and the number of masked identity codes; FieldErrors lists every fault."""
    errors: list[ValidationError] = []
    reference = shipped_reference()
    phone = _phone(errors, form.phone)
    name, named_hetus = masked(check_text(errors, "name", form.name, NAME_MAX))
    window = check_text(errors, "preferred_window", form.preferred_window, WINDOW_MAX)
    note, note_hetus = masked(check_text(errors, "note", form.note, NOTE_MAX, one_line=False))
    language = check_choice(
        errors, "language", form.language, tuple(term.key for term in reference.terms("language"))
    )
    topic = form.topic
    if topic:
        check_choice(errors, "topic", topic, tuple(term.key for term in reference.terms("topic")))
    priority = check_choice(errors, "priority", form.priority, PRIORITIES)
    source = check_choice(errors, "source", form.source, SOURCES)
    assigned = (
        check_initials(errors, "assigned_to", form.assigned_to)
        if form.assigned_to.strip()
        else store.advisor
    )
    requested = requested_at or store.now()
    due: datetime | None
    if form.due_date.strip():
        due = check_due(store, errors, form.due_date, form.due_time)
    else:
        due = default_due_at(store, requested)
        if due <= store.now():
            errors.append(ValidationError("callbacks.error.due_in_past", "due_date"))
    if errors or due is None:
        raise FieldErrors(errors)
    values = {
        "phone_e164": phone,
        "name": name or None,
        "preferred_window": window,
        "language": language,
        "topic": topic,
        "note": note,
        "priority": priority,
        "source": source,
        "contact_id": form.contact_id or None,
        "requested_at": to_iso(requested),
        "due_at": to_iso(due),
        "assigned_to": assigned,
        "status": "open",
    }
    return values, named_hetus + note_hetus


def create_callback(store: Store, form: RequestForm, requested_at: datetime | None = None) -> Saved:
    """Check and store a new request in one transaction; FieldErrors means nothing was saved."""
    values, hetus_masked = validate_request(store, form, requested_at)
    with store.transaction():
        callback_id = records.insert(store, TABLE, values)
        log_access(store, "create", TABLE, callback_id)
    return Saved(callback_id, hetus_masked)
