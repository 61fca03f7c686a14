"""The same seed and the same "now" give the same demo, byte for byte; another seed does not."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from advisor_tui.cli import app
from advisor_tui.models.bundles import export_bundle
from advisor_tui.models.demo_data import generate
from advisor_tui.models.store import Store
from tests.conftest import FakeClock


def build(folder: Path, seed: int) -> tuple[bytes, list[str]]:
    """Generate a week of demo data; return its call log CSV and its bundle's body lines."""
    folder.mkdir()
    path = folder / "demo.sqlite3"
    store = Store.open(path, clock=FakeClock(), kind="demo")
    try:
        generate(store, seed=seed, weeks=1)
        bundle = export_bundle(store, folder / "bundle.jsonl").path
    finally:
        store.close()
    body = bundle.read_text(encoding="utf-8").splitlines()[1:]
    result = CliRunner().invoke(
        app,
        [
            "--db",
            str(path),
            "export",
            "calls",
            "--from",
            "16.11.2026",
            "--to",
            "23.11.2026",
            "--out",
            str(folder / "calls.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    return (folder / "DEMO-calls.csv").read_bytes(), body


def test_same_seed_gives_identical_exports_and_another_seed_differs(tmp_path: Path) -> None:
    first_csv, first_body = build(tmp_path / "a", 7)
    again_csv, again_body = build(tmp_path / "b", 7)
    other_csv, other_body = build(tmp_path / "c", 8)
    assert first_csv.startswith("\ufeffDEMO".encode())
    assert first_csv.count(b"\r\n") > 100
    assert first_csv == again_csv
    assert first_body == again_body
    assert any(json.loads(line)["table"] == "services" for line in first_body)
    assert other_csv != first_csv
    assert other_body != first_body
