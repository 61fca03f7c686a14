"""The panels of the training area: the exercise list, the caller's story, the feedback."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from advisor_tui.i18n import t
from advisor_tui.models.training import Exercise
from advisor_tui.models.training_feedback import FeedbackLine


class ExerciseTable(DataTable[Text]):
    """One row per exercise: its title and this trainee's best score (or that it is running)."""

    def __init__(self) -> None:
        super().__init__(id="exercises", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.add_column(t("training.list.best"), key="best")
        self.add_column(t("training.list.exercise"), key="title")

    def show(
        self,
        exercises: tuple[Exercise, ...],
        language: str,
        best: Mapping[str, int],
        running: str | None,
    ) -> None:
        keep = self.cursor_row
        self.clear()
        for exercise in exercises:
            if exercise.id == running:
                state = t("training.list.running")
            elif exercise.id in best:
                state = f"{best[exercise.id]}/100"
            else:
                state = t("training.list.not_done")
            self.add_row(Text(state), Text(exercise.title_in(language)), key=exercise.id)
        if exercises:
            self.move_cursor(row=min(max(keep, 0), len(exercises) - 1))

    @property
    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)


class StoryPanel(VerticalScroll):
    """The chosen exercise's title and the caller's story, as plain text."""

    def compose(self) -> ComposeResult:
        yield Static(t("training.story.heading"), classes="heading", markup=False)
        yield Static("", id="story-title", markup=False)
        yield Static(t("training.story.choose"), id="story-text", markup=False)

    def show(self, exercise: Exercise | None, language: str) -> None:
        title = self.query_one("#story-title", Static)
        text = self.query_one("#story-text", Static)
        if exercise is None:
            title.update("")
            text.update(t("training.story.choose"))
        else:
            title.update(exercise.title_in(language))
            text.update(exercise.story_in(language))
        self.scroll_home(animate=False)


class FeedbackPanel(VerticalScroll):
    """The result of the last check: the score line, then one line per item."""

    def compose(self) -> ComposeResult:
        yield Static(t("training.feedback.heading"), classes="heading", markup=False)
        yield Static(t("training.feedback.none"), id="feedback-score", markup=False)
        yield Vertical(id="feedback-lines")

    def show(self, score: str | None, lines: list[FeedbackLine]) -> None:
        self.query_one("#feedback-score", Static).update(score or t("training.feedback.none"))
        box = self.query_one("#feedback-lines", Vertical)
        box.remove_children()
        box.mount_all(
            [Static(line.text, classes=f"line {line.status}", markup=False) for line in lines]
        )
        self.scroll_home(animate=False)
