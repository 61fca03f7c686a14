"""The training area (Harjoitukset), only on a demo database: pick an exercise, read the story,
log the contact in the contact area, come back and check it."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.clock import fmt_time, from_iso
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.handoff import ContactContext
from advisor_tui.models.training import ExerciseSet, load_exercises, shipped_service_names
from advisor_tui.models.training_feedback import (
    FeedbackLine,
    feedback_lines,
    score_line,
    service_names,
)
from advisor_tui.models.training_results import (
    active_exercise,
    best_scores,
    complete_exercise,
    start_exercise,
    stop_exercise,
    trainee_contact,
)
from advisor_tui.screens.area import AreaScreen
from advisor_tui.screens.training_panels import ExerciseTable, FeedbackPanel, StoryPanel
from advisor_tui.widgets.area_header import AreaHeader
from advisor_tui.widgets.key_bar import KeyBar


class TrainingScreen(AreaScreen):
    """Exercises on the left; the story, what to do next and the feedback on the right."""

    AREA = "training"
    DEFAULT_CSS = """
    TrainingScreen #training-main { height: 1fr; }
    TrainingScreen #training-left { width: 45%; max-width: 60; }
    TrainingScreen #exercises { height: 1fr; }
    TrainingScreen #load-errors { height: auto; max-height: 6; color: $warning; padding: 0 1; }
    TrainingScreen #training-right { width: 1fr; border-left: solid $primary; }
    TrainingScreen StoryPanel { height: 1fr; padding: 0 1; }
    TrainingScreen #training-status {
        height: auto; padding: 0 1; border-top: solid $primary; text-style: italic;
    }
    TrainingScreen FeedbackPanel { height: 1fr; padding: 0 1; border-top: solid $primary; }
    TrainingScreen .heading { text-style: bold; }
    TrainingScreen #story-title { text-style: bold; margin-bottom: 1; }
    TrainingScreen #feedback-lines { height: auto; }
    TrainingScreen .line { margin-top: 0; }
    TrainingScreen .line.wrong, TrainingScreen .line.missing { color: $error; }
    TrainingScreen .line.avoid { color: $error; text-style: bold; }
    TrainingScreen .line.recommended, TrainingScreen .line.extra { color: $warning; }
    TrainingScreen .line.ok { color: $success; }
    """
    BINDINGS = [
        Binding("a", "start", "training.key.start", id="training.start",
                tooltip="training.key.start_tooltip"),
        Binding("t", "check", "training.key.check", id="training.check",
                tooltip="training.key.check_tooltip"),
        Binding("k", "stop", "training.key.stop", id="training.stop",
                tooltip="training.key.stop_tooltip"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.exercises = ExerciseSet(())
        self._feedback: dict[str, tuple[str, list[FeedbackLine]]] = {}
        self._announced: str | None = None

    def compose(self) -> ComposeResult:
        yield AreaHeader(t("training.area.title"))
        yield from self.body()
        yield KeyBar(show_command_palette=False, compact=True)

    def body(self) -> ComposeResult:
        with Horizontal(id="training-main"):
            with Vertical(id="training-left"):
                yield ExerciseTable()
                yield Static("", id="load-errors", markup=False)
            with Vertical(id="training-right"):
                yield StoryPanel()
                yield Static("", id="training-status", markup=False)
                yield FeedbackPanel()

    @property
    def _app(self) -> Any:
        return self.app

    @property
    def table(self) -> ExerciseTable:
        return self.query_one(ExerciseTable)

    def on_mount(self) -> None:
        store = self._app.store
        services = set(shipped_service_names()) | set(service_names(store))
        self.exercises = load_exercises(services=services)
        errors = self.query_one("#load-errors", Static)
        if self.exercises.errors:
            lines = [t("training.messages.load_errors")]
            lines += [catalogue().error(error) for error in self.exercises.errors]
            errors.update("\n".join(lines))
        elif not self.exercises.exercises:
            errors.update(t("training.list.empty"))
        errors.display = bool(self.exercises.errors) or not self.exercises.exercises
        self.refresh_view()
        active = active_exercise(store)
        if active is not None:
            for row, exercise in enumerate(self.exercises.exercises):
                if exercise.id == active.exercise_id:
                    self.table.move_cursor(row=row)
        self.table.focus()
        self.watch(self.app, "data_version", self._data_changed, init=False)

    def _data_changed(self) -> None:
        """Tell the trainee, wherever they are, when the answer to the exercise is saved."""
        store = self._app.store
        active = active_exercise(store)
        if active is None or self._announced == active.started_at:
            return
        if self._app.current_mode != self.AREA and trainee_contact(store, active.started_at):
            self._announced = active.started_at
            self.app.notify(t("training.messages.saved_for_exercise"), timeout=10, markup=False)

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_view()

    def refresh_view(self) -> None:
        store = self._app.store
        active = active_exercise(store)
        self.table.show(
            self.exercises.exercises,
            self._app.language,
            best_scores(store, store.advisor),
            active.exercise_id if active else None,
        )
        self._show_current()

    def _show_current(self) -> None:
        language = self._app.language
        current = self.exercises.get(self.table.current_id or "")
        self.query_one(StoryPanel).show(current, language)
        active = active_exercise(self._app.store)
        status = self.query_one("#training-status", Static)
        running = self.exercises.get(active.exercise_id) if active else None
        if active is None or running is None:
            status.update(t("training.status.idle"))
        elif current is not None and running.id != current.id:
            status.update(t("training.status.other_running", title=running.title_in(language)))
        else:
            started = fmt_time(from_iso(active.started_at))
            status.update(
                t("training.status.running", title=running.title_in(language), time=started)
            )
        shown = self._feedback.get(current.id) if current else None
        score, lines = shown if shown else (None, [])
        self.query_one(FeedbackPanel).show(score, lines)

    @on(DataTable.RowHighlighted, "#exercises")
    def _highlighted(self) -> None:
        self._show_current()

    @on(DataTable.RowSelected, "#exercises")
    def _selected(self) -> None:
        self.action_start()

    # -- actions -----------------------------------------------------------------------------

    def action_start(self) -> None:
        exercise = self.exercises.get(self.table.current_id or "")
        if exercise is None:
            return
        start_exercise(self._app.store, exercise.id)
        self._feedback.pop(exercise.id, None)
        self.refresh_view()
        self.notify(t("training.messages.started"), markup=False)
        self._app.open_with_context("contact", ContactContext())

    def action_check(self) -> None:
        store = self._app.store
        active = active_exercise(store)
        exercise = self.exercises.get(active.exercise_id) if active else None
        if exercise is None:
            self.notify(t("training.not_started"), severity="error", markup=False)
            return
        try:
            result = complete_exercise(store, exercise)
        except AdvisorError as error:
            self.notify(catalogue().error(error), severity="error", markup=False)
            return
        language = self._app.language
        lines = feedback_lines(
            result, exercise, self._app.reference, language, service_names(store, language)
        )
        self._feedback[exercise.id] = (score_line(result), lines)
        for row, item in enumerate(self.exercises.exercises):
            if item.id == exercise.id:
                self.table.move_cursor(row=row)
        self.refresh_view()
        self.notify(t("training.messages.checked", score=result.score), markup=False)

    def action_stop(self) -> None:
        store = self._app.store
        if active_exercise(store) is None:
            self.notify(t("training.not_started"), severity="error", markup=False)
            return
        stop_exercise(store)
        self.refresh_view()
        self.notify(t("training.messages.stopped"), markup=False)
