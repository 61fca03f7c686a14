"""Broken and hostile files for every importer: each imports or is refused with a message.

A refused file leaves the database with exactly the content it had (every table compared), and
the message it gives exists in the catalogue. Anything else (another exception, a half-written
import) fails the test. The `run_*` functions take the number of cases so that the benchmark
can run them at full size.
"""

from __future__ import annotations

import atexit
import dataclasses
import gzip
import hashlib
import json
import random
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor_tui.i18n import catalogue
from advisor_tui.models import callbacks as cb
from advisor_tui.models.bundles import export_bundle, import_bundle
from advisor_tui.models.callback_actions import record_attempt
from advisor_tui.models.callback_requests import create_callback
from advisor_tui.models.contacts import Contact, save_contact
from advisor_tui.models.directory_import import import_file
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.questionnaire import parse_questionnaire
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.safe_text import is_clean
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team
from advisor_tui.paths import package_data_dir
from tests.conftest import FakeClock
from tests.hostile_strings import ESCAPES, MARKUP, SCRIPTS, hostile_strings

FIXTURES = Path(__file__).parent / "fixtures" / "directory"
QUESTIONNAIRE = package_data_dir() / "assessment" / "questionnaire.toml"
FAST = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
HOSTILE = hostile_strings(300, seed=7, long_lines=2)
DEEP = "[" * 50_000


# -- databases -----------------------------------------------------------------------------------


def new_store(path: Path, advisor: str = "AK") -> Store:
    store = Store.open(path, clock=FakeClock())
    team = resolve_team(shipped_reference(), "Anna Korhonen", advisor, "Pohjois-Savo", [])
    save_team(store, team)
    return store


def table_dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a fixed order: the database's content."""
    names = [
        str(row[0])
        for row in store.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        name: sorted((tuple(row) for row in store.query(f"SELECT * FROM {name}")), key=repr)
        for name in names
    }


def _filled(store: Store) -> None:
    """A few records of several kinds, so that a bundle of them touches several tables."""
    reference = shipped_reference()
    now = store.now()
    for number in range(3):
        contact = Contact(
            started_at=now - timedelta(minutes=30 + number),
            ended_at=now - timedelta(minutes=20),
            channel="phone",
            party="parent",
            topics=["sleep"],
            actions=["advice"],
            summary=f"Äiti kysyi unesta {number}.",
            observations=["väsymys"],
        )
        save_contact(store, reference, contact)
        saved = create_callback(store, cb.RequestForm(phone=f"040 123 456{number}"))
        record_attempt(store, saved.id, "no_answer", "ei vastannut")


class Workspace:
    """A target database and a valid bundle from another database, made once per test run."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="hostile-fuzz-"))
        atexit.register(shutil.rmtree, self.folder, True)
        source = new_store(self.folder / "source.sqlite3", "BK")
        _filled(source)
        self.bundle = export_bundle(source, self.folder / "source.jsonl").path.read_bytes()
        source.close()
        target = new_store(self.folder / "target.sqlite3")
        _filled(target)
        target.close()
        self.template = (self.folder / "target.sqlite3").read_bytes()
        self.cases = 0

    @contextmanager
    def target(self) -> Iterator[Store]:
        """A fresh copy of the target database for one case."""
        self.cases += 1
        path = self.folder / f"case-{self.cases}.sqlite3"
        path.write_bytes(self.template)
        store = Store.open(path, clock=FakeClock())
        try:
            yield store
        finally:
            store.close()
            for leftover in self.folder.glob(f"case-{self.cases}.sqlite3*"):
                leftover.unlink()

    def file(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path


_WORKSPACE: Workspace | None = None


def workspace() -> Workspace:
    global _WORKSPACE
    if _WORKSPACE is None:
        _WORKSPACE = Workspace()
    return _WORKSPACE


# -- the rule every case must keep ---------------------------------------------------------------


def assert_translated(exc: AdvisorError) -> None:
    """The error's message and every message key among its details are in the catalogue."""
    messages = catalogue().messages
    assert exc.key in messages, exc.key
    keys = [v for v in exc.params.values() if isinstance(v, str) and v in messages]
    for problem in getattr(exc, "problems", []):
        keys.append(problem.problem)
    reason = getattr(exc, "reason", None) or getattr(exc, "problem", None)
    if reason:
        keys.append(reason)
    for key in keys:
        assert key in messages, key
    assert catalogue().error(exc)


def imports_or_refuses(store: Store, run: Callable[[], Any]) -> str:
    """Run one import: 'imported', or 'refused' with the database content unchanged."""
    before = table_dump(store)
    try:
        run()
    except AdvisorError as exc:
        assert_translated(exc)
        assert table_dump(store) == before, f"{exc} left a partial import"
        assert store.scalar("PRAGMA integrity_check") == "ok"
        return "refused"
    assert store.scalar("PRAGMA integrity_check") == "ok"
    return "imported"


# -- bundles -------------------------------------------------------------------------------------


def _reseal(lines: list[bytes]) -> bytes:
    """The lines with the header's checksum and counts made right again for the new body."""
    header = json.loads(lines[0])
    body = b"".join(line + b"\n" for line in lines[1:])
    header["sha256"] = hashlib.sha256(body).hexdigest()
    header["counts"] = {"contacts": len(lines) - 1}
    return json.dumps(header).encode() + b"\n" + body


def mutate_bundle(data: bytes, kind: str, rng: random.Random) -> bytes:
    """One kind of damage to a valid bundle; most keep the checksum right to reach the records."""
    lines = data.rstrip(b"\n").split(b"\n")
    body_index = rng.randrange(1, len(lines)) if len(lines) > 1 else 0
    if kind == "truncate":
        return data[: rng.randrange(len(data))]
    if kind == "flip":
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        return bytes(damaged)
    if kind == "gzip_truncated":
        packed = gzip.compress(data)
        return packed[: rng.randrange(2, len(packed))]
    if kind == "bad_json":
        lines[body_index] = lines[body_index][: rng.randrange(len(lines[body_index]))]
        return _reseal(lines)
    if kind == "deep_json":
        lines[body_index] = DEEP.encode()
        return _reseal(lines)
    if kind == "deep_header":
        return DEEP.encode() + b"\n" + b"\n".join(lines[1:]) + b"\n"
    if kind == "checksum":
        header = json.loads(lines[0])
        header["sha256"] = "0" * 64
        return json.dumps(header).encode() + b"\n" + b"\n".join(lines[1:]) + b"\n"
    item = json.loads(lines[body_index])
    record = item["record"]
    if kind == "table":
        item["table"] = rng.choice(["settings", "nope", "sqlite_master", "drafts", "", None, 3])
    elif kind == "id":
        record["id"] = rng.choice([None, "", 7, [], "x" * 5000, record["id"][:-1] + "Z"])
    elif kind == "stamp":
        key = rng.choice(["created_at", "updated_at", "deleted_at"])
        record[key] = rng.choice(["2026-13-45", "", 5, "2026-11-23T08:00:00Z", None])
    elif kind == "field":
        record[rng.choice(["unknown", "sql; DROP TABLE contacts", "id"])] = rng.choice(
            [1, "x", None, {"a": 1}, [1]]
        )
    elif kind == "value":
        key = rng.choice(sorted(record))
        record[key] = rng.choice([{"a": 1}, [1, 2], True, 1e308, -1, "", "\x00", None])
    elif kind == "control":
        text_keys = [k for k, v in record.items() if isinstance(v, str)] or ["id"]
        key = rng.choice(text_keys)
        record[key] = str(record.get(key)) + rng.choice(HOSTILE) + rng.choice(ESCAPES)
    elif kind == "duplicate":
        lines.append(lines[body_index])
        return _reseal(lines)
    lines[body_index] = json.dumps(item, ensure_ascii=rng.random() < 0.5).encode(
        "utf-8", "surrogatepass"
    )
    return _reseal(lines)


BUNDLE_DAMAGE = (
    "truncate",
    "flip",
    "gzip_truncated",
    "bad_json",
    "deep_json",
    "deep_header",
    "checksum",
    "table",
    "id",
    "stamp",
    "field",
    "value",
    "control",
    "duplicate",
)


def bundle_case(kind: str, seed: int) -> str:
    space = workspace()
    data = mutate_bundle(space.bundle, kind, random.Random(seed))
    path = space.file("case.jsonl", data)
    with space.target() as store:
        outcome = imports_or_refuses(store, lambda: import_bundle(store, path))
        if outcome == "imported":
            assert all(
                is_clean(value)
                for rows in table_dump(store).values()
                for row in rows
                for value in row
                if isinstance(value, str)
            ), "a control character was imported"
        return outcome


@FAST
@given(kind=st.sampled_from(BUNDLE_DAMAGE), seed=st.integers(0, 2**32))
def test_damaged_bundles_import_or_are_refused(kind: str, seed: int) -> None:
    bundle_case(kind, seed)


def test_every_kind_of_bundle_damage_is_refused() -> None:
    refused = [kind for kind in BUNDLE_DAMAGE if bundle_case(kind, 1) == "refused"]
    assert set(refused) >= set(BUNDLE_DAMAGE) - {"flip", "value", "id"}


def test_the_valid_bundle_imports() -> None:
    space = workspace()
    path = space.file("valid.jsonl", space.bundle)
    with space.target() as store:
        assert imports_or_refuses(store, lambda: import_bundle(store, path)) == "imported"


# -- directory files -----------------------------------------------------------------------------

JSON_FIXTURES = ("native_small.json", "ptv_small.json", "hsds_small.json")
ODD_VALUES: list[Any] = [
    None,
    "",
    0,
    -1,
    1.5,
    True,
    [],
    {},
    [None],
    {"fi": None},
    "x" * 30_000,
    "\ud800",
    "\x00",
    *MARKUP[:6],
    *ESCAPES[:6],
    *SCRIPTS[:4],
]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document, as a path of keys and indexes."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return data


def mutate_json(document: Any, rng: random.Random) -> bytes:
    """A structure-aware change (odd values, removed keys, hostile text) or raw byte damage."""
    data = json.loads(json.dumps(document))
    choice = rng.randrange(6)
    if choice == 0:
        raw = json.dumps(data).encode()
        return raw[: rng.randrange(len(raw))]
    if choice == 1:
        raw = bytearray(json.dumps(data).encode())
        for _ in range(rng.randint(1, 6)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    if choice == 2:
        return DEEP.encode()
    for _ in range(rng.randint(1, 4)):
        path = rng.choice(_paths(data))
        if choice == 3 and path:
            parent = data
            for step in path[:-1]:
                parent = parent[step]
            if isinstance(parent, dict):
                del parent[path[-1]]
                continue
        value = rng.choice(HOSTILE) if choice == 4 else rng.choice(ODD_VALUES)
        data = _set(data, path, value)
    return json.dumps(data, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")


def mutate_csv_folder(rng: random.Random, folder: Path) -> Path:
    """The HSDS CSV package with one file damaged, as a folder or a zip."""
    target = folder / f"hsds-{rng.randrange(10**9)}"
    shutil.rmtree(target, ignore_errors=True)
    target.with_suffix(".zip").unlink(missing_ok=True)
    shutil.copytree(FIXTURES / "hsds_csv", target)
    victim = rng.choice(sorted(target.iterdir()))
    text = victim.read_bytes()
    choice = rng.randrange(5)
    if choice == 0:
        victim.write_bytes(text[: rng.randrange(len(text) + 1)])
    elif choice == 1:
        damaged = bytearray(text)
        for _ in range(rng.randint(1, 6)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        victim.write_bytes(bytes(damaged))
    elif choice == 2:
        victim.write_bytes(text + b'"' + b"x" * 200_000 + b"\n")
    elif choice == 3:
        row = ",".join(json.dumps(rng.choice(HOSTILE)) for _ in range(8))
        victim.write_bytes(text + row.encode("utf-8", "surrogatepass") + b"\n")
    else:
        victim.unlink()
    if rng.random() < 0.5:
        archive = target.with_suffix(".zip")
        with zipfile.ZipFile(archive, "w") as packed:
            for member in target.iterdir():
                packed.write(member, member.name)
        return archive
    return target


def directory_case(source: str, seed: int) -> str:
    space = workspace()
    rng = random.Random(seed)
    if source == "hsds_csv":
        path = mutate_csv_folder(rng, space.folder)
    else:
        document = json.loads((FIXTURES / source).read_text(encoding="utf-8"))
        path = space.file(f"case-{source}", mutate_json(document, rng))
    fmt = rng.choice([None, None, None, "ptv", "hsds", "native", "other"])
    with space.target() as store:
        outcome = imports_or_refuses(store, lambda: import_file(store, path, fmt))
        if outcome == "imported":
            texts = store.query("SELECT name_fi, summary_fi FROM services")
            assert all(is_clean(value or "") for row in texts for value in row)
        return outcome


@FAST
@given(source=st.sampled_from((*JSON_FIXTURES, "hsds_csv")), seed=st.integers(0, 2**32))
def test_damaged_directory_files_import_or_are_refused(source: str, seed: int) -> None:
    directory_case(source, seed)


# -- questionnaire -------------------------------------------------------------------------------

TOML_ODD = [
    '""',
    "1",
    "[]",
    "{}",
    "true",
    '"\\u001b[31mpunainen"',
    '"[@click=app.quit]x[/]"',
    '"\\u0085 c1"',
    '"' + "x" * 20_000 + '"',
    "[" * 5000,
    '"""\nmonirivinen\n"""',
    "'''raaka'''",
    "1979-05-27",
    "inf",
    "-0",
]


def mutate_toml(text: str, rng: random.Random) -> bytes:
    choice = rng.randrange(5)
    raw = text.encode()
    if choice == 0:
        return raw[: rng.randrange(len(raw))]
    if choice == 1:
        damaged = bytearray(raw)
        for _ in range(rng.randint(1, 6)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        return bytes(damaged)
    lines = text.splitlines()
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(lines))
        line = lines[index]
        if choice == 2 and "=" in line:
            key = line.split("=", 1)[0]
            lines[index] = f"{key}= {rng.choice(TOML_ODD)}"
        elif choice == 3 and "=" in line:
            key = line.split("=", 1)[0]
            hostile = rng.choice(HOSTILE)
            lines[index] = f"{key}= {json.dumps(hostile)}"
        else:
            del lines[index]
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def questionnaire_case(seed: int) -> str:
    space = workspace()
    data = mutate_toml(QUESTIONNAIRE.read_text(encoding="utf-8"), random.Random(seed))
    path = space.file("questionnaire.toml", data)
    try:
        questionnaire = parse_questionnaire(path, "questionnaire.toml")
    except AdvisorError as exc:
        assert_translated(exc)
        return "refused"
    for area in questionnaire.areas:
        assert all(is_clean(text) for text in (*area.title.values(), *area.question.values()))
    for flag in questionnaire.red_flags:
        assert all(is_clean(text) for text in flag.text.values())
    return "imported"


@FAST
@given(seed=st.integers(0, 2**32))
def test_damaged_questionnaires_load_or_are_refused(seed: int) -> None:
    questionnaire_case(seed)


def test_questionnaire_texts_are_cleaned_on_load(tmp_path: Path) -> None:
    text = QUESTIONNAIRE.read_text(encoding="utf-8")
    marked = text.replace('fi = "', 'fi = "\\u001b[31m[@click=app.quit]\\u0085', 1)
    path = tmp_path / "questionnaire.toml"
    path.write_text(marked, encoding="utf-8")
    questionnaire = parse_questionnaire(path)
    texts = [t for area in questionnaire.areas for t in area.title.values()]
    assert any(t.startswith("[@click=app.quit]") for t in texts)
    assert all(is_clean(t) for t in texts)


# -- training exercises --------------------------------------------------------------------------


def _texts_of(value: Any) -> Iterator[str]:
    """Every string inside a dataclass, mapping or sequence."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _texts_of(getattr(value, item.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_of(key)
            yield from _texts_of(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _texts_of(item)


def exercise_files() -> list[Path]:
    return sorted((package_data_dir() / "training").glob("*.toml"))


def exercise_case(seed: int) -> str:
    """A shipped training exercise, damaged; read only if `models.training` exists."""
    try:
        from advisor_tui.models.training import read_exercise
    except ImportError:
        return "missing"
    space = workspace()
    rng = random.Random(seed)
    source = rng.choice(exercise_files())
    data = mutate_toml(source.read_text(encoding="utf-8"), rng)
    path = space.file("exercise.toml", data)
    try:
        exercise = read_exercise(path)
    except AdvisorError as exc:
        assert_translated(exc)
        return "refused"
    assert all(is_clean(text) for text in _texts_of(exercise))
    return "imported"


@FAST
@given(seed=st.integers(0, 2**32))
def test_damaged_exercises_load_or_are_refused(seed: int) -> None:
    exercise_case(seed)


CASES: dict[str, Callable[[int], str]] = {
    **{
        f"bundle:{kind}": (lambda seed, kind=kind: bundle_case(kind, seed))
        for kind in BUNDLE_DAMAGE
    },
    **{
        f"directory:{source}": (lambda seed, source=source: directory_case(source, seed))
        for source in (*JSON_FIXTURES, "hsds_csv")
    },
    "questionnaire": questionnaire_case,
    "exercise": exercise_case,
}
