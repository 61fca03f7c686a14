"""The start of the assessment area: a new assessment, or one of the unfinished ones."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from advisor_tui.i18n import t
from advisor_tui.models.assessment import DraftRow
from advisor_tui.models.clock import fmt_datetime

NEW = "new"


class AssessmentStart(Vertical):
    """Lists "start a new one" and the unfinished assessments, the latest first."""

    DEFAULT_CSS = """
    AssessmentStart { padding: 0 1; }
    AssessmentStart #start-title { text-style: bold; margin-top: 1; }
    AssessmentStart #start-hint { color: $text-muted; }
    """

    @dataclass
    class Chosen(Message):
        """`assessment_id` is None for a new assessment."""

        assessment_id: str | None

    def __init__(self) -> None:
        super().__init__(id="start")

    def compose(self) -> ComposeResult:
        yield Static(t("assessment.start.title"), id="start-title", markup=False)
        yield OptionList(id="start-list")
        yield Static(t("assessment.start.hint"), id="start-hint", markup=False)

    def fill(self, drafts: list[DraftRow]) -> None:
        listing = self.query_one("#start-list", OptionList)
        options = [Option(Text(t("assessment.start.new")), id=NEW)]
        for row in drafts:
            line = t(
                "assessment.start.draft",
                time=fmt_datetime(row.updated_at),
                answered=row.answered,
                concerns=row.concerns,
            )
            if row.contact_id:
                line += t("assessment.start.linked")
            options.append(Option(Text(line), id=row.id))
        listing.set_options(options)
        listing.highlighted = 0

    def focus_list(self) -> None:
        self.screen.set_focus(self.query_one("#start-list", OptionList))

    @on(OptionList.OptionSelected, "#start-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id
        self.post_message(self.Chosen(None if chosen == NEW else chosen))
