"""The assessment area (Tilanteen kartoitus): walk through the areas, then suggested services."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ContentSwitcher, Static

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.assessment import (
    ASSESSMENT_DONE,
    Assessment,
    answer_red_flag,
    get_assessment,
    list_drafts,
    new_assessment,
    save_assessment,
    set_concern,
)
from advisor_tui.models.assessment_links import assessment_for_contact, family_language
from advisor_tui.models.assessment_suggestions import service_refs, suggest_services
from advisor_tui.models.errors import AdvisorError, FieldErrors
from advisor_tui.models.handoff import ContactContext
from advisor_tui.models.questionnaire import QuestionnaireLoad, load_questionnaire
from advisor_tui.screens.area import AreaScreen
from advisor_tui.screens.assessment_dialogs import UrgentGuidanceDialog
from advisor_tui.screens.assessment_linking import ContactLinking
from advisor_tui.screens.assessment_result import AssessmentResult
from advisor_tui.screens.assessment_start import AssessmentStart
from advisor_tui.screens.assessment_walk import AssessmentWalk, ConcernPicker, RedFlagList


class AssessmentScreen(AreaScreen):
    """Start or continue an assessment, walk the areas, and pick the suggested services."""

    AREA = "assessment"
    DEFAULT_CSS = """
    AssessmentScreen #disclaimer {
        background: $boost; color: $warning; text-style: bold; padding: 0 1;
    }
    AssessmentScreen #status { color: $text-muted; padding: 0 1; }
    AssessmentScreen #problem { color: $error; padding: 1 2; }
    AssessmentScreen ContentSwitcher { height: 1fr; }
    """
    BINDINGS = [
        Binding("pagedown,alt+n", "next", "assessment.keys.next", id="assessment.next",
                tooltip="assessment.keys.next_tooltip", priority=True),
        Binding("pageup,alt+p", "previous", "assessment.keys.previous", id="assessment.previous",
                tooltip="assessment.keys.previous_tooltip", priority=True),
        Binding("f9", "red_flags", "assessment.keys.red_flags", id="assessment.red_flags",
                tooltip="assessment.keys.red_flags_tooltip"),
        Binding("f12,alt+e", "results", "assessment.keys.results", id="assessment.results",
                tooltip="assessment.keys.results_tooltip", priority=True),
        Binding("f8", "results_f8", "assessment.keys.results", id="assessment.results_f8",
                tooltip="assessment.keys.results_f8_tooltip", show=False),
        Binding("ctrl+s,f10", "save", "assessment.keys.save", id="assessment.save",
                tooltip="assessment.keys.save_tooltip", priority=True),
        Binding("f3", "start", "assessment.keys.new", id="assessment.new",
                tooltip="assessment.keys.new_tooltip", show=False),
        Binding("l", "attach", "assessment.keys.attach", id="assessment.attach",
                tooltip="assessment.keys.attach_tooltip"),
        Binding("ctrl+l", "link", "assessment.keys.link", id="assessment.link",
                tooltip="assessment.keys.link_tooltip"),
        Binding("c", "copy", "assessment.keys.copy", id="assessment.copy",
                tooltip="assessment.keys.copy_tooltip"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.loaded: QuestionnaireLoad = load_questionnaire()
        self.assessment: Assessment | None = None
        self.step = 0
        self.view = "start"
        self.dirty = False
        self._pending: ContactContext | None = None
        self.from_open_contact = False
        self.linking = ContactLinking(self)

    # -- layout ------------------------------------------------------------------------------

    def body(self) -> ComposeResult:
        yield Static(t("assessment.disclaimer"), id="disclaimer", markup=False)
        q = self.loaded.questionnaire
        if q is None:
            detail = catalogue().error(self.loaded.error) if self.loaded.error else ""
            yield Static(
                t("assessment.errors.unavailable", detail=detail), id="problem", markup=False
            )
            return
        yield Static("", id="status", markup=False)
        app: Any = self.app
        with ContentSwitcher(initial="start"):
            yield AssessmentStart()
            yield AssessmentWalk(q, app.language)
            yield AssessmentResult(q, app.reference, app.language)

    def on_mount(self) -> None:
        if self.loaded.questionnaire is None:
            return
        if self.loaded.error is not None:
            self.notify(
                t(
                    "assessment.errors.fallback",
                    detail=catalogue().error(self.loaded.error),
                    version=self.loaded.questionnaire.version,
                ),
                severity="warning",
                timeout=15,
                markup=False,
            )
        if self._pending is not None:
            self._start_from(self._pending)
        else:
            self.show_start()

    @property
    def store(self) -> Any:
        return self.app.store  # type: ignore[attr-defined]

    # -- starting and continuing ---------------------------------------------------------------

    def show_start(self) -> None:
        self._save_if_dirty()
        self.view = "start"
        self.assessment = None
        start = self.query_one(AssessmentStart)
        start.fill(list_drafts(self.store))
        self.query_one(ContentSwitcher).current = "start"
        self.refresh_status()
        start.focus_list()

    def finished(self) -> None:
        """The results went onto the contact: this assessment is done, back to the start."""
        self.dirty = False
        self.show_start()

    def on_screen_resume(self) -> None:
        if self.view == "start" and self.loaded.questionnaire is not None and self.is_mounted:
            self.query_one(AssessmentStart).fill(list_drafts(self.store))

    @on(AssessmentStart.Chosen)
    def _start_chosen(self, event: AssessmentStart.Chosen) -> None:
        q = self.loaded.questionnaire
        if q is None:
            return
        self.from_open_contact = False
        if event.assessment_id is None:
            self._open(new_assessment(q), 0)
            return
        found = get_assessment(self.store, event.assessment_id)
        if found is None:
            self.show_start()
            return
        self._open(found, self._first_open(found))

    def receive_context(self, ctx: ContactContext) -> None:
        """Started from a contact: its municipality, ages and link come along."""
        self._pending = ctx
        if self.is_mounted and self.loaded.questionnaire is not None:
            self._start_from(ctx)

    def _start_from(self, ctx: ContactContext) -> None:
        """The contact's unfinished assessment continues; else a new one starts."""
        q = self.loaded.questionnaire
        self._pending = None
        if q is None:
            return
        current, unlinked = self.assessment, self.from_open_contact
        chosen = assessment_for_contact(self.store, q, ctx, current, current_unlinked=unlinked)
        if chosen is current:
            step, self.dirty = self.step, self.dirty or unlinked
        else:
            self._save_if_dirty()
            step, self.dirty = self._first_open(chosen), chosen.id is None
        self.from_open_contact = not (chosen.contact_id or chosen.contact_draft_id)
        self._open(chosen, step)

    def _first_open(self, assessment: Assessment) -> int:
        areas = self.loaded.questionnaire.areas if self.loaded.questionnaire else ()
        return next((i for i, a in enumerate(areas) if assessment.answers.get(a.key) is None), 0)

    def _open(self, assessment: Assessment, step: int) -> None:
        self.assessment = assessment
        self.view = "walk"
        self.query_one(ContentSwitcher).current = "walk"
        self.refresh_status()
        self._show_step(step)

    def refresh_status(self) -> None:
        text = "" if self.loaded.questionnaire is None else self.linking.status_text()
        self.query_one("#status", Static).update(text)

    # -- the walk ------------------------------------------------------------------------------

    @property
    def walk(self) -> AssessmentWalk:
        return self.query_one(AssessmentWalk)

    def _keep_texts(self) -> None:
        q = self.loaded.questionnaire
        if self.assessment is None or q is None or self.view != "walk" or self.walk.at_red_flags:
            return
        strengths, note = self.walk.read_texts()
        answer = self.assessment.answer(q.areas[self.walk.step].key)
        if (strengths, note) != (answer.strengths, answer.note):
            answer.strengths, answer.note = strengths, note
            self.dirty = True

    def _show_step(self, step: int) -> None:
        if self.assessment is None:
            return
        self.step = step
        self.walk.show(self.assessment, step)

    @on(ConcernPicker.Chosen)
    def _concern(self, event: ConcernPicker.Chosen) -> None:
        q = self.loaded.questionnaire
        if self.assessment is None or q is None or self.walk.at_red_flags:
            return
        set_concern(self.assessment, q.areas[self.walk.step].key, event.level)
        self.dirty = True
        self.walk.show_concern(event.level)
        self.walk.show_progress(self.assessment)

    @on(AssessmentWalk.Finished)
    def _area_done(self) -> None:
        self.action_next()

    def action_next(self) -> None:
        q = self.loaded.questionnaire
        if self.assessment is None or q is None:
            return
        if self.view == "walk":
            self._keep_texts()
            if not self._save_if_dirty():
                return
            if self.walk.at_red_flags:
                self.action_results()
            else:
                self._show_step(self.walk.step + 1)

    def action_previous(self) -> None:
        if self.assessment is None:
            return
        if self.view == "result":
            self.view = "walk"
            self.query_one(ContentSwitcher).current = "walk"
            self._show_step(self.step)
            return
        if self.view == "walk" and self.walk.step > 0:
            self._keep_texts()
            if self._save_if_dirty():
                self._show_step(self.walk.step - 1)

    def action_red_flags(self) -> None:
        q = self.loaded.questionnaire
        if self.assessment is None or q is None:
            return
        self._keep_texts()
        self.view = "walk"
        self.query_one(ContentSwitcher).current = "walk"
        self._show_step(len(q.areas))

    @on(RedFlagList.Answered)
    def _red_flag(self, event: RedFlagList.Answered) -> None:
        q = self.loaded.questionnaire
        if self.assessment is None or q is None:
            return
        self._keep_texts()
        try:
            action = answer_red_flag(self.store, self.assessment, q, event.key, event.yes)
        except AdvisorError as exc:
            self.notify(catalogue().error(exc), severity="error", markup=False)
            return
        self.dirty = False
        self.walk.refresh_flags(self.assessment)
        self.refresh_status()
        if action is None:
            return
        flag = q.red_flag(event.key)
        app: Any = self.app
        label = app.reference.label("action", action, app.language)
        text = flag.text_in(app.language) if flag else event.key
        self.app.push_screen(UrgentGuidanceDialog(text, label))
        self.linking.add_actions([action])

    # -- saving --------------------------------------------------------------------------------

    def _save_if_dirty(self) -> bool:
        if self.assessment is None or not self.dirty:
            return True
        try:
            stored = save_assessment(self.store, self.assessment, self.app.reference)  # type: ignore[attr-defined]
        except FieldErrors as exc:
            for error in exc.errors:
                self.notify(catalogue().error(error), severity="error", markup=False)
            return False
        except AdvisorError as exc:
            self.notify(catalogue().error(exc), severity="error", markup=False)
            return False
        self.assessment.id = stored.id
        self.assessment.answers = stored.answers
        self.dirty = False
        return True

    def action_save(self) -> None:
        if self.assessment is None:
            return
        self._keep_texts()
        self.dirty = True
        if self._save_if_dirty():
            self.notify(t("assessment.status.saved"), markup=False)
            self.show_start()

    def action_start(self) -> None:
        self._keep_texts()
        self.show_start()

    def has_unsaved_input(self) -> bool:
        if self.is_mounted and self.assessment is not None:
            self._keep_texts()
        return self.assessment is not None and self.dirty

    # -- the result ----------------------------------------------------------------------------

    @property
    def result(self) -> AssessmentResult:
        return self.query_one(AssessmentResult)

    def action_results(self) -> None:
        q = self.loaded.questionnaire
        if self.assessment is None or q is None:
            return
        self._keep_texts()
        if not self._save_if_dirty():
            return
        self.step = self.walk.step
        language = family_language(self.store, self.assessment)
        suggestions = suggest_services(self.store, self.assessment, q, language=language)
        self.view = "result"
        self.query_one(ContentSwitcher).current = "result"
        self.result.show(self.assessment, suggestions)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("attach", "copy"):
            return self.view == "result"
        if action == "results_f8":  # on a demo database F8 opens training, as everywhere
            return self.assessment is not None and not self.store.is_demo
        if action in ("next", "previous", "red_flags", "results", "save", "link"):
            return self.assessment is not None
        return True

    def action_results_f8(self) -> None:
        """F8, the suggestions' former key, where F8 does not open the training area."""
        self.action_results()

    def action_copy(self) -> None:
        q = self.loaded.questionnaire
        if self.assessment is None or q is None:
            return
        from advisor_tui.models.assessment_summary import summary_text

        app: Any = self.app
        text = summary_text(
            self.assessment, q, app.reference, app.language, t, self.result.suggestions
        )
        self.app.copy_to_clipboard(text)
        self.notify(t("assessment.status.copied"), markup=False)

    def action_link(self) -> None:
        """Link to a contact now: its municipality and ages then shape the suggestions."""
        if self.assessment is not None:
            self._keep_texts()
            self.linking.ask_link(lambda: self.action_results() if self.view == "result" else None)

    def action_attach(self) -> None:
        q = self.loaded.questionnaire
        if self.assessment is None or q is None:
            return
        picked = self.result.chosen()
        if not picked:
            self.notify(t("assessment.status.nothing_chosen"), severity="warning", markup=False)
            return
        app: Any = self.app
        refs = service_refs(picked, self.assessment, q, app.reference, app.language, t)
        actions = [*self.assessment.actions]
        actions += [s.action for s in picked if s.action]
        actions.append(ASSESSMENT_DONE)
        self.linking.deliver(refs, list(dict.fromkeys(actions)))
