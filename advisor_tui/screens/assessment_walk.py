"""The walk through the questionnaire: one area at a time, then the red flags."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from advisor_tui.i18n import t
from advisor_tui.models.assessment import Assessment
from advisor_tui.models.questionnaire import Questionnaire
from advisor_tui.widgets.translated import translate_bindings


class ConcernPicker(Static, can_focus=True):
    """Shows the level of concern; 0–3 set it.

    The picker's own text names the keys, so they stay out of the key bar: the bar then
    keeps the same keys through the whole area and is not rebuilt on every step.
    """

    BINDINGS = [
        Binding("0", "level(0)", "assessment.keys.concern", id="assessment.concern",
                tooltip="assessment.keys.concern_tooltip", show=False),
        Binding("1", "level(1)", show=False),
        Binding("2", "level(2)", show=False),
        Binding("3", "level(3)", show=False),
    ]  # fmt: skip

    @dataclass
    class Chosen(Message):
        level: int

    def __init__(self, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        translate_bindings(self)

    def action_level(self, level: int) -> None:
        self.post_message(self.Chosen(level))


class RedFlagList(OptionList):
    """The red-flag questions; y/k answers yes, n/e no."""

    BINDINGS = [
        Binding("k,y,j", "answer(True)", "assessment.keys.yes", id="assessment.flag_yes",
                tooltip="assessment.keys.yes_tooltip"),
        Binding("e,n", "answer(False)", "assessment.keys.no", id="assessment.flag_no",
                tooltip="assessment.keys.no_tooltip"),
    ]  # fmt: skip

    @dataclass
    class Answered(Message):
        key: str
        yes: bool

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)

    def action_answer(self, yes: bool) -> None:
        option = self.highlighted_option
        if option is not None and option.id:
            self.post_message(self.Answered(option.id, yes))


class AssessmentWalk(Vertical):
    """Shows step `step` of the assessment: an area (0…n-1) or the red flags (n)."""

    DEFAULT_CSS = """
    AssessmentWalk { height: 1fr; padding: 0 1; }
    AssessmentWalk #walk-title { text-style: bold; margin-top: 1; }
    AssessmentWalk #walk-question { margin-bottom: 1; }
    AssessmentWalk ConcernPicker { border: round $primary; padding: 0 1; height: auto; }
    AssessmentWalk ConcernPicker:focus { border: round $accent; }
    AssessmentWalk #walk-scale { color: $text-muted; margin-bottom: 1; }
    AssessmentWalk .area-only { height: auto; }
    AssessmentWalk #walk-flags { height: auto; max-height: 12; }
    AssessmentWalk #walk-progress { color: $text-muted; margin-top: 1; }
    """

    @dataclass
    class Finished(Message):
        """Enter in the last field of an area: go on."""

    def __init__(self, questionnaire: Questionnaire, language: str) -> None:
        super().__init__(id="walk")
        self.questionnaire = questionnaire
        self.language = language
        self.step = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="walk-title", markup=False)
        yield Static("", id="walk-question", markup=False)
        with Vertical(classes="area-only", id="walk-area"):
            yield ConcernPicker(id="walk-concern")
            yield Static(t("assessment.walk.scale"), id="walk-scale", markup=False)
            yield Label(t("assessment.walk.strengths"))
            yield Input(placeholder=t("assessment.walk.strengths_placeholder"), id="walk-strengths")
            yield Label(t("assessment.walk.note"))
            yield Input(placeholder=t("assessment.walk.note_placeholder"), id="walk-note")
        yield RedFlagList(id="walk-flags")
        yield Static("", id="walk-progress", markup=False)

    @property
    def at_red_flags(self) -> bool:
        return self.step >= len(self.questionnaire.areas)

    def show(self, assessment: Assessment, step: int) -> None:
        """Fill the widgets for `step` from the assessment and focus the first control.

        Focus moves at once (not after the queued events), so that keys typed ahead while
        the step changes reach the new step's control rather than the old one.
        """
        self.step = max(0, min(step, len(self.questionnaire.areas)))
        areas = self.questionnaire.areas
        flags = self.query_one(RedFlagList)
        area_box = self.query_one("#walk-area")
        if self.at_red_flags:
            self.query_one("#walk-title", Static).update(
                t(
                    "assessment.walk.red_flags",
                    number=len(areas) + 1,
                    total=len(areas) + 1,
                )
            )
            self.query_one("#walk-question", Static).update(t("assessment.walk.red_flags_hint"))
            area_box.display = False
            flags.display = True
            self.refresh_flags(assessment)
            self.screen.set_focus(flags)
        else:
            area = areas[self.step]
            answer = assessment.answers.get(area.key)
            self.query_one("#walk-title", Static).update(
                t(
                    "assessment.walk.area",
                    number=self.step + 1,
                    total=len(areas) + 1,
                    title=area.title_in(self.language),
                )
            )
            self.query_one("#walk-question", Static).update(area.question_in(self.language))
            area_box.display = True
            flags.display = False
            self.show_concern(answer.concern if answer else None)
            self.query_one("#walk-strengths", Input).value = answer.strengths if answer else ""
            self.query_one("#walk-note", Input).value = answer.note if answer else ""
            self.screen.set_focus(self.query_one(ConcernPicker))
        self.show_progress(assessment)

    def show_concern(self, level: int | None) -> None:
        text = t(f"assessment.level.{level}") if level is not None else t("assessment.walk.not_set")
        label = f"{level} – {text}" if level is not None else text
        self.query_one(ConcernPicker).update(t("assessment.walk.concern", level=label))

    def show_progress(self, assessment: Assessment) -> None:
        keys = {a.key for a in self.questionnaire.areas}
        answered = [a for k, a in assessment.answers.items() if k in keys and a.concern is not None]
        self.query_one("#walk-progress", Static).update(
            t(
                "assessment.walk.progress",
                answered=len(answered),
                total=len(keys),
                concerns=sum(1 for a in answered if (a.concern or 0) > 0),
            )
        )

    def refresh_flags(self, assessment: Assessment) -> None:
        flags = self.query_one(RedFlagList)
        highlighted = flags.highlighted
        options = []
        for flag in self.questionnaire.red_flags:
            answer = assessment.red_flags.get(flag.key)
            mark = (
                t("assessment.walk.unanswered")
                if answer is None
                else t("assessment.walk.yes")
                if answer
                else t("assessment.walk.no")
            )
            options.append(Option(Text(f"[{mark}] {flag.text_in(self.language)}"), id=flag.key))
        flags.set_options(options)
        if options:
            flags.highlighted = min(highlighted or 0, len(options) - 1)

    def read_texts(self) -> tuple[str, str]:
        return (
            self.query_one("#walk-strengths", Input).value,
            self.query_one("#walk-note", Input).value,
        )

    @on(ConcernPicker.Chosen)
    def _chosen(self) -> None:
        self.screen.set_focus(self.query_one("#walk-strengths", Input))

    @on(Input.Submitted, "#walk-strengths")
    def _strengths_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.set_focus(self.query_one("#walk-note", Input))

    @on(Input.Submitted, "#walk-note")
    def _note_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Finished())
