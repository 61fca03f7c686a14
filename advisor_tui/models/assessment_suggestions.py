"""Suggested services for an assessment, and the plain-text summary to copy.

Services come from the directory (`search_services`), limited to those that share a topic with
an area of concern and, when the family's municipality is known, serve it (locally, in its
wellbeing county or nationwide; without a municipality only nationwide services). They are
ranked by the areas they fit, each weighted by its level of concern, then by how close the
service is, by the children's ages, and digital services a little ahead. Services only for
children of other ages are left out; services for adults are kept (they serve the parents).
A formal needs assessment comes first when an area reached its threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from advisor_tui.models.assessment import (
    NEEDS_ASSESSMENT,
    Assessment,
    concerns,
    needs_assessment_areas,
    strengths,
)
from advisor_tui.models.clock import fmt_datetime, from_iso
from advisor_tui.models.directory_search import ServiceHit, search_services
from advisor_tui.models.handoff import ServiceRef
from advisor_tui.models.questionnaire import Questionnaire
from advisor_tui.models.reference import Reference
from advisor_tui.models.store import Store

AGE_RANGES = {
    "expecting": (0, 0),
    "0-2": (0, 2),
    "3-6": (3, 6),
    "7-12": (7, 12),
    "13-17": (13, 17),
    "18+": (18, 120),
}
ADULT_AGE = 18
CANDIDATES = 400
SUGGESTED = 15
PLACE_POINTS = {"municipality": 6.0, "county": 4.0, "nationwide": 1.0}

Translate = Callable[..., str]


@dataclass(frozen=True)
class Suggestion:
    """A suggested service (or, with `action`, the path to a formal needs assessment)."""

    key: str
    name: str
    organisation: str = ""
    digital: bool = False
    stale: bool = False
    score: float = 0.0
    areas: tuple[str, ...] = ()
    ages: tuple[str, ...] = ()
    place: str = ""
    action: str | None = None

    @property
    def is_service(self) -> bool:
        return self.action is None


def _age_fit(hit: ServiceHit, groups: list[str]) -> tuple[bool, tuple[str, ...], float]:
    """(keep it, the family's age groups it fits, points)."""
    if not groups or (hit.min_age is None and hit.max_age is None):
        return True, (), 0.0
    low = hit.min_age or 0
    high = hit.max_age if hit.max_age is not None else 120
    fits = tuple(
        g
        for g in groups
        if g in AGE_RANGES and AGE_RANGES[g][0] <= high and low <= AGE_RANGES[g][1]
    )
    if fits:
        return True, fits, 2.0 if high - low <= 18 else 1.0
    return low >= ADULT_AGE, (), 0.0


def _place(hit: ServiceHit) -> str:
    for place in ("municipality", "county", "nationwide"):
        if place in hit.reasons:
            return place
    return "nationwide" if hit.area_scope == "nationwide" else ""


def suggest_services(
    store: Store,
    assessment: Assessment,
    questionnaire: Questionnaire,
    *,
    limit: int = SUGGESTED,
) -> list[Suggestion]:
    """The suggestions, best first: the needs-assessment path (if reached), then services."""
    worries = concerns(assessment, questionnaire)
    if not worries:
        return []
    result: list[Suggestion] = []
    serious = needs_assessment_areas(assessment, questionnaire)
    if serious:
        result.append(
            Suggestion(
                key=NEEDS_ASSESSMENT,
                name=NEEDS_ASSESSMENT,
                score=float("inf"),
                areas=tuple(a.key for a in serious),
                place="",
                action=NEEDS_ASSESSMENT,
            )
        )
    topics = list(dict.fromkeys(t for area, _ in worries for t in area.topics))
    hits = search_services(
        store,
        "",
        municipality_code=assessment.municipality_code,
        topics=topics,
        limit=CANDIDATES,
    )
    groups = [g for g in assessment.age_groups if g in AGE_RANGES]
    scored: list[Suggestion] = []
    for hit in hits:
        place = _place(hit)
        if not assessment.municipality_code and place != "nationwide":
            continue
        keep, ages, age_points = _age_fit(hit, groups)
        if not keep:
            continue
        own = {r.split(":", 1)[1] for r in hit.reasons if r.startswith("topic:")}
        fitting: list[str] = []
        score = 0.0
        for area, answer in worries:
            shared = own.intersection(area.topics)
            if shared:
                fitting.append(area.key)
                score += 4.0 * (answer.concern or 0) + (len(shared) - 1)
        if not fitting:
            continue
        score += PLACE_POINTS.get(place, 0.0) + age_points + (1.0 if hit.digital else 0.0)
        score -= (1.0 if hit.stale else 0.0) + (3.0 if hit.status == "temporarily_closed" else 0.0)
        scored.append(
            Suggestion(
                key=hit.service_id,
                name=hit.name,
                organisation=hit.organisation,
                digital=hit.digital,
                stale=hit.stale,
                score=round(score, 2),
                areas=tuple(fitting),
                ages=ages,
                place=place,
            )
        )
    scored.sort(key=lambda s: (-s.score, s.name.casefold(), s.organisation.casefold(), s.key))
    return result + scored[: max(0, limit - len(result))]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def reason_parts(
    suggestion: Suggestion,
    assessment: Assessment,
    questionnaire: Questionnaire,
    reference: Reference,
    language: str,
    translate: Translate,
) -> list[str]:
    """Why it was suggested, e.g. ["huoli: parisuhde ja ero", "ikä 3–6", "palvelee Kempele"]."""
    titles = []
    for key in suggestion.areas:
        area = questionnaire.area(key)
        titles.append(_lower_first(area.title_in(language)) if area else key)
    parts = []
    if titles:
        parts.append(translate("assessment.reason.concern", areas=", ".join(titles)))
    if suggestion.ages:
        ages = ", ".join(
            reference.label("age_group", g, language) if g == "expecting" else g.replace("-", "–")
            for g in suggestion.ages
        )
        parts.append(translate("assessment.reason.age", ages=ages))
    code = assessment.municipality_code
    local = suggestion.place in ("municipality", "county")
    if local and code and code in reference.municipalities:
        place = reference.municipalities[code].name(language)
        parts.append(translate("assessment.reason.serves", place=place))
    elif suggestion.place == "nationwide":
        parts.append(translate("assessment.reason.nationwide"))
    if suggestion.digital:
        parts.append(translate("assessment.reason.digital"))
    if suggestion.stale:
        parts.append(translate("assessment.reason.stale"))
    return parts


def reason_text(
    suggestion: Suggestion,
    assessment: Assessment,
    questionnaire: Questionnaire,
    reference: Reference,
    language: str,
    translate: Translate,
) -> str:
    parts = reason_parts(suggestion, assessment, questionnaire, reference, language, translate)
    return "; ".join(parts)


def service_ref(suggestion: Suggestion, reason: str) -> ServiceRef:
    return ServiceRef(
        service_id=suggestion.key,
        name=suggestion.name,
        digital=suggestion.digital,
        organisation=suggestion.organisation,
        reason=reason,
    )


def summary_text(
    assessment: Assessment,
    questionnaire: Questionnaire,
    reference: Reference,
    language: str,
    translate: Translate,
    suggestions: Sequence[Suggestion] = (),
) -> str:
    """The assessment as plain text for copying into another system."""
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
