"""An assessment as plain text, for copying into another system."""

from __future__ import annotations

from collections.abc import Sequence

from advisor_tui.models.assessment import Assessment, concerns, strengths
from advisor_tui.models.assessment_suggestions import Suggestion, Translate, reason_text
from advisor_tui.models.clock import fmt_datetime, from_iso
from advisor_tui.models.questionnaire import Questionnaire
from advisor_tui.models.reference import Reference


def summary_text(
    assessment: Assessment,
    questionnaire: Questionnaire,
    reference: Reference,
    language: str,
    translate: Translate,
    suggestions: Sequence[Suggestion] = (),
) -> str:
    """Concerns, strengths, red flags and suggestions, one line each."""
    lines = [
        translate("assessment.text.heading", version=assessment.questionnaire_version),
        translate("assessment.disclaimer"),
    ]
    code = assessment.municipality_code
    if code and code in reference.municipalities:
        lines.append(
            translate(
                "assessment.text.municipality", name=reference.municipalities[code].name(language)
            )
        )
    if assessment.age_groups:
        ages = ", ".join(reference.label("age_group", g, language) for g in assessment.age_groups)
        lines.append(translate("assessment.text.ages", ages=ages))
    lines += ["", translate("assessment.text.concerns")]
    worries = concerns(assessment, questionnaire)
    for area, answer in worries:
        level = translate(f"assessment.level.{answer.concern}")
        line = f"- {area.title_in(language)}: {level}"
        if answer.note:
            line += f". {answer.note}"
        lines.append(line)
    if not worries:
        lines.append(translate("assessment.text.none"))
    lines += ["", translate("assessment.text.strengths")]
    found = strengths(assessment, questionnaire)
    lines += [f"- {area.title_in(language)}: {text}" for area, text in found]
    if not found:
        lines.append(translate("assessment.text.none"))
    if assessment.red_flags_shown:
        lines += ["", translate("assessment.text.red_flags")]
        for shown in assessment.red_flags_shown:
            flag = questionnaire.red_flag(shown.get("flag", ""))
            text = flag.text_in(language) if flag else shown.get("flag", "")
            at = fmt_datetime(from_iso(shown["at"])) if shown.get("at") else ""
            lines.append(f"- {text} {translate('assessment.text.guidance_shown', at=at)}")
    if suggestions:
        lines += ["", translate("assessment.text.suggestions")]
        for s in suggestions:
            reason = reason_text(s, assessment, questionnaire, reference, language, translate)
            name = translate("assessment.needs.title") if s.action else s.name
            org = f" ({s.organisation})" if s.organisation else ""
            lines.append(f"- {name}{org}: {reason}")
    return "\n".join(lines) + "\n"
