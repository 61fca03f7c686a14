"""Importing a directory file: PTV, HSDS (JSON or CSV package) or the native export.

`import_file` detects the format (or takes it), checks every record, and writes all of it in
one transaction or nothing; a file with problems raises `DirectoryImportError` listing each
problem's file, record and field.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Any

from advisor_tui.models.directory import today
from advisor_tui.models.directory_checks import Batch, DirectoryImportError, check_batch
from advisor_tui.models.directory_hsds_tables import read_hsds_tables
from advisor_tui.models.directory_import_hsds import looks_like_hsds, read_hsds
from advisor_tui.models.directory_import_ptv import looks_like_ptv, read_ptv
from advisor_tui.models.directory_write import ImportCounts, apply_batch
from advisor_tui.models.reference import Reference, shipped_reference
from advisor_tui.models.store import Store

FORMATS = ("ptv", "hsds", "native")
NATIVE_FORMAT = "advisor-tui-directory"
MAX_FILE_BYTES = 200 * 1024 * 1024
NATIONAL_SETTING = "directory.national_loaded"


def _rejected(file: str, record: str, problem: str, field: str = "") -> DirectoryImportError:
    batch = Batch(file)
    batch.problem(record, field, problem)
    return DirectoryImportError(file, batch.problems)


def _load_json(path: Path) -> Any:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _rejected(path.name, "", "directory.problem.file_too_big")
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise _rejected(path.name, "", "directory.problem.encoding") from exc
    except json.JSONDecodeError as exc:
        raise _rejected(path.name, f"line {exc.lineno}", "directory.problem.json") from exc
    except RecursionError as exc:
        raise _rejected(path.name, "", "directory.problem.json") from exc


def read_native(data: Any, file: str) -> Batch:
    batch = Batch(file)
    if not isinstance(data, dict) or data.get("format") != NATIVE_FORMAT:
        batch.problem("", "format", "directory.problem.format")
        return batch
    for key, target in (("organisations", batch.organisations), ("services", batch.services)):
        items = data.get(key) or []
        if not isinstance(items, list):
            batch.problem("", key, "directory.problem.not_list")
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict):
                target.append(item)
            else:
                batch.problem(f"{key}[{index}]", "", "directory.problem.not_object")
    return batch


def detect_format(path: Path) -> str:
    """ptv, hsds or native, from the content; hsds for a folder or zip of CSV files."""
    if path.is_dir() or zipfile.is_zipfile(path):
        return "hsds"
    data = _load_json(path)
    if isinstance(data, dict) and data.get("format") == NATIVE_FORMAT:
        return "native"
    if looks_like_ptv(data):
        return "ptv"
    if looks_like_hsds(data):
        return "hsds"
    raise _rejected(path.name, "", "directory.problem.format")


def read_file(
    path: Path, fmt: str | None, *, day: str, reference: Reference | None = None
) -> Batch:
    """The checked batch of a file, problems included (nothing is written)."""
    ref = reference or shipped_reference()
    path = Path(path)
    if not path.exists():
        raise _rejected(path.name, "", "directory.problem.missing_file")
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise _rejected(path.name, "", "directory.problem.format")
    try:
        if fmt == "hsds" and (path.is_dir() or zipfile.is_zipfile(path)):
            batch = read_hsds_tables(path, ref, day)
        else:
            data = _load_json(path)
            if fmt == "native":
                batch = read_native(data, path.name)
            elif fmt == "ptv":
                batch = read_ptv(data, path.name, day)
            else:
                batch = read_hsds(data, path.name, ref, day)
    except (AttributeError, TypeError, KeyError, ValueError) as exc:
        raise _rejected(path.name, "", "directory.problem.structure") from exc
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError, csv.Error) as exc:
        raise _rejected(path.name, "", "directory.problem.unreadable") from exc
    if batch.problems:
        return batch
    if not batch.services:
        batch.problem("", "services", "directory.problem.empty")
        return batch
    return check_batch(batch, ref)


def import_file(
    store: Store, path: Path, fmt: str | None = None, *, reference: Reference | None = None
) -> ImportCounts:
    """Import the whole file or nothing; counts of new, changed, unchanged and ended services."""
    batch = read_file(path, fmt, day=today(store).isoformat(), reference=reference)
    if batch.problems:
        raise DirectoryImportError(batch.file, batch.problems)
    return apply_batch(store, batch, reference)


def shipped_directory_files(include_demo: bool) -> list[Path]:
    from advisor_tui.paths import package_data_dir

    folder = package_data_dir() / "directory"
    files = [folder / "national.json"]
    if include_demo:
        files.append(folder / "demo_regional.json")
    return files


def load_shipped_directory(store: Store, include_demo: bool) -> dict[str, int]:
    """The shipped national services (and the demo regional directory) into the store."""
    total = ImportCounts()
    with store.transaction():
        for file in shipped_directory_files(include_demo):
            counts = import_file(store, file, "native")
            total.new += counts.new
            total.changed += counts.changed
            total.unchanged += counts.unchanged
            total.ended += counts.ended
            total.organisations += counts.organisations
        store.set_setting(NATIONAL_SETTING, today(store).isoformat())
    return total.as_dict()


def ensure_national(store: Store) -> bool:
    """Load the national services on first use of the directory; True when it loaded them."""
    if store.get_setting(NATIONAL_SETTING):
        return False
    load_shipped_directory(store, include_demo=False)
    return True


def ensure_shipped_directory(store: Store) -> bool:
    """What the first use of the directory loads: the national services, and in an empty demo
    database the demo regional directory too. True when it loaded something."""
    from advisor_tui.models.directory import directory_size

    if store.is_demo:
        if directory_size(store):
            return False
        load_shipped_directory(store, include_demo=True)
        return True
    return ensure_national(store)
