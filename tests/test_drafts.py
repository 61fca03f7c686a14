"""Drafts: unsaved form input survives a crash and goes away once saved or discarded."""

from __future__ import annotations

from datetime import timedelta

from advisor_tui.models.contact_form import FORM, ContactFormData, new_form, submit_form
from advisor_tui.models.drafts import discard_draft, has_draft, latest_draft, save_draft
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store


def test_round_trip_keeps_timer_and_fields(store: Store) -> None:
    form = new_form(store.now() - timedelta(minutes=7), channel="phone", summary="kesken")
    draft_id = save_draft(store, FORM, form.to_dict())
    form.topics = ["sleep"]
    assert save_draft(store, FORM, form.to_dict(), draft_id=draft_id) == draft_id
    reopened = Store.open(store.path, clock=store.clock)
    draft = latest_draft(reopened, FORM)
    assert draft is not None and draft.id == draft_id
    restored = ContactFormData.from_dict(draft.payload)
    assert restored == form
    assert restored.started_at == store.now() - timedelta(minutes=7)
    reopened.close()


def test_identity_codes_are_masked_in_drafts(store: Store) -> None:
    form = new_form(store.now(), summary="tunnus 131052-308T")
    save_draft(store, FORM, form.to_dict())
    draft = latest_draft(store, FORM)
    assert draft is not None and draft.payload["summary"] == "tunnus [HETU]"
    assert "308T" not in str(store.scalar("SELECT payload FROM drafts"))


def test_discard_removes_draft(store: Store) -> None:
    draft_id = save_draft(store, FORM, new_form(store.now()).to_dict())
    assert has_draft(store, FORM)
    discard_draft(store, draft_id)
    assert not has_draft(store, FORM) and latest_draft(store, FORM) is None


def test_unknown_keys_in_old_drafts_are_ignored(store: Store) -> None:
    data = new_form(store.now()).to_dict() | {"removed_field": 1}
    assert ContactFormData.from_dict(data).day == "23.11.2026"


def test_saved_form_can_drop_its_draft(store: Store) -> None:
    form = new_form(store.now() - timedelta(minutes=3), channel="phone", party="parent")
    form.topics, form.actions = ["sleep"], ["advice"]
    draft_id = save_draft(store, FORM, form.to_dict())
    submit_form(form, store, shipped_reference())
    discard_draft(store, draft_id)
    assert not has_draft(store, FORM)
