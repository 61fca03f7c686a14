"""Control characters are stripped where text comes in: typed, imported from a directory file
or a questionnaire; a sync bundle that carries them is refused whole, since this program never
writes one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor_tui.i18n import catalogue
from advisor_tui.models.bundles import BundleError, export_bundle, import_bundle
from advisor_tui.models.directory_import import import_file
from advisor_tui.models.directory_write import DirectoryImportError
from advisor_tui.models.errors import ReferenceDataError
from advisor_tui.models.questionnaire import parse_questionnaire
from advisor_tui.models.safe_text import clean_text, is_clean
from advisor_tui.models.store import Store
from tests.hostile_strings import ESCAPES, MARKUP
from tests.test_hostile_fuzz import _filled, _reseal, new_store, table_dump

FIXTURES = Path(__file__).parent / "fixtures" / "directory"


@given(st.text())
def test_is_clean_means_clean_text_changes_nothing(text: str) -> None:
    assert is_clean(text) == (clean_text(text) == text)
    assert is_clean(clean_text(text))


@pytest.mark.parametrize(
    "text",
    ["\ud800", "a\udfffb", "\udbff\udc00", "x\ud83d"],
)
def test_lone_surrogates_are_removed(text: str) -> None:
    cleaned = clean_text(text)
    assert is_clean(cleaned)
    cleaned.encode("utf-8")


@pytest.mark.parametrize("introducer", ["\x90", "\x98", "\x9d", "\x9e", "\x9f", "\x1b]", "\x1bP"])
def test_a_flood_of_unended_string_sequences_is_cleaned(introducer: str) -> None:
    # A run of introducers that never ends is read once, not once per introducer.
    text = introducer * 50_000 + "loppu"
    assert clean_text(text).endswith("loppu")
    assert is_clean(clean_text(text))


def hostile_directory(path: Path) -> dict[str, str]:
    data = json.loads((FIXTURES / "native_small.json").read_text(encoding="utf-8"))
    service = data["services"][0]
    raw = {
        "name_fi": "\x1b[31m[bold]Perheneuvola[/bold]\x1b[0m\x07",
        "summary_fi": (
            "Tukea\x9b2J \x1b]8;;https://evil.example\x07linkki\x1b]8;;\x07 "
            "\ud800[@click=app.quit]x[/]"
        ),
    }
    service.update(raw)
    service["channels"][0]["label"] = "Puhelin\x1b]52;c;ZXZpbA==\x07 [link=x]y[/link]"
    data["organisations"][0]["name_fi"] = "Hyvinvointialue\x85\x00"
    path.write_text(json.dumps(data), encoding="utf-8")
    return raw


def test_directory_import_strips_controls_and_keeps_markup_as_text(
    store: Store, tmp_path: Path
) -> None:
    raw = hostile_directory(tmp_path / "hostile.json")
    import_file(store, tmp_path / "hostile.json")
    row = store.query("SELECT name_fi, summary_fi FROM services WHERE source_id = 's1'")[0]
    assert row["name_fi"] == "[bold]Perheneuvola[/bold]"
    assert row["summary_fi"] == "Tukea linkki [@click=app.quit]x[/]"
    assert row["summary_fi"] == clean_text(raw["summary_fi"])
    for table in ("services", "organisations", "service_channels"):
        if not store.table_exists(table):
            continue
        for record in store.query(f"SELECT * FROM {table}"):
            assert all(is_clean(v) for v in record if isinstance(v, str)), table


@pytest.mark.parametrize("text", ["[" * 100_000, '{"services": ' * 50_000])
def test_deeply_nested_directory_file_is_refused(store: Store, tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    before = table_dump(store)
    with pytest.raises(DirectoryImportError) as caught:
        import_file(store, path)
    assert catalogue().error(caught.value)
    assert table_dump(store) == before


@pytest.fixture
def bundle_pair(tmp_path: Path) -> tuple[Store, bytes]:
    source = new_store(tmp_path / "source.sqlite3", "BK")
    _filled(source)
    data = export_bundle(source, tmp_path / "source.jsonl").path.read_bytes()
    source.close()
    target = new_store(tmp_path / "target.sqlite3")
    return target, data


def _with_text(data: bytes, text: str, *, nested: bool = False) -> bytes:
    """The bundle with one contact's summary (or observation list) replaced, checksum fixed."""
    lines = data.rstrip(b"\n").split(b"\n")
    for index, line in enumerate(lines[1:], start=1):
        item = json.loads(line)
        if item["table"] == "contacts":
            if nested:
                item["record"]["observations"] = json.dumps([text])
            else:
                item["record"]["summary"] = text
            # A lone surrogate can only travel as a JSON escape; other text goes as it is.
            escaped = any("\ud800" <= c <= "\udfff" for c in text)
            lines[index] = json.dumps(item, ensure_ascii=escaped).encode()
            return _reseal(lines)
    raise AssertionError("no contact in the bundle")


@pytest.mark.parametrize(
    ("text", "nested"),
    [
        *[(f"a{escape}b", False) for escape in ESCAPES[:8]],
        ("a\x85b", False),
        ("a\x00b", False),
        ("a\rb", False),
        ("a\u2028b", False),
        ("a\ud800b", False),
        ("\x1b[31mväsymys", True),
        ("väsymys\x9b", True),
    ],
)
def test_bundle_with_a_control_character_is_refused_whole(
    bundle_pair: tuple[Store, bytes], tmp_path: Path, text: str, nested: bool
) -> None:
    target, data = bundle_pair
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(_with_text(data, text, nested=nested))
    before = table_dump(target)
    with pytest.raises(BundleError) as caught:
        import_bundle(target, path)
    assert caught.value.reason == "sync.reason.bad_field"
    assert caught.value.line >= 2
    assert "rivi" in catalogue().error(caught.value)
    assert table_dump(target) == before


@pytest.mark.parametrize("text", [*MARKUP[:10], "tab\tja\nrivi", "Äiti 👨\u200d👩\u200d👧 طفل"])
def test_bundle_with_markup_and_scripts_imports_literally(
    bundle_pair: tuple[Store, bytes], tmp_path: Path, text: str
) -> None:
    target, data = bundle_pair
    path = tmp_path / "literal.jsonl"
    path.write_bytes(_with_text(data, text))
    import_bundle(target, path)
    assert text in [row["summary"] for row in target.query("SELECT summary FROM contacts")]


def test_deeply_nested_bundle_line_is_refused(
    bundle_pair: tuple[Store, bytes], tmp_path: Path
) -> None:
    target, data = bundle_pair
    lines = data.rstrip(b"\n").split(b"\n")
    lines[1] = b"[" * 100_000
    path = tmp_path / "deep.jsonl"
    path.write_bytes(_reseal(lines))
    before = table_dump(target)
    with pytest.raises(BundleError) as caught:
        import_bundle(target, path)
    assert caught.value.reason == "sync.reason.bad_json"
    assert table_dump(target) == before


def test_deeply_nested_questionnaire_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "questionnaire.toml"
    path.write_text("version = " + "[" * 100_000, encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        parse_questionnaire(path)
    assert caught.value.problem == "data.problem.syntax"
    assert catalogue().error(caught.value)
