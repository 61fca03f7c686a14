"""Contacts: the rules of a record, saving and editing it, deleting it, listing and exporting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from advisor_tui.models.contact_form import ContactFormData, new_form, submit_form
from advisor_tui.models.contact_queries import contacts_between, count_contacts, list_contacts
from advisor_tui.models.contacts import (
    SUMMARY_MAX,
    Contact,
    Referral,
    get_contact,
    save_contact,
    tombstone_contact,
)
from advisor_tui.models.errors import FieldErrors
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.shift import shift_summary
from advisor_tui.models.store import Store

REF = shipped_reference()
TODAY = date(2026, 11, 23)


def contact(store: Store, **changes: object) -> Contact:
    now = store.now()
    values: dict[str, object] = {
        "started_at": now - timedelta(minutes=12),
        "ended_at": now,
        "channel": "phone",
        "party": "parent",
        "topics": ["sleep"],
        "actions": ["advice"],
    }
    values.update(changes)
    return Contact(**values)  # type: ignore[arg-type]


def fields_of(exc: pytest.ExceptionInfo[FieldErrors]) -> dict[str, str]:
    return {error.field: error.key for error in exc.value.errors}


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"channel": ""}, "channel", "contact.channel_missing"),
        ({"party": ""}, "party", "contact.party_missing"),
        ({"topics": []}, "topics", "contact.topic_missing"),
        ({"actions": []}, "actions", "contact.action_missing"),
        ({"party": "professional"}, "sector", "contact.sector_missing"),
        ({"child_count": 0, "age_groups": ["3-6"]}, "child_count", "contact.no_children_but_ages"),
        ({"channel": "telepathy"}, "channel", "contact.unknown_choice"),
        ({"feedback_recommend": 11}, "feedback_recommend", "contact.recommend_range"),
        ({"summary": "x" * (SUMMARY_MAX + 1)}, "summary", "contact.too_long"),
    ],
)
def test_each_rule_names_its_field_and_saves_nothing(
    store: Store, changes: dict[str, object], field: str, key: str
) -> None:
    with pytest.raises(FieldErrors) as exc:
        save_contact(store, REF, contact(store, **changes))
    assert fields_of(exc)[field] == key
    assert count_contacts(store, TODAY) == 0


def test_end_before_start_and_start_in_future(store: Store) -> None:
    now = store.now()
    with pytest.raises(FieldErrors) as exc:
        save_contact(store, REF, contact(store, started_at=now, ended_at=now - timedelta(hours=1)))
    assert fields_of(exc) == {"end": "contact.end_before_start"}
    with pytest.raises(FieldErrors) as exc:
        save_contact(
            store,
            REF,
            contact(store, started_at=now + timedelta(hours=1), ended_at=now + timedelta(hours=2)),
        )
    assert fields_of(exc) == {"start": "contact.start_future"}
    assert count_contacts(store, TODAY) == 0


def test_every_missing_field_is_reported_at_once(store: Store) -> None:
    with pytest.raises(FieldErrors) as exc:
        save_contact(store, REF, contact(store, channel="", party="", topics=[], actions=[]))
    assert set(fields_of(exc)) == {"channel", "party", "topics", "actions"}


def test_hundred_thousand_character_paste_is_refused_not_cut(store: Store) -> None:
    form = new_form(store.now() - timedelta(minutes=5), channel="phone", party="parent")
    form.topics, form.actions = ["sleep"], ["advice"]
    form.summary = "a" * 100_000
    with pytest.raises(FieldErrors) as exc:
        submit_form(form, store, REF)
    error = exc.value.errors[0]
    assert (error.field, error.params) == ("summary", {"limit": SUMMARY_MAX, "actual": 100_000})
    assert count_contacts(store, TODAY) == 0


def test_identity_codes_are_masked_everywhere(store: Store) -> None:
    saved = save_contact(
        store,
        REF,
        contact(
            store,
            summary="Äiti kertoi tunnuksensa 131052-308T ja lapsen 020502E618S.",
            observations=["hetu 131052-308T"],
        ),
    )
    stored = get_contact(store, saved.contact_id)
    assert stored is not None
    assert saved.masked_codes == 3
    assert "308T" not in stored.summary and "E618S" not in stored.summary
    assert stored.summary.count("[HETU]") == 2
    assert stored.observations == ["hetu [hetu]"] or "308t" not in stored.observations[0]


def test_markup_and_escapes_are_kept_as_text(store: Store) -> None:
    text = "[bold]x[/] [link=https://x]y[/link] [@click=app.quit]z \x1b[31mred"
    saved = save_contact(store, REF, contact(store, summary=text, observations=["[bold]tag"]))
    stored = get_contact(store, saved.contact_id)
    assert stored is not None
    assert stored.summary == "[bold]x[/] [link=https://x]y[/link] [@click=app.quit]z red"
    assert stored.observations == ["[bold]tag"]


def test_edit_keeps_created_and_stamps_editor(store: Store, clock: object) -> None:
    saved = save_contact(store, REF, contact(store))
    first = get_contact(store, saved.contact_id)
    assert first is not None
    clock.advance(minutes=30)  # type: ignore[attr-defined]
    store.set_setting("advisor.initials", "MV")
    first.summary = "lisätty"
    save_contact(store, REF, first)
    second = get_contact(store, saved.contact_id)
    assert second is not None
    assert second.created_at == first.created_at and second.created_by == "AK"
    assert second.updated_at > first.updated_at and second.updated_by == "MV"
    assert second.summary == "lisätty"


def test_referrals_keep_name_and_can_be_removed(store: Store) -> None:
    refs = [Referral("s1", "Omaperhe", "Omaperhe.fi", True), Referral("s2", "Neuvola")]
    saved = save_contact(store, REF, contact(store, referrals=refs))
    stored = get_contact(store, saved.contact_id)
    assert stored is not None
    assert [r.service_name for r in stored.referrals] == ["Omaperhe", "Neuvola"]
    stored.referrals = stored.referrals[:1]
    save_contact(store, REF, stored)
    again = get_contact(store, saved.contact_id)
    assert again is not None and [r.service_name for r in again.referrals] == ["Omaperhe"]


def test_tombstone_hides_from_lists_and_counts(store: Store) -> None:
    kept = save_contact(store, REF, contact(store))
    gone = save_contact(store, REF, contact(store, channel="chat"))
    assert shift_summary(store).contacts_today == 2
    assert tombstone_contact(store, gone.contact_id)
    assert [row.id for row in list_contacts(store, TODAY)] == [kept.contact_id]
    assert shift_summary(store).contacts_today == 1
    assert get_contact(store, gone.contact_id) is None
    assert store.scalar("SELECT count(*) FROM contacts") == 2
    assert [c["id"] for c in contacts_between(store, TODAY, TODAY)] == [kept.contact_id]


def test_list_newest_first_with_filters_and_pages(store: Store) -> None:
    now = store.now()
    for minutes in range(60):
        started = now - timedelta(minutes=60 - minutes)
        save_contact(
            store,
            REF,
            contact(
                store,
                started_at=started,
                ended_at=started + timedelta(minutes=1),
                channel="chat" if minutes % 2 else "phone",
                summary=f"puhelu {minutes}",
            ),
        )
    first = list_contacts(store, TODAY, limit=25)
    second = list_contacts(store, TODAY, limit=25, after=first[-1].cursor)
    assert [r.summary for r in first[:2]] == ["puhelu 59", "puhelu 58"]
    assert len({r.id for r in first + second}) == 50
    assert all(r.channel == "chat" for r in list_contacts(store, TODAY, channel="chat"))
    assert [r.summary for r in list_contacts(store, TODAY, text="puhelu 42")] == ["puhelu 42"]
    assert list_contacts(store, TODAY, text="100%") == []
    assert len(list_contacts(store, TODAY, text="x", term_keys=["sleep"])) == 50


def test_export_between_dates_has_referrals(store: Store) -> None:
    saved = save_contact(store, REF, contact(store, referrals=[Referral("s1", "Omaperhe")]))
    rows = contacts_between(store, TODAY, TODAY)
    assert rows[0]["id"] == saved.contact_id
    assert rows[0]["topics"] == ["sleep"] and rows[0]["outside_county"] is False
    assert rows[0]["referrals"][0]["service_name"] == "Omaperhe"
    assert contacts_between(store, TODAY + timedelta(days=1), TODAY + timedelta(days=2)) == []


def test_form_reports_typed_and_rule_errors_together(store: Store) -> None:
    form = ContactFormData(started_iso=store.now_iso(), day="23.11.2026", start="25.99")
    form.child_count = "0"
    form.age_groups = ["0-2"]
    with pytest.raises(FieldErrors) as exc:
        submit_form(form, store, REF)
    assert {"start", "channel", "party", "topics", "actions", "child_count"} <= set(fields_of(exc))
