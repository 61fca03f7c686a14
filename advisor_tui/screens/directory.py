"""The directory area: find a service while the caller waits, and refer the family to it.

Every keystroke or filter change asks for a search; the search runs in a worker thread on the
screen's own database connection, so typing never waits for it. A search asked for while
another is still running waits `DEBOUNCE` seconds first and gives way to a newer one (the
worker is exclusive); results of an older search are never shown over a newer one's.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, OptionList, Select, Static
from textual.worker import get_current_worker

from advisor_tui.i18n import t
from advisor_tui.models.directory import Service, get_service, today
from advisor_tui.models.directory_search import ServiceHit, search_services
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.handoff import ContactContext
from advisor_tui.models.store import Store
from advisor_tui.screens.area import AreaScreen
from advisor_tui.screens.directory_actions import ServiceActions
from advisor_tui.screens.directory_detail import render_service
from advisor_tui.screens.directory_filters import DirectoryFilters
from advisor_tui.screens.directory_results import Results, ResultsList

DEBOUNCE = 0.03
RESULTS = 30


def _binding(key: str, action: str, name: str) -> Binding:
    return Binding(
        key,
        action,
        f"directory.key.{name}",
        id=f"directory.{name}",
        tooltip=f"directory.key.{name}_tooltip",
    )


class DirectoryScreen(AreaScreen, ServiceActions):
    AREA = "directory"
    DEFAULT_CSS = """
    DirectoryScreen #context { height: auto; padding: 0 1; background: $boost; display: none; }
    DirectoryScreen #context.shown { display: block; }
    DirectoryScreen #main { height: 1fr; }
    DirectoryScreen #result-pane { width: 5fr; }
    DirectoryScreen #detail { width: 3fr; border-left: solid $primary; padding: 0 1; }
    DirectoryScreen #status { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        _binding("ctrl+f,alt+s", "focus_search", "search"),
        _binding("ctrl+o,alt+o", "refer", "refer"),
        _binding("alt+c", "copy_phone", "copy_phone"),
        _binding("alt+a", "copy_address", "copy_address"),
        _binding("alt+m", "message", "message"),
        _binding("alt+t", "mark_checked", "checked"),
        _binding("alt+k", "correction", "correction"),
        Binding("down", "focus_results", show=False, id="directory.to_results"),
    ]

    @dataclass
    class SearchDone(Message):
        """A search finished in the worker: its hits and the first hit's details."""

        generation: int
        hits: list[ServiceHit]
        first: Service | None
        asked_at: float

    def __init__(self) -> None:
        super().__init__()
        self.context: ContactContext | None = None
        self.hits: list[ServiceHit] = []
        self.service: Service | None = None
        self.requested = 0
        self.shown = 0
        self.painted = 0
        self.painted_at = 0.0
        self.painted_cpu = 0.0
        self.last_search_ms = 0.0
        self._busy = False
        self._store: Store | None = None
        self._store_lock = threading.Lock()
        self._loaded = False

    def body(self) -> ComposeResult:
        yield Static("", id="context", markup=False)
        yield DirectoryFilters(id="filters")
        with Horizontal(id="main"):
            yield Results(id="result-pane")
            with VerticalScroll(id="detail"):
                yield Static(t("directory.detail.empty"), id="detail-text", markup=False)
        yield Static("", id="status", markup=False)

    def on_mount(self) -> None:
        if self.context is not None:
            self._apply_context(self.context)
        self.query_one(DirectoryFilters).focus_search()
        self.run_search()

    def on_unmount(self) -> None:
        with self._store_lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    # -- context from a contact --------------------------------------------------------------

    def receive_context(self, ctx: ContactContext) -> None:
        """Called by the app when the advisor jumps here from a contact."""
        self.context = ctx
        if self.is_mounted:
            self._apply_context(ctx)
            self.run_search()
        self.refresh_bindings()

    def _apply_context(self, ctx: ContactContext) -> None:
        self.query_one(DirectoryFilters).set_municipality(ctx.municipality_code)
        ref = self.app.reference  # type: ignore[attr-defined]
        language = self.app.language  # type: ignore[attr-defined]
        topics = ", ".join(ref.label("topic", k, language) for k in ctx.topics)
        bar = self.query_one("#context", Static)
        bar.update(t("directory.context.bar", topics=topics or "–"))
        bar.add_class("shown")

    # -- searching ---------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    @on(Input.Changed, "#age")
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _filters_changed(self, event: Any) -> None:
        self.run_search()

    def run_search(self) -> None:
        """Ask for a search with the current text and filters (see the module docstring)."""
        filters = self.query_one(DirectoryFilters).values()
        if filters is None:
            return
        filters["prefer_topics"] = self.context.topics if self.context else ()
        filters["limit"] = RESULTS
        self.requested += 1
        self._search(self.requested, filters, DEBOUNCE if self._busy else 0.0, time.perf_counter())

    def _worker_store(self) -> Store:
        if self._store is None:
            main: Store = self.app.store  # type: ignore[attr-defined]
            self._store = main.reopen()
        return self._store

    def _first_use(self, store: Store) -> None:
        """The shipped national services (and the demo directory in a demo) on first use."""
        from advisor_tui.models.directory_import import ensure_shipped_directory

        if self._loaded:
            return
        self._loaded = True
        try:
            ensure_shipped_directory(store)
        except AdvisorError as exc:
            self.app.call_from_thread(
                self.notify, t("directory.error.shipped"), severity="error", markup=False
            )
            self.log.error(str(exc))

    @work(thread=True, exclusive=True, group="directory-search")
    def _search(self, generation: int, filters: dict[str, Any], wait: float, asked: float) -> None:
        worker = get_current_worker()
        if wait:
            time.sleep(wait)
        if worker.is_cancelled:
            return
        with self._store_lock:
            if worker.is_cancelled or not self.is_mounted:
                return
            self._busy = True
            try:
                store = self._worker_store()
                self._first_use(store)
                hits = search_services(store, **filters)
                first = get_service(store, hits[0].service_id) if hits else None
            finally:
                self._busy = False
        if not worker.is_cancelled:
            self.post_message(self.SearchDone(generation, hits, first, asked))

    def on_directory_screen_search_done(self, message: SearchDone) -> None:
        if message.generation < self.shown or message.generation != self.requested:
            return
        self.shown = message.generation
        self.hits = message.hits
        self.query_one(ResultsList).show(message.hits)
        self.query_one("#status", Static).update(
            t("directory.search.count", count=len(message.hits)), layout=False
        )
        if message.first is not None:
            self._show_service(message.first)
        else:
            self.service = None
            self.query_one("#detail-text", Static).update(t("directory.search.none"))
        self.last_search_ms = (time.perf_counter() - message.asked_at) * 1000
        self.call_after_refresh(self._painted, message.generation)

    def _painted(self, generation: int) -> None:
        """The results of a search are on the screen (for the keystroke-to-results figure)."""
        self.painted, self.painted_at = generation, time.perf_counter()
        self.painted_cpu = time.process_time()

    # -- the chosen service ------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#results")
    def _row_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        wanted = str(event.option.id or "")
        if wanted and (self.service is None or self.service.id != wanted):
            self._show_service(get_service(self.app.store, wanted))  # type: ignore[attr-defined]

    def _show_service(self, service: Service | None) -> None:
        self.service = service
        detail = self.query_one("#detail-text", Static)
        if service is None:
            detail.update(t("directory.detail.empty"))
            return
        store: Store = self.app.store  # type: ignore[attr-defined]
        detail.update(
            render_service(
                service,
                store.now(),
                today(store),
                self.app.reference,  # type: ignore[attr-defined]
                self.app.language,  # type: ignore[attr-defined]
            )
        )

    def service_changed(self) -> None:
        if self.service is not None:
            self._show_service(get_service(self.app.store, self.service.id))  # type: ignore[attr-defined]
        self.run_search()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "refer":
            return self.context is not None
        return True

    def action_focus_search(self) -> None:
        self.query_one(DirectoryFilters).focus_search()

    def action_focus_results(self) -> None:
        """Down from the search field moves to the results."""
        focused = self.focused
        if focused is not None and focused.id == "query":
            self.query_one(ResultsList).focus()
