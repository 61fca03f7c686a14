"""First start: who is on this workstation and which region the team serves."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.errors import FieldErrors
from advisor_tui.models.reference import Reference
from advisor_tui.models.team import Team, resolve_team
from advisor_tui.widgets.translated import translate_bindings


class SetupDialog(ModalScreen[Team]):
    """Returns the checked Team; nothing is stored until every field is right."""

    DEFAULT_CSS = """
    SetupDialog { align: center middle; }
    SetupDialog > VerticalScroll {
        width: 80; height: 90%; border: thick $primary; background: $surface; padding: 1 2;
    }
    SetupDialog Label { margin-top: 1; }
    SetupDialog .error { color: $error; height: auto; }
    SetupDialog SelectionList { height: 12; }
    SetupDialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    """
    BINDINGS = [Binding("ctrl+s,f10", "save", "setup.save", id="setup.save")]

    def __init__(self, reference: Reference, language: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.reference = reference
        self.language = language

    def compose(self) -> ComposeResult:
        counties = sorted(
            self.reference.counties.values(), key=lambda c: c.name(self.language).casefold()
        )
        with VerticalScroll():
            yield Static(t("setup.title"), markup=False)
            yield Static(t("setup.intro"), markup=False)
            yield Label(t("setup.name"))
            yield Input(id="name", max_length=120)
            yield Static("", id="name-error", classes="error", markup=False)
            yield Label(t("setup.initials"))
            yield Input(id="initials", max_length=4)
            yield Static("", id="initials-error", classes="error", markup=False)
            yield Label(t("setup.county"))
            yield Select(
                [(c.name(self.language), c.code) for c in counties],
                id="county",
                prompt=t("setup.county_prompt"),
                type_to_search=True,
            )
            yield Static("", id="county-error", classes="error", markup=False)
            yield Label(t("setup.municipalities"))
            yield SelectionList[str](id="municipalities")
            yield Static("", id="municipalities-error", classes="error", markup=False)
            with Horizontal():
                yield Button(t("setup.save"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Select.Changed, "#county")
    def _county_chosen(self, event: Select.Changed) -> None:
        selection = self.query_one("#municipalities", SelectionList)
        selection.clear_options()
        county = self.reference.counties.get(str(event.value))
        if county is None:
            return
        members = sorted(
            (self.reference.municipalities[code] for code in county.municipality_codes),
            key=lambda m: m.name(self.language).casefold(),
        )
        selection.add_options([(m.name(self.language), m.code, True) for m in members])

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        for field in ("name", "initials", "county", "municipalities"):
            self.query_one(f"#{field}-error", Static).update("")
        county = self.query_one("#county", Select).value
        chosen = list(self.query_one("#municipalities", SelectionList).selected)
        try:
            team = resolve_team(
                self.reference,
                self.query_one("#name", Input).value,
                self.query_one("#initials", Input).value,
                "" if county is Select.NULL else str(county),
                chosen,
            )
        except FieldErrors as errors:
            for error in errors.errors:
                self.query_one(f"#{error.field}-error", Static).update(catalogue().error(error))
            return
        self.dismiss(team)
