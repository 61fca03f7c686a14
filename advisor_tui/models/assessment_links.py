"""An assessment and its contact: linking, keeping the link, and delivering the results.

An assessment belongs to a saved contact (`contact_id`) or to a contact still being written in
the contact area (`contact_draft_id`, the id of that form's draft). When the draft is saved as
a contact, `save_contact_form` moves its assessments onto the saved contact in the same
transaction, so the link survives the save. The chosen services become referrals of the
contact: through the open form (the contact area adds them and calls `delivered_to_form`) or,
for a saved contact that is not open, directly (`deliver_to_saved_contact`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from advisor_tui.models import records
from advisor_tui.models.assessment import (
    DONE,
    TABLE,
    Assessment,
    assessment_from_row,
    get_assessment,
    new_assessment,
    save_assessment,
)
from advisor_tui.models.contact_form import ContactFormData, submit_form
from advisor_tui.models.contacts import Referral, Saved, get_contact, save_contact
from advisor_tui.models.drafts import get_draft
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.handoff import ContactContext, ServiceRef
from advisor_tui.models.questionnaire import Questionnaire
from advisor_tui.models.reference import Reference
from advisor_tui.models.store import Store


def link_contact(
    store: Store,
    assessment: Assessment,
    contact_id: str | None,
    draft_id: str | None = None,
    *,
    municipality_code: str | None = None,
    age_groups: Sequence[str] = (),
) -> Assessment:
    """Make the assessment belong to a contact (a saved one, or one still being written).

    An assessment without a municipality or ages takes the contact's: those given (the open
    form's), else the saved contact's.
    """
    if contact_id and municipality_code is None and not age_groups:
        contact = get_contact(store, contact_id)
        if contact is not None:
            municipality_code, age_groups = contact.municipality_code, contact.age_groups
    assessment.municipality_code = assessment.municipality_code or municipality_code
    assessment.age_groups = list(assessment.age_groups or age_groups)
    assessment.contact_id = contact_id
    assessment.contact_draft_id = None if contact_id else draft_id
    return save_assessment(store, assessment)


def adopt_saved_contact(store: Store, draft_id: str, contact_id: str) -> int:
    """A contact draft was saved as `contact_id`: its assessments now belong to that contact.

    Runs inside the caller's transaction when there is one. Returns how many moved.
    """
    with store.transaction():
        rows = store.query(
            f"SELECT id FROM {TABLE} WHERE contact_draft_id = ? AND deleted_at IS NULL",
            (draft_id,),
        )
        for row in rows:
            records.update(
                store, TABLE, row["id"], {"contact_id": contact_id, "contact_draft_id": None}
            )
    return len(rows)


def save_contact_form(
    form: ContactFormData, store: Store, reference: Reference, draft_id: str | None
) -> Saved:
    """Save the contact form; the assessments linked to its draft follow, in one transaction."""
    with store.transaction():
        saved = submit_form(form, store, reference)
        if draft_id:
            adopt_saved_contact(store, draft_id, saved.contact_id)
    return saved


def assessments_of(store: Store, contact_id: str) -> list[Assessment]:
    """The assessments that belong to a saved contact, the oldest first."""
    rows = store.query(
        f"SELECT * FROM {TABLE} WHERE contact_id = ? AND deleted_at IS NULL "
        "ORDER BY created_at, id",
        (contact_id,),
    )
    return [assessment_from_row(row) for row in rows]


def unfinished_for_contact(
    store: Store, contact_id: str | None, draft_id: str | None
) -> Assessment | None:
    """The latest unfinished assessment of a contact (saved, or the draft being written)."""
    if not (contact_id or draft_id):
        return None
    rows = store.query(
        f"SELECT * FROM {TABLE} WHERE deleted_at IS NULL AND status = 'draft' "
        "AND (contact_id = ? OR contact_draft_id = ?) ORDER BY updated_at DESC, id DESC LIMIT 1",
        (contact_id or "", draft_id or ""),
    )
    return assessment_from_row(rows[0]) if rows else None


def assessment_for_contact(
    store: Store,
    questionnaire: Questionnaire,
    ctx: ContactContext,
    current: Assessment | None = None,
    *,
    current_unlinked: bool = False,
) -> Assessment:
    """The assessment to show when the advisor opens the assessment area from a contact.

    The one open now when it belongs to that contact (or, with `current_unlinked`, was begun
    from that open form before it had a draft: it is linked now); else the contact's latest
    unfinished one; else a new one with the contact's details (not yet saved, id None).
    """
    linked = (ctx.contact_id, ctx.draft_id if not ctx.contact_id else None)
    if current is not None:
        own = (current.contact_id, current.contact_draft_id)
        if any(linked) and own == linked:
            return current
        if current_unlinked and not any(own):
            current.contact_id, current.contact_draft_id = linked
            return current
    found = unfinished_for_contact(store, ctx.contact_id, ctx.draft_id)
    return found if found is not None else new_assessment(questionnaire, ctx)


def family_language(store: Store, assessment: Assessment) -> str | None:
    """The language the family speaks, as logged on the linked contact (saved or a draft)."""
    if assessment.contact_id:
        contact = get_contact(store, assessment.contact_id)
        return contact.language if contact else None
    if assessment.contact_draft_id:
        draft = get_draft(store, assessment.contact_draft_id)
        value = draft.payload.get("language") if draft else None
        return value if isinstance(value, str) and value else None
    return None


def referral_actions(services: Sequence[ServiceRef]) -> list[str]:
    actions = ["referral_digital" if s.digital else "referral_service" for s in services]
    return list(dict.fromkeys(actions))


def _chosen(services: Sequence[ServiceRef]) -> list[dict[str, Any]]:
    return [
        {
            "service_id": s.service_id,
            "name": s.name,
            "organisation": s.organisation,
            "digital": s.digital,
            "reason": s.reason,
        }
        for s in services
    ]


def mark_delivered(store: Store, assessment: Assessment, services: Sequence[ServiceRef]) -> None:
    """Keep the chosen services on the assessment and mark it done."""
    known = {c.get("service_id") for c in assessment.chosen_services}
    for chosen in _chosen(services):
        if chosen["service_id"] not in known:
            known.add(chosen["service_id"])
            assessment.chosen_services.append(chosen)
    assessment.status = DONE
    assessment.delivered_at = store.now_iso()
    stored = save_assessment(store, assessment)
    assessment.id, assessment.updated_at = stored.id, stored.updated_at


def delivered_to_form(
    store: Store,
    assessment_id: str,
    services: Sequence[ServiceRef],
    *,
    contact_id: str | None,
    draft_id: str | None,
) -> Assessment | None:
    """The services went onto the contact form open in the contact area.

    The assessment is marked done and linked to that form: the saved contact it edits, else
    its draft (which `save_contact_form` turns into the saved contact). One transaction.
    """
    with store.transaction():
        assessment = get_assessment(store, assessment_id)
        if assessment is None:
            return None
        if contact_id or draft_id:
            assessment.contact_id = contact_id
            assessment.contact_draft_id = None if contact_id else draft_id
        mark_delivered(store, assessment, services)
    return assessment


def deliver_to_saved_contact(
    store: Store,
    reference: Reference,
    assessment: Assessment,
    services: Sequence[ServiceRef],
    actions: Sequence[str],
    *,
    finish: bool = True,
) -> int:
    """Add the chosen services as referrals and the actions to the linked saved contact.

    One transaction for the contact and the assessment (marked done when `finish`). Services
    the contact already refers to are not added twice; returns how many referrals were added.
    """
    contact = get_contact(store, assessment.contact_id or "")
    if contact is None:
        raise AdvisorError("assessment.errors.contact_gone")
    present = {r.service_id for r in contact.referrals}
    added: list[Referral] = []
    for service in services:
        if service.service_id not in present:
            present.add(service.service_id)
            added.append(Referral.from_service(service))
    wanted = [*actions, *referral_actions(services)]
    new_actions = contact.actions + [a for a in dict.fromkeys(wanted) if a not in contact.actions]
    with store.transaction():
        save_contact(
            store,
            reference,
            replace(contact, referrals=[*contact.referrals, *added], actions=new_actions),
        )
        if finish:
            mark_delivered(store, assessment, services)
    return len(added)
