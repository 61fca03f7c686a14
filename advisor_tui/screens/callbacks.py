"""The callbacks area (Takaisinsoitot): the queue an advisor opens first on a shift."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from advisor_tui.i18n import catalogue, t
from advisor_tui.models import callbacks as cb
from advisor_tui.models.callback_actions import close_callback
from advisor_tui.models.clock import fmt_datetime
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.handoff import ContactContext
from advisor_tui.models.phone_numbers import format_phone_fi
from advisor_tui.models.reference import Reference
from advisor_tui.models.store import Store
from advisor_tui.screens.area import AreaScreen
from advisor_tui.screens.callback_dialogs import (
    attempt_dialog,
    close_dialog,
    reassign_dialog,
    request_dialog,
    reschedule_dialog,
)
from advisor_tui.screens.callback_notifier import watch_due_callbacks
from advisor_tui.screens.callback_queue import CallbackQueue
from advisor_tui.screens.confirm import ConfirmDialog

QUEUE_ROWS = 200


class CallbacksScreen(AreaScreen):
    AREA = "callbacks"
    DEFAULT_CSS = """
    CallbacksScreen #summary { padding: 0 1; height: 1; text-style: bold; }
    CallbacksScreen #queue { height: 1fr; }
    CallbacksScreen #empty { padding: 1 2; color: $text-muted; height: auto; }
    CallbacksScreen #detail {
        height: auto; max-height: 12; border-top: solid $primary; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding(
            "n", "new", "callbacks.key.new", id="callbacks.new", tooltip="callbacks.key.new_tooltip"
        ),
        Binding(
            "s",
            "call",
            "callbacks.key.call",
            id="callbacks.call",
            tooltip="callbacks.key.call_tooltip",
        ),
        Binding(
            "e",
            "unreached",
            "callbacks.key.unreached",
            id="callbacks.unreached",
            tooltip="callbacks.key.unreached_tooltip",
        ),
        Binding(
            "r",
            "reassign",
            "callbacks.key.reassign",
            id="callbacks.reassign",
            tooltip="callbacks.key.reassign_tooltip",
        ),
        Binding(
            "t",
            "reschedule",
            "callbacks.key.reschedule",
            id="callbacks.reschedule",
            tooltip="callbacks.key.reschedule_tooltip",
        ),
        Binding(
            "p",
            "close",
            "callbacks.key.close",
            id="callbacks.close",
            tooltip="callbacks.key.close_tooltip",
        ),
        Binding(
            "v",
            "show",
            "callbacks.key.show",
            id="callbacks.show",
            tooltip="callbacks.key.show_tooltip",
            show=False,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown_personal: str | None = None

    @property
    def store(self) -> Store:
        return self.app.store  # type: ignore[attr-defined, no-any-return]

    @property
    def reference(self) -> Reference:
        return self.app.reference  # type: ignore[attr-defined, no-any-return]

    @property
    def language(self) -> str:
        return self.app.language  # type: ignore[attr-defined, no-any-return]

    def body(self) -> ComposeResult:
        yield Static("", id="summary", markup=False)
        with Vertical():
            yield CallbackQueue(id="queue")
            yield Static(t("callbacks.queue.empty"), id="empty", markup=False)
            yield Static("", id="detail", markup=False)

    def on_mount(self) -> None:
        watch_due_callbacks(self.app, self.store)
        self.watch(self.app, "data_version", self._data_changed, init=False)
        self.set_interval(60, self._data_changed)
        self.query_one(CallbackQueue).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def _data_changed(self) -> None:
        if self.is_current:
            self.reload()

    # -- showing -------------------------------------------------------------------------------

    def reload(self) -> None:
        queue = self.query_one(CallbackQueue)
        callbacks = cb.list_queue(self.store, limit=QUEUE_ROWS)
        now = self.store.now()
        queue.show(callbacks, now, self.reference, self.language)
        today, overdue = cb.queue_counts(self.store)
        total = cb.open_count(self.store)
        summary = t("callbacks.queue.summary", overdue=overdue, today=today, open=total)
        if total > len(callbacks):
            summary += " · " + t("callbacks.queue.shown_first", count=len(callbacks))
        self.query_one("#summary", Static).update(summary)
        self.query_one("#empty").display = not callbacks
        queue.display = bool(callbacks)
        self.show_detail(queue.selected_id())

    @on(DataTable.RowHighlighted, "#queue")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        value = event.row_key.value
        self.show_detail(str(value) if value is not None else None)

    @on(DataTable.RowSelected, "#queue")
    def _selected(self) -> None:
        self.action_show()

    def show_detail(self, callback_id: str | None, *, personal: bool = False) -> None:
        detail = self.query_one("#detail", Static)
        if callback_id is None:
            detail.update("")
            return
        if personal:
            callback = cb.view_personal_data(self.store, callback_id)
            self._shown_personal = callback_id
        else:
            callback = cb.get_callback(self.store, callback_id)
            personal = self._shown_personal == callback_id
        if callback is None:
            detail.update("")
            return
        detail.update(self.detail_text(callback, personal))

    def detail_text(self, callback: cb.Callback, personal: bool) -> str:
        lines = []
        if callback.personal_data_purged_at is not None:
            lines.append(t("callbacks.detail.purged"))
        elif personal:
            phone = format_phone_fi(callback.phone_e164) if callback.phone_e164 else "–"
            name = callback.name or t("callbacks.detail.no_name")
            lines.append(
                f"{t('callbacks.detail.name')}: {name} · {t('callbacks.detail.phone')}: {phone}"
            )
        else:
            lines.append(t("callbacks.detail.hint"))
        lines.append(
            f"{t('callbacks.detail.requested')}: {fmt_datetime(callback.requested_at)} · "
            f"{t('callbacks.detail.due')}: {fmt_datetime(callback.due_at)}"
        )
        if callback.preferred_window:
            lines.append(f"{t('callbacks.detail.window')}: {callback.preferred_window}")
        if callback.note:
            lines.append(f"{t('callbacks.detail.note')}: {callback.note}")
        tries = cb.attempts(self.store, callback.id)
        lines.append(f"{t('callbacks.detail.attempts')}:")
        if not tries:
            lines.append("  " + t("callbacks.detail.no_attempts"))
        for attempt in tries:
            outcome = t(f"callbacks.outcome.{attempt.outcome}")
            text = t(
                "callbacks.detail.attempt_line",
                at=fmt_datetime(attempt.at),
                outcome=outcome,
                advisor=attempt.advisor,
            )
            lines.append(f"  {text}" + (f" – {attempt.note}" if attempt.note else ""))
        return "\n".join(lines)

    # -- actions -------------------------------------------------------------------------------

    def _selected_callback(self) -> cb.Callback | None:
        callback_id = self.query_one(CallbackQueue).selected_id()
        callback = cb.get_callback(self.store, callback_id) if callback_id else None
        if callback is None:
            self.notify(t("callbacks.form.no_selection"), severity="warning", markup=False)
        return callback

    def _say(self, text: str, severity: str = "information") -> None:
        self.notify(text, severity=severity, markup=False)  # type: ignore[arg-type]

    def action_show(self) -> None:
        callback_id = self.query_one(CallbackQueue).selected_id()
        self.show_detail(callback_id, personal=True)

    def action_new(self) -> None:
        self.open_request_form()

    def open_request_form(self, **prefill: Any) -> None:
        def saved(result: cb.Saved | None) -> None:
            if result is None:
                return
            callback = cb.get_callback(self.store, result.id)
            due = fmt_datetime(callback.due_at) if callback else ""
            self._say(t("callbacks.notice.saved", due=due))
            if result.hetus_masked:
                self._say(t("callbacks.notice.hetu_masked"), "warning")
            self.reload()

        dialog = request_dialog(self.store, self.reference, self.language, **prefill)
        self.app.push_screen(dialog, saved)

    def receive_context(self, context: ContactContext) -> None:
        """The contact area asks for a callback: open the form with its details filled in."""
        topic = next((k for k in context.topics if self.reference.is_term("topic", k)), "")
        language = context.language
        if not language or not self.reference.is_term("language", language):
            language = "fi"
        source = "web_form" if context.channel == "web_form" else "advisor"
        self.open_request_form(
            topic=topic,
            caller_language=language,
            contact_id=context.contact_id,
            source=source,
        )

    def _attempt(self, reached_possible: bool) -> None:
        selected = self._selected_callback()
        if selected is None:
            return
        callback = cb.view_personal_data(self.store, selected.id) or selected
        self._shown_personal = callback.id

        def recorded(result: cb.AttemptResult | None) -> None:
            if result is None:
                return
            if result.hetus_masked:
                self._say(t("callbacks.notice.hetu_masked"), "warning")
            if result.status == "done":
                self._say(t("callbacks.notice.reached"))
                self.app.open_with_context(  # type: ignore[attr-defined]
                    "contact",
                    ContactContext(
                        channel="callback_out",
                        callback_id=callback.id,
                        language=callback.language,
                        topics=(callback.topic,) if callback.topic else (),
                    ),
                )
                return
            outcome = cb.attempts(self.store, callback.id)[-1].outcome
            self._say(
                t("callbacks.notice.attempt_saved", outcome=t(f"callbacks.outcome.{outcome}"))
            )
            self.reload()
            if result.offer_close:
                self._offer_close(callback.id, result.unreached_count)

        self.app.push_screen(
            attempt_dialog(self.store, callback, reached_possible=reached_possible), recorded
        )

    def _offer_close(self, callback_id: str, count: int) -> None:
        def answered(close: bool | None) -> None:
            if not close:
                return
            try:
                close_callback(self.store, callback_id, "unreached")
            except AdvisorError as error:
                self._say(catalogue().error(error), "error")
                return
            self._say(t("callbacks.notice.closed", status=t("callbacks.status.unreached")))
            self.reload()

        self.app.push_screen(
            ConfirmDialog(
                t("callbacks.notice.offer_close", count=count),
                yes=t("callbacks.notice.offer_close_yes"),
                no=t("callbacks.notice.offer_close_no"),
            ),
            answered,
        )

    def action_call(self) -> None:
        self._attempt(reached_possible=True)

    def action_unreached(self) -> None:
        self._attempt(reached_possible=False)

    def action_reschedule(self) -> None:
        callback = self._selected_callback()
        if callback is None:
            return

        def done(result: str | None) -> None:
            if result is not None:
                moved = cb.get_callback(self.store, callback.id)
                due = fmt_datetime(moved.due_at) if moved else result
                self._say(t("callbacks.notice.rescheduled", due=due))
                self.reload()

        self.app.push_screen(reschedule_dialog(self.store, callback), done)

    def action_reassign(self) -> None:
        callback = self._selected_callback()
        if callback is None:
            return

        def done(result: str | None) -> None:
            if result is not None:
                self._say(t("callbacks.notice.reassigned", initials=result))
                self.reload()

        self.app.push_screen(reassign_dialog(self.store, callback), done)

    def action_close(self) -> None:
        callback = self._selected_callback()
        if callback is None:
            return

        def done(result: str | None) -> None:
            if result is not None:
                self._say(t("callbacks.notice.closed", status=t(f"callbacks.status.{result}")))
                self.reload()

        self.app.push_screen(close_dialog(self.store, callback), done)
