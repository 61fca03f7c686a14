"""Suggested services for an assessment, ranked from the directory.

Services come from the directory (`search_services`), limited to those that share a topic with
an area of concern or an answered red flag and, when the family's municipality is known, serve
it (locally, in its wellbeing county or nationwide; without a municipality only nationwide
services). The order, best first:

1. after a red flag answered yes, urgent help (the flag's topics: social emergency services,
   112, a crisis line), closest first: how much of what a service does is about the flags'
   topics (the first topic of a flag counts double), then how close it is;
2. a formal needs assessment, when an area reached its threshold;
3. the services that fit the areas of concern, each area weighted by its level, then by how
   close the service is, by the children's ages and the family's language, digital services a
   little ahead (they are always reachable).

Services only for children of other ages are left out; services for adults are kept (they serve
the parents). Each suggestion keeps what it was suggested for, so the screen can say why.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from advisor_tui.models.assessment import (
    NEEDS_ASSESSMENT,
    Assessment,
    concerns,
    needs_assessment_areas,
)
from advisor_tui.models.directory_search import ServiceHit, search_services
from advisor_tui.models.handoff import ServiceRef
from advisor_tui.models.questionnaire import Questionnaire, RedFlag
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
CANDIDATES = 200
URGENT_CANDIDATES = 40
SUGGESTED = 15
URGENT_SHOWN = 3
PLACE_POINTS = {"municipality": 6.0, "county": 4.0, "nationwide": 1.0}
LANGUAGE_POINTS = 3.0
MAIN_LANGUAGE = "fi"
UNSPOKEN = ("other", "")

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
    urgent: tuple[str, ...] = ()
    language: str | None = None

    @property
    def is_service(self) -> bool:
        return self.action is None


@dataclass
class _Candidate:
    hit: ServiceHit
    place: str
    ages: tuple[str, ...]
    topics: frozenset[str]
    language: str | None
    base: float
    areas: list[str] = field(default_factory=list)
    fit: float = 0.0


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


def _details(store: Store, ids: list[str]) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Every topic and language of the candidates (the search reports only shared topics)."""
    if not ids:
        return {}
    rows = store.query(
        "SELECT id, topics, languages FROM services WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),),
    )
    return {
        r["id"]: (
            frozenset(json.loads(r["topics"] or "[]")),
            frozenset(json.loads(r["languages"] or "[]")),
        )
        for r in rows
    }


def answered_flags(assessment: Assessment, questionnaire: Questionnaire) -> list[RedFlag]:
    """The red flags answered yes, in questionnaire order."""
    return [f for f in questionnaire.red_flags if assessment.red_flags.get(f.key)]


def _urgency(topics: frozenset[str], flags: list[RedFlag]) -> tuple[float, tuple[str, ...]]:
    """How much of the service is about the flags' topics, and the flags it answers."""
    if not topics:
        return 0.0, ()
    best = 0.0
    matched = []
    for flag in flags:
        weights = {t: (2.0 if i == 0 else 1.0) for i, t in enumerate(flag.topics)}
        share = sum(weights.get(t, 0.0) for t in topics) / len(topics)
        if share > 0:
            matched.append(flag.key)
            best = max(best, share)
    return 10.0 * best, tuple(matched)


def _suggestion(c: _Candidate, score: float, urgent: tuple[str, ...] = ()) -> Suggestion:
    return Suggestion(
        key=c.hit.service_id,
        name=c.hit.name,
        organisation=c.hit.organisation,
        digital=c.hit.digital,
        stale=c.hit.stale,
        score=round(score, 2),
        areas=tuple(c.areas),
        ages=c.ages,
        place=c.place,
        urgent=urgent,
        language=c.language,
    )


def _order(s: Suggestion) -> tuple[float, str, str, str]:
    return (-s.score, s.name.casefold(), s.organisation.casefold(), s.key)


def _candidates(
    store: Store, assessment: Assessment, topics: list[str], language: str | None, limit: int
) -> list[_Candidate]:
    if not topics:
        return []
    hits = search_services(
        store,
        "",
        municipality_code=assessment.municipality_code,
        topics=topics,
        limit=limit,
    )
    details = _details(store, [h.service_id for h in hits])
    groups = [g for g in assessment.age_groups if g in AGE_RANGES]
    found = []
    for hit in hits:
        place = _place(hit)
        if not assessment.municipality_code and place != "nationwide":
            continue
        keep, ages, age_points = _age_fit(hit, groups)
        if not keep:
            continue
        own, spoken = details.get(hit.service_id, (frozenset(), frozenset()))
        speaks = language if language and language in spoken else None
        base = PLACE_POINTS.get(place, 0.0) + age_points + (1.0 if hit.digital else 0.0)
        base += LANGUAGE_POINTS if speaks else 0.0
        base -= (1.0 if hit.stale else 0.0) + (3.0 if hit.status == "temporarily_closed" else 0.0)
        found.append(_Candidate(hit, place, ages, own, speaks, base))
    return found


def suggest_services(
    store: Store,
    assessment: Assessment,
    questionnaire: Questionnaire,
    *,
    language: str | None = None,
    limit: int = SUGGESTED,
) -> list[Suggestion]:
    """The suggestions, best first: urgent help, the needs-assessment path, then services.

    `language` is the family's language (see `assessment.family_language`); services that
    speak it rank higher.
    """
    worries = concerns(assessment, questionnaire)
    flags = answered_flags(assessment, questionnaire)
    if not worries and not flags:
        return []
    spoken = language if language not in UNSPOKEN else None
    topics = list(dict.fromkeys(t for area, _ in worries for t in area.topics))
    candidates = _candidates(store, assessment, topics, spoken, CANDIDATES)
    urgent: list[Suggestion] = []
    if flags:
        flag_topics = list(dict.fromkeys(t for flag in flags for t in flag.topics))
        known = {c.hit.service_id for c in candidates}
        more = _candidates(store, assessment, flag_topics, spoken, URGENT_CANDIDATES)
        candidates += [c for c in more if c.hit.service_id not in known]
    for c in candidates:
        for area, answer in worries:
            shared = c.topics.intersection(area.topics)
            if shared:
                c.areas.append(area.key)
                c.fit += 4.0 * (answer.concern or 0) + (len(shared) - 1)
        if flags:
            points, matched = _urgency(c.topics, flags)
            if matched:
                urgent.append(_suggestion(c, points + c.base, matched))
    urgent = sorted(urgent, key=_order)[:URGENT_SHOWN]
    result = list(urgent)
    serious = needs_assessment_areas(assessment, questionnaire)
    if serious:
        result.append(
            Suggestion(
                key=NEEDS_ASSESSMENT,
                name=NEEDS_ASSESSMENT,
                score=float("inf"),
                areas=tuple(a.key for a in serious),
                action=NEEDS_ASSESSMENT,
            )
        )
    shown = {s.key for s in urgent}
    scored = [
        _suggestion(c, c.fit + c.base)
        for c in candidates
        if c.areas and c.hit.service_id not in shown
    ]
    scored.sort(key=_order)
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
    parts = []
    if suggestion.urgent:
        parts.append(translate("assessment.reason.urgent"))
    titles = []
    for key in suggestion.areas:
        area = questionnaire.area(key)
        titles.append(_lower_first(area.title_in(language)) if area else key)
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
    if suggestion.language and suggestion.language != MAIN_LANGUAGE:
        label = reference.label("language", suggestion.language, language)
        parts.append(translate("assessment.reason.language", language=label))
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


def service_refs(
    suggestions: Sequence[Suggestion],
    assessment: Assessment,
    questionnaire: Questionnaire,
    reference: Reference,
    language: str,
    translate: Translate,
) -> list[ServiceRef]:
    """The chosen services as referrals, each with its reason; actions are left out."""
    return [
        service_ref(s, reason_text(s, assessment, questionnaire, reference, language, translate))
        for s in suggestions
        if s.is_service
    ]
