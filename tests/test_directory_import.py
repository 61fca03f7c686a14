"""Importing and exporting the service directory: every format, re-imports and rejected files."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from advisor_tui.models.directory import directory_size, get_service
from advisor_tui.models.directory_checks import DirectoryImportError
from advisor_tui.models.directory_export import export_feedback, export_native
from advisor_tui.models.directory_feedback import list_feedback, mark_checked, record_correction
from advisor_tui.models.directory_import import (
    detect_format,
    ensure_national,
    import_file,
    load_shipped_directory,
)
from advisor_tui.models.directory_search import search_services
from advisor_tui.models.errors import ValidationError
from advisor_tui.models.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "directory"


def native(tmp_path: Path, change: object = None) -> Path:
    data = json.loads((FIXTURES / "native_small.json").read_text(encoding="utf-8"))
    if callable(change):
        change(data)
    path = tmp_path / "native.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def names(store: Store) -> set[str]:
    return {
        r["name_fi"] for r in store.query("SELECT name_fi FROM services WHERE deleted_at IS NULL")
    }


def test_native_import_and_reimport_counts(store: Store, tmp_path: Path) -> None:
    path = native(tmp_path)
    first = import_file(store, path)
    assert (first.new, first.changed, first.unchanged, first.ended) == (3, 0, 0, 0)
    again = import_file(store, path)
    assert (again.new, again.changed, again.unchanged, again.ended) == (0, 0, 3, 0)

    def edit(data: dict) -> None:
        data["services"][0]["summary_fi"] = "Uusi kuvaus."
        del data["services"][2]

    changed = import_file(store, native(tmp_path, edit))
    assert (changed.new, changed.changed, changed.unchanged, changed.ended) == (0, 1, 1, 1)
    assert directory_size(store) == 2
    assert not search_services(store, "vertaistukichat")


def test_ptv_import_maps_channels_areas_and_organisation(store: Store) -> None:
    path = FIXTURES / "ptv_small.json"
    assert detect_format(path) == "ptv"
    counts = import_file(store, path)
    assert counts.new == 2
    hit = search_services(store, "perheneuvola", municipality_code="297")[0]
    service = get_service(store, hit.service_id)
    assert service is not None
    assert service.name_sv == "Familjerådgivning"
    assert service.organisation_type == "county"
    assert service.areas == ("297", "749")
    kinds = [c.kind for c in service.channels]
    assert kinds == ["phone", "location"]
    phone = service.channels[0]
    assert phone.value == "+358 120001234"
    assert phone.hours == (((1, 2, 3, 4, 5), "09.00", "15.00"),)
    assert service.channels[1].full_address() == "Testikatu 5, 70100 KUOPIO"
    assert service.verified_on == "2026-06-01"
    digital = search_services(store, "perhevalmennus")[0]
    assert digital.digital and digital.area_scope == "nationwide"


def test_hsds_json_import(store: Store) -> None:
    path = FIXTURES / "hsds_small.json"
    assert detect_format(path) == "hsds"
    assert import_file(store, path).new == 1
    hit = search_services(store, "vertaisryhma", municipality_code="179", age=15)[0]
    service = get_service(store, hit.service_id)
    assert service is not None
    assert (service.min_age, service.max_age) == (13, 17)
    assert service.topics == ("separation",)
    assert service.channels[0].hours == (((2, 4), "17.00", "19.00"),)
    assert service.channels[-1].post_office == "Jyväskylä"


def test_hsds_csv_folder_and_zip(store: Store, tmp_path: Path) -> None:
    folder = FIXTURES / "hsds_csv"
    assert detect_format(folder) == "hsds"
    assert import_file(store, folder).new == 2
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in folder.glob("*.csv"):
            zipped.write(file, f"data/{file.name}")
    again = import_file(store, archive)
    assert again.unchanged == 2
    closed = search_services(store, "isien ryhma")[0]
    assert closed.status == "temporarily_closed"


def rejected(store: Store, path: Path, fmt: str | None = None) -> DirectoryImportError:
    before = names(store)
    with pytest.raises(DirectoryImportError) as caught:
        import_file(store, path, fmt)
    assert names(store) == before
    return caught.value


def test_truncated_json_is_rejected_whole(store: Store, tmp_path: Path) -> None:
    text = (FIXTURES / "native_small.json").read_text(encoding="utf-8")
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    error = rejected(store, path, "native")
    assert error.problems[0].problem == "directory.problem.json"
    assert error.problems[0].record.startswith("line ")


def test_csv_with_wrong_column_is_rejected(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    shutil.copytree(FIXTURES / "hsds_csv", folder)
    rows = list(csv.reader((folder / "services.csv").open(encoding="utf-8")))
    rows[0][3] = "colour"
    with (folder / "services.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    error = rejected(store, folder)
    assert [(p.field, p.problem) for p in error.problems] == [
        ("colour", "directory.problem.column")
    ]
    assert error.problems[0].record == "services.csv line 1"


def test_unknown_municipality_rejects_the_whole_file(store: Store, tmp_path: Path) -> None:
    def bad(data: dict) -> None:
        data["services"][0]["area_codes"] = ["999"]

    error = rejected(store, native(tmp_path, bad))
    assert [(p.record, p.field, p.problem) for p in error.problems] == [
        ("service s1", "area_codes", "directory.problem.municipality")
    ]
    assert directory_size(store) == 0


def test_ten_megabyte_description_is_rejected(store: Store, tmp_path: Path) -> None:
    def huge(data: dict) -> None:
        data["services"][1]["description_fi"] = "x" * 10_000_000

    error = rejected(store, native(tmp_path, huge))
    assert error.problems[0].field == "description_fi"
    assert error.problems[0].problem == "directory.problem.too_long"


def test_markup_stays_literal_and_escapes_go(store: Store, tmp_path: Path) -> None:
    def marked(data: dict) -> None:
        data["services"][0]["name_fi"] = "[bold]Perheneuvola[/bold] \x1b[31m[@click=app.quit]x[/]"

    import_file(store, native(tmp_path, marked))
    hit = search_services(store, "perheneuvola")[0]
    assert hit.name == "[bold]Perheneuvola[/bold] [@click=app.quit]x[/]"


def test_export_round_trip(store: Store, tmp_path: Path) -> None:
    import_file(store, FIXTURES / "ptv_small.json")
    out = tmp_path / "export.json"
    assert export_native(store, out) == 2
    assert detect_format(out) == "native"
    counts = import_file(store, out)
    assert counts.unchanged == 2 and counts.new == 0


def test_shipped_national_and_demo(store: Store) -> None:
    assert ensure_national(store) is True
    assert ensure_national(store) is False
    sources = {r[0] for r in store.query("SELECT DISTINCT source FROM services")}
    assert not any(s.startswith("demo") for s in sources)
    national = directory_size(store)
    counts = load_shipped_directory(store, include_demo=True)
    assert counts["new"] > 100 and counts["unchanged"] == national
    phones = [
        r[0]
        for r in store.query(
            "SELECT c.value FROM service_channels c JOIN services s ON s.id = c.service_id "
            "WHERE s.source LIKE 'demo%' AND c.kind = 'phone'"
        )
    ]
    assert phones and all(p.startswith("012 000 ") for p in phones)


def test_checks_and_corrections_are_records(store: Store, tmp_path: Path) -> None:
    import_file(store, native(tmp_path))
    stale = search_services(store, "mielenterveyspalvelut")[0]
    assert stale.stale
    mark_checked(store, stale.service_id)
    assert not search_services(store, "mielenterveyspalvelut")[0].stale
    record_correction(store, stale.service_id, "wrong_phone", "=SUM(A1) on oikea")
    with pytest.raises(ValidationError):
        record_correction(store, stale.service_id, "other", "  ")
    kinds = [(f.kind, f.problem) for f in list_feedback(store)]
    assert kinds == [("checked", ""), ("correction", "wrong_phone")]
    out = tmp_path / "corrections.csv"
    assert export_feedback(store, out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert ";'=SUM(A1) on oikea" in raw.decode("utf-8")


def test_cli_import_search_and_export(store: Store, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from advisor_tui.cli import app

    runner = CliRunner()
    db = ["--db", str(store.path)]
    result = runner.invoke(app, [*db, "directory", "import", str(FIXTURES / "ptv_small.json")])
    assert result.exit_code == 0, result.output
    assert "2 uutta" in result.output
    result = runner.invoke(
        app, [*db, "directory", "search", "perheneuvolaan", "--municipality", "Kuopio", "--json"]
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert hits[0]["name"] == "Perheneuvola" and hits[0]["serves_municipality"]
    cut = tmp_path / "cut.json"
    cut.write_text('{"format": "advisor-tui-directory", "services": [', encoding="utf-8")
    result = runner.invoke(app, [*db, "directory", "import", str(cut)])
    assert result.exit_code == 1
    out = tmp_path / "dir.json"
    result = runner.invoke(app, [*db, "directory", "export", "--out", str(out)])
    assert result.exit_code == 0 and out.exists()
