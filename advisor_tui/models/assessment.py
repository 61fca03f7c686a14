"""Situation assessments (tilanteen kartoitus): answers per area, red flags, saving and linking.

An assessment walks through the questionnaire's areas: a level of concern (0 none, 1 small,
2 concern, 3 serious), the family's strengths and a short note. A red flag answered yes is
recorded with the time the urgent guidance was shown and the action it adds to the contact.
An assessment is saved unfinished (`draft`) and continued later, and belongs to a contact:
a saved one (`contact_id`) or one still being written (`contact_draft_id`).
Ranking the directory's services is in `assessment_suggestions`; getting the results onto the
contact in `assessment_links`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from advisor_tui.models import records
from advisor_tui.models.clock import from_iso
from advisor_tui.models.errors import AdvisorError, FieldErrors, ValidationError
from advisor_tui.models.handoff import ContactContext
from advisor_tui.models.identity_codes import mask_hetus
from advisor_tui.models.questionnaire import CONCERN_LEVELS, Area, Questionnaire
from advisor_tui.models.reference import Reference
from advisor_tui.models.safe_text import TextTooLong, clean_text
from advisor_tui.models.store import Store

TABLE = "assessments"
DRAFT = "draft"
DONE = "done"
TEXT_MAX = 2_000
DRAFTS_SHOWN = 50
NEEDS_ASSESSMENT = "needs_assessment"
ASSESSMENT_DONE = "assessment_done"


@dataclass
class AreaAnswer:
    """The answer to one area; `concern` is None until the advisor has set it."""

    concern: int | None = None
    strengths: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"concern": self.concern, "strengths": self.strengths, "note": self.note}

    @classmethod
    def from_dict(cls, data: Any) -> AreaAnswer:
        if not isinstance(data, dict):
            return cls()
        concern = data.get("concern")
        return cls(
            concern if concern in CONCERN_LEVELS else None,
            str(data.get("strengths") or ""),
            str(data.get("note") or ""),
        )


@dataclass
class Assessment:
    questionnaire_version: str
    id: str | None = None
    status: str = DRAFT
    contact_id: str | None = None
    contact_draft_id: str | None = None
    municipality_code: str | None = None
    age_groups: list[str] = field(default_factory=list)
    answers: dict[str, AreaAnswer] = field(default_factory=dict)
    red_flags: dict[str, bool] = field(default_factory=dict)
    red_flags_shown: list[dict[str, str]] = field(default_factory=list)
    chosen_services: list[dict[str, Any]] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    delivered_at: str | None = None
    created_at: str = ""
    updated_at: str = ""

    def answer(self, area_key: str) -> AreaAnswer:
        return self.answers.setdefault(area_key, AreaAnswer())

    @property
    def is_linked(self) -> bool:
        return bool(self.contact_id or self.contact_draft_id)

    def add_action(self, action: str) -> None:
        if action not in self.actions:
            self.actions.append(action)


@dataclass(frozen=True)
class DraftRow:
    """One unfinished assessment in the list to continue."""

    id: str
    updated_at: datetime
    answered: int
    concerns: int
    contact_id: str | None
    municipality_code: str | None
    questionnaire_version: str


def new_assessment(questionnaire: Questionnaire, ctx: ContactContext | None = None) -> Assessment:
    """A fresh assessment, with the contact's details when it was started from one."""
    if ctx is None:
        return Assessment(questionnaire.version)
    return Assessment(
        questionnaire.version,
        contact_id=ctx.contact_id,
        contact_draft_id=ctx.draft_id if not ctx.contact_id else None,
        municipality_code=ctx.municipality_code,
        age_groups=list(ctx.age_groups),
    )


def set_concern(assessment: Assessment, area_key: str, level: int | None) -> None:
    if level is not None and level not in CONCERN_LEVELS:
        raise ValidationError("assessment.errors.level", "concern")
    assessment.answer(area_key).concern = level


def _clean(text: str, field_name: str, area: str, errors: list[ValidationError]) -> str:
    try:
        cleaned = clean_text(text, max_len=TEXT_MAX)
    except TextTooLong as exc:
        errors.append(
            ValidationError("assessment.errors.too_long", field_name, area=area, limit=exc.limit)
        )
        return text
    return mask_hetus(cleaned)[0].strip()


def _checked(assessment: Assessment, reference: Reference | None) -> Assessment:
    errors: list[ValidationError] = []
    answers: dict[str, AreaAnswer] = {}
    for key, answer in assessment.answers.items():
        if answer.concern is not None and answer.concern not in CONCERN_LEVELS:
            errors.append(ValidationError("assessment.errors.level", "concern", area=key))
        answers[key] = AreaAnswer(
            answer.concern,
            _clean(answer.strengths, "strengths", key, errors),
            _clean(answer.note, "note", key, errors),
        )
    if reference is not None:
        code = assessment.municipality_code
        if code and code not in reference.municipalities:
            errors.append(ValidationError("assessment.errors.municipality", "municipality"))
        for group in assessment.age_groups:
            if not reference.is_term("age_group", group):
                errors.append(ValidationError("assessment.errors.age_group", "age_groups"))
    if errors:
        raise FieldErrors(errors)
    return replace(assessment, answers=answers)


def _columns(a: Assessment) -> dict[str, Any]:
    return {
        "contact_id": a.contact_id,
        "contact_draft_id": a.contact_draft_id,
        "questionnaire_version": a.questionnaire_version,
        "status": a.status,
        "municipality_code": a.municipality_code,
        "age_groups": list(a.age_groups),
        "answers": {k: v.to_dict() for k, v in a.answers.items()},
        "red_flags": dict(a.red_flags),
        "red_flags_shown": list(a.red_flags_shown),
        "chosen_services": list(a.chosen_services),
        "actions": list(a.actions),
        "delivered_at": a.delivered_at,
    }


def save_assessment(
    store: Store, assessment: Assessment, reference: Reference | None = None
) -> Assessment:
    """Store the assessment in one transaction (new or changed); identity codes are masked.

    Returns the stored version (with its id). Raises `FieldErrors` and stores nothing when a
    text is too long or a municipality or age group is unknown.
    """
    cleaned = _checked(assessment, reference)
    with store.transaction():
        if cleaned.id is None:
            cleaned.id = records.insert(store, TABLE, _columns(cleaned))
        elif not records.update(store, TABLE, cleaned.id, _columns(cleaned)):
            raise AdvisorError("assessment.errors.gone")
    stored = get_assessment(store, cleaned.id)
    if stored is None:
        raise AdvisorError("assessment.errors.gone")
    return stored


def _json(text: str | None, default: Any) -> Any:
    try:
        value = json.loads(text) if text else default
    except json.JSONDecodeError:
        return default
    return value if isinstance(value, type(default)) else default


def assessment_from_row(row: Any) -> Assessment:
    answers = _json(row["answers"], {})
    return Assessment(
        questionnaire_version=row["questionnaire_version"],
        id=row["id"],
        status=row["status"],
        contact_id=row["contact_id"],
        contact_draft_id=row["contact_draft_id"],
        municipality_code=row["municipality_code"],
        age_groups=[str(g) for g in _json(row["age_groups"], [])],
        answers={str(k): AreaAnswer.from_dict(v) for k, v in answers.items()},
        red_flags={str(k): bool(v) for k, v in _json(row["red_flags"], {}).items()},
        red_flags_shown=list(_json(row["red_flags_shown"], [])),
        chosen_services=list(_json(row["chosen_services"], [])),
        actions=[str(a) for a in _json(row["actions"], [])],
        delivered_at=row["delivered_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def get_assessment(store: Store, assessment_id: str) -> Assessment | None:
    row = records.get(store, TABLE, assessment_id)
    return assessment_from_row(row) if row else None


def list_drafts(store: Store, limit: int = DRAFTS_SHOWN) -> list[DraftRow]:
    """Unfinished assessments, the most recently changed first."""
    rows = store.query(
        f"SELECT * FROM {TABLE} WHERE deleted_at IS NULL AND status = ? "
        "ORDER BY updated_at DESC, id DESC LIMIT ?",
        (DRAFT, limit),
    )
    result = []
    for row in rows:
        a = assessment_from_row(row)
        answered = [x for x in a.answers.values() if x.concern is not None]
        result.append(
            DraftRow(
                id=str(a.id),
                updated_at=from_iso(a.updated_at),
                answered=len(answered),
                concerns=sum(1 for x in answered if (x.concern or 0) > 0),
                contact_id=a.contact_id,
                municipality_code=a.municipality_code,
                questionnaire_version=a.questionnaire_version,
            )
        )
    return result


def discard_assessment(store: Store, assessment_id: str) -> bool:
    return records.tombstone(store, TABLE, assessment_id)


def answer_red_flag(
    store: Store, assessment: Assessment, questionnaire: Questionnaire, key: str, yes: bool
) -> str | None:
    """Record a red-flag answer; a yes records that the urgent guidance was shown.

    Returns the action the flag adds to the contact (for a yes), else None. Saved at once, in
    one transaction: the record that the guidance was shown must not wait for the advisor.
    """
    flag = questionnaire.red_flag(key)
    if flag is None:
        raise AdvisorError("assessment.errors.unknown_flag", flag=key)
    assessment.red_flags[key] = yes
    action = None
    if yes:
        action = flag.action
        assessment.red_flags_shown.append(
            {"flag": key, "action": action, "at": store.now_iso(), "by": store.advisor}
        )
        assessment.add_action(action)
    stored = save_assessment(store, assessment)
    assessment.id = stored.id
    assessment.created_at, assessment.updated_at = stored.created_at, stored.updated_at
    return action


def concerns(assessment: Assessment, questionnaire: Questionnaire) -> list[tuple[Area, AreaAnswer]]:
    """Areas with a concern (level 1–3), the most serious first, in questionnaire order."""
    found = [
        (area, assessment.answers[area.key])
        for area in questionnaire.areas
        if area.key in assessment.answers and (assessment.answers[area.key].concern or 0) > 0
    ]
    return sorted(found, key=lambda pair: -(pair[1].concern or 0))


def strengths(assessment: Assessment, questionnaire: Questionnaire) -> list[tuple[Area, str]]:
    return [
        (area, assessment.answers[area.key].strengths)
        for area in questionnaire.areas
        if area.key in assessment.answers and assessment.answers[area.key].strengths
    ]


def needs_assessment_areas(assessment: Assessment, questionnaire: Questionnaire) -> list[Area]:
    """Areas whose concern reached their threshold for a formal needs assessment."""
    return [
        area
        for area, answer in concerns(assessment, questionnaire)
        if area.needs_assessment_at is not None
        and (answer.concern or 0) >= area.needs_assessment_at
    ]
