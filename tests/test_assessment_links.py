"""An assessment stays with its contact: linking, the draft saved as a contact, delivery."""

from __future__ import annotations

from datetime import timedelta

import pytest

from advisor_tui.models.assessment import (
    DONE,
    Assessment,
    answer_red_flag,
    get_assessment,
    new_assessment,
    save_assessment,
)
from advisor_tui.models.assessment_links import (
    adopt_saved_contact,
    assessment_for_contact,
    assessments_of,
    deliver_to_saved_contact,
    delivered_to_form,
    family_language,
    link_contact,
    save_contact_form,
)
from advisor_tui.models.contact_form import FORM, new_form
from advisor_tui.models.contacts import Contact, get_contact, save_contact, tombstone_contact
from advisor_tui.models.drafts import save_draft
from advisor_tui.models.errors import AdvisorError, FieldErrors
from advisor_tui.models.handoff import ContactContext, ServiceRef
from advisor_tui.models.questionnaire import Questionnaire, parse_questionnaire
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.paths import package_data_dir

SERVICES = [
    ServiceRef("s1", "Perheneuvola", organisation="Hyvinvointialue", reason="huoli: ero"),
    ServiceRef("s2", "Omaperhe.fi", digital=True),
    ServiceRef("s3", "Vertaisryhmät"),
]


@pytest.fixture
def questionnaire() -> Questionnaire:
    return parse_questionnaire(package_data_dir() / "assessment" / "questionnaire.toml")


def _form(store: Store, **fields: object):  # type: ignore[no-untyped-def]
    form = new_form(store.now() - timedelta(minutes=10))
    form.channel, form.party = "phone", "parent"
    form.topics, form.actions = ["separation"], ["advice"]
    for name, value in fields.items():
        setattr(form, name, value)
    return form


def _draft_assessment(store: Store, q: Questionnaire, draft_id: str) -> Assessment:
    a = new_assessment(q, ContactContext(draft_id=draft_id, municipality_code="297"))
    a.answer("couple").concern = 2
    return save_assessment(store, a)


def test_saving_the_draft_contact_keeps_the_assessment_with_it(
    store: Store, questionnaire: Questionnaire
) -> None:
    form = _form(store, language="sv")
    draft_id = save_draft(store, FORM, form.to_dict())
    a = _draft_assessment(store, questionnaire, draft_id)
    assert family_language(store, a) == "sv"
    saved = save_contact_form(form, store, shipped_reference(), draft_id)
    stored = get_assessment(store, str(a.id))
    assert stored is not None
    assert (stored.contact_id, stored.contact_draft_id) == (saved.contact_id, None)
    assert [x.id for x in assessments_of(store, saved.contact_id)] == [a.id]
    assert family_language(store, stored) == "sv"


def test_a_form_that_does_not_save_leaves_the_link_as_it_was(
    store: Store, questionnaire: Questionnaire
) -> None:
    form = _form(store, channel="")
    draft_id = save_draft(store, FORM, form.to_dict())
    a = _draft_assessment(store, questionnaire, draft_id)
    with pytest.raises(FieldErrors):
        save_contact_form(form, store, shipped_reference(), draft_id)
    stored = get_assessment(store, str(a.id))
    assert stored is not None and stored.contact_draft_id == draft_id
    assert stored.contact_id is None
    assert store.scalar("SELECT COUNT(*) FROM contacts") == 0


def test_only_the_assessments_of_that_draft_move(
    store: Store, questionnaire: Questionnaire
) -> None:
    mine = _draft_assessment(store, questionnaire, "draft-a")
    other = _draft_assessment(store, questionnaire, "draft-b")
    saved = save_contact(store, shipped_reference(), _contact(store))
    assert adopt_saved_contact(store, "draft-a", saved.contact_id) == 1
    assert get_assessment(store, str(mine.id)).contact_id == saved.contact_id  # type: ignore[union-attr]
    assert get_assessment(store, str(other.id)).contact_draft_id == "draft-b"  # type: ignore[union-attr]


def _contact(store: Store) -> Contact:
    now = store.now()
    return Contact(
        now - timedelta(minutes=5), now, "phone", "parent", topics=["couple"], actions=["advice"]
    )


def test_every_chosen_service_reaches_a_saved_contact_once(
    store: Store, questionnaire: Questionnaire
) -> None:
    saved = save_contact(store, shipped_reference(), _contact(store))
    a = new_assessment(questionnaire, ContactContext(contact_id=saved.contact_id))
    a.answer("couple").concern = 3
    a = save_assessment(store, a)
    added = deliver_to_saved_contact(
        store, shipped_reference(), a, SERVICES[:2], ["assessment_done"], finish=False
    )
    assert added == 2
    added = deliver_to_saved_contact(
        store, shipped_reference(), a, [*SERVICES, SERVICES[2]], ["assessment_done"]
    )
    assert added == 1
    contact = get_contact(store, saved.contact_id)
    assert contact is not None
    assert [r.service_id for r in contact.referrals] == ["s1", "s2", "s3"]
    assert contact.referrals[0].reason == "huoli: ero"
    assert contact.actions == ["advice", "assessment_done", "referral_service", "referral_digital"]
    stored = get_assessment(store, str(a.id))
    assert stored is not None and stored.status == DONE and stored.delivered_at
    assert [c["service_id"] for c in stored.chosen_services] == ["s1", "s2", "s3"]


def test_delivery_to_a_contact_deleted_meanwhile_is_refused(
    store: Store, questionnaire: Questionnaire
) -> None:
    saved = save_contact(store, shipped_reference(), _contact(store))
    a = save_assessment(
        store, new_assessment(questionnaire, ContactContext(contact_id=saved.contact_id))
    )
    tombstone_contact(store, saved.contact_id)
    with pytest.raises(AdvisorError) as caught:
        deliver_to_saved_contact(store, shipped_reference(), a, SERVICES, [])
    assert caught.value.key == "assessment.errors.contact_gone"
    assert get_assessment(store, str(a.id)).status == "draft"  # type: ignore[union-attr]


def test_delivered_to_the_open_form_links_its_draft_and_finishes(
    store: Store, questionnaire: Questionnaire
) -> None:
    a = save_assessment(store, new_assessment(questionnaire))
    done = delivered_to_form(store, str(a.id), SERVICES, contact_id=None, draft_id="d1")
    assert done is not None and done.status == DONE
    stored = get_assessment(store, str(a.id))
    assert stored is not None and (stored.contact_id, stored.contact_draft_id) == (None, "d1")
    assert len(stored.chosen_services) == 3
    assert delivered_to_form(store, "no-such", SERVICES, contact_id=None, draft_id="d1") is None


def test_link_to_a_saved_contact_and_its_language(
    store: Store, questionnaire: Questionnaire
) -> None:
    contact = _contact(store)
    contact.language, contact.municipality_code, contact.age_groups = "en", "297", ["3-6"]
    saved = save_contact(store, shipped_reference(), contact)
    a = save_assessment(store, new_assessment(questionnaire))
    assert family_language(store, a) is None
    linked = link_contact(store, a, saved.contact_id, "ignored-draft")
    assert (linked.contact_id, linked.contact_draft_id) == (saved.contact_id, None)
    assert family_language(store, linked) == "en"
    assert (linked.municipality_code, linked.age_groups) == ("297", ["3-6"])
    # what the assessment already knows is kept; the open form's details are used as given
    own = new_assessment(questionnaire, ContactContext(municipality_code="244"))
    linked = link_contact(store, own, None, "d2", municipality_code="297", age_groups=("0-2",))
    assert (linked.municipality_code, linked.age_groups) == ("244", ["0-2"])
    assert (linked.contact_id, linked.contact_draft_id) == (None, "d2")


def test_red_flag_is_recorded_with_time_and_advisor(
    store: Store, questionnaire: Questionnaire
) -> None:
    a = new_assessment(questionnaire)
    assert answer_red_flag(store, a, questionnaire, "violence", False) is None
    assert answer_red_flag(store, a, questionnaire, "carer_intoxicated", True) == (
        "child_protection"
    )
    stored = get_assessment(store, str(a.id))
    assert stored is not None
    assert stored.red_flags == {"violence": False, "carer_intoxicated": True}
    assert stored.red_flags_shown == [
        {
            "flag": "carer_intoxicated",
            "action": "child_protection",
            "at": store.now_iso(),
            "by": "AK",
        }
    ]
    assert stored.actions == ["child_protection"]
    with pytest.raises(AdvisorError):
        answer_red_flag(store, a, questionnaire, "no_such_flag", True)


def test_notes_are_masked_checked_and_kept_with_the_version(
    store: Store, questionnaire: Questionnaire
) -> None:
    a = new_assessment(questionnaire)
    a.answer("health").note = "äidin hetu 131052-308T\x1b[31m"
    stored = save_assessment(store, a, shipped_reference())
    assert stored.answers["health"].note == "äidin hetu [HETU]"
    assert stored.questionnaire_version == questionnaire.version
    a.answer("health").strengths = "x" * 2001
    a.municipality_code = "999"
    with pytest.raises(FieldErrors) as caught:
        save_assessment(store, a, shipped_reference())
    assert sorted(e.key for e in caught.value.errors) == [
        "assessment.errors.municipality",
        "assessment.errors.too_long",
    ]
    assert get_assessment(store, str(stored.id)).answers["health"].strengths == ""  # type: ignore[union-attr]


def test_opening_from_the_same_contact_continues_its_unfinished_assessment(
    store: Store, questionnaire: Questionnaire
) -> None:
    ctx = ContactContext(draft_id="d1", municipality_code="297", age_groups=("0-2",))
    fresh = assessment_for_contact(store, questionnaire, ctx)
    assert fresh.id is None and fresh.contact_draft_id == "d1"
    assert fresh.municipality_code == "297"
    fresh.answer("money").concern = 1
    stored = save_assessment(store, fresh)
    assert assessment_for_contact(store, questionnaire, ctx, stored) is stored
    again = assessment_for_contact(store, questionnaire, ctx)
    assert again.id == stored.id and again.answers["money"].concern == 1
    other = assessment_for_contact(store, questionnaire, ContactContext(draft_id="d2"), stored)
    assert other.id is None and other.contact_draft_id == "d2"
    # begun from the open form before it had a draft: it joins that form's draft
    unlinked = new_assessment(questionnaire)
    joined = assessment_for_contact(
        store, questionnaire, ContactContext(draft_id="d3"), unlinked, current_unlinked=True
    )
    assert joined is unlinked and joined.contact_draft_id == "d3"
    done = delivered_to_form(store, str(stored.id), [], contact_id=None, draft_id="d1")
    assert done is not None
    assert assessment_for_contact(store, questionnaire, ctx).id is None
