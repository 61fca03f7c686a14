"""The contact area (Yhteydenotto): log the contact on the line, beside today's contacts."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.assessment_links import save_contact_form
from advisor_tui.models.clock import fmt_datetime, fmt_time, local_date
from advisor_tui.models.contact_form import (
    FORM,
    ContactFormData,
    elapsed_seconds,
    form_from_contact,
    new_form,
)
from advisor_tui.models.contacts import get_contact, tombstone_contact
from advisor_tui.models.drafts import Draft, discard_draft, latest_draft, save_draft
from advisor_tui.models.errors import AdvisorError, FieldErrors
from advisor_tui.models.team import load_team
from advisor_tui.screens.area import AreaScreen
from advisor_tui.screens.confirm import ConfirmDialog
from advisor_tui.screens.contact_form import ContactFormView
from advisor_tui.screens.contact_handoff import ContactHandoff
from advisor_tui.screens.contact_list import ContactTable, TodayContacts

DRAFT_DELAY = 0.5


class ContactScreen(ContactHandoff, AreaScreen):
    """Form on the left, today's contacts on the right. Every change is kept as a draft."""

    AREA = "contact"
    DEFAULT_CSS = """
    ContactScreen #contact-main { height: 1fr; }
    ContactScreen #contact-form { width: 3fr; }
    ContactScreen #today-contacts { width: 2fr; border-left: solid $primary; }
    """
    BINDINGS = [
        Binding(
            "ctrl+s,f10", "save", "contact.keys.save", id="contact.save",
            tooltip="contact.keys.save_tooltip", priority=True,
        ),
        Binding(
            "f2", "new", "contact.keys.new", id="contact.new",
            tooltip="contact.keys.new_tooltip", show=False,
        ),
        Binding(
            "f9", "discard", "contact.keys.discard", id="contact.discard",
            tooltip="contact.keys.discard_tooltip",
        ),
        Binding(
            "ctrl+o", "jump('directory')", "contact.keys.directory", id="contact.to_directory",
            tooltip="contact.keys.directory_tooltip",
        ),
        Binding(
            "ctrl+g", "jump('assessment')", "contact.keys.assessment",
            id="contact.to_assessment", tooltip="contact.keys.assessment_tooltip",
        ),
        Binding(
            "ctrl+t", "jump('callback')", "contact.keys.callback", id="contact.to_callback",
            tooltip="contact.keys.callback_tooltip",
        ),
        Binding(
            "ctrl+r", "jump('meeting')", "contact.keys.meeting", id="contact.to_meeting",
            tooltip="contact.keys.meeting_tooltip",
        ),
        Binding(
            "ctrl+l", "filter", "contact.keys.filter", id="contact.filter",
            tooltip="contact.keys.filter_tooltip", show=False,
        ),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.draft_id: str | None = None
        self._baseline: dict[str, Any] | None = None
        self._draft_timer: Timer | None = None
        self._restore_checked = False

    # -- layout ------------------------------------------------------------------------------

    def body(self) -> ComposeResult:
        app: Any = self.app
        team = load_team(app.store)
        own = list(team.municipality_codes) if team else []
        others = [
            m.code
            for m in app.reference.municipalities_sorted(app.language)
            if m.code not in set(own)
        ]
        own.sort(key=lambda code: app.reference.municipalities[code].name(app.language).casefold())
        with Horizontal(id="contact-main"):
            yield ContactFormView(app.reference, app.language, own + others)
            yield TodayContacts(app.store, app.reference, app.language)

    @property
    def form(self) -> ContactFormView:
        return self.query_one(ContactFormView)

    @property
    def listing(self) -> TodayContacts:
        return self.query_one(TodayContacts)

    def on_mount(self) -> None:
        self._open_form(new_form(self.app.store.now()))
        self._reload_list()
        self.set_interval(1, self._tick)
        self.call_after_refresh(self._offer_restore)

    def on_screen_resume(self) -> None:
        if self.is_mounted and self._restore_checked and not self.has_unsaved_input():
            data = self.form.read()
            if not data.contact_id:
                self._open_form(new_form(self.app.store.now(), callback_id=data.callback_id))
        if self.is_mounted:
            self._reload_list()

    # -- the open form -------------------------------------------------------------------------

    def _open_form(self, data: ContactFormData, *, baseline: bool = True) -> None:
        self.form.fill(data)
        self._baseline = data.content() if baseline else None
        self._tick()
        self.form.focus_first()

    def has_unsaved_input(self) -> bool:
        if not self.is_mounted or self.form.data is None:
            return False
        return self._baseline is None or self.form.read().content() != self._baseline

    def _tick(self) -> None:
        data = self.form.read()
        seconds = elapsed_seconds(data, self.app.store)
        if seconds is None or seconds < 0:
            duration = "–"
        else:
            minutes, rest = divmod(seconds, 60)
            duration = t("contact.form.duration", minutes=minutes, seconds=f"{rest:02d}")
        if data.contact_id:
            state = t("contact.form.editing", time=fmt_time(data.started_at))
        elif data.end.strip():
            state = t("contact.form.new_stopped")
        else:
            state = t("contact.form.new_running")
        self.form.query_one("#status").update(f"{state} · {duration}")  # type: ignore[attr-defined]

    def _reload_list(self) -> None:
        store = self.app.store
        self.listing.reload(local_date(store.now()))

    # -- drafts ------------------------------------------------------------------------------

    @on(ContactFormView.Changed)
    def _form_changed(self) -> None:
        if self._draft_timer is None:
            self._draft_timer = self.set_timer(DRAFT_DELAY, self.write_draft)

    def write_draft(self) -> None:
        """Keep what the form holds now; a crash after this loses nothing."""
        self._draft_timer = None
        store = self.app.store
        if self.has_unsaved_input():
            data = self.form.read()
            self.draft_id = save_draft(
                store,
                FORM,
                data.to_dict(),
                draft_id=self.draft_id,
                record_id=data.contact_id or None,
            )
        elif self.draft_id is not None:
            discard_draft(store, self.draft_id)
            self.draft_id = None

    def _drop_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.draft_id is not None:
            discard_draft(self.app.store, self.draft_id)
            self.draft_id = None

    def _offer_restore(self) -> None:
        store = self.app.store
        draft = latest_draft(store, FORM)
        if draft is None:
            self._restore_checked = True
            return

        def answered(restore: bool | None) -> None:
            self._restore_checked = True
            if restore:
                self._restore(draft)
            else:
                discard_draft(store, draft.id)
                self.notify(t("contact.messages.draft_discarded"), markup=False)

        question = t("contact.messages.restore_question", when=fmt_datetime(draft.updated_at))
        self.app.push_screen(
            ConfirmDialog(
                question, yes=t("contact.messages.restore"), no=t("contact.messages.discard")
            ),
            answered,
        )

    def _restore(self, draft: Draft) -> None:
        data = ContactFormData.from_dict(draft.payload)
        self.draft_id = draft.id
        self._open_form(data, baseline=False)
        self.notify(t("contact.messages.draft_restored"), markup=False)

    # -- actions -----------------------------------------------------------------------------

    def action_save(self) -> None:
        store = self.app.store
        data = self.form.read()
        try:
            saved = save_contact_form(data, store, self.app.reference, self.draft_id)
        except FieldErrors as errors:
            self.form.show_errors(errors.errors)
            self.notify(catalogue().error(errors), severity="error", markup=False)
            return
        except AdvisorError as error:
            self.notify(catalogue().error(error), severity="error", markup=False)
            return
        self._drop_draft()
        key = "contact.messages.updated" if data.contact_id else "contact.messages.saved"
        self.notify(t(key, time=fmt_time(data.started_at)), markup=False)
        if saved.masked_codes:
            self.notify(
                t("contact.messages.masked", count=saved.masked_codes),
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.app.contact_context = None
        self._open_form(new_form(store.now()))
        self._reload_list()

    def _confirm_then(self, question: str, then: Any) -> None:
        if not self.has_unsaved_input():
            then()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmDialog(question), answered)

    def action_new(self) -> None:
        self._confirm_then(t("contact.messages.confirm_new"), self._start_new)

    def _start_new(self, **preset: Any) -> None:
        self._drop_draft()
        self.app.contact_context = None
        self._open_form(new_form(self.app.store.now(), **preset))

    def action_discard(self) -> None:
        def discard() -> None:
            self._start_new()
            self.notify(t("contact.messages.discarded"), markup=False)

        self._confirm_then(t("contact.messages.confirm_discard"), discard)

    def action_filter(self) -> None:
        self.listing.focus_filter()

    def edit(self, contact_id: str | None) -> None:
        contact = get_contact(self.app.store, contact_id or "")
        if contact is None:
            self.notify(t("contact.not_found"), severity="error", markup=False)
            self._reload_list()
            return
        self._drop_draft()
        self._open_form(form_from_contact(contact))

    @on(TodayContacts.Opened)
    def _open_contact(self, event: TodayContacts.Opened) -> None:
        self._confirm_then(t("contact.messages.confirm_new"), lambda: self.edit(event.contact_id))

    @on(ContactTable.DeleteAsked)
    def _delete(self, event: ContactTable.DeleteAsked) -> None:
        store = self.app.store
        contact = get_contact(store, event.contact_id)
        if contact is None:
            self._reload_list()
            return
        reference = self.app.reference
        language = self.app.language
        question = t(
            "contact.messages.confirm_delete",
            time=fmt_time(contact.started_at),
            channel=reference.label("channel", contact.channel, language),
        )

        def answered(yes: bool | None) -> None:
            if yes and tombstone_contact(store, event.contact_id):
                self.notify(t("contact.messages.deleted"), markup=False)
                if self.form.read().contact_id == event.contact_id:
                    self._start_new()
                self._reload_list()

        self.app.push_screen(ConfirmDialog(question), answered)

    def on_button_pressed(self, event: Any) -> None:
        if getattr(event.button, "id", None) == "save":
            self.action_save()
