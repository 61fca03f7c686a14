"""Sync bundles: export, merge rules, idempotence, order independence, whole rejection."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from advisor_tui.i18n import catalogue
from advisor_tui.models import records
from advisor_tui.models.bundles import BundleError, export_bundle, import_bundle, synced_tables
from advisor_tui.models.store import Store
from advisor_tui.models.sync_conflicts import open_conflicts, resolve_conflict
from tests.conftest import FakeClock

TABLE = "drafts_synced"


def _open(tmp_path: Path, name: str, clock: FakeClock, kind: str = "real") -> Store:
    store = Store.open(tmp_path / f"{name}.sqlite3", clock=clock, kind=kind)
    store.set_setting("advisor.initials", name.upper()[:2])
    return store


@pytest.fixture
def trio(tmp_path: Path, clock: FakeClock) -> tuple[Store, Store, Store]:
    return _open(tmp_path, "aa", clock), _open(tmp_path, "bb", clock), _open(tmp_path, "cc", clock)


def _table(store: Store) -> str:
    """A synced table every schema has: the meetings or contacts area's main table."""
    tables = [t for t in synced_tables(store) if t not in ("access_log", "disclosure_log")]
    assert tables
    return tables[0]


def _content(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {
        t: [tuple(r) for r in store.query(f"SELECT * FROM {t} ORDER BY id")]
        for t in synced_tables(store)
    }


def _minimal(store: Store, table: str) -> dict[str, object]:
    """The smallest valid row of `table`: NOT NULL columns without defaults get a value."""
    values: dict[str, object] = {}
    for column in store.query(f"PRAGMA table_info({table})"):
        name, kind, notnull, default = column[1], column[2].upper(), column[3], column[4]
        if (
            name
            in (
                "id",
                "created_at",
                "updated_at",
                "origin",
                "created_by",
                "updated_by",
                "deleted_at",
            )
            or not notnull
            or default is not None
        ):
            continue
        values[name] = 0 if "INT" in kind or "REAL" in kind else "x"
    return values


def test_round_trip_carries_records_and_logs(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = trio
    table = _table(a)
    record_id = records.insert(a, table, _minimal(a, table))
    bundle = export_bundle(a, tmp_path / "a.jsonl")
    assert bundle.counts[table] == 1
    assert bundle.counts["disclosure_log"] == 0
    summary = import_bundle(b, bundle.path)
    assert summary.inserted == 1
    assert records.get(b, table, record_id) is not None
    again = import_bundle(b, bundle.path)
    assert (again.inserted, again.updated, again.conflicts) == (0, 0, 0)
    second = export_bundle(a, tmp_path / "a2.jsonl")
    assert second.counts["disclosure_log"] == 1  # the first export, logged
    import_bundle(b, second.path)
    import_bundle(b, second.path)
    assert b.scalar("SELECT count(*) FROM disclosure_log WHERE action = 'bundle'") == 1


def test_header_is_documented_and_checksummed(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, _, _ = trio
    summary = export_bundle(a, tmp_path / "a.jsonl.gz")
    lines = gzip.decompress(summary.path.read_bytes()).decode("utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "advisor-tui-bundle" and header["format_version"] == 1
    assert header["origin"] == a.origin and header["kind"] == "real"
    assert header["schema_version"] == a.user_version
    assert len(header["sha256"]) == 64 and header["created_at"].endswith("Z")


def test_newer_edit_wins_older_changes_nothing(trio, clock: FakeClock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = trio
    table = _table(a)
    record_id = records.insert(a, table, _minimal(a, table))
    import_bundle(b, export_bundle(a, tmp_path / "1.jsonl").path)
    clock.advance(hours=2)
    records.tombstone(b, table, record_id)
    old = export_bundle(a, tmp_path / "old.jsonl").path
    assert import_bundle(b, old).updated == 0
    assert records.get(b, table, record_id) is None  # the tombstone still wins
    import_bundle(a, export_bundle(b, tmp_path / "b.jsonl").path)
    assert records.get(a, table, record_id) is None


def test_edit_after_delete_and_concurrent_edits_are_conflicts(
    trio, clock: FakeClock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a, b, c = trio
    table = _table(a)
    record_id = records.insert(a, table, _minimal(a, table))
    first = export_bundle(a, tmp_path / "first.jsonl").path
    import_bundle(b, first)
    import_bundle(c, first)
    clock.advance(hours=1)
    records.tombstone(b, table, record_id)
    clock.advance(hours=1)
    records.update(c, table, record_id, {"updated_by": "CC"})
    from_b = export_bundle(b, tmp_path / "b.jsonl").path
    from_c = export_bundle(c, tmp_path / "c.jsonl").path
    summary = import_bundle(a, from_b)
    assert summary.updated == 1
    summary = import_bundle(a, from_c)
    assert summary.conflicts == 1
    conflicts = open_conflicts(a)
    assert [(x.reason, x.kept["deleted_at"] is not None) for x in conflicts] == [
        ("edit_after_delete", True)
    ]
    assert import_bundle(a, from_c).conflicts == 1
    assert len(open_conflicts(a)) == 1
    resolve_conflict(a, conflicts[0].id, keep_other=True)
    assert records.get(a, table, record_id) is not None
    assert open_conflicts(a) == []


def test_merge_order_does_not_change_the_result(tmp_path: Path, clock: FakeClock) -> None:
    sources = [_open(tmp_path, f"s{i}", clock) for i in range(3)]
    table = _table(sources[0])
    shared = records.insert(sources[0], table, _minimal(sources[0], table))
    seed = export_bundle(sources[0], tmp_path / "seed.jsonl").path
    for other in sources[1:]:
        import_bundle(other, seed)
    for index, source in enumerate(sources):
        clock.advance(seconds=30)
        records.insert(source, table, _minimal(source, table))
        records.update(source, table, shared, {"updated_by": f"E{index}"})
    bundles = [export_bundle(s, tmp_path / f"b{i}.jsonl").path for i, s in enumerate(sources)]
    results = []
    for order, name in (((0, 1, 2), "x"), ((2, 0, 1), "y"), ((1, 2, 0), "z")):
        target = _open(tmp_path, name, clock)
        for index in order:
            import_bundle(target, bundles[index])
        results.append(_content(target))
    assert results[0] == results[1] == results[2]


def _rewrite(path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    lines = path.read_text(encoding="utf-8").splitlines()
    change(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _edit_record(lines: list[str], **changes: object) -> None:
    item = json.loads(lines[1])
    item["record"].update(changes)
    lines[1] = json.dumps(item)


def _reseal(lines: list[str]) -> None:
    import hashlib

    header = json.loads(lines[0])
    body = "".join(f"{line}\n" for line in lines[1:]).encode("utf-8")
    header["sha256"] = hashlib.sha256(body).hexdigest()
    lines[0] = json.dumps(header)


@pytest.mark.parametrize(
    ("name", "change", "line", "reason"),
    [
        ("truncated", None, None, "sync.reason.truncated"),
        (
            "checksum",
            lambda ls: ls.__setitem__(1, ls[1].replace('"x"', '"y"')),
            1,
            "sync.reason.checksum",
        ),
        (
            "format",
            lambda ls: ls.__setitem__(
                0, ls[0].replace('"format_version": 1', '"format_version": 9')
            ),
            1,
            "sync.reason.format_version",
        ),
        (
            "schema",
            lambda ls: ls.__setitem__(
                0, ls[0].replace('"schema_version": ', '"schema_version": 9')
            ),
            1,
            "sync.reason.schema_newer",
        ),
        (
            "field",
            lambda ls: (
                ls.__setitem__(1, ls[1].replace('"id":', '"nosuch": 1, "id":')),
                _reseal(ls),
            ),
            2,
            "sync.reason.unknown_field",
        ),
        (
            "stamp",
            lambda ls: (_edit_record(ls, created_at="1.1.2026 10.00"), _reseal(ls)),
            2,
            "sync.reason.bad_field",
        ),
        ("not_bundle", lambda ls: ls.__setitem__(0, "{}"), 1, "sync.reason.not_bundle"),
    ],
)
def test_bad_bundles_are_rejected_whole(
    trio, tmp_path: Path, name: str, change, line, reason
) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = trio
    table = _table(a)
    for _ in range(3):
        records.insert(a, table, _minimal(a, table))
    path = export_bundle(a, tmp_path / f"{name}.jsonl").path
    if change is None:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) - 40])
    else:
        _rewrite(path, change)
    before = _content(b)
    with pytest.raises(BundleError) as caught:
        import_bundle(b, path)
    assert caught.value.reason == reason
    if line is not None:
        assert caught.value.line == line
    assert _content(b) == before
    message = catalogue().error(caught.value)
    assert "Tietokantaa ei muutettu" in message and "{" not in message


def test_demo_and_real_never_mix(tmp_path: Path, clock: FakeClock) -> None:
    demo = _open(tmp_path, "demo", clock, kind="demo")
    real = _open(tmp_path, "real", clock)
    summary = export_bundle(demo, tmp_path / "harjoitus.jsonl")
    assert summary.path.name == "DEMO-harjoitus.jsonl"
    assert json.loads(summary.path.read_text(encoding="utf-8").splitlines()[0])["demo"] == "DEMO"
    with pytest.raises(BundleError) as caught:
        import_bundle(real, summary.path)
    assert caught.value.reason == "sync.reason.demo_mix"
    with pytest.raises(BundleError):
        import_bundle(demo, export_bundle(real, tmp_path / "real.jsonl").path)


def test_known_id_in_another_table_is_rejected(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = trio
    tables = [t for t in synced_tables(a) if not a.query(f"PRAGMA foreign_key_list({t})")]
    first, second = tables[0], tables[1]
    record_id = records.insert(a, first, _minimal(a, first))
    records.insert(b, second, _minimal(b, second), record_id=record_id)
    path = export_bundle(a, tmp_path / "a.jsonl").path
    with pytest.raises(BundleError) as caught:
        import_bundle(b, path)
    assert caught.value.reason == "sync.reason.id_in_two_tables"


def test_since_limits_the_export(trio, clock: FakeClock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, _, _ = trio
    table = _table(a)
    records.insert(a, table, _minimal(a, table))
    clock.advance(days=3)
    records.insert(a, table, _minimal(a, table))
    summary = export_bundle(a, tmp_path / "since.jsonl", since=date(2026, 11, 25))
    assert summary.counts[table] == 1


def _contact_with_referral(store: Store) -> tuple[str, str]:
    contact = records.insert(
        store,
        "contacts",
        {
            "started_at": "2026-11-23T07:00:00.000000Z",
            "ended_at": "2026-11-23T07:10:00.000000Z",
            "channel": "phone",
            "party": "parent",
            "summary": "Äiti kysyi unesta; ”lainausmerkit” ja \\ kenoviiva",
        },
    )
    referral = records.insert(
        store,
        "contact_referrals",
        {"contact_id": contact, "service_name": "Omaperhe", "digital": 1},
    )
    return contact, referral


def _bundle_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _write_lines(path: Path, lines: list[str]) -> Path:
    """The bundle with its header's counts and checksum made to match the body again."""
    import hashlib

    header = json.loads(lines[0])
    counts: dict[str, int] = {}
    for line in lines[1:]:
        table = json.loads(line)["table"]
        counts[table] = counts.get(table, 0) + 1
    header["counts"] = counts
    body = "".join(f"{line}\n" for line in lines[1:]).encode("utf-8")
    header["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(header).encode("utf-8") + b"\n" + body)
    return path


def test_reimport_writes_nothing_at_all(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = trio
    _contact_with_referral(a)
    path = export_bundle(a, tmp_path / "a.jsonl.gz").path
    first = import_bundle(b, path)
    assert (first.inserted, first.per_table) == (2, {"contacts": 1, "contact_referrals": 1})
    before, changes = _content(b), b.conn.total_changes
    again = import_bundle(b, path)
    assert (again.inserted, again.updated, again.conflicts, again.unchanged) == (0, 0, 0, 2)
    assert b.conn.total_changes == changes
    assert _content(b) == before
    assert _content(b)["contacts"] == _content(a)["contacts"]


def test_records_keep_their_values_exactly(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = trio
    table = _table(a)
    values = _minimal(a, table)
    record_id = records.insert(a, table, values)
    a.conn.execute(
        f"UPDATE {table} SET updated_by = ? WHERE id = ?", ("x\n\t\"'\\ ä 🙂 [b]", record_id)
    )
    contact, _ = _contact_with_referral(a)
    a.conn.execute("UPDATE contacts SET child_count = ? WHERE id = ?", (0.1 + 0.2, contact))
    import_bundle(b, export_bundle(a, tmp_path / "a.jsonl").path)
    assert _content(b)[table] == _content(a)[table]
    assert b.scalar("SELECT child_count FROM contacts WHERE id = ?", (contact,)) == 0.1 + 0.2


def test_a_duplicated_record_is_rejected(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = trio
    _contact_with_referral(a)
    path = export_bundle(a, tmp_path / "a.jsonl").path
    lines = _bundle_lines(path)
    _write_lines(path, [*lines, lines[1]])
    with pytest.raises(BundleError) as caught:
        import_bundle(b, path)
    assert (caught.value.reason, caught.value.line) == ("sync.reason.duplicate_id", len(lines) + 1)
    assert "kahdesti" in catalogue().error(caught.value)


def test_a_record_without_its_parent_is_rejected_by_line(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = trio
    _contact_with_referral(a)
    path = export_bundle(a, tmp_path / "a.jsonl").path
    lines = [line for line in _bundle_lines(path) if '"table":"contacts"' not in line]
    _write_lines(path, lines)
    referral_line = next(
        number
        for number, line in enumerate(lines, start=1)
        if '"table":"contact_referrals"' in line
    )
    before = _content(b)
    with pytest.raises(BundleError) as caught:
        import_bundle(b, path)
    assert (caught.value.reason, caught.value.line) == ("sync.reason.missing_parent", referral_line)
    assert caught.value.params["table"] == "contacts"
    assert _content(b) == before


def test_a_value_its_table_refuses_is_rejected_by_line(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = trio
    _contact_with_referral(a)
    path = export_bundle(a, tmp_path / "a.jsonl").path
    lines = _bundle_lines(path)
    number = next(i for i, line in enumerate(lines) if '"table":"contacts"' in line)
    item = json.loads(lines[number])
    item["record"]["outside_county"] = 7
    lines[number] = json.dumps(item)
    _write_lines(path, lines)
    before = _content(b)
    with pytest.raises(BundleError) as caught:
        import_bundle(b, path)
    assert caught.value.line == number + 1
    assert caught.value.params["field"] == "outside_county"
    assert _content(b) == before


def test_progress_is_reported_to_the_end(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = trio
    _contact_with_referral(a)
    seen: list[tuple[int, int]] = []
    summary = export_bundle(a, tmp_path / "a.jsonl", progress=lambda *p: seen.append(p))
    assert seen[-1] == (summary.total, summary.total)
    seen.clear()
    import_bundle(b, summary.path, progress=lambda *p: seen.append(p))
    assert seen[-1][0] == seen[-1][1] > 0
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_bundle_larger_than_a_batch_merges_whole(tmp_path: Path, clock: FakeClock) -> None:
    source = _open(tmp_path, "src", clock)
    rows = [
        (
            f"00000000-0000-4000-8000-{n:012d}",
            "2026-11-23T07:00:00.000000Z",
            f"2026-11-23T07:{n % 60:02d}:00.000000Z",
            source.origin,
            "2026-11-23T07:00:00.000000Z",
            "2026-11-23T07:10:00.000000Z",
        )
        for n in range(6_000)
    ]
    with source.transaction() as conn:
        conn.executemany(
            "INSERT INTO contacts (id, created_at, updated_at, origin, started_at, ended_at, "
            "channel, party) VALUES (?, ?, ?, ?, ?, ?, 'phone', 'parent')",
            rows,
        )
    path = export_bundle(source, tmp_path / "big.jsonl").path
    target = _open(tmp_path, "dst", clock)
    first = import_bundle(target, path)
    assert first.inserted == 6_000
    again = import_bundle(target, path)
    assert (again.inserted, again.unchanged) == (0, 6_000)
    assert _content(target)["contacts"] == _content(source)["contacts"]


def test_store_columns_are_read_once_and_again_after_a_migration(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor_tui.models import store as store_module

    names = [str(r[1]) for r in store.query("PRAGMA table_info(contacts)")]
    assert store.columns("contacts") == names
    assert store.columns("no_such_table") == []
    store.conn.execute("CREATE TABLE no_such_table (id TEXT)")
    assert store.columns("no_such_table") == ["id"]
    version = store.user_version
    monkeypatch.setattr(
        store_module,
        "migrations",
        lambda: [(version + 1, "extra", "ALTER TABLE contacts ADD COLUMN extra TEXT;")],
    )
    store._migrate(version)
    assert store.columns("contacts") == [*names, "extra"]


def test_tombstones_and_late_edits_merge_the_same_in_every_order(
    tmp_path: Path, clock: FakeClock
) -> None:
    sources = [_open(tmp_path, f"t{i}", clock) for i in range(3)]
    table = _table(sources[0])
    shared = records.insert(sources[0], table, _minimal(sources[0], table))
    seed = export_bundle(sources[0], tmp_path / "seed.jsonl").path
    for other in sources[1:]:
        import_bundle(other, seed)
    clock.advance(hours=1)
    records.update(sources[2], table, shared, {"updated_by": "EARLY"})
    clock.advance(hours=1)
    records.tombstone(sources[0], table, shared)
    clock.advance(hours=1)
    records.update(sources[1], table, shared, {"updated_by": "LATE"})
    bundles = [export_bundle(s, tmp_path / f"t{i}.jsonl").path for i, s in enumerate(sources)]
    results = []
    for order in ((0, 1, 2), (2, 1, 0), (1, 0, 2), (1, 2, 0)):
        target = _open(tmp_path, "lead" + "".join(map(str, order)), clock)
        for index in order:
            import_bundle(target, bundles[index])
        assert records.get(target, table, shared) is None
        assert [c.reason for c in open_conflicts(target)] == ["edit_after_delete"]
        results.append(_content(target)[table])
    assert all(result == results[0] for result in results)


def test_cli_shows_progress_on_a_terminal_and_nothing_when_piped(
    trio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import io

    from rich.console import Console
    from typer.testing import CliRunner

    from advisor_tui.cli import app
    from advisor_tui.commands import sync

    a, b, _ = trio
    _contact_with_referral(a)
    a.close()
    b.close()
    bundle = tmp_path / "a.jsonl.gz"
    runner = CliRunner()
    piped = runner.invoke(app, ["--db", str(a.path), "export", "bundle", "--out", str(bundle)])
    assert piped.exit_code == 0, piped.output
    assert piped.output.splitlines() == [f"Vietiin 2 tietuetta tiedostoon {bundle}."]
    piped = runner.invoke(app, ["--db", str(b.path), "import", "bundle", str(bundle)])
    assert piped.exit_code == 0, piped.output
    assert piped.output.splitlines() == [
        "Yhdistetty: 2 uutta, 0 päivitettyä, 0 ennallaan, 0 ristiriitaa."
    ]
    screen = io.StringIO()
    monkeypatch.setattr(
        sync, "out", Console(file=screen, force_terminal=True, width=100, highlight=False)
    )
    shown = runner.invoke(app, ["--db", str(b.path), "import", "bundle", str(bundle)])
    assert shown.exit_code == 0, shown.output
    assert "Yhdistetään siirtopakettia…" in screen.getvalue()
    assert "0 uutta, 0 päivitettyä, 2 ennallaan" in screen.getvalue()


async def test_team_lead_resolves_a_conflict_with_both_versions_side_by_side(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    from textual.widgets import DataTable

    from advisor_tui.app import AdvisorApp
    from advisor_tui.screens.conflicts import ConflictsDialog

    b, c = _open(tmp_path, "bb", clock), _open(tmp_path, "cc", clock)
    contact, _ = _contact_with_referral(store)
    seed = export_bundle(store, tmp_path / "seed.jsonl").path
    import_bundle(b, seed)
    import_bundle(c, seed)
    clock.advance(hours=1)
    records.tombstone(b, "contacts", contact)
    clock.advance(hours=1)
    records.update(c, "contacts", contact, {"summary": "[bold]Korjattu[/bold] yhteenveto"})
    import_bundle(store, export_bundle(b, tmp_path / "b.jsonl").path)
    import_bundle(store, export_bundle(c, tmp_path / "c.jsonl").path)
    assert records.get(store, "contacts", contact) is None
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictsDialog)
        heading = str(dialog.query_one("#conflict-title").render())
        assert heading == "Ristiriita 1/1 · contacts · muokattu poistamisen jälkeen"
        table = dialog.query_one("#versions", DataTable)
        rows = {str(table.get_row_at(i)[0]): table.get_row_at(i) for i in range(table.row_count)}
        assert str(rows["summary"][2]) == "[bold]Korjattu[/bold] yhteenveto"
        assert str(rows["updated_by"][1]) == "BB" and str(rows["updated_by"][2]) == "CC"
        await pilot.press("o")
        await pilot.pause()
        assert str(dialog.query_one("#conflict-title").render()) == (
            "Ei ratkaisemattomia ristiriitoja."
        )
    restored = records.get(store, "contacts", contact)
    assert restored is not None and restored["summary"] == "[bold]Korjattu[/bold] yhteenveto"
    assert open_conflicts(store) == []


def _edits_apart(tmp_path: Path, clock: FakeClock, lead: Store, minutes: int) -> str:
    """Two databases edit one record `minutes` apart; the lead merges both. Returns the id."""
    table = _table(lead)
    b, c = _open(tmp_path, f"w{minutes}b", clock), _open(tmp_path, f"w{minutes}c", clock)
    record_id = records.insert(b, table, _minimal(b, table))
    import_bundle(c, export_bundle(b, tmp_path / f"w{minutes}.jsonl").path)
    clock.advance(minutes=1)
    records.update(b, table, record_id, {"updated_by": "B"})
    clock.advance(minutes=minutes)
    records.update(c, table, record_id, {"updated_by": "C"})
    import_bundle(lead, export_bundle(b, tmp_path / f"w{minutes}b.jsonl").path)
    import_bundle(lead, export_bundle(c, tmp_path / f"w{minutes}c.jsonl").path)
    return record_id


def test_the_conflict_window_is_set_by_the_team_lead(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    from typer.testing import CliRunner

    from advisor_tui.cli import app

    _edits_apart(tmp_path, clock, store, 10)
    assert open_conflicts(store) == []  # ten minutes apart: the newer edit simply wins
    runner = CliRunner()
    args = ["--db", str(store.path), "sync", "window"]
    shown = runner.invoke(app, args)
    assert "enintään 300 sekuntia" in shown.output
    refused = runner.invoke(app, [*args, "5 min"])
    assert refused.exit_code == 1
    assert "Ikkuna ”5 min” ei kelpaa: anna kokonaiset sekunnit väliltä 0–604800." in (
        refused.output
    )
    changed = runner.invoke(app, [*args, "900"])
    assert changed.exit_code == 0 and "Ristiriitaikkuna on nyt 900 sekuntia." in changed.output
    record_id = _edits_apart(tmp_path, clock, store, 11)
    assert [(c.record_id, c.reason) for c in open_conflicts(store)] == [
        (record_id, "concurrent_edits")
    ]


def test_reimport_still_refuses_duplicates_and_bad_checksums(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = trio
    contact, _ = _contact_with_referral(a)
    path = export_bundle(a, tmp_path / "a.jsonl").path
    import_bundle(b, path)
    lines = _bundle_lines(path)
    changed = json.loads(lines[1])
    changed["record"]["summary"] = "Muutettu"
    for body, line in (
        ([*lines[1:], lines[1]], len(lines) + 1),  # the same line twice
        ([json.dumps(changed), *lines[1:]], 3),  # a changed copy before the stored one
        ([*lines[1:], json.dumps(changed)], len(lines) + 1),  # and after it
    ):
        with pytest.raises(BundleError) as caught:
            import_bundle(b, _write_lines(tmp_path / "dup.jsonl", [lines[0], *body]))
        assert (caught.value.reason, caught.value.line) == ("sync.reason.duplicate_id", line)
    _rewrite(path, lambda ls: ls.__setitem__(1, ls[1].replace("unesta", "unista")))
    with pytest.raises(BundleError) as caught:
        import_bundle(b, path)
    assert caught.value.reason == "sync.reason.checksum"
    assert b.scalar("SELECT summary FROM contacts WHERE id = ?", (contact,)).startswith(
        "Äiti kysyi unesta"
    )


def test_reimport_merges_the_one_changed_record(trio, clock: FakeClock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = trio
    contact, _ = _contact_with_referral(a)
    import_bundle(b, export_bundle(a, tmp_path / "first.jsonl").path)
    clock.advance(hours=1)
    records.update(a, "contacts", contact, {"summary": "Soitettiin takaisin"})
    again = import_bundle(b, export_bundle(a, tmp_path / "second.jsonl").path)
    assert (again.updated, again.conflicts, again.per_table["contacts"]) == (1, 0, 1)
    assert "contact_referrals" not in again.per_table and again.unchanged >= 1
    assert b.scalar("SELECT summary FROM contacts WHERE id = ?", (contact,)) == (
        "Soitettiin takaisin"
    )
