"""Today's contacts beside the form: newest first, filtered, loaded a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from advisor_tui.i18n import t
from advisor_tui.models.clock import fmt_time
from advisor_tui.models.contact_queries import ContactRow, count_contacts, list_contacts
from advisor_tui.models.reference import Reference
from advisor_tui.models.safe_text import single_line
from advisor_tui.models.store import Store
from advisor_tui.widgets.choice_select import ChoiceSelect
from advisor_tui.widgets.translated import translate_bindings

COLUMNS = ("time", "duration", "channel", "party", "topics", "actions")


class ContactTable(DataTable[Text]):
    """The rows; Enter opens one, Delete asks to delete it."""

    BINDINGS = [
        Binding("delete", "delete_row", "contact.keys.delete", id="contact.delete"),
    ]

    @dataclass
    class DeleteAsked(Message):
        contact_id: str

    def __init__(self) -> None:
        super().__init__(id="contacts-table", cursor_type="row", zebra_stripes=True)
        translate_bindings(self)

    def action_delete_row(self) -> None:
        if self.row_count:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
            if key.value is not None:
                self.post_message(self.DeleteAsked(key.value))


class TodayContacts(Vertical):
    """Contacts of one Helsinki day. Posts `Opened` when the advisor picks one."""

    DEFAULT_CSS = """
    TodayContacts { padding: 0 1; }
    TodayContacts #list-title { text-style: bold; height: auto; }
    TodayContacts #filter-text { margin-top: 1; }
    TodayContacts .filters { height: auto; margin-bottom: 1; }
    TodayContacts #filter-channel, TodayContacts #filter-party { width: 1fr; margin-right: 1; }
    TodayContacts #contacts-table { height: 1fr; }
    TodayContacts #list-empty { color: $text-muted; height: auto; }
    """

    @dataclass
    class Opened(Message):
        contact_id: str

    def __init__(self, store: Store, reference: Reference, language: str) -> None:
        super().__init__(id="today-contacts")
        self.store = store
        self.reference = reference
        self.language = language
        self.day: date | None = None
        self.rows: list[ContactRow] = []
        self.exhausted = False

    def compose(self) -> ComposeResult:
        yield Static("", id="list-title", markup=False)
        yield Input(id="filter-text", placeholder=t("contact.list.filter_text"))
        with Horizontal(classes="filters"):
            yield ChoiceSelect(
                self._terms("channel"), prompt=t("contact.list.all_channels"), id="filter-channel"
            )
            yield ChoiceSelect(
                self._terms("party"), prompt=t("contact.list.all_parties"), id="filter-party"
            )
        table = ContactTable()
        for column in COLUMNS:
            table.add_column(t(f"contact.list.{column}"), key=column)
        yield table
        yield Static(t("contact.list.empty"), id="list-empty", markup=False)

    def on_mount(self) -> None:
        for widget in self.query("Select, Input"):
            widget.compact = True  # type: ignore[attr-defined]

    def _terms(self, kind: str) -> list[tuple[str, str]]:
        return [(term.label(self.language), term.key) for term in self.reference.terms(kind)]

    def _label(self, kind: str, key: str) -> str:
        return self.reference.label(kind, key, self.language)

    def _matching_terms(self, text: str) -> list[str]:
        needle = text.strip().casefold()
        if not needle:
            return []
        return [
            term.key
            for kind in ("topic", "action")
            for term in self.reference.terms(kind)
            if needle in term.label(self.language).casefold()
        ]

    def reload(self, day: date) -> None:
        """Read the first page again (after a save, a delete, or a change of filter)."""
        self.day = day
        self.rows = []
        self.exhausted = False
        table = self.query_one(ContactTable)
        table.clear()
        self._load_page()
        total = count_contacts(self.store, day)
        self.query_one("#list-title", Static).update(t("contact.list.title", count=total))
        self.query_one("#list-empty").display = not self.rows

    def _load_page(self) -> None:
        if self.day is None or self.exhausted:
            return
        text = self.query_one("#filter-text", Input).value
        page = list_contacts(
            self.store,
            self.day,
            text=text,
            channel=self.query_one("#filter-channel", ChoiceSelect).key or None,
            party=self.query_one("#filter-party", ChoiceSelect).key or None,
            term_keys=self._matching_terms(text),
            after=self.rows[-1].cursor if self.rows else None,
        )
        self.exhausted = len(page) == 0 or len(page) < 50
        table = self.query_one(ContactTable)
        for row in page:
            table.add_row(*self._cells(row), key=row.id)
        self.rows += page

    def _cells(self, row: ContactRow) -> list[Text]:
        minutes = round(row.duration_seconds / 60)
        return [
            Text(fmt_time(row.started_at)),
            Text(f"{minutes} min"),
            Text(self._label("channel", row.channel)),
            Text(self._label("party", row.party)),
            Text(single_line(", ".join(self._label("topic", k) for k in row.topics))),
            Text(single_line(", ".join(self._label("action", k) for k in row.actions))),
        ]

    def focus_filter(self) -> None:
        self.query_one("#filter-text", Input).focus()

    @on(Input.Changed, "#filter-text")
    @on(Select.Changed, "#filter-channel")
    @on(Select.Changed, "#filter-party")
    def _filter_changed(self, event: Message) -> None:
        event.stop()
        if self.day is not None:
            self.reload(self.day)

    @on(DataTable.RowHighlighted)
    def _maybe_more(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.rows) - 1:
            self._load_page()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(self.Opened(event.row_key.value))
