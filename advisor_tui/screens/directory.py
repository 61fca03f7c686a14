"""The directory area: find a service while the caller waits, and refer the family to it."""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from advisor_tui.i18n import t
from advisor_tui.models.directory import (
    ORG_TYPES,
    Service,
    family_message,
    get_service,
    mark_checked,
    record_correction,
    today,
)
from advisor_tui.models.directory_search import ServiceHit, search_services
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.handoff import ContactContext, ServiceRef
from advisor_tui.models.store import Store
from advisor_tui.models.team import load_team
from advisor_tui.screens.area import AreaScreen
from advisor_tui.screens.directory_detail import (
    area_text,
    channel_value,
    reason_text,
    render_service,
)


class ResultsTable(DataTable[Any]):
    """The result list; single letters act on the highlighted service."""

    BINDINGS = [
        Binding("c", "screen.copy_phone", show=False),
        Binding("a", "screen.copy_address", show=False),
        Binding("m", "screen.message", show=False),
        Binding("t", "screen.mark_checked", show=False),
        Binding("k", "screen.correction", show=False),
        Binding("o", "screen.refer", show=False),
    ]


class DirectoryScreen(AreaScreen):
    AREA = "directory"
    DEFAULT_CSS = """
    DirectoryScreen #context { height: auto; padding: 0 1; background: $boost; display: none; }
    DirectoryScreen #context.shown { display: block; }
    DirectoryScreen #filters { height: auto; }
    DirectoryScreen #search-row, DirectoryScreen #filter-row { height: auto; }
    DirectoryScreen #query { width: 1fr; }
    DirectoryScreen #digital { width: auto; }
    DirectoryScreen #municipality { width: 24; }
    DirectoryScreen #age { width: 12; }
    DirectoryScreen #topic { width: 30; }
    DirectoryScreen #orgtype { width: 24; }
    DirectoryScreen #language { width: 16; }
    DirectoryScreen #age-error { color: $error; height: auto; padding: 0 1; }
    DirectoryScreen #main { height: 1fr; }
    DirectoryScreen #results { width: 3fr; }
    DirectoryScreen #detail { width: 2fr; border-left: solid $primary; padding: 0 1; }
    DirectoryScreen #status { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding(
            "ctrl+f,alt+s",
            "focus_search",
            "directory.key.search",
            id="directory.search",
            tooltip="directory.key.search_tooltip",
        ),
        Binding(
            "ctrl+o,alt+o",
            "refer",
            "directory.key.refer",
            id="directory.refer",
            tooltip="directory.key.refer_tooltip",
        ),
        Binding(
            "alt+c",
            "copy_phone",
            "directory.key.copy_phone",
            id="directory.copy_phone",
            tooltip="directory.key.copy_phone_tooltip",
        ),
        Binding(
            "alt+a",
            "copy_address",
            "directory.key.copy_address",
            id="directory.copy_address",
            tooltip="directory.key.copy_address_tooltip",
        ),
        Binding(
            "alt+m",
            "message",
            "directory.key.message",
            id="directory.message",
            tooltip="directory.key.message_tooltip",
        ),
        Binding(
            "alt+t",
            "mark_checked",
            "directory.key.checked",
            id="directory.checked",
            tooltip="directory.key.checked_tooltip",
        ),
        Binding(
            "alt+k",
            "correction",
            "directory.key.correction",
            id="directory.correction",
            tooltip="directory.key.correction_tooltip",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.context: ContactContext | None = None
        self.hits: list[ServiceHit] = []
        self.service: Service | None = None
        self._generation = 0
        self._search_store: Store | None = None
        self.last_search_ms = 0.0

    # -- layout ------------------------------------------------------------------------------

    def body(self) -> ComposeResult:
        ref = self.app.reference  # type: ignore[attr-defined]
        language = self.app.language  # type: ignore[attr-defined]
        yield Static("", id="context", markup=False)
        with Vertical(id="filters"):
            with Horizontal(id="search-row"):
                yield Input(placeholder=t("directory.search.placeholder"), id="query")
                yield Checkbox(t("directory.filter.digital"), id="digital")
            with Horizontal(id="filter-row"):
                yield Select(
                    self._municipality_options(),
                    id="municipality",
                    prompt=t("directory.filter.municipality"),
                )
                yield Input(
                    placeholder=t("directory.filter.age"), id="age", type="integer", max_length=3
                )
                yield Select(
                    [(term.label(language), term.key) for term in ref.terms("topic")],
                    id="topic",
                    prompt=t("directory.filter.topic"),
                )
                yield Select(
                    [(t(f"directory.org_type.{k}"), k) for k in ORG_TYPES],
                    id="orgtype",
                    prompt=t("directory.filter.org_type"),
                )
                yield Select(
                    [(term.label(language), term.key) for term in ref.terms("language")],
                    id="language",
                    prompt=t("directory.filter.language"),
                )
            yield Static("", id="age-error", markup=False)
        with Horizontal(id="main"):
            yield ResultsTable(id="results", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="detail"):
                yield Static(t("directory.detail.empty"), id="detail-text", markup=False)
        yield Static("", id="status", markup=False)

    def _municipality_options(self) -> list[tuple[str, str]]:
        ref = self.app.reference  # type: ignore[attr-defined]
        language = self.app.language  # type: ignore[attr-defined]
        team = load_team(self.app.store)  # type: ignore[attr-defined]
        own = list(team.municipality_codes) if team else []
        options = [
            (ref.municipalities[c].name(language), c) for c in own if c in ref.municipalities
        ]
        options += [
            (m.name(language), m.code)
            for m in ref.municipalities_sorted(language)
            if m.code not in own
        ]
        return options

    def on_mount(self) -> None:
        table = self.query_one(ResultsTable)
        table.add_column(t("directory.column.service"), key="name", width=34)
        table.add_column(t("directory.column.organisation"), key="org", width=22)
        table.add_column(t("directory.column.area"), key="area", width=15)
        table.add_column(t("directory.column.notes"), key="notes")
        self._load_first_use()
        if self.context is not None:
            self._apply_context(self.context)
        self.query_one("#query", Input).focus()
        self.run_search()

    def _load_first_use(self) -> None:
        from advisor_tui.models.directory import directory_size
        from advisor_tui.models.directory_import import ensure_national, load_shipped_directory

        store: Store = self.app.store  # type: ignore[attr-defined]
        try:
            if store.is_demo and directory_size(store) == 0:
                load_shipped_directory(store, include_demo=True)
            elif not store.is_demo:
                ensure_national(store)
        except AdvisorError as exc:
            self.notify(t("directory.error.shipped"), severity="error", markup=False)
            self.log.error(str(exc))

    # -- context from a contact --------------------------------------------------------------

    def receive_context(self, ctx: ContactContext) -> None:
        """Called by the app when the advisor jumps here from a contact."""
        self.context = ctx
        if self.is_mounted:
            self._apply_context(ctx)
            self.run_search()
        self.refresh_bindings()

    def _apply_context(self, ctx: ContactContext) -> None:
        select = self.query_one("#municipality", Select)
        codes = {value for _, value in self._municipality_options()}
        if ctx.municipality_code in codes:
            select.value = ctx.municipality_code
        ref = self.app.reference  # type: ignore[attr-defined]
        topics = ", ".join(ref.label("topic", k, self.app.language) for k in ctx.topics)  # type: ignore[attr-defined]
        summary = t("directory.context.bar", topics=topics or "–")
        bar = self.query_one("#context", Static)
        bar.update(summary)
        bar.add_class("shown")

    # -- searching ---------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    @on(Input.Changed, "#age")
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _filters_changed(self, event: Any) -> None:
        self.run_search()

    def _filters(self) -> dict[str, Any] | None:
        age_text = self.query_one("#age", Input).value.strip()
        error = self.query_one("#age-error", Static)
        age: int | None = None
        if age_text:
            if not age_text.isdigit() or not 0 <= int(age_text) <= 120:
                error.update(t("directory.error.age"))
                return None
            age = int(age_text)
        error.update("")

        def chosen(selector: str) -> str | None:
            value = self.query_one(selector, Select).value
            return None if value is Select.NULL else str(value)

        topic = chosen("#topic")
        return {
            "text": self.query_one("#query", Input).value,
            "municipality_code": chosen("#municipality"),
            "age": age,
            "topics": (topic,) if topic else (),
            "digital_only": self.query_one("#digital", Checkbox).value,
            "organisation_type": chosen("#orgtype"),
            "language": chosen("#language"),
            "prefer_topics": self.context.topics if self.context else (),
        }

    def run_search(self) -> None:
        """Start a search in a worker thread; an older search's results are dropped."""
        filters = self._filters()
        if filters is None:
            return
        self._generation += 1
        generation = self._generation
        started = time.perf_counter()
        if self._search_store is None:
            self._search_store = self.app.store.reopen()  # type: ignore[attr-defined]
        store = self._search_store

        def work() -> None:
            hits = search_services(store, **filters)
            self.app.call_from_thread(self._show_results, generation, hits, started)

        self.run_worker(work, thread=True, exclusive=True, group="directory-search")

    def _show_results(self, generation: int, hits: list[ServiceHit], started: float) -> None:
        if generation != self._generation:
            return
        self.hits = hits
        table = self.query_one(ResultsTable)
        table.clear()
        ref = self.app.reference  # type: ignore[attr-defined]
        for hit in hits:
            notes = []
            if hit.digital:
                notes.append(t("directory.mark.digital"))
            if hit.status == "temporarily_closed":
                notes.append(t("directory.status.temporarily_closed"))
            if hit.stale:
                notes.append(t("directory.mark.stale"))
            if hit.area_scope == "nationwide":
                area = t("directory.area.nationwide")
            elif hit.serves_municipality:
                area = t("directory.area.serves")
            else:
                area = t(f"directory.area.{hit.area_scope}")
            table.add_row(
                Text(hit.name),
                Text(hit.organisation),
                Text(area),
                Text(", ".join(notes)),
                key=hit.service_id,
            )
        self.last_search_ms = (time.perf_counter() - started) * 1000
        self.query_one("#status", Static).update(t("directory.search.count", count=len(hits)))
        if hits:
            self._show_detail(hits[0].service_id)
        else:
            self.service = None
            self.query_one("#detail-text", Static).update(t("directory.search.none"))
        del ref

    @on(DataTable.RowHighlighted, "#results")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value:
            self._show_detail(str(event.row_key.value))

    def _show_detail(self, service_id: str) -> None:
        store: Store = self.app.store  # type: ignore[attr-defined]
        self.service = get_service(store, service_id)
        detail = self.query_one("#detail-text", Static)
        if self.service is None:
            detail.update(t("directory.detail.empty"))
            return
        detail.update(
            render_service(
                self.service, store.now(), today(store), self.app.reference, self.app.language
            )
        )  # type: ignore[attr-defined]

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "refer":
            return self.context is not None
        return True

    def action_focus_search(self) -> None:
        self.query_one("#query", Input).focus()

    def _need_service(self) -> Service | None:
        if self.service is None:
            self.notify(t("directory.error.no_selection"), severity="warning", markup=False)
        return self.service

    def action_copy_phone(self) -> None:
        service = self._need_service()
        if service is None:
            return
        phones = [c for c in service.channels if c.kind == "phone" and c.value]
        if not phones:
            self.notify(t("directory.copy.no_phone"), severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(phones[0].value)
        self.notify(t("directory.copy.phone", value=phones[0].value), markup=False)

    def action_copy_address(self) -> None:
        service = self._need_service()
        if service is None:
            return
        order = ("location", "web", "eservice", "chat", "email")
        channels = sorted(
            (c for c in service.channels if c.kind in order and channel_value(c)),
            key=lambda c: order.index(c.kind),
        )
        if not channels:
            self.notify(t("directory.copy.no_address"), severity="warning", markup=False)
            return
        value = channel_value(channels[0])
        self.app.copy_to_clipboard(value)
        self.notify(t("directory.copy.address", value=value), markup=False)

    def message_text(self, service: Service) -> str:
        lines = []
        for label_key, value in family_message(service, self.app.language):  # type: ignore[attr-defined]
            lines.append(f"{t('directory.' + label_key)}: {value}" if label_key else value)
        return "\n".join(lines)

    def action_message(self) -> None:
        from advisor_tui.screens.directory_dialogs import MessageDialog

        service = self._need_service()
        if service is None:
            return
        message = self.message_text(service)
        self.app.copy_to_clipboard(message)
        self.app.push_screen(MessageDialog(message))

    def action_mark_checked(self) -> None:
        service = self._need_service()
        if service is None:
            return
        try:
            mark_checked(self.app.store, service.id)  # type: ignore[attr-defined]
        except AdvisorError as exc:
            self.notify(t(exc.key, **exc.params), severity="error", markup=False)
            return
        self.notify(t("directory.checked.done", name=service.name_fi), markup=False)
        self._show_detail(service.id)
        self.run_search()

    def action_correction(self) -> None:
        from advisor_tui.screens.directory_dialogs import CorrectionDialog

        service = self._need_service()
        if service is None:
            return

        def saved(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            try:
                record_correction(self.app.store, service.id, answer[0], answer[1])  # type: ignore[attr-defined]
            except AdvisorError as exc:
                self.notify(t(exc.key, **exc.params), severity="error", markup=False)
                return
            self.notify(t("directory.correction.saved"), markup=False)

        self.app.push_screen(CorrectionDialog(service.name_fi), saved)

    def action_refer(self) -> None:
        service = self._need_service()
        if service is None or self.context is None:
            return
        hit = next((h for h in self.hits if h.service_id == service.id), None)
        reason = ""
        if hit is not None:
            reason = ", ".join(reason_text(r) for r in hit.reasons)
        ref = ServiceRef(service.id, service.name_fi, service.digital, service.organisation, reason)
        self.app.deliver_referral(ref)  # type: ignore[attr-defined]

    def area_label(self, service: Service) -> str:
        return area_text(service, self.app.reference, self.app.language)  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        if self._search_store is not None:
            self._search_store.close()
