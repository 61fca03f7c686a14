"""What the contact form holds, as typed: a `Contact` on save, a draft meanwhile.

`ContactFormData` is plain JSON-friendly data (texts, lists, flags), so the same object is the
draft payload and the input of `submit_form`. The timer is `started_iso`: the moment the form
was opened, kept to the second while the typed start time still shows it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from advisor_tui.models.clock import (
    at_local,
    fmt_date,
    fmt_time,
    from_iso,
    parse_date,
    parse_time,
    to_iso,
)
from advisor_tui.models.contacts import Contact, Referral, Saved, prepare_contact, save_contact
from advisor_tui.models.errors import FieldErrors, ValidationError
from advisor_tui.models.reference import Reference
from advisor_tui.models.store import Store

FORM = "contact"
_TAG_SEPARATOR = re.compile(r"[,;\n]")


@dataclass
class ContactFormData:
    """The form's fields as the advisor typed or picked them ("" = not chosen)."""

    started_iso: str
    day: str
    start: str
    end: str = ""
    ended_iso: str = ""
    channel: str = ""
    party: str = ""
    sector: str = ""
    outside_county: bool = False
    municipality_code: str = ""
    language: str = ""
    age_groups: list[str] = field(default_factory=list)
    child_count: str = ""
    topics: list[str] = field(default_factory=list)
    observations: str = ""
    actions: list[str] = field(default_factory=list)
    referrals: list[dict[str, Any]] = field(default_factory=list)
    feedback_help: str = "not_asked"
    feedback_recommend: str = ""
    repeat_contact: bool = False
    summary: str = ""
    callback_id: str = ""
    contact_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ContactFormData:
        """Tolerant of drafts written by another version: unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def started_at(self) -> datetime:
        return from_iso(self.started_iso)

    def content(self) -> dict[str, Any]:
        """The fields the advisor fills in, without the clock: equal means nothing was typed."""
        data = self.to_dict()
        for key in ("started_iso", "day", "start", "ended_iso"):
            data.pop(key)
        return data


def new_form(moment: datetime, **preset: Any) -> ContactFormData:
    """An empty form whose timer starts at `moment`; `preset` fills fields (e.g. channel)."""
    form = ContactFormData(started_iso=to_iso(moment), day=fmt_date(moment), start=fmt_time(moment))
    for key, value in preset.items():
        setattr(form, key, value)
    return form


def form_from_contact(contact: Contact) -> ContactFormData:
    """A stored contact opened for editing."""
    return ContactFormData(
        started_iso=to_iso(contact.started_at),
        day=fmt_date(contact.started_at),
        start=fmt_time(contact.started_at),
        end=fmt_time(contact.ended_at),
        ended_iso=to_iso(contact.ended_at),
        channel=contact.channel,
        party=contact.party,
        sector=contact.sector or "",
        outside_county=contact.outside_county,
        municipality_code=contact.municipality_code or "",
        language=contact.language or "",
        age_groups=list(contact.age_groups),
        child_count="" if contact.child_count is None else str(contact.child_count),
        topics=list(contact.topics),
        observations=", ".join(contact.observations),
        actions=list(contact.actions),
        referrals=[{**ref.to_dict(), "id": ref.id} for ref in contact.referrals],
        feedback_help=contact.feedback_help,
        feedback_recommend=(
            "" if contact.feedback_recommend is None else str(contact.feedback_recommend)
        ),
        repeat_contact=contact.repeat_contact,
        summary=contact.summary,
        callback_id=contact.callback_id or "",
        contact_id=contact.id or "",
    )


def split_tags(text: str) -> list[str]:
    """Observation tags typed as `väsymys, uniongelmat; yksinäisyys`."""
    return [part.strip() for part in _TAG_SEPARATOR.split(text) if part.strip()]


def _moment(
    form: ContactFormData, which: str, text: str, precise: str, store: Store
) -> datetime | None:
    """The start or end moment the form shows; raises ValidationError for bad text."""
    if (
        precise
        and text.strip() == fmt_time(from_iso(precise))
        and (form.day.strip() == fmt_date(from_iso(form.started_iso)))
    ):
        return from_iso(precise)
    if which == "end" and not text.strip():
        return store.now()
    day = parse_date(form.day, "day")
    return at_local(day, parse_time(text, which))


def _int_or_none(text: str, field_name: str, key: str, errors: list[ValidationError]) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        errors.append(ValidationError(key, field_name, value=text))
        return None


def form_to_contact(form: ContactFormData, store: Store) -> tuple[Contact, list[ValidationError]]:
    """The record the form describes, and the problems found in typed texts (dates, numbers)."""
    errors: list[ValidationError] = []
    started: datetime | None = None
    ended: datetime | None = None
    try:
        started = _moment(form, "start", form.start, form.started_iso, store)
    except ValidationError as exc:
        errors.append(exc)
    try:
        ended = _moment(form, "end", form.end, form.ended_iso, store)
    except ValidationError as exc:
        if exc.field != "day" or not any(e.field == "day" for e in errors):
            errors.append(exc)
    now = store.now()
    contact = Contact(
        started_at=started or now,
        ended_at=ended or started or now,
        channel=form.channel,
        party=form.party,
        sector=form.sector or None,
        outside_county=form.outside_county,
        municipality_code=form.municipality_code or None,
        age_groups=list(form.age_groups),
        child_count=_int_or_none(form.child_count, "child_count", "contact.bad_number", errors),
        topics=list(form.topics),
        observations=split_tags(form.observations),
        actions=list(form.actions),
        feedback_help=form.feedback_help or "not_asked",
        feedback_recommend=_int_or_none(
            form.feedback_recommend, "feedback_recommend", "contact.bad_number", errors
        ),
        repeat_contact=form.repeat_contact,
        language=form.language or None,
        summary=form.summary,
        callback_id=form.callback_id or None,
        referrals=[_referral(item) for item in form.referrals],
        id=form.contact_id or None,
    )
    return contact, errors


def _referral(item: dict[str, Any]) -> Referral:
    return Referral(
        service_id=str(item.get("service_id", "")),
        service_name=str(item.get("service_name", "")),
        organisation=str(item.get("organisation", "")),
        digital=bool(item.get("digital", False)),
        reason=str(item.get("reason", "")),
        id=item.get("id") or None,
    )


def check_form(form: ContactFormData, store: Store, reference: Reference) -> Contact:
    """The checked contact, or `FieldErrors` with every problem of every field at once."""
    contact, errors = form_to_contact(form, store)
    try:
        cleaned, _ = prepare_contact(contact, store, reference)
    except FieldErrors as rules:
        typed = {e.field for e in errors}
        errors += [e for e in rules.errors if e.field not in typed]
        raise FieldErrors(errors) from None
    if errors:
        raise FieldErrors(errors)
    return cleaned


def submit_form(form: ContactFormData, store: Store, reference: Reference) -> Saved:
    """Check and save what the form holds (new or edited contact) in one transaction."""
    contact, errors = form_to_contact(form, store)
    if errors:
        check_form(form, store, reference)
    return save_contact(store, reference, contact)


def elapsed_seconds(form: ContactFormData, store: Store) -> int | None:
    """How long the contact has lasted by the form's times (running until now if no end)."""
    try:
        started = _moment(form, "start", form.start, form.started_iso, store)
        ended = _moment(form, "end", form.end, form.ended_iso, store)
    except ValidationError:
        return None
    if started is None or ended is None:
        return None
    return round((ended - started).total_seconds())
