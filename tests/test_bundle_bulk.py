"""A large bundle merged into a small database: indexes built once, records checked a field at a
time, and the same result, the same refusals and the same schema as merging line by line."""

from __future__ import annotations

import gc
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from advisor_tui.models import bundle_batches, bundle_checks
from advisor_tui.models.bundles import BundleError, export_bundle, import_bundle, synced_tables
from advisor_tui.models.store import Store
from tests.conftest import FakeClock
from tests.test_bundles import _content

STAMP = "2026-11-23T07:00:00.000000Z"


def _open(tmp_path: Path, name: str, clock: FakeClock) -> Store:
    return Store.open(tmp_path / f"{name}.sqlite3", clock=clock)


def _fill(store: Store, count: int, first: int = 0) -> None:
    """`count` contacts numbered from `first`, every third with a referral, a few deleted."""
    contacts = [
        (
            f"00000000-0000-4000-8000-{n:012d}",
            STAMP,
            f"2026-11-23T07:{n % 60:02d}:00.000000Z",
            store.origin,
            STAMP if n % 97 == 0 else None,
            f"2026-11-{1 + n % 22:02d}T08:00:00.000000Z",
            "Kysyi unesta" if n % 2 else "",
        )
        for n in range(first, first + count)
    ]
    referrals = [
        (f"10000000-0000-4000-8000-{n:012d}", STAMP, STAMP, store.origin, row[0], "Syy")
        for n, row in enumerate(contacts)
        if n % 3 == 0
    ]
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO contacts (id, created_at, updated_at, origin, deleted_at, started_at, "
            "ended_at, channel, party, summary) VALUES (?, ?, ?, ?, ?, ?, ?, 'phone', 'parent', ?)",
            [(*row[:6], row[5], row[6]) for row in contacts],
        )
        conn.executemany(
            "INSERT INTO contact_referrals (id, created_at, updated_at, origin, contact_id, "
            "service_name, reason) VALUES (?, ?, ?, ?, ?, 'Palvelu', ?)",
            referrals,
        )


def _write(path: Path, lines: list[str]) -> None:
    """The bundle with these lines, its header's counts and checksum made to match them."""
    header = json.loads(lines[0])
    header["counts"] = dict(Counter(json.loads(line)["table"] for line in lines[1:]))
    body = "".join(f"{line}\n" for line in lines[1:]).encode("utf-8")
    header["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(header).encode("utf-8") + b"\n" + body)


def _schema(store: Store) -> list[tuple[object, ...]]:
    return [
        tuple(row)
        for row in store.query(
            "SELECT type, name, tbl_name, sql FROM sqlite_master "
            "WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY type, name"
        )
    ]


@pytest.fixture
def big_bundle(tmp_path: Path, clock: FakeClock) -> tuple[Store, Path]:
    source = _open(tmp_path, "source", clock)
    _fill(source, 3_000)
    return source, export_bundle(source, tmp_path / "big.jsonl").path


def test_indexes_are_built_again_as_they_were(
    big_bundle: tuple[Store, Path], tmp_path: Path, clock: FakeClock
) -> None:
    source, path = big_bundle
    target = _open(tmp_path, "target", clock)
    schema = _schema(target)

    summary = import_bundle(target, path)

    assert summary.inserted == sum(len(rows) for rows in _content(source).values())
    assert _schema(target) == schema
    assert _content(target) == _content(source)
    assert target.query("PRAGMA integrity_check")[0][0] == "ok"
    plan = " ".join(
        str(row[3])
        for row in target.query(
            "EXPLAIN QUERY PLAN SELECT id FROM contacts WHERE deleted_at IS NULL "
            "AND started_at >= '2026-11-02' ORDER BY started_at, id"
        )
    )
    assert "contacts_live_started" in plan


def test_a_small_bundle_into_a_large_table_keeps_the_indexes(
    big_bundle: tuple[Store, Path], tmp_path: Path, clock: FakeClock
) -> None:
    _, path = big_bundle
    target = _open(tmp_path, "target", clock)
    _fill(target, 4_000, first=10_000)
    statements: list[str] = []
    target.conn.set_trace_callback(statements.append)

    import_bundle(target, path)

    assert not [sql for sql in statements if sql.startswith(("DROP INDEX", "CREATE INDEX"))]


def test_a_refused_record_leaves_every_index_in_place(
    big_bundle: tuple[Store, Path], tmp_path: Path, clock: FakeClock
) -> None:
    _, path = big_bundle
    lines = path.read_text(encoding="utf-8").splitlines()
    number = max(i for i, line in enumerate(lines) if '"table":"contacts"' in line)
    item = json.loads(lines[number])
    item["record"]["outside_county"] = 7
    lines[number] = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    _write(path, lines)
    target = _open(tmp_path, "target", clock)
    schema = _schema(target)

    with pytest.raises(BundleError) as caught:
        import_bundle(target, path)

    assert caught.value.line == number + 1
    assert caught.value.params["field"] == "outside_county"
    assert _schema(target) == schema
    assert target.scalar("SELECT count(*) FROM contacts") == 0
    assert gc.isenabled()


def test_rows_go_in_before_the_indexes_are_built(
    big_bundle: tuple[Store, Path], tmp_path: Path, clock: FakeClock
) -> None:
    _, path = big_bundle
    target = _open(tmp_path, "target", clock)
    statements: list[str] = []
    target.conn.set_trace_callback(statements.append)

    import_bundle(target, path)

    dropped = [i for i, sql in enumerate(statements) if sql.startswith("DROP INDEX")]
    built = [i for i, sql in enumerate(statements) if sql.startswith("CREATE INDEX")]
    inserts = [i for i, sql in enumerate(statements) if sql.startswith("INSERT INTO contacts ")]
    assert dropped and built and inserts
    assert max(dropped) < min(inserts) and max(inserts) < max(built)
    unique = [sql for sql in statements if "DROP INDEX" in sql and "sync_conflicts" in sql]
    assert not unique


def _parse_both(path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What the field-at-a-time check and the line-by-line check each make of the bundle."""
    from advisor_tui.models import bundles

    outcomes: list[object] = []
    for quick in (True, False):
        if not quick:
            monkeypatch.setattr(bundle_checks, "_all_fine", lambda *args: None)
        header, body, _, unsafe = bundle_checks.read_bundle(path, store.user_version, store.kind)
        try:
            parsed = bundles._read_records(
                store, body, header["counts"], synced_tables(store), lambda done: None, unsafe
            )
            outcomes.append((parsed.records, parsed.where))
        except BundleError as exc:
            outcomes.append((exc.line, exc.reason, exc.params))
        monkeypatch.undo()
    return outcomes


@pytest.mark.parametrize(
    "change",
    [
        None,
        {"created_at": "23.11.2026 9.00"},
        {"updated_at": 5},
        {"deleted_at": "2026-11-23"},
        {"id": ""},
        {"origin": None},
        {"summary": ["lista"]},
        {"nosuch": 1},
    ],
)
def test_both_checks_agree(
    big_bundle: tuple[Store, Path],
    tmp_path: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    change: dict[str, object] | None,
) -> None:
    _, path = big_bundle
    if change is not None:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number in (len(lines) // 2, len(lines) // 3):
            item = json.loads(lines[number])
            item["record"].update(change)
            lines[number] = json.dumps(item)
        _write(path, lines)
    target = _open(tmp_path, "target", clock)

    quick, by_line = _parse_both(path, target, monkeypatch)

    assert quick == by_line
    if change is not None:
        assert quick[0] == len(path.read_text().splitlines()) // 3 + 1  # type: ignore[index]


def test_a_repeated_id_is_named_at_its_second_line(
    big_bundle: tuple[Store, Path],
    tmp_path: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, path = big_bundle
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(len(lines) - 5, lines[10])
    _write(path, lines)
    target = _open(tmp_path, "target", clock)

    quick, by_line = _parse_both(path, target, monkeypatch)

    assert quick == by_line
    assert quick[:2] == (len(lines) - 5, "sync.reason.duplicate_id")  # type: ignore[index]


def test_the_collector_is_back_on_after_an_import(
    big_bundle: tuple[Store, Path], tmp_path: Path, clock: FakeClock
) -> None:
    _, path = big_bundle
    target = _open(tmp_path, "target", clock)
    seen: list[bool] = []
    import_bundle(target, path, progress=lambda done, total: seen.append(gc.isenabled()))
    assert len(seen) > 1 and not any(seen[:-1])
    assert gc.isenabled()
    assert bundle_batches.REBUILD_ROWS <= 3_000


def test_the_quick_look_misses_no_control_character() -> None:
    from advisor_tui.models.safe_text import is_clean
    from tests.hostile_strings import BREAKS, ESCAPES, SCRIPTS, SURROGATES, hostile_strings

    texts = [*BREAKS, *ESCAPES, *SCRIPTS, *SURROGATES, *hostile_strings(400, long_lines=0)]
    texts += [chr(code) for code in (*range(0x20), *range(0x7F, 0xA1), 0x2028, 0x2029)]
    for text in texts:
        for ascii_only in (True, False):
            line = json.dumps({"record": {"summary": f"a{text}b"}}, ensure_ascii=ascii_only)
            try:
                raw = line.encode("utf-8")
            except UnicodeEncodeError:
                continue  # not UTF-8: refused before any record is read
            if not is_clean(text):
                assert bundle_checks.may_hold_controls(raw), (text, ascii_only)
    assert not bundle_checks.may_hold_controls('{"a":"Äiti § 20 °C – väsynyt"}'.encode())
