"""The result of an assessment: concerns and strengths, and the suggested services to pick."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from advisor_tui.i18n import t
from advisor_tui.models.assessment import Assessment, concerns, strengths
from advisor_tui.models.assessment_suggestions import Suggestion, reason_text
from advisor_tui.models.questionnaire import Questionnaire
from advisor_tui.models.reference import Reference


class AssessmentResult(Vertical):
    DEFAULT_CSS = """
    AssessmentResult { height: 1fr; padding: 0 1; }
    AssessmentResult #result-title { text-style: bold; margin-top: 1; }
    AssessmentResult #result-summary { height: auto; max-height: 12; margin-bottom: 1; }
    AssessmentResult #result-suggestions-title { text-style: bold; }
    AssessmentResult #result-note { color: $text-muted; }
    AssessmentResult SelectionList { height: 1fr; }
    AssessmentResult #result-hint { color: $text-muted; }
    """

    def __init__(self, questionnaire: Questionnaire, reference: Reference, language: str) -> None:
        super().__init__(id="result")
        self.questionnaire = questionnaire
        self.reference = reference
        self.language = language
        self.suggestions: list[Suggestion] = []

    def compose(self) -> ComposeResult:
        yield Static(t("assessment.result.title"), id="result-title", markup=False)
        with VerticalScroll(id="result-summary"):
            yield Static("", id="result-summary-text", markup=False)
        yield Static(t("assessment.result.suggestions"), id="result-suggestions-title")
        yield Static("", id="result-note", markup=False)
        yield SelectionList[str](id="result-list")
        yield Static(t("assessment.result.hint"), id="result-hint", markup=False)

    def show(self, assessment: Assessment, suggestions: list[Suggestion]) -> None:
        self.suggestions = suggestions
        self.query_one("#result-summary-text", Static).update(self._summary(assessment))
        note = ""
        if not suggestions:
            note = t("assessment.result.none")
        elif not assessment.municipality_code:
            note = t("assessment.result.no_municipality")
        self.query_one("#result-note", Static).update(note)
        listing = self.query_one("#result-list", SelectionList)
        listing.clear_options()
        chosen = {c.get("service_id") for c in assessment.chosen_services}
        listing.add_options(
            [Selection(self._prompt(assessment, s), s.key, s.key in chosen) for s in suggestions]
        )
        if suggestions:
            listing.highlighted = 0
        self.screen.set_focus(listing)

    def _summary(self, assessment: Assessment) -> Text:
        text = Text()
        text.append(t("assessment.text.concerns") + "\n", style="bold")
        worries = concerns(assessment, self.questionnaire)
        for area, answer in worries:
            text.append(
                f"• {area.title_in(self.language)}: {t(f'assessment.level.{answer.concern}')}"
            )
            if answer.note:
                text.append(f" – {answer.note}")
            text.append("\n")
        if not worries:
            text.append(t("assessment.text.none") + "\n")
        text.append(t("assessment.text.strengths") + "\n", style="bold")
        found = strengths(assessment, self.questionnaire)
        for area, value in found:
            text.append(f"• {area.title_in(self.language)}: {value}\n")
        if not found:
            text.append(t("assessment.text.none") + "\n")
        return text

    def _prompt(self, assessment: Assessment, suggestion: Suggestion) -> Text:
        reason = reason_text(
            suggestion, assessment, self.questionnaire, self.reference, self.language, t
        )
        prompt = Text()
        if suggestion.action:
            prompt.append("➜ " + t("assessment.needs.title"), style="bold")
            prompt.append(f" ({t('assessment.needs.organisation')})")
        else:
            prompt.append(suggestion.name, style="bold")
            if suggestion.organisation:
                prompt.append(f" – {suggestion.organisation}")
            if suggestion.stale:
                prompt.append(f" [{t('assessment.result.stale')}]")
        prompt.append(f" · {reason}", style="italic")
        return prompt

    def chosen(self) -> list[Suggestion]:
        listing = self.query_one("#result-list", SelectionList)
        picked = set(listing.selected)
        return [s for s in self.suggestions if s.key in picked]
