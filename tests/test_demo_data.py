"""The demo dataset: realistic proportions, a busy today, fictional people only, and refusals."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from advisor_tui.i18n import catalogue
from advisor_tui.models import callbacks as cb
from advisor_tui.models.clock import at_local, from_iso, local, local_date, to_iso
from advisor_tui.models.contacts import get_contact, prepare_contact
from advisor_tui.models.demo_calendar import make_plan
from advisor_tui.models.demo_data import DemoSummary, ensure_demo, generate
from advisor_tui.models.demo_people import PHONE_BLOCK_PREFIX, is_demo_phone
from advisor_tui.models.demo_proportions import REGIONS
from advisor_tui.models.demo_records import TABLE_ORDER
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.identity_codes import find_hetus
from advisor_tui.models.meetings import meetings_on, tasks_of
from advisor_tui.models.phone_numbers import normalise_phone
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.shift import shift_summary
from advisor_tui.models.store import Store
from tests.conftest import FakeClock

DEMO_TABLES = TABLE_ORDER


def demo_store(path: Path, clock: FakeClock | None = None) -> Store:
    return Store.open(path, clock=clock or FakeClock(), kind="demo")


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, DemoSummary]]:
    """Two weeks of demo data, generated once for the read-only checks of this module."""
    store = demo_store(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    summary = generate(store, seed=1, weeks=2)
    yield store, summary
    store.close()


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# -- refusals -----------------------------------------------------------------------------------


def test_a_real_database_is_never_filled(store: Store) -> None:
    with pytest.raises(AdvisorError) as caught:
        generate(store, weeks=1)
    assert caught.value.key == "demo.not_demo"
    assert "harjoitustietokanta" in catalogue().error(caught.value)
    assert store.scalar("SELECT count(*) FROM contacts") == 0
    assert ensure_demo(store) is None


def test_a_filled_demo_is_not_filled_twice(filled: tuple[Store, DemoSummary]) -> None:
    store, summary = filled
    with pytest.raises(AdvisorError) as caught:
        generate(store, weeks=1)
    assert caught.value.key == "demo.not_empty"
    assert ensure_demo(store) is None
    assert store.scalar("SELECT count(*) FROM contacts") == summary.contacts


@pytest.mark.parametrize(
    ("weeks", "scale", "key"),
    [(0, 1, "demo.bad_weeks"), (105, 1, "demo.bad_weeks"), (2, 0, "demo.bad_scale")],
)
def test_sizes_out_of_range_are_refused(tmp_path: Path, weeks: int, scale: int, key: str) -> None:
    store = demo_store(tmp_path / "demo.sqlite3")
    with pytest.raises(AdvisorError) as caught:
        generate(store, weeks=weeks, scale=scale)
    assert caught.value.key == key
    assert str(caught.value.params["value"]) in catalogue().error(caught.value)
    assert store.scalar("SELECT count(*) FROM contacts") == 0
    store.close()


def test_first_use_fills_an_empty_demo_once(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "demo.sqlite3")
    summary = ensure_demo(store, weeks=1)
    assert summary is not None and summary.contacts > 100
    assert store.advisor == "AE" and store.is_demo
    assert ensure_demo(store, weeks=1) is None
    store.close()


# -- proportions ----------------------------------------------------------------------------------


def test_about_a_third_of_contacts_are_professional_consultations(
    filled: tuple[Store, DemoSummary],
) -> None:
    store, summary = filled
    parties = Counter(r[0] for r in store.query("SELECT party FROM contacts"))
    assert 0.28 <= share(parties["professional"], summary.contacts) <= 0.40
    assert parties["parent"] > parties["relative"] > 0 and parties["child_youth"] > 0


def test_channel_mix_is_led_by_the_phone(filled: tuple[Store, DemoSummary]) -> None:
    store, summary = filled
    channels = Counter(r[0] for r in store.query("SELECT channel FROM contacts"))
    assert channels.most_common(1)[0][0] == "phone"
    assert 0.45 <= share(channels["phone"], summary.contacts) <= 0.75
    for channel in ("web_form", "email", "chat", "social_media", "meeting_place", "callback_out"):
        assert channels[channel] > 0, channel


def test_every_seed_region_has_contacts(filled: tuple[Store, DemoSummary]) -> None:
    store, _ = filled
    places = Counter(r[0] for r in store.query("SELECT municipality_code FROM contacts"))
    for region, (_county, _weight, towns) in REGIONS.items():
        assert sum(places[code] for code in towns) > 0, region
    reference = shipped_reference()
    assert all(code is None or code in reference.municipalities for code in places)


def test_referrals_and_digital_referrals_are_in_a_sane_band(
    filled: tuple[Store, DemoSummary],
) -> None:
    store, summary = filled
    referred = store.scalar("SELECT count(DISTINCT contact_id) FROM contact_referrals")
    digital = store.scalar(
        "SELECT count(DISTINCT contact_id) FROM contact_referrals WHERE digital = 1"
    )
    assert 0.25 <= share(referred, summary.contacts) <= 0.65
    assert 0.08 <= share(digital, summary.contacts) <= 0.30
    unknown = store.scalar(
        "SELECT count(*) FROM contact_referrals r LEFT JOIN services s ON s.id = r.service_id "
        "WHERE s.id IS NULL"
    )
    assert unknown == 0


def test_feedback_and_observations_look_like_the_advice_line(
    filled: tuple[Store, DemoSummary],
) -> None:
    store, summary = filled
    asked = store.scalar("SELECT count(*) FROM contacts WHERE feedback_help <> 'not_asked'")
    average = store.scalar("SELECT avg(feedback_recommend) FROM contacts")
    observed = store.scalar("SELECT count(*) FROM contacts WHERE observations <> '[]'")
    assert 0.2 <= share(asked, summary.contacts) <= 0.6
    assert 8.0 <= average <= 9.8
    assert 0.05 <= share(observed, summary.contacts) <= 0.25


def test_every_contact_passes_the_forms_checks(filled: tuple[Store, DemoSummary]) -> None:
    store, _ = filled
    reference = shipped_reference()
    for row in store.query("SELECT id FROM contacts"):
        contact = get_contact(store, row["id"])
        assert contact is not None
        cleaned, masked = prepare_contact(contact, store, reference)
        assert masked == 0
        assert cleaned.topics == contact.topics and cleaned.actions == contact.actions


# -- a busy today ---------------------------------------------------------------------------------


def test_contacts_were_logged_this_morning_before_now(filled: tuple[Store, DemoSummary]) -> None:
    store, _ = filled
    now = store.now()
    summary = shift_summary(store)
    assert summary.contacts_today >= 3
    for table in DEMO_TABLES:
        latest = store.scalar(f"SELECT max(max(created_at), max(updated_at)) FROM {table}")
        assert latest is None or latest <= to_iso(now), table
    rows = store.query("SELECT started_at, ended_at FROM contacts ORDER BY started_at DESC LIMIT 3")
    assert all(local_date(local(now)) == local_date(from_iso(r["started_at"])) for r in rows)


def test_callbacks_are_due_today_and_overdue_with_attempts(
    filled: tuple[Store, DemoSummary],
) -> None:
    store, _ = filled
    now = store.now()
    due_today, overdue = cb.queue_counts(store)
    assert due_today >= 1 and overdue >= 1
    late = [c for c in cb.list_queue(store) if c.urgency(now) == cb.Urgency.OVERDUE]
    assert any(c.attempt_count for c in late)
    assert all(c.name and c.phone_e164 for c in cb.list_queue(store))


def test_closed_callbacks_lose_their_personal_data_after_the_retention_period(
    filled: tuple[Store, DemoSummary],
) -> None:
    store, _ = filled
    cutoff = to_iso(store.now() - timedelta(days=14))
    kept = store.scalar(
        "SELECT count(*) FROM callbacks WHERE closed_at < ? AND (name IS NOT NULL "
        "OR phone_e164 IS NOT NULL OR personal_data_purged_at IS NULL)",
        (cutoff,),
    )
    assert kept == 0


def test_a_network_meeting_this_afternoon_has_participants_and_tasks(
    filled: tuple[Store, DemoSummary],
) -> None:
    store, _ = filled
    now = store.now()
    ahead = [m for m in meetings_on(store, local_date(now)) if m.starts_at > now]
    meeting = next(m for m in ahead if local(m.starts_at).hour >= 12)
    assert meeting.status == "confirmed"
    assert meeting.family and len(meeting.professionals) >= 2
    assert tasks_of(store, meeting.id)


def test_assessments_belong_to_contacts_that_say_so(filled: tuple[Store, DemoSummary]) -> None:
    store, _ = filled
    rows = store.query(
        "SELECT a.status, c.actions FROM assessments a JOIN contacts c ON c.id = a.contact_id"
    )
    assert rows and all(r["status"] == "done" for r in rows)
    assert all("assessment_done" in json.loads(r["actions"]) for r in rows)
    assert store.scalar("SELECT count(*) FROM assessments WHERE status = 'draft'") >= 1


def test_the_file_is_whole_and_consistent(filled: tuple[Store, DemoSummary]) -> None:
    store, summary = filled
    assert store.integrity_problems() == []
    assert summary.services > 100
    assert {r[0] for r in store.query("SELECT DISTINCT created_by FROM contacts")} >= {"AE"}


# -- fictional people only ----------------------------------------------------------------------


def test_no_identity_code_appears_in_any_text(filled: tuple[Store, DemoSummary]) -> None:
    store, _ = filled
    tables = [r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
    checked = 0
    for table in tables:
        if table.startswith("sqlite_") or table.startswith("service_fts"):
            continue
        for row in store.query(f"SELECT * FROM {table}"):
            for value in tuple(row):
                if isinstance(value, str):
                    assert find_hetus(value) == [], (table, value)
                    checked += 1
    assert checked > 10_000


def test_every_phone_number_is_in_the_documented_block(filled: tuple[Store, DemoSummary]) -> None:
    store, _ = filled
    phones = [r[0] for r in store.query("SELECT phone_e164 FROM callbacks WHERE phone_e164 > ''")]
    phones += [r[0] for r in store.query("SELECT phone FROM meeting_participants WHERE phone > ''")]
    assert len(phones) > 10
    for phone in phones:
        assert phone.startswith(PHONE_BLOCK_PREFIX) and is_demo_phone(phone), phone
        assert normalise_phone(phone) == phone
    emails = [r[0] for r in store.query("SELECT email FROM meeting_participants WHERE email > ''")]
    assert emails and all(e.endswith(".invalid") for e in emails)


# -- the calendar ---------------------------------------------------------------------------------


def test_past_days_skip_weekends_holidays_and_christmas_eve() -> None:
    now = at_local(date(2026, 12, 28), time(10, 0))
    plan = make_plan(now, weeks=1)
    assert plan.past_days == (date(2026, 12, 22), date(2026, 12, 23))
    assert plan.yesterday == date(2026, 12, 23)
    assert plan.future_days[0] == date(2026, 12, 29)


def test_an_early_demo_still_has_a_morning_before_now() -> None:
    now = at_local(date(2026, 11, 23), time(7, 0))
    plan = make_plan(now, weeks=1)
    rng = random.Random(1)
    moments = [plan.morning_moment(rng) for _ in range(50)]
    assert all(now - timedelta(hours=2) <= m < now for m in moments)
    assert local(plan.afternoon_start()).hour == 13
