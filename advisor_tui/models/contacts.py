"""Contacts (yhteydenotot): the record, its rules, and saving, editing and deleting it.

A contact is anonymous: channel, caller party, the family's municipality, children's age groups,
topics, observations, actions, referrals and scorecard feedback, with a free-text summary.
Identity codes typed into any text are masked before anything is stored. Listing and exports
are in `contact_queries`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from advisor_tui.models import records
from advisor_tui.models.clock import from_iso, to_iso
from advisor_tui.models.errors import AdvisorError, FieldErrors, ValidationError
from advisor_tui.models.handoff import ServiceRef
from advisor_tui.models.identity_codes import mask_hetus
from advisor_tui.models.reference import Reference
from advisor_tui.models.safe_text import TextTooLong, clean_text, single_line
from advisor_tui.models.store import Store

TABLE = "contacts"
REFERRALS = "contact_referrals"
SUMMARY_MAX = 10_000
TAG_MAX = 80
TAGS_MAX = 30
REASON_MAX = 500
NAME_MAX = 300
CHILDREN_MAX = 30
FUTURE_SLACK = timedelta(minutes=1)
PROFESSIONAL = "professional"
NOT_ASKED = "not_asked"


@dataclass(frozen=True)
class Referral:
    """A service the contact was referred to; the name is kept as it was at the time."""

    service_id: str
    service_name: str
    organisation: str = ""
    digital: bool = False
    reason: str = ""
    id: str | None = None

    @classmethod
    def from_service(cls, ref: ServiceRef) -> Referral:
        return cls(ref.service_id, ref.name, ref.organisation, ref.digital, ref.reason)

    def to_dict(self) -> dict[str, Any]:
        return {
            "service_id": self.service_id,
            "service_name": self.service_name,
            "organisation": self.organisation,
            "digital": self.digital,
            "reason": self.reason,
        }


@dataclass
class Contact:
    """One contact as the advisor recorded it. `id` is None until it is saved."""

    started_at: datetime
    ended_at: datetime
    channel: str = ""
    party: str = ""
    sector: str | None = None
    outside_county: bool = False
    municipality_code: str | None = None
    age_groups: list[str] = field(default_factory=list)
    child_count: int | None = None
    topics: list[str] = field(default_factory=list)
    observations: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    feedback_help: str = NOT_ASKED
    feedback_recommend: int | None = None
    repeat_contact: bool = False
    language: str | None = None
    summary: str = ""
    callback_id: str | None = None
    referrals: list[Referral] = field(default_factory=list)
    id: str | None = None
    created_at: str = ""
    updated_at: str = ""
    created_by: str = ""
    updated_by: str = ""

    @property
    def duration_seconds(self) -> int:
        return max(0, round((self.ended_at - self.started_at).total_seconds()))

    @property
    def is_consultation(self) -> bool:
        return self.party == PROFESSIONAL


@dataclass(frozen=True)
class Saved:
    """The outcome of a save: the record's id and how many identity codes were masked."""

    contact_id: str
    masked_codes: int


def normalise_tag(text: str) -> str:
    """An observation tag as counted: one line, single spaces, lower case."""
    return " ".join(single_line(text).split()).lower()


def _clean(text: str, limit: int, field_name: str, errors: list[ValidationError]) -> str:
    try:
        return clean_text(text, max_len=limit)
    except TextTooLong as exc:
        errors.append(
            ValidationError("contact.too_long", field_name, limit=exc.limit, actual=exc.actual)
        )
        return ""


def _masked(text: str, counter: list[int]) -> str:
    masked, count = mask_hetus(text)
    counter[0] += count
    return masked


def _terms(
    reference: Reference, kind: str, keys: list[str], field_name: str
) -> list[ValidationError]:
    return [
        ValidationError("contact.unknown_choice", field_name, value=key)
        for key in keys
        if not reference.is_term(kind, key)
    ]


def prepare_contact(contact: Contact, store: Store, reference: Reference) -> tuple[Contact, int]:
    """The contact cleaned and checked, and the number of identity codes masked in its text.

    Raises `FieldErrors` naming every field that breaks a rule; nothing is changed then.
    """
    errors: list[ValidationError] = []
    masked = [0]
    now = store.now()
    if contact.started_at > now + FUTURE_SLACK:
        errors.append(ValidationError("contact.start_future", "start"))
    elif contact.ended_at < contact.started_at:
        errors.append(ValidationError("contact.end_before_start", "end"))
    elif contact.ended_at > now + FUTURE_SLACK:
        errors.append(ValidationError("contact.end_future", "end"))
    single = {
        "channel": ("channel", contact.channel),
        "party": ("party", contact.party),
        "language": ("language", contact.language),
        "feedback_help": ("feedback_help", contact.feedback_help),
    }
    for field_name, (kind, key) in single.items():
        if not key:
            if field_name in ("channel", "party"):
                errors.append(ValidationError(f"contact.{field_name}_missing", field_name))
        elif not reference.is_term(kind, key):
            errors.append(ValidationError("contact.unknown_choice", field_name, value=key))
    sector = contact.sector if contact.is_consultation else None
    if contact.is_consultation and not sector:
        errors.append(ValidationError("contact.sector_missing", "sector"))
    elif sector and not reference.is_term("sector", sector):
        errors.append(ValidationError("contact.unknown_choice", "sector", value=sector))
    municipality = contact.municipality_code or None
    if municipality and municipality not in reference.municipalities:
        errors.append(ValidationError("contact.unknown_choice", "municipality", value=municipality))
    errors += _terms(reference, "age_group", contact.age_groups, "age_groups")
    errors += _terms(reference, "topic", contact.topics, "topics")
    errors += _terms(reference, "action", contact.actions, "actions")
    if not contact.topics:
        errors.append(ValidationError("contact.topic_missing", "topics"))
    if not contact.actions:
        errors.append(ValidationError("contact.action_missing", "actions"))
    if contact.child_count is not None:
        if not 0 <= contact.child_count <= CHILDREN_MAX:
            errors.append(
                ValidationError("contact.child_count_range", "child_count", limit=CHILDREN_MAX)
            )
        elif contact.child_count == 0 and contact.age_groups:
            errors.append(ValidationError("contact.no_children_but_ages", "child_count"))
    recommend = contact.feedback_recommend
    if recommend is not None and not 0 <= recommend <= 10:
        errors.append(ValidationError("contact.recommend_range", "feedback_recommend"))
    summary = _masked(_clean(contact.summary, SUMMARY_MAX, "summary", errors), masked)
    tags: list[str] = []
    for raw in contact.observations:
        tag = normalise_tag(raw)
        if len(tag) > TAG_MAX:
            errors.append(ValidationError("contact.tag_too_long", "observations", limit=TAG_MAX))
        elif tag:
            tag = _masked(tag, masked)
            if tag not in tags:
                tags.append(tag)
    if len(tags) > TAGS_MAX:
        errors.append(ValidationError("contact.too_many_tags", "observations", limit=TAGS_MAX))
    referrals = [
        replace(
            ref,
            service_name=_masked(_clean(ref.service_name, NAME_MAX, "referrals", errors), masked),
            organisation=_masked(_clean(ref.organisation, NAME_MAX, "referrals", errors), masked),
            reason=_masked(_clean(ref.reason, REASON_MAX, "referrals", errors), masked),
        )
        for ref in contact.referrals
    ]
    if errors:
        raise FieldErrors(errors)
    cleaned = replace(
        contact,
        sector=sector,
        outside_county=contact.outside_county and contact.is_consultation,
        municipality_code=municipality,
        age_groups=list(dict.fromkeys(contact.age_groups)),
        topics=list(dict.fromkeys(contact.topics)),
        actions=list(dict.fromkeys(contact.actions)),
        observations=tags,
        summary=summary,
        referrals=referrals,
        language=contact.language or None,
        feedback_help=contact.feedback_help or NOT_ASKED,
    )
    return cleaned, masked[0]


def _columns(contact: Contact) -> dict[str, Any]:
    return {
        "started_at": to_iso(contact.started_at),
        "ended_at": to_iso(contact.ended_at),
        "duration_seconds": contact.duration_seconds,
        "channel": contact.channel,
        "party": contact.party,
        "sector": contact.sector,
        "outside_county": int(contact.outside_county),
        "municipality_code": contact.municipality_code,
        "age_groups": contact.age_groups,
        "child_count": contact.child_count,
        "topics": contact.topics,
        "observations": contact.observations,
        "actions": contact.actions,
        "feedback_help": contact.feedback_help,
        "feedback_recommend": contact.feedback_recommend,
        "repeat_contact": int(contact.repeat_contact),
        "language": contact.language,
        "summary": contact.summary,
        "callback_id": contact.callback_id,
    }


def _referral_columns(contact_id: str, ref: Referral) -> dict[str, Any]:
    return {
        "contact_id": contact_id,
        "service_id": ref.service_id,
        "service_name": ref.service_name,
        "organisation": ref.organisation,
        "digital": int(ref.digital),
        "reason": ref.reason,
    }


def save_contact(store: Store, reference: Reference, contact: Contact) -> Saved:
    """Check and store a contact in one transaction: a new one, or an edit when `id` is set.

    An edit keeps `created_at` and stamps `updated_at` and the editor; referrals that were
    removed are tombstoned. Raises `FieldErrors` (nothing stored) or `AdvisorError`
    (`contact.not_found` when the edited contact was deleted meanwhile).
    """
    cleaned, masked = prepare_contact(contact, store, reference)
    values = _columns(cleaned)
    with store.transaction():
        if cleaned.id is None:
            contact_id = records.insert(store, TABLE, values)
            kept: set[str] = set()
        else:
            contact_id = cleaned.id
            if not records.update(store, TABLE, contact_id, values):
                raise AdvisorError("contact.not_found")
            kept = {ref.id for ref in cleaned.referrals if ref.id}
            for old in store.query(
                f"SELECT id FROM {REFERRALS} WHERE contact_id = ? AND deleted_at IS NULL",
                (contact_id,),
            ):
                if old["id"] not in kept:
                    records.tombstone(store, REFERRALS, old["id"])
        for ref in cleaned.referrals:
            if ref.id is None or ref.id not in kept:
                records.insert(store, REFERRALS, _referral_columns(contact_id, ref))
    return Saved(contact_id, masked)


def tombstone_contact(store: Store, contact_id: str) -> bool:
    """Delete a contact and its referrals as tombstones; False if it was already gone."""
    with store.transaction():
        done = records.tombstone(store, TABLE, contact_id)
        if done:
            for row in store.query(
                f"SELECT id FROM {REFERRALS} WHERE contact_id = ? AND deleted_at IS NULL",
                (contact_id,),
            ):
                records.tombstone(store, REFERRALS, row["id"])
    return done


def referral_from_row(row: Any) -> Referral:
    return Referral(
        service_id=row["service_id"],
        service_name=row["service_name"],
        organisation=row["organisation"],
        digital=bool(row["digital"]),
        reason=row["reason"],
        id=row["id"],
    )


def referrals_of(store: Store, contact_id: str) -> list[Referral]:
    """The live referrals of a contact, in the order they were made."""
    rows = store.query(
        f"SELECT * FROM {REFERRALS} WHERE contact_id = ? AND deleted_at IS NULL "
        "ORDER BY created_at, rowid",
        (contact_id,),
    )
    return [referral_from_row(row) for row in rows]


def contact_from_row(row: Any, referrals: list[Referral]) -> Contact:
    return Contact(
        started_at=from_iso(row["started_at"]),
        ended_at=from_iso(row["ended_at"]),
        channel=row["channel"],
        party=row["party"],
        sector=row["sector"],
        outside_county=bool(row["outside_county"]),
        municipality_code=row["municipality_code"],
        age_groups=json.loads(row["age_groups"]),
        child_count=row["child_count"],
        topics=json.loads(row["topics"]),
        observations=json.loads(row["observations"]),
        actions=json.loads(row["actions"]),
        feedback_help=row["feedback_help"],
        feedback_recommend=row["feedback_recommend"],
        repeat_contact=bool(row["repeat_contact"]),
        language=row["language"],
        summary=row["summary"],
        callback_id=row["callback_id"],
        referrals=referrals,
        id=row["id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        created_by=row["created_by"],
        updated_by=row["updated_by"],
    )


def get_contact(store: Store, contact_id: str) -> Contact | None:
    """A live contact with its referrals, or None if it does not exist or was deleted."""
    row = records.get(store, TABLE, contact_id)
    if row is None:
        return None
    return contact_from_row(row, referrals_of(store, contact_id))
