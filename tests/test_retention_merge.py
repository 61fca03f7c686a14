"""A purge stays a purge: text that a merge brings back from a database that has not purged yet
is purged again in the same transaction, and a purged record travels in its purged state."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from advisor_tui.i18n import set_language, t
from advisor_tui.models import callbacks as cb
from advisor_tui.models import meetings, records, retention
from advisor_tui.models.audit import disclosures
from advisor_tui.models.bundles import ImportSummary, export_bundle, import_bundle
from advisor_tui.models.callback_actions import record_attempt
from advisor_tui.models.callback_requests import create_callback
from advisor_tui.models.contacts import Contact, Referral, save_contact
from advisor_tui.models.meeting_types import MeetingDraft, Participant, TaskDraft
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.sync_conflicts import open_conflicts
from advisor_tui.models.team import resolve_team, save_team
from tests.conftest import FakeClock

ORIGINAL = (b"Xyzzy", b"7654321", b"Qwertyson", b"9876543", b"Kotikatu", b"Plughsdottir")
EDITED_IN_B = (b"Zorkmid", b"Frotz", b"Grue", b"Rezrov", b"Gnusto")
SYNCED = (
    "callbacks",
    "callback_attempts",
    "meetings",
    "meeting_participants",
    "meeting_tasks",
    "contacts",
    "contact_referrals",
)


@dataclass
class Records:
    callback: str
    attempt: str
    meeting: str
    participant: str
    contact: str


def team_store(path: Path, clock: FakeClock, name: str, initials: str) -> Store:
    store = Store.open(path, clock=clock)
    save_team(store, resolve_team(shipped_reference(), name, initials, "Pohjois-Savo", []))
    return store


def fill(store: Store, clock: FakeClock) -> Records:
    """A closed callback with an attempt note, a held meeting and a contact with notes."""
    form = cb.RequestForm(phone="040 765 4321", name="Harvinainen Xyzzy")
    callback_id = create_callback(store, form).id
    record_attempt(store, callback_id, "reached", "Soitettiin takaisin")
    meeting_id = meetings.book(
        store,
        MeetingDraft(
            day="24.11.2026",
            start="10.00",
            place="Kotikatu 7 B 12",
            purpose="Koulunkäynnin tuki",
            agenda="Poissaolot",
            advisor="AK",
            participants=(
                Participant(kind="family", role="parent", name="Qwertyson", phone="0409876543"),
            ),
        ),
    )
    clock.advance(days=1, hours=2)
    meetings.mark_held(store, meeting_id, "Sovittiin tukijakso", [TaskDraft("Äiti", "Soittaa")])
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
            summary="Äiti Plughsdottir kertoi vauvan valvovan",
            referrals=[Referral("", "Neuvola", reason="Plughsdottir soittaa neuvolaan")],
        ),
    )
    attempt = store.scalar("SELECT id FROM callback_attempts WHERE callback_id = ?", (callback_id,))
    person = store.scalar("SELECT id FROM meeting_participants WHERE meeting_id = ?", (meeting_id,))
    return Records(callback_id, str(attempt), meeting_id, str(person), saved.contact_id)


def edit_in_b(b: Store, ids: Records) -> None:
    """B has not purged and edits the same records, later than A's purge."""
    records.update(b, "callbacks", ids.callback, {"note": "Lisätieto Zorkmid"})
    records.update(b, "callback_attempts", ids.attempt, {"note": "Soittaja Rezrov"})
    records.update(b, "meetings", ids.meeting, {"outcome": "Jatkotapaaminen Frotz"})
    records.update(b, "meeting_participants", ids.participant, {"email": "gnusto@example.fi"})
    records.update(b, "contacts", ids.contact, {"summary": "Isä Grue soitti uudelleen"})


def merge(store: Store, path: Path) -> tuple[ImportSummary, Counter[str]]:
    """`import bundle`: the merge and the retention rules in one transaction, then the
    write-ahead log emptied, so a purged version that arrives overwrites text here too."""
    summary = import_bundle(store, path)
    return summary, Counter(summary.purged)


def on_disk(store: Store) -> bytes:
    """The database file and its write-ahead log as they are now."""
    wal = store.path.with_name(store.path.name + "-wal")
    return store.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def assert_no_text(store: Store, secrets: tuple[bytes, ...]) -> None:
    data = on_disk(store)
    for secret in secrets:
        assert secret not in data, secret
    store.close()
    data = on_disk(store)
    for secret in secrets:
        assert secret not in data, secret


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    tables = (*SYNCED, "sync_conflicts")
    return {t: [tuple(r) for r in store.query(f"SELECT * FROM {t} ORDER BY id")] for t in tables}


def counts(store: Store) -> dict[str, int]:
    return {t: int(store.scalar(f"SELECT count(*) FROM {t}")) for t in SYNCED}


def purged_text(store: Store, ids: Records) -> tuple[object, ...]:
    row = store.query(
        "SELECT c.name, c.phone_e164, c.note, a.note, m.outcome, m.place, p.name, p.phone, "
        "p.email, k.summary, r.reason FROM callbacks c, callback_attempts a, meetings m, "
        "meeting_participants p, contacts k, contact_referrals r WHERE c.id = ? AND a.id = ? "
        "AND m.id = ? AND p.id = ? AND k.id = ? AND r.contact_id = k.id",
        (ids.callback, ids.attempt, ids.meeting, ids.participant, ids.contact),
    )[0]
    return tuple(row)


EMPTY = (None, None, "", "", "", "", "", "", "", "", "")


@pytest.fixture
def pair(store: Store, clock: FakeClock, tmp_path: Path) -> tuple[Store, Store, Records]:
    """A with records; B a copy of them made by a bundle; A then purges what is past due."""
    ids = fill(store, clock)
    export_bundle(store, tmp_path / "a0.jsonl")
    b = team_store(tmp_path / "b.sqlite3", clock, "Bertta Virtanen", "BV")
    import_bundle(b, tmp_path / "a0.jsonl")
    clock.advance(days=200)
    assert retention.purge_due(store) == 3
    return store, b, ids


def test_text_edited_elsewhere_after_a_purge_does_not_come_back(
    pair: tuple[Store, Store, Records], clock: FakeClock, tmp_path: Path
) -> None:
    a, b, ids = pair
    before = counts(a)
    clock.advance(hours=1)
    edit_in_b(b, ids)
    export_bundle(b, tmp_path / "b1.jsonl")
    clock.advance(hours=1)

    summary, purged = merge(a, tmp_path / "b1.jsonl")

    assert summary.updated == 5 and summary.conflicts == 0
    assert purged == {"callbacks": 1, "meetings": 1, "contact_notes": 1}
    assert purged_text(a, ids) == EMPTY
    assert counts(a) == before
    assert open_conflicts(a) == []
    log = Counter(e.subject for e in disclosures(a) if e.action == "purge")
    assert log == {"callbacks": 2, "meetings": 2, "contact_notes": 2}

    state = snapshot(a)
    again, purged_again = merge(a, tmp_path / "b1.jsonl")
    assert (again.inserted, again.updated, again.conflicts) == (0, 0, 0)
    assert purged_again == {}
    assert snapshot(a) == state
    assert_no_text(a, ORIGINAL + EDITED_IN_B)
    b.close()


def test_a_purged_child_edited_elsewhere_is_purged_again(
    pair: tuple[Store, Store, Records], clock: FakeClock, tmp_path: Path
) -> None:
    a, b, ids = pair
    clock.advance(hours=1)
    records.update(b, "callback_attempts", ids.attempt, {"note": "Soittaja Rezrov"})
    export_bundle(b, tmp_path / "b1.jsonl")

    summary, purged = merge(a, tmp_path / "b1.jsonl")

    assert summary.updated == 1
    assert purged == {"callbacks": 1}
    assert a.scalar("SELECT note FROM callback_attempts WHERE id = ?", (ids.attempt,)) == ""
    assert retention.pending(a) == []
    assert_no_text(a, (b"Rezrov",))
    b.close()


def test_an_export_after_the_purge_carries_the_purged_state(
    pair: tuple[Store, Store, Records], tmp_path: Path
) -> None:
    a, b, ids = pair
    export_bundle(a, tmp_path / "a1.jsonl")
    data = (tmp_path / "a1.jsonl").read_bytes()
    for secret in ORIGINAL:
        assert secret not in data, secret
    lines = [json.loads(line) for line in data.splitlines()[1:]]
    callback = next(x["record"] for x in lines if x["record"].get("id") == ids.callback)
    assert (callback["name"], callback["phone_e164"], callback["note"]) == (None, None, "")
    assert callback["personal_data_purged_at"] == a.now_iso()
    assert callback["origin"] == a.origin and callback["updated_at"] == a.now_iso()
    b.close()


def test_b_takes_the_purge_when_it_is_newer(
    pair: tuple[Store, Store, Records], clock: FakeClock, tmp_path: Path
) -> None:
    a, b, ids = pair
    clock.advance(hours=1)
    edit_in_b(b, ids)
    export_bundle(b, tmp_path / "b1.jsonl")
    clock.advance(hours=1)
    merge(a, tmp_path / "b1.jsonl")
    export_bundle(a, tmp_path / "a1.jsonl")
    clock.advance(hours=1)

    summary, purged = merge(b, tmp_path / "a1.jsonl")

    assert summary.conflicts == 0 and summary.updated >= 5
    assert purged == {}
    assert purged_text(b, ids) == EMPTY
    assert snapshot(b)["callbacks"] == snapshot(a)["callbacks"]
    a.close()
    assert_no_text(b, ORIGINAL + EDITED_IN_B)


def test_b_purges_again_when_its_own_edit_is_newer(
    pair: tuple[Store, Store, Records], clock: FakeClock, tmp_path: Path
) -> None:
    a, b, ids = pair
    export_bundle(a, tmp_path / "a1.jsonl")
    clock.advance(hours=1)
    edit_in_b(b, ids)
    clock.advance(hours=1)

    summary, purged = merge(b, tmp_path / "a1.jsonl")

    assert summary.conflicts == 0
    assert purged == {"callbacks": 1, "meetings": 1, "contact_notes": 1}
    assert purged_text(b, ids) == EMPTY
    assert open_conflicts(b) == []
    export_bundle(b, tmp_path / "b1.jsonl")
    again, _ = merge(a, tmp_path / "b1.jsonl")
    assert again.conflicts == 0
    assert purged_text(a, ids) == EMPTY
    assert_no_text(b, ORIGINAL + EDITED_IN_B)
    assert_no_text(a, ORIGINAL + EDITED_IN_B)


def test_edits_within_the_conflict_window_leave_no_text_and_nothing_to_choose(
    pair: tuple[Store, Store, Records], clock: FakeClock, tmp_path: Path
) -> None:
    a, b, ids = pair
    clock.advance(minutes=2)
    edit_in_b(b, ids)
    export_bundle(b, tmp_path / "b1.jsonl")
    clock.advance(minutes=1)

    summary, purged = merge(a, tmp_path / "b1.jsonl")

    assert summary.conflicts == 5
    assert purged == {"callbacks": 1, "meetings": 1, "contact_notes": 1}
    assert purged_text(a, ids) == EMPTY
    assert open_conflicts(a) == []
    records_state = {k: v for k, v in snapshot(a).items() if k != "sync_conflicts"}
    for _ in range(2):
        merge(a, tmp_path / "b1.jsonl")
        assert {k: v for k, v in snapshot(a).items() if k != "sync_conflicts"} == records_state
        assert open_conflicts(a) == []
    settled = a.query("SELECT resolution, kept, other FROM sync_conflicts")
    assert settled and {r["resolution"] for r in settled} == {"kept"}
    b.close()
    assert_no_text(a, ORIGINAL + EDITED_IN_B)


def test_a_tombstone_wins_and_its_conflict_keeps_no_text(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    a = store
    ids = fill(a, clock)
    export_bundle(a, tmp_path / "a0.jsonl")
    b = team_store(tmp_path / "b.sqlite3", clock, "Bertta Virtanen", "BV")
    import_bundle(b, tmp_path / "a0.jsonl")
    clock.advance(days=1)
    records.tombstone(a, "callbacks", ids.callback)
    clock.advance(days=15)
    assert retention.apply_retention(a)["callbacks"] == 1
    clock.advance(hours=1)
    records.update(b, "callbacks", ids.callback, {"note": "Lisätieto Zorkmid"})
    export_bundle(b, tmp_path / "b1.jsonl")

    summary, purged = merge(a, tmp_path / "b1.jsonl")

    assert summary.conflicts == 1
    assert purged == {"conflict_copies": 1}
    [conflict] = open_conflicts(a)
    assert conflict.reason == "edit_after_delete"
    assert conflict.kept["deleted_at"] and not conflict.other["deleted_at"]
    assert (conflict.other["name"], conflict.other["note"]) == (None, "")
    assert a.scalar("SELECT deleted_at FROM callbacks WHERE id = ?", (ids.callback,))
    assert retention.pending(a) == []
    b.close()
    assert_no_text(a, (b"Xyzzy", b"7654321", b"Zorkmid"))


def test_nothing_due_changes_nothing(store: Store, clock: FakeClock) -> None:
    fill(store, clock)
    state = snapshot(store)
    with store.transaction():
        assert retention.apply_retention(store) == {}
    assert snapshot(store) == state
    assert [e for e in disclosures(store) if e.action == "purge"] == []


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_merge_report_names_what_was_purged(language: str) -> None:
    set_language(language)
    items = ", ".join(
        t("sync.purged_item", what=t(f"trust.subject.{what}"), count=count)
        for what, count in (("callbacks", 2), ("conflict_copies", 1))
    )
    line = t("sync.purged_after_merge", count=3, items=items)
    assert "3" in line and "2" in line and "{" not in line
    assert t("trust.subject.conflict_copies") != "trust.subject.conflict_copies"


def test_the_import_command_tells_what_the_merge_purged(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from advisor_tui.cli import app
    from advisor_tui.models import bundles

    def merged(*_: object, **__: object) -> ImportSummary:
        return ImportSummary(1, 2, 0, 0, {}, {"callbacks": 1, "contact_notes": 2})

    monkeypatch.setattr(bundles, "import_bundle", merged)
    store.close()
    result = CliRunner().invoke(
        app, ["--db", str(store.path), "import", "bundle", str(tmp_path / "b.jsonl")]
    )
    assert result.exit_code == 0, result.output
    assert "Yhdistämisen jälkeen poistettiin säilytysajan ylittäneet henkilötiedot" in result.output
    assert "(yhteensä 3)" in result.output
