"""Retention: the periods in one place, and purging callbacks, meetings, notes and drafts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.i18n import catalogue
from advisor_tui.models import callbacks as cb
from advisor_tui.models import meetings, retention
from advisor_tui.models.audit import disclosures
from advisor_tui.models.bundles import export_bundle, import_bundle
from advisor_tui.models.callback_actions import close_callback, record_attempt, reschedule
from advisor_tui.models.callback_requests import create_callback
from advisor_tui.models.contacts import Contact, Referral, get_contact, save_contact
from advisor_tui.models.drafts import get_draft, save_draft
from advisor_tui.models.errors import ValidationError
from advisor_tui.models.meeting_types import MeetingDraft, Participant, TaskDraft
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from tests.conftest import FakeClock


def make(store: Store, name: str = "Maija Meikäläinen") -> str:
    return create_callback(store, cb.RequestForm(phone="040 765 4321", name=name)).id


def test_personal_data_goes_14_days_after_closing(store: Store, clock: FakeClock) -> None:
    closed = make(store)
    still_open = make(store)
    record_attempt(store, closed, "reached")
    clock.advance(days=13, hours=23)
    assert retention.pending(store) == []
    assert retention.purge_due(store) == 0
    clock.advance(hours=2)
    assert [item.record_id for item in retention.pending(store)] == [closed]
    assert retention.purge_due(store) == 1

    row = store.query("SELECT * FROM callbacks WHERE id = ?", (closed,))[0]
    assert row["name"] is None and row["phone_e164"] is None
    assert row["personal_data_purged_at"] == store.now_iso()
    assert row["status"] == "done" and row["topic"] == "" and row["due_at"]
    kept = cb.get_callback(store, still_open)
    assert kept is not None and kept.name == "Maija Meikäläinen"

    log = [entry for entry in disclosures(store) if entry.action == "purge"]
    assert [(entry.subject, entry.count) for entry in log] == [("callbacks", 1)]
    assert retention.purge_due(store) == 0
    assert len([e for e in disclosures(store) if e.action == "purge"]) == 1


def test_purged_name_is_not_left_in_the_file(store: Store, clock: FakeClock) -> None:
    callback_id = make(store, name="Harvinainen Sukunimi-Xyzzy")
    close_callback(store, callback_id, "cancelled", "Soittaja perui")
    clock.advance(days=15)
    retention.purge_due(store)
    store.close()
    data = store.path.read_bytes()
    wal = store.path.with_name(store.path.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    assert b"Xyzzy" not in data
    assert b"7654321" not in data


def test_callback_notes_go_with_the_name(store: Store, clock: FakeClock) -> None:
    form = cb.RequestForm(phone="040 765 4321", name="Maija", note="Soita Waldorfille iltaisin")
    callback_id = create_callback(store, form).id
    reschedule(store, callback_id, "25.11.2026", "12.00", "Waldorf pyysi siirtoa")
    record_attempt(store, callback_id, "reached", "Waldorf kiitti")
    clock.advance(days=15)
    assert retention.purge_due(store) == 1
    row = store.query("SELECT note, close_reason FROM callbacks WHERE id = ?", (callback_id,))[0]
    assert (row["note"], row["close_reason"]) == ("", "")
    assert store.scalar("SELECT count(*) FROM callback_attempts WHERE note <> ''") == 0
    assert store.scalar("SELECT count(*) FROM callback_changes WHERE reason <> ''") == 0
    assert store.scalar("SELECT count(*) FROM callback_attempts") == 1
    assert b"Waldorf" not in raw_bytes(store)


def test_retention_days_is_a_setting(store: Store, clock: FakeClock) -> None:
    store.set_setting("callbacks.retention_days", "3")
    callback_id = make(store)
    close_callback(store, callback_id, "unreached")
    clock.advance(days=3)
    assert [i.record_id for i in retention.pending(store)] == [callback_id]


def test_dry_run_listing_changes_nothing(store: Store, clock: FakeClock) -> None:
    callback_id = make(store)
    close_callback(store, callback_id, "done")
    clock.advance(days=20)
    assert len(retention.pending(store)) == 1
    callback = cb.get_callback(store, callback_id)
    assert callback is not None and callback.name == "Maija Meikäläinen"
    assert not [e for e in disclosures(store) if e.action == "purge"]


# -- one place for the periods --------------------------------------------------------------------


def test_periods_have_safe_defaults(store: Store) -> None:
    settings = retention.load_retention(store)
    assert settings == retention.RetentionSettings(14, 3, 6, 7)
    assert cb.load_settings(store).retention_days == 14


def test_old_callback_setting_is_still_read(store: Store) -> None:
    store.set_setting("callbacks.retention_days", "5")
    assert retention.load_retention(store).callback_days == 5
    store.set_setting("retention.callback_days", "9")
    assert retention.load_retention(store).callback_days == 9
    assert cb.load_settings(store).retention_days == 9


def test_setting_a_period_checks_the_value(store: Store) -> None:
    assert retention.set_retention(store, "meeting_months", " 12 ") == 12
    assert retention.load_retention(store).meeting_months == 12
    retention.set_retention(store, "callback_days", "30")
    assert store.get_setting("callbacks.retention_days") == "30"
    cases = [
        ("meeting_months", "kuusi", "trust.retention.not_number"),
        ("meeting_months", "0", "trust.retention.range"),
        ("meeting_months", "121", "trust.retention.range"),
        ("names_forever", "1", "trust.retention.unknown"),
    ]
    for name, value, key in cases:
        with pytest.raises(ValidationError) as caught:
            retention.set_retention(store, name, value)
        assert caught.value.key == key
        assert not catalogue().error(caught.value).startswith("trust.")
    assert retention.load_retention(store).meeting_months == 12


def test_unreadable_period_counts_as_default(store: Store) -> None:
    store.set_setting("retention.draft_days", "viikko")
    assert retention.load_retention(store).draft_days == 7


def test_months_before_clamps_the_day() -> None:
    moment = datetime(2026, 5, 31, 9, 0, tzinfo=UTC)
    assert retention.months_before(moment, 3).date() == date(2026, 2, 28)
    assert retention.months_before(moment, 17).date() == date(2024, 12, 31)


# -- meetings, contact notes, drafts --------------------------------------------------------------

FAMILY = Participant(kind="family", role="parent", name="Qwertyson Perhe", phone="0409876543")
WORKER = Participant(
    kind="professional",
    role="sosiaalityöntekijä",
    name="Sari Laine",
    organisation="Perhesosiaalityö",
    email="sari.zyxw@example.fi",
)


def book_meeting(store: Store) -> str:
    draft = MeetingDraft(
        day="24.11.2026",
        start="10.00",
        place="Kotikatu 7 B 12",
        purpose="Koulunkäynnin tuki",
        agenda="Pojan poissaolot",
        advisor="AK",
        participants=(FAMILY, WORKER),
    )
    return meetings.book(store, draft)


def hold(store: Store, clock: FakeClock, meeting_id: str) -> None:
    clock.advance(days=1, hours=2)
    meetings.mark_held(
        store, meeting_id, "Sovittiin tukijakso", [TaskDraft("Qwertyson", "Soittaa kouluun")]
    )


def raw_bytes(store: Store) -> bytes:
    store.close()
    data = store.path.read_bytes()
    wal = store.path.with_name(store.path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_meeting_names_and_notes_go_after_the_period(store: Store, clock: FakeClock) -> None:
    meeting_id = book_meeting(store)
    hold(store, clock, meeting_id)
    clock.advance(days=80)
    assert [i.what for i in retention.pending(store)] == []
    clock.advance(days=15)
    assert [(i.what, i.record_id) for i in retention.pending(store)] == [("meetings", meeting_id)]
    assert retention.purge_due(store) == 1
    meeting = meetings.get_meeting(store, meeting_id)
    assert meeting is not None and meeting.status == "held"
    assert (meeting.place, meeting.purpose, meeting.agenda, meeting.outcome) == ("", "", "", "")
    assert {(p.kind, p.role, p.name, p.phone, p.email) for p in meeting.participants} == {
        ("family", "parent", "", "", ""),
        ("professional", "sosiaalityöntekijä", "", "", ""),
    }
    assert [(t.who, t.what) for t in meetings.tasks_of(store, meeting_id)] == [("", "")]
    assert retention.pending(store) == []
    log = [(e.subject, e.count) for e in disclosures(store) if e.action == "purge"]
    assert log == [("meetings", 1)]
    data = raw_bytes(store)
    for secret in (b"Qwertyson", b"9876543", b"zyxw", b"Kotikatu", b"tukijakso", b"poissaolot"):
        assert secret not in data, secret


def test_contact_summary_goes_but_the_counts_stay(store: Store, clock: FakeClock) -> None:
    now = store.now()
    saved = save_contact(
        store,
        shipped_reference(),
        Contact(
            started_at=now - timedelta(minutes=10),
            ended_at=now,
            channel="phone",
            party="parent",
            topics=["sleep"],
            actions=["advice"],
            observations=["univaikeudet"],
            summary="Äiti Plughsdottir kertoi vauvan valvovan öisin",
            referrals=[Referral("", "Neuvola", reason="Jatko: Plughsdottir soittaa")],
        ),
    )
    clock.advance(days=100)
    later = store.now()
    fresh = save_contact(
        store,
        shipped_reference(),
        Contact(
            started_at=later - timedelta(minutes=5),
            ended_at=later,
            channel="phone",
            party="parent",
            topics=["sleep"],
            actions=["advice"],
            summary="Tuore muistiinpano",
        ),
    )
    clock.advance(days=100)
    items = retention.pending(store)
    assert [(i.what, i.record_id) for i in items] == [("contact_notes", saved.contact_id)]
    assert retention.purge_due(store) == 1
    kept = get_contact(store, saved.contact_id)
    assert kept is not None and kept.summary == ""
    recent = get_contact(store, fresh.contact_id)
    assert recent is not None and recent.summary == "Tuore muistiinpano"
    assert kept.topics == ["sleep"] and kept.observations == ["univaikeudet"]
    assert [(r.service_name, r.reason) for r in kept.referrals] == [("Neuvola", "")]
    assert b"Plughsdottir" not in raw_bytes(store)


def test_abandoned_drafts_are_deleted(store: Store, clock: FakeClock) -> None:
    old = save_draft(store, "contact", {"summary": "Keskeneräinen Frobozz"})
    clock.advance(days=6)
    recent = save_draft(store, "callback", {"name": "Tuore"})
    clock.advance(days=1, minutes=1)
    assert [(i.what, i.record_id) for i in retention.pending(store)] == [("drafts", old)]
    assert retention.purge_due(store) == 1
    assert get_draft(store, old) is None and get_draft(store, recent) is not None
    assert b"Frobozz" not in raw_bytes(store)


def test_purge_travels_in_the_next_bundle(store: Store, clock: FakeClock, tmp_path: Path) -> None:
    meeting_id = book_meeting(store)
    other = Store.open(tmp_path / "lead.sqlite3", clock=clock)
    other.set_setting("advisor.initials", "TL")
    export_bundle(store, tmp_path / "first.jsonl")
    import_bundle(other, tmp_path / "first.jsonl")
    clock.advance(days=100)
    retention.purge_due(store)
    export_bundle(store, tmp_path / "second.jsonl")
    import_bundle(other, tmp_path / "second.jsonl")
    names = other.query(
        "SELECT name, phone, email FROM meeting_participants WHERE meeting_id = ?", (meeting_id,)
    )
    assert {tuple(r) for r in names} == {("", "", "")}
    other.close()


def test_a_conflict_copy_does_not_keep_purged_data(store: Store, clock: FakeClock) -> None:
    callback_id = make(store, name="Konflikti Grault")
    close_callback(store, callback_id, "done")
    row = dict(store.query("SELECT * FROM callbacks WHERE id = ?", (callback_id,))[0])
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO sync_conflicts (id, record_table, record_id, kept, other, kept_version, "
            "other_version, reason, detected_at) VALUES ('c1', 'callbacks', ?, ?, ?, 'a', 'b', "
            "'concurrent_edits', ?)",
            (callback_id, json.dumps(row), json.dumps(row), store.now_iso()),
        )
    clock.advance(days=15)
    assert retention.purge_due(store) == 1
    kept = json.loads(store.scalar("SELECT kept FROM sync_conflicts WHERE id = 'c1'"))
    assert kept["name"] is None and kept["phone_e164"] is None and kept["status"] == "done"
    assert b"Grault" not in raw_bytes(store)


def test_dry_run_lists_every_kind_and_purge_logs_each(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    long_ago = FakeClock(datetime.now(UTC) - timedelta(days=400))
    store = Store.open(path, clock=long_ago)
    store.set_setting("advisor.initials", "AK")
    callback_id = make(store)
    close_callback(store, callback_id, "done")
    save_draft(store, "contact", {"summary": "vanha"})
    store.close()
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(path), "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert callback_id in result.output and "Poistettaisiin 2 tietuetta" in result.output
    result = runner.invoke(app, ["--db", str(path), "purge"])
    assert result.exit_code == 0, result.output
    store = Store.open(path)
    subjects = sorted(e.subject for e in disclosures(store) if e.action == "purge")
    store.close()
    assert subjects == ["callbacks", "drafts"]
