"""Callback requests: the record, its checks, the queue and the actions on it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from advisor_tui.i18n import catalogue
from advisor_tui.models import callbacks as cb
from advisor_tui.models import records
from advisor_tui.models.callback_actions import close_callback, reassign, record_attempt, reschedule
from advisor_tui.models.callback_requests import create_callback
from advisor_tui.models.callback_sync import upsert_from_sync
from advisor_tui.models.errors import AdvisorError, FieldErrors
from advisor_tui.models.store import Store
from tests.conftest import FakeClock


def count(store: Store, table: str = "callbacks") -> int:
    return int(store.scalar(f"SELECT count(*) FROM {table}"))


def new(store: Store, phone: str = "040 123 4567", **fields: str) -> str:
    return create_callback(store, cb.RequestForm(phone=phone, **fields)).id


def field_messages(exc: FieldErrors) -> dict[str, str]:
    return {e.field: catalogue().error(e) for e in exc.errors}


def test_new_request_is_due_by_end_of_next_working_day(store: Store) -> None:
    callback_id = new(store, name="Maija", topic="sleep", language="sv")
    callback = cb.get_callback(store, callback_id)
    assert callback is not None
    assert callback.phone_e164 == "+358401234567"
    # Monday 23.11.2026 10.00 → Tuesday 24.11.2026 16.00 Helsinki (14.00 UTC).
    assert callback.due_at == datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    assert callback.status == "open"
    assert callback.assigned_to == "AK"
    assert callback.language == "sv"


def test_friday_request_due_on_monday_with_office_end_setting(
    store: Store, clock: FakeClock
) -> None:
    clock.now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    store.set_setting("callbacks.office_end", "15.30")
    callback = cb.get_callback(store, new(store))
    assert callback is not None
    assert callback.due_at == datetime(2026, 11, 30, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("040 12E 4567", "Puhelinnumerossa on kirjaimia"),
        ("040 12", "Puhelinnumerosta puuttuu numeroita"),
        ("07911 123456", "Lisää maatunnus"),
        ("", "Kirjoita puhelinnumero"),
    ],
)
def test_bad_phone_numbers_are_refused_and_nothing_is_saved(
    store: Store, phone: str, message: str
) -> None:
    with pytest.raises(FieldErrors) as caught:
        new(store, phone=phone)
    assert message in field_messages(caught.value)["phone"]
    assert count(store) == 0


def test_foreign_number_with_country_code_is_accepted(store: Store) -> None:
    callback = cb.get_callback(store, new(store, phone="+44 7911 123456"))
    assert callback is not None and callback.phone_e164 == "+447911123456"


def test_due_time_in_the_past_is_refused(store: Store) -> None:
    with pytest.raises(FieldErrors) as caught:
        new(store, due_date="23.11.2026", due_time="9.00")
    assert "Eräpäivä on jo mennyt" in field_messages(caught.value)["due_date"]
    assert count(store) == 0


def test_every_fault_is_reported_at_once(store: Store) -> None:
    with pytest.raises(FieldErrors) as caught:
        new(store, phone="abc", due_date="31.2.2026", assigned_to="A1")
    assert set(field_messages(caught.value)) == {"phone", "due_date", "assigned_to"}
    assert count(store) == 0


def test_identity_code_in_note_is_masked(store: Store) -> None:
    saved = create_callback(
        store, cb.RequestForm(phone="0401234567", note="Äidin hetu 131052-308T, soita")
    )
    assert saved.hetus_masked == 1
    callback = cb.get_callback(store, saved.id)
    assert callback is not None and "131052-308T" not in callback.note
    assert "[HETU]" in callback.note


def test_queue_is_sorted_by_due_time_and_classified(store: Store, clock: FakeClock) -> None:
    later = new(store)
    soon = new(store, due_date="23.11.2026", due_time="11.00")
    clock.advance(hours=2)  # 12.00: "soon" is overdue, the other due tomorrow
    today = new(store, due_date="23.11.2026", due_time="15.00")
    queue = cb.list_queue(store)
    assert [c.id for c in queue] == [soon, today, later]
    now = store.now()
    assert [c.urgency(now) for c in queue] == [
        cb.Urgency.OVERDUE,
        cb.Urgency.TODAY,
        cb.Urgency.LATER,
    ]
    assert queue[0].minutes_left(now) == -60
    assert queue[1].minutes_left(now) == 180
    assert cb.queue_counts(store) == (1, 1)
    first = cb.next_due(store)
    assert first is not None and first.id == soon


def test_newly_due_lists_what_fell_due_in_the_interval(store: Store, clock: FakeClock) -> None:
    at_eleven = new(store, due_date="23.11.2026", due_time="11.00")
    new(store, due_date="23.11.2026", due_time="13.00")
    before = store.now_iso()
    clock.advance(hours=1, minutes=30)
    assert [c.id for c in cb.newly_due(store, before, store.now_iso())] == [at_eleven]


def test_unreached_attempts_offer_closing_after_the_limit(store: Store) -> None:
    callback_id = new(store)
    first = record_attempt(store, callback_id, "no_answer")
    second = record_attempt(store, callback_id, "voicemail", "Jätin viestin")
    assert not first.offer_close and not second.offer_close
    third = record_attempt(store, callback_id, "no_answer")
    assert third.offer_close and third.unreached_count == 3
    close_callback(store, callback_id, "unreached")
    assert cb.list_queue(store) == []
    closed = cb.get_callback(store, callback_id)
    assert closed is not None and closed.status == "unreached" and closed.attempt_count == 3


def test_attempts_limit_is_a_setting(store: Store) -> None:
    store.set_setting("callbacks.attempts_limit", "1")
    assert record_attempt(store, new(store), "no_answer").offer_close


def test_reaching_the_person_closes_the_request_as_done(store: Store) -> None:
    callback_id = new(store)
    result = record_attempt(store, callback_id, "reached")
    assert result.status == "done" and not result.offer_close
    callback = cb.get_callback(store, callback_id)
    assert callback is not None and callback.status == "done" and callback.closed_at
    with pytest.raises(AdvisorError) as caught:
        record_attempt(store, callback_id, "no_answer")
    assert "jo suljettu" in catalogue().error(caught.value)
    assert [a.outcome for a in cb.attempts(store, callback_id)] == ["reached"]


def test_reschedule_needs_a_reason_and_a_future_time(store: Store) -> None:
    callback_id = new(store)
    before = cb.get_callback(store, callback_id)
    with pytest.raises(FieldErrors) as caught:
        reschedule(store, callback_id, "25.11.2026", "12.00", "  ")
    assert "Kirjoita syy" in field_messages(caught.value)["reason"]
    with pytest.raises(FieldErrors) as caught:
        reschedule(store, callback_id, "20.11.2026", "12.00", "Soittaja pyysi")
    assert "due_date" in field_messages(caught.value)
    assert cb.get_callback(store, callback_id) == before
    assert count(store, "callback_changes") == 0
    reschedule(store, callback_id, "25.11.2026", "12.00", "Soittaja pyysi")
    moved = cb.get_callback(store, callback_id)
    assert moved is not None and moved.due_at == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    reason = store.scalar("SELECT reason FROM callback_changes WHERE kind = 'reschedule'")
    assert reason == "Soittaja pyysi"


def test_reassign_checks_initials(store: Store) -> None:
    callback_id = new(store)
    with pytest.raises(FieldErrors):
        reassign(store, callback_id, "12")
    reassign(store, callback_id, "mv", "Ruotsinkielinen")
    assert cb.list_queue(store, assigned_to="MV")[0].id == callback_id
    assert cb.list_queue(store, assigned_to="AK") == []


def test_same_request_from_two_databases_is_listed_once(store: Store, clock: FakeClock) -> None:
    callback_id = new(store, note="alkuperäinen")
    row = records.get(store, "callbacks", callback_id)
    assert row is not None
    older = {**row, "note": "vanha", "updated_at": "2026-11-20T08:00:00.000000Z"}
    assert not upsert_from_sync(store, older)
    newer = {
        **row,
        "note": "muokattu",
        "origin": "other",
        "updated_at": "2026-11-23T09:00:00.000000Z",
    }
    assert upsert_from_sync(store, newer)
    assert not upsert_from_sync(store, newer)
    queue = cb.list_queue(store)
    assert [c.id for c in queue] == [callback_id]
    assert queue[0].note == "muokattu"
    assert cb.queue_counts(store) == (0, 0)
    record_attempt(store, callback_id, "no_answer")
    attempt = dict(store.query("SELECT * FROM callback_attempts")[0])
    assert not upsert_from_sync(store, attempt, "callback_attempts")
    assert len(cb.list_queue(store)) == 1
    assert cb.list_queue(store)[0].attempt_count == 1


def test_sync_never_brings_purged_personal_data_back(store: Store) -> None:
    callback_id = new(store, name="Maija")
    row = records.get(store, "callbacks", callback_id)
    assert row is not None
    purged = {
        **row,
        "name": None,
        "phone_e164": None,
        "personal_data_purged_at": "2026-11-23T08:00:00.000000Z",
        "updated_at": "2026-11-22T08:00:00.000000Z",
    }
    assert upsert_from_sync(store, purged)
    callback = cb.get_callback(store, callback_id)
    assert callback is not None and callback.name is None and callback.phone_e164 is None


def test_viewing_personal_data_is_logged(store: Store) -> None:
    callback_id = new(store, name="Maija")
    before = store.scalar("SELECT count(*) FROM access_log WHERE action = 'view'")
    callback = cb.view_personal_data(store, callback_id)
    assert callback is not None and callback.name == "Maija"
    rows = store.query("SELECT * FROM access_log WHERE action = 'view'")
    assert len(rows) == before + 1 and rows[-1]["record_id"] == callback_id


def test_markup_in_note_is_kept_as_text(store: Store) -> None:
    callback = cb.get_callback(store, new(store, note="[bold]hei[/] \x1b[31mpunainen"))
    assert callback is not None and callback.note == "[bold]hei[/] punainen"
