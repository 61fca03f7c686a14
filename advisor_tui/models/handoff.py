"""What one area hands to another: a contact's details going out, a chosen service coming back."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ContactContext:
    """The open contact's details, carried to the directory, assessment, callbacks or meetings."""

    contact_id: str | None = None
    draft_id: str | None = None
    municipality_code: str | None = None
    age_groups: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    language: str | None = None
    party: str | None = None
    summary: str = ""
    channel: str | None = None
    callback_id: str | None = None


@dataclass(frozen=True)
class ServiceRef:
    """A service picked for a referral; the name is kept as it was at the time."""

    service_id: str
    name: str
    digital: bool = False
    organisation: str = ""
    reason: str = ""


@dataclass
class Handoff:
    """The context of the current jump, if any; cleared when the contact is saved or discarded."""

    context: ContactContext | None = None
    returned: list[ServiceRef] = field(default_factory=list)
