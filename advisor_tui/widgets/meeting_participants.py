"""The participants part of the meeting form, new or edited: add family members and
professionals, bring one back into the fields to correct it, remove one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Button, DataTable, Input, Select, Static

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.meetings import Participant, participant_errors
from advisor_tui.models.store import Store
from advisor_tui.widgets.meeting_details import describe
from advisor_tui.widgets.translated import translate_bindings

KIND_CHOICES = ("parent", "child", "other", "professional")


def directory_lookup() -> Callable[[Store, str], list[tuple[str, str]]] | None:
    """The service directory's organisation search, when this version has one."""
    try:
        module = import_module("advisor_tui.models.directory")
    except ImportError:
        return None
    finder = getattr(module, "find_organisations", None)
    if finder is None:
        return None

    def lookup(store: Store, text: str) -> list[tuple[str, str]]:
        return list(finder(store, text, limit=10))

    return lookup


class OrganisationSuggester(Suggester):
    """Completes an organisation name from the directory; remembers the ids it offered."""

    def __init__(self, store: Store, lookup: Callable[[Store, str], list[tuple[str, str]]]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.store = store
        self.lookup = lookup
        self.ids: dict[str, str] = {}

    async def get_suggestion(self, value: str) -> str | None:
        if len(value.strip()) < 2:
            return None
        try:
            found = self.lookup(self.store, value)
        except Exception:
            return None
        for org_id, name in found:
            self.ids[name.casefold()] = org_id
        for _org_id, name in found:
            if name.casefold().startswith(value.casefold()):
                return name
        return None


class ParticipantEditor(Vertical):
    """Fields for one participant, an Add button, and the list of those already added."""

    DEFAULT_CSS = """
    ParticipantEditor { height: auto; }
    ParticipantEditor Horizontal { height: auto; }
    ParticipantEditor Horizontal > * { width: 1fr; }
    ParticipantEditor #people { height: auto; max-height: 8; }
    ParticipantEditor .error { color: $error; height: auto; }
    ParticipantEditor .hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding(
            "delete",
            "remove",
            "meetings.key.remove",
            id="meetings.participant.remove",
            tooltip="meetings.key.remove_tooltip",
        )
    ]

    @dataclass
    class Changed(Message):
        editor: ParticipantEditor

    def __init__(self, store: Store, people: list[Participant] | None = None) -> None:
        super().__init__(id="participant-editor")
        translate_bindings(self)
        self.store = store
        self.people: list[Participant] = list(people or [])
        self.editing: Participant | None = None
        lookup = directory_lookup()
        self.suggester = OrganisationSuggester(store, lookup) if lookup else None

    def compose(self) -> ComposeResult:
        yield Static(t("meetings.form.participants"), classes="section", markup=False)
        with Horizontal():
            yield Select(
                [(t(f"meetings.form.kind_{key}"), key) for key in KIND_CHOICES],
                value="professional",
                allow_blank=False,
                id="p-kind",
            )
            yield Input(placeholder=t("meetings.form.role"), id="p-role")
            yield Input(placeholder=t("meetings.form.name"), id="p-name")
        with Horizontal():
            yield Input(
                placeholder=t("meetings.form.organisation"), id="p-org", suggester=self.suggester
            )
            yield Input(placeholder=t("meetings.form.phone"), id="p-phone")
            yield Input(placeholder=t("meetings.form.email"), id="p-email")
        yield Static("", id="p-error", classes="error", markup=False)
        yield Button(t("meetings.form.add_participant"), id="p-add")
        if self.suggester is not None:
            yield Static(t("meetings.form.organisation_hint_directory"), classes="hint")
        yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
        yield Static(t("meetings.form.remove_hint"), classes="hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#people", DataTable)
        table.add_columns(
            t("meetings.form.participant_kind"),
            t("meetings.form.name"),
            t("meetings.form.organisation"),
            t("meetings.form.email"),
        )
        self._refresh_table()

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def current(self) -> Participant:
        kind_choice = str(self.query_one("#p-kind", Select).value)
        organisation = self._value("p-org").strip()
        org_id = None
        if self.suggester is not None:
            org_id = self.suggester.ids.get(organisation.casefold())
        editing = self.editing
        if (
            org_id is None
            and editing
            and editing.organisation.casefold() == organisation.casefold()
        ):
            org_id = editing.organisation_id
        if kind_choice == "professional":
            kind, role = "professional", self._value("p-role")
        else:
            kind, role = "family", kind_choice
        return Participant(
            kind=kind,
            role=role,
            name=self._value("p-name"),
            organisation=organisation,
            organisation_id=org_id,
            phone=self._value("p-phone"),
            email=self._value("p-email"),
            id=self.editing.id if self.editing is not None else "",
        )

    def has_input(self) -> bool:
        return any(self._value(i).strip() for i in ("p-role", "p-name", "p-org", "p-email"))

    @on(Button.Pressed, "#p-add")
    def add_current(self, event: Button.Pressed | None = None) -> bool:
        if event is not None:
            event.stop()
        person = self.current()
        problems = participant_errors(person, len(self.people))
        error = self.query_one("#p-error", Static)
        if problems:
            error.update("\n".join(catalogue().error(p) for p in problems))
            return False
        error.update("")
        self.people.append(person)
        self.editing = None
        for widget_id in ("p-role", "p-name", "p-org", "p-phone", "p-email"):
            self.query_one(f"#{widget_id}", Input).value = ""
        self._refresh_table()
        self.post_message(self.Changed(self))
        return True

    @on(Input.Submitted, "#p-email")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.add_current()

    def action_remove(self) -> None:
        table = self.query_one("#people", DataTable)
        if not self.people or not table.has_focus:
            return
        index = min(table.cursor_row, len(self.people) - 1)
        del self.people[index]
        self._refresh_table()
        self.post_message(self.Changed(self))

    @on(DataTable.RowSelected, "#people")
    def correct(self, event: DataTable.RowSelected) -> None:
        """Enter on a listed participant brings their details back into the fields."""
        event.stop()
        if not 0 <= event.cursor_row < len(self.people) or self.has_input():
            return
        person = self.people.pop(event.cursor_row)
        self.editing = person
        kind = person.role if person.kind == "family" else "professional"
        self.query_one("#p-kind", Select).value = kind
        values = {
            "p-role": person.role if person.kind == "professional" else "",
            "p-name": person.name,
            "p-org": person.organisation,
            "p-phone": person.phone,
            "p-email": person.email,
        }
        for widget_id, value in values.items():
            self.query_one(f"#{widget_id}", Input).value = value
        self._refresh_table()
        self.query_one("#p-name" if person.kind == "family" else "#p-role", Input).focus()
        self.post_message(self.Changed(self))

    def show_errors(self, messages: list[str]) -> None:
        self.query_one("#p-error", Static).update("\n".join(messages))

    def _refresh_table(self) -> None:
        table = self.query_one("#people", DataTable)
        table.clear()
        cells: list[Any]
        for person in self.people:
            cells = [
                Text(describe(person)),
                Text(person.name),
                Text(person.organisation),
                Text(person.email),
            ]
            table.add_row(*cells)
