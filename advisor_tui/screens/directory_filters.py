"""The directory's search field and filters: municipality, age, topic, organiser, language."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Select, Static

from advisor_tui.i18n import t
from advisor_tui.models.directory import ORG_TYPES
from advisor_tui.models.team import load_team

MAX_AGE = 120


class DirectoryFilters(Vertical):
    """Search text and filters; `values()` reads them (None while the age is not valid)."""

    DEFAULT_CSS = """
    DirectoryFilters { height: auto; }
    DirectoryFilters #search-row, DirectoryFilters #filter-row { height: auto; }
    DirectoryFilters #query { width: 1fr; }
    DirectoryFilters #digital { width: auto; }
    DirectoryFilters #municipality { width: 24; }
    DirectoryFilters #age { width: 12; }
    DirectoryFilters #topic { width: 30; }
    DirectoryFilters #orgtype { width: 24; }
    DirectoryFilters #language { width: 16; }
    DirectoryFilters #age-error { color: $error; height: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        ref = self.app.reference  # type: ignore[attr-defined]
        language = self.app.language  # type: ignore[attr-defined]
        with Horizontal(id="search-row"):
            yield Input(placeholder=t("directory.search.placeholder"), id="query")
            yield Checkbox(t("directory.filter.digital"), id="digital")
        with Horizontal(id="filter-row"):
            yield Select(
                self.municipality_options(),
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

    def municipality_options(self) -> list[tuple[str, str]]:
        """The team's own municipalities first, then the rest in alphabetical order."""
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

    def set_municipality(self, code: str | None) -> None:
        select = self.query_one("#municipality", Select)
        if code and code in {value for _, value in self.municipality_options()}:
            select.value = code

    def focus_search(self) -> None:
        self.query_one("#query", Input).focus()

    def _chosen(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else str(value)

    def _age_error(self, text: str) -> None:
        error = self.query_one("#age-error", Static)
        if str(error.content) != text:
            error.update(text)

    def values(self) -> dict[str, Any] | None:
        """The search's arguments (see `search_services`); None, with the error shown next to
        the field, while the age is not a whole number 0–120."""
        age_text = self.query_one("#age", Input).value.strip()
        age: int | None = None
        if age_text:
            if not age_text.isdigit() or not 0 <= int(age_text) <= MAX_AGE:
                self._age_error(t("directory.error.age"))
                return None
            age = int(age_text)
        self._age_error("")
        topic = self._chosen("#topic")
        return {
            "text": self.query_one("#query", Input).value,
            "municipality_code": self._chosen("#municipality"),
            "age": age,
            "topics": (topic,) if topic else (),
            "digital_only": self.query_one("#digital", Checkbox).value,
            "organisation_type": self._chosen("#orgtype"),
            "language": self._chosen("#language"),
        }
