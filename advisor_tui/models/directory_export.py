"""Writing the directory out: the native JSON for other advisors, corrections for the maintainer."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from advisor_tui.models.directory_feedback import list_feedback
from advisor_tui.models.directory_import import NATIVE_FORMAT
from advisor_tui.models.spreadsheet_cells import neutralise_cell
from advisor_tui.models.store import Store

_ORG_FIELDS = (
    "source",
    "source_id",
    "verified_on",
    "status",
    "name_fi",
    "name_sv",
    "name_en",
    "org_type",
    "business_id",
    "web",
    "county_code",
)
_SERVICE_FIELDS = (
    "source",
    "source_id",
    "source_url",
    "verified_on",
    "status",
    "name_fi",
    "name_sv",
    "name_en",
    "summary_fi",
    "summary_sv",
    "summary_en",
    "description_fi",
    "description_sv",
    "description_en",
    "min_age",
    "max_age",
    "area_scope",
    "cost",
    "cost_note",
    "access",
)
_LIST_FIELDS = ("target_groups", "topics", "languages", "keywords")
_CHANNEL_FIELDS = (
    "kind",
    "label",
    "value",
    "address",
    "postal_code",
    "post_office",
    "municipality_code",
    "hours_note",
    "charge_note",
)


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def native_document(store: Store) -> dict[str, Any]:
    """Every live organisation and service (with channels) in the native format."""
    organisations = []
    keys: dict[str, str] = {}
    for row in store.query(
        "SELECT * FROM organisations WHERE deleted_at IS NULL ORDER BY source, source_id"
    ):
        key = f"{row['source']}|{row['source_id']}" if row["source_id"] else row["id"]
        keys[row["id"]] = key
        organisations.append({"key": key, **{f: row[f] for f in _ORG_FIELDS}})
    channels: dict[str, list[dict[str, Any]]] = {}
    for row in store.query(
        "SELECT * FROM service_channels WHERE deleted_at IS NULL ORDER BY service_id, position"
    ):
        channel: dict[str, Any] = {f: row[f] for f in _CHANNEL_FIELDS if row[f]}
        channel["kind"] = row["kind"]
        if row["always_open"]:
            channel["always_open"] = True
        hours = json.loads(row["hours"] or "[]")
        languages = json.loads(row["languages"] or "[]")
        if hours:
            channel["hours"] = hours
        if languages:
            channel["languages"] = languages
        channels.setdefault(row["service_id"], []).append(channel)
    services = []
    for row in store.query(
        "SELECT * FROM services WHERE deleted_at IS NULL ORDER BY source, source_id"
    ):
        service: dict[str, Any] = {f: row[f] for f in _SERVICE_FIELDS}
        for name in _LIST_FIELDS:
            service[name] = json.loads(row[name] or "[]")
        areas = json.loads(row["areas"] or "[]")
        service["area_codes"] = [a.removeprefix("county:") for a in areas if a != "FI"]
        service["organisation"] = keys.get(row["organisation_id"] or "", "")
        service["channels"] = channels.get(row["id"], [])
        services.append(service)
    return {
        "format": NATIVE_FORMAT,
        "version": 1,
        "exported_at": store.now_iso(),
        "organisations": organisations,
        "services": services,
    }


def export_native(store: Store, out: Path) -> int:
    """Write the directory to `out`; returns the number of services."""
    document = native_document(store)
    data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    _write_atomic(Path(out), data)
    return len(document["services"])


FEEDBACK_COLUMNS = (
    "created_at",
    "created_by",
    "kind",
    "problem",
    "service_name",
    "service_source",
    "service_source_id",
    "note",
)


def export_feedback(store: Store, out: Path, since: str | None = None) -> int:
    """Checks and corrections as CSV for Excel (UTF-8 BOM, `;`); returns the row count."""
    rows = list_feedback(store, since)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(FEEDBACK_COLUMNS)
    for item in rows:
        writer.writerow([neutralise_cell(str(getattr(item, c))) for c in FEEDBACK_COLUMNS])
    _write_atomic(Path(out), ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return len(rows)
