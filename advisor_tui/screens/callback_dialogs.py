"""The callback dialogs: new request, call attempt, reschedule, reassign and close."""

from __future__ import annotations

from advisor_tui.i18n import t
from advisor_tui.models import callbacks as cb
from advisor_tui.models.callback_actions import close_callback, reassign, record_attempt, reschedule
from advisor_tui.models.callback_requests import create_callback, default_due_at
from advisor_tui.models.clock import fmt_date, fmt_datetime, fmt_time
from advisor_tui.models.phone_numbers import format_phone_fi
from advisor_tui.models.reference import Reference
from advisor_tui.models.store import Store
from advisor_tui.screens.callback_form import CallbackFormDialog, FormField


def _choices(prefix: str, keys: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((t(f"{prefix}.{key}"), key) for key in keys)


def request_dialog(
    store: Store,
    reference: Reference,
    language: str,
    *,
    topic: str = "",
    caller_language: str = "fi",
    contact_id: str | None = None,
    source: str = "busy_line",
) -> CallbackFormDialog:
    """The new-request form; dismisses with `cb.Saved` or None."""
    due = default_due_at(store)
    languages = tuple((term.label(language), term.key) for term in reference.terms("language"))
    topic_terms = sorted(
        ((term.label(language), term.key) for term in reference.terms("topic")),
        key=lambda pair: pair[0].casefold(),
    )
    topics = ((t("callbacks.form.topic_none"), ""), *topic_terms)
    fields = [
        FormField(
            "phone", t("callbacks.form.phone"), hint=t("callbacks.form.phone_hint"), max_length=40
        ),
        FormField("name", t("callbacks.form.name"), max_length=cb.NAME_MAX),
        FormField("language", t("callbacks.form.language"), caller_language, languages),
        FormField("topic", t("callbacks.form.topic"), topic, topics),
        FormField("preferred_window", t("callbacks.form.window"), max_length=cb.WINDOW_MAX),
        FormField("note", t("callbacks.form.note"), max_length=cb.NOTE_MAX),
        FormField(
            "priority",
            t("callbacks.form.priority"),
            "normal",
            _choices("callbacks.priority", cb.PRIORITIES),
        ),
        FormField(
            "source", t("callbacks.form.source"), source, _choices("callbacks.source", cb.SOURCES)
        ),
        FormField(
            "due_date",
            t("callbacks.form.due_date"),
            fmt_date(due),
            hint=t("callbacks.form.due_hint", due=fmt_datetime(due)),
            max_length=10,
        ),
        FormField("due_time", t("callbacks.form.due_time"), fmt_time(due), max_length=5),
        FormField("assigned_to", t("callbacks.form.assigned_to"), store.advisor, max_length=4),
    ]

    def submit(values: dict[str, str]) -> cb.Saved:
        return create_callback(store, cb.RequestForm(contact_id=contact_id, **values))

    return CallbackFormDialog(t("callbacks.form.new_title"), fields, submit)


def contact_lines(callback: cb.Callback) -> str:
    """Name and number for the advisor who is about to call."""
    phone = format_phone_fi(callback.phone_e164) if callback.phone_e164 else "–"
    lines = [t("callbacks.form.call_number", phone=phone)]
    if callback.name:
        lines.append(t("callbacks.form.call_name", name=callback.name))
    if callback.preferred_window:
        lines.append(f"{t('callbacks.detail.window')}: {callback.preferred_window}")
    return "\n".join(lines)


def attempt_dialog(
    store: Store, callback: cb.Callback, *, reached_possible: bool
) -> CallbackFormDialog:
    """Record a call attempt; dismisses with `cb.AttemptResult` or None."""
    outcomes = cb.OUTCOMES if reached_possible else cb.UNREACHED_OUTCOMES
    fields = [
        FormField(
            "outcome",
            t("callbacks.form.outcome"),
            outcomes[0],
            _choices("callbacks.outcome", outcomes),
        ),
        FormField("note", t("callbacks.form.note_short"), max_length=cb.NOTE_MAX),
    ]

    def submit(values: dict[str, str]) -> cb.AttemptResult:
        return record_attempt(store, callback.id, values["outcome"], values["note"])

    title = t("callbacks.form.call_title" if reached_possible else "callbacks.form.unreached_title")
    return CallbackFormDialog(title, fields, submit, intro=contact_lines(callback))


def reschedule_dialog(store: Store, callback: cb.Callback) -> CallbackFormDialog:
    fields = [
        FormField(
            "due_date", t("callbacks.form.due_date"), fmt_date(callback.due_at), max_length=10
        ),
        FormField(
            "due_time", t("callbacks.form.due_time"), fmt_time(callback.due_at), max_length=5
        ),
        FormField("reason", t("callbacks.form.reason"), max_length=cb.REASON_MAX),
    ]

    def submit(values: dict[str, str]) -> str:
        reschedule(store, callback.id, values["due_date"], values["due_time"], values["reason"])
        return values["due_date"] + " " + values["due_time"]

    return CallbackFormDialog(t("callbacks.form.reschedule_title"), fields, submit)


def reassign_dialog(store: Store, callback: cb.Callback) -> CallbackFormDialog:
    fields = [
        FormField(
            "assigned_to", t("callbacks.form.assigned_to"), callback.assigned_to, max_length=4
        ),
        FormField("reason", t("callbacks.form.reason"), max_length=cb.REASON_MAX),
    ]

    def submit(values: dict[str, str]) -> str:
        reassign(store, callback.id, values["assigned_to"], values["reason"])
        return values["assigned_to"].strip().upper()

    return CallbackFormDialog(t("callbacks.form.reassign_title"), fields, submit)


def close_dialog(store: Store, callback: cb.Callback) -> CallbackFormDialog:
    fields = [
        FormField(
            "status",
            t("callbacks.form.status"),
            "done",
            _choices("callbacks.status", cb.CLOSED_STATUSES),
        ),
        FormField("reason", t("callbacks.form.reason"), max_length=cb.REASON_MAX),
    ]

    def submit(values: dict[str, str]) -> str:
        close_callback(store, callback.id, values["status"], values["reason"])
        return values["status"]

    return CallbackFormDialog(t("callbacks.form.close_title"), fields, submit)
