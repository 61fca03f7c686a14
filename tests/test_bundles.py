"""Sync bundles: export, merge rules, idempotence, order independence, whole rejection."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from advisor_tui.i18n import catalogue
from advisor_tui.models import records
from advisor_tui.models.bundles import (
    BundleError,
    export_bundle,
    import_bundle,
    open_conflicts,
    resolve_conflict,
    synced_tables,
)
from advisor_tui.models.store import Store
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
            lambda ls: (
                ls.__setitem__(1, ls[1].replace('"created_at": "2026', '"created_at": "1.1.2026 ')),
                _reseal(ls),
            ),
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
