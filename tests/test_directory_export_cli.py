"""Directory commands on a database whose directory has never been opened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.models import directory_import
from advisor_tui.models.directory import directory_size
from advisor_tui.models.store import Store
from advisor_tui.paths import package_data_dir

FIXTURES = Path(__file__).parent / "fixtures" / "directory"
NATIONAL = package_data_dir() / "directory" / "national.json"


def national_names() -> set[str]:
    data = json.loads(NATIONAL.read_text(encoding="utf-8"))
    return {s["name_fi"] for s in data["services"]}


def run(store: Store, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(store.path), "directory", *args])
    return result.exit_code, result.output


def test_export_on_a_fresh_database_holds_the_national_services(
    store: Store, tmp_path: Path
) -> None:
    assert directory_size(store) == 0
    out = tmp_path / "hakemisto.json"
    code, output = run(store, "export", "--out", str(out))
    assert code == 0, output
    exported = json.loads(out.read_text(encoding="utf-8"))["services"]
    assert {s["name_fi"] for s in exported} == national_names()
    assert f"Vietiin {len(national_names())} palvelua" in output


def test_export_twice_loads_the_national_services_once(store: Store, tmp_path: Path) -> None:
    for name in ("a.json", "b.json"):
        code, output = run(store, "export", "--out", str(tmp_path / name))
        assert code == 0, output
    assert directory_size(store) == len(national_names())
    first = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["services"]
    second = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["services"]
    assert first == second


def test_corrections_on_a_fresh_database(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "korjaukset.csv"
    code, output = run(store, "corrections", "--out", str(out))
    assert code == 0, output
    assert "Vietiin 0 merkintää" in output
    assert out.read_bytes().startswith(b"\xef\xbb\xbfcreated_at;")
    assert directory_size(store) == len(national_names())


def test_search_on_a_fresh_database_finds_a_national_service(store: Store) -> None:
    code, output = run(store, "search", "omaperhe", "--json")
    assert code == 0, output
    assert any("Omaperhe" in hit["name"] for hit in json.loads(output))


def test_import_on_a_fresh_database_keeps_the_national_services(
    store: Store, tmp_path: Path
) -> None:
    code, output = run(store, "import", str(FIXTURES / "ptv_small.json"))
    assert code == 0, output
    assert "2 uutta" in output
    out = tmp_path / "hakemisto.json"
    code, output = run(store, "export", "--out", str(out))
    assert code == 0, output
    exported = {s["name_fi"] for s in json.loads(out.read_text(encoding="utf-8"))["services"]}
    assert national_names() < exported
    assert len(exported) == len(national_names()) + 2


def test_empty_demo_database_gets_the_demo_directory(tmp_path: Path) -> None:
    demo = Store.open(tmp_path / "demo.sqlite3", kind="demo")
    try:
        out = tmp_path / "demo.json"
        result = CliRunner().invoke(
            app, ["--db", str(demo.path), "--demo", "directory", "export", "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        services = json.loads(out.read_text(encoding="utf-8"))["services"]
        assert any(s["source"].startswith("demo") for s in services)
        assert national_names() <= {s["name_fi"] for s in services}
    finally:
        demo.close()


def test_broken_shipped_file_stops_the_command_with_a_message(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "national.json"
    broken.write_text('{"format": "advisor-tui-directory", "services": [', encoding="utf-8")
    monkeypatch.setattr(directory_import, "shipped_directory_files", lambda include_demo: [broken])
    out = tmp_path / "hakemisto.json"
    code, output = run(store, "export", "--out", str(out))
    assert code == 1
    assert "Valtakunnallisten palvelujen lataaminen epäonnistui." in output
    assert not out.exists()
    assert directory_size(store) == 0
