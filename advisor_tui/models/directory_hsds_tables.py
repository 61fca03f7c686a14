"""Open Referral HSDS 3.0 tabular package: a folder or zip of CSV files read as nested services.

The files: services.csv, organizations.csv, phones.csv, schedules.csv, service_areas.csv,
languages.csv, locations.csv, addresses.csv, service_at_locations.csv, attributes.csv,
taxonomy_terms.csv. A column the standard does not name is an error, as is a file without its
`id` column: the file would not mean what it says.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from advisor_tui.models.directory_checks import Batch
from advisor_tui.models.directory_import_hsds import read_hsds
from advisor_tui.models.reference import Reference

COLUMNS: dict[str, list[str]] = {
    "services": [
        "id",
        "organization_id",
        "program_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "fees",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
        "last_modified",
    ],
    "organizations": [
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "url",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
        "parent_organization_id",
    ],
    "phones": [
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "service_at_location_id",
        "number",
        "extension",
        "type",
        "language",
        "description",
    ],
    "schedules": [
        "id",
        "service_id",
        "location_id",
        "service_at_location_id",
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "count",
        "wkst",
        "freq",
        "interval",
        "byday",
        "byweekno",
        "bymonthday",
        "byyearday",
        "description",
        "opens_at",
        "closes_at",
        "schedule_link",
        "attending_type",
        "notes",
    ],
    "service_areas": [
        "id",
        "service_id",
        "service_at_location_id",
        "name",
        "description",
        "extent",
        "extent_type",
        "uri",
    ],
    "languages": ["id", "service_id", "location_id", "phone_id", "name", "code", "note"],
    "locations": [
        "id",
        "location_type",
        "url",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    ],
    "addresses": [
        "id",
        "location_id",
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "service_at_locations": ["id", "service_id", "location_id", "description"],
    "attributes": [
        "id",
        "link_id",
        "taxonomy_term_id",
        "link_type",
        "link_entity",
        "value",
        "label",
    ],
    "taxonomy_terms": [
        "id",
        "code",
        "name",
        "description",
        "parent_id",
        "taxonomy",
        "language",
        "taxonomy_id",
        "term_uri",
    ],
}
REQUIRED = {"services": ("id", "name"), "organizations": ("id", "name")}


def _read_tables(path: Path, batch: Batch) -> dict[str, list[dict[str, str]]]:
    texts: dict[str, str] = {}
    if path.is_dir():
        for file in sorted(path.glob("*.csv")):
            texts[file.name] = file.read_bytes().decode("utf-8-sig")
    else:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith(".csv"):
                    texts[Path(name).name] = archive.read(name).decode("utf-8-sig")
    tables: dict[str, list[dict[str, str]]] = {}
    for name, text in texts.items():
        table = name[:-4]
        if table not in COLUMNS:
            batch.problem(name, "", "directory.problem.unknown_file")
            continue
        reader = csv.DictReader(io.StringIO(text))
        header = reader.fieldnames or []
        for column in header:
            if column not in COLUMNS[table]:
                batch.problem(f"{name} line 1", column, "directory.problem.column")
        for column in REQUIRED.get(table, ("id",)):
            if column not in header:
                batch.problem(f"{name} line 1", column, "directory.problem.column_missing")
        rows = []
        for line, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                batch.problem(f"{name} line {line}", "", "directory.problem.column_count")
                continue
            rows.append({k: v for k, v in row.items() if v != ""})
        tables[table] = rows
    if "services" not in tables:
        batch.problem("services.csv", "", "directory.problem.missing")
    return tables


def _by(rows: list[dict[str, str]], key: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get(key):
            grouped.setdefault(row[key], []).append(row)
    return grouped


def read_hsds_tables(path: Path, ref: Reference, today: str) -> Batch:
    """The tabular package, assembled into nested services and read like the JSON."""
    batch = Batch(path.name)
    tables = _read_tables(path, batch)
    if batch.problems:
        return batch
    get = tables.get
    phones = _by(get("phones", []), "service_id")
    schedules = _by(get("schedules", []), "service_id")
    loc_schedules = _by(get("schedules", []), "location_id")
    areas = _by(get("service_areas", []), "service_id")
    languages = _by(get("languages", []), "service_id")
    addresses = _by(get("addresses", []), "location_id")
    locations = {row["id"]: row for row in get("locations", [])}
    at_locations = _by(get("service_at_locations", []), "service_id")
    terms = {row["id"]: row for row in get("taxonomy_terms", [])}
    attributes = _by(get("attributes", []), "link_id")
    services = []
    for row in get("services", []):
        sid = row["id"]
        item: dict[str, Any] = dict(row)
        for age in ("minimum_age", "maximum_age"):
            if age in item:
                item[age] = int(item[age]) if item[age].isdigit() else -1
        item["phones"] = phones.get(sid, [])
        item["schedules"] = schedules.get(sid, [])
        item["service_areas"] = areas.get(sid, [])
        item["languages"] = languages.get(sid, [])
        item["attributes"] = [
            {"taxonomy_term": terms.get(a.get("taxonomy_term_id", ""), {})}
            for a in attributes.get(sid, [])
        ]
        item["service_at_locations"] = [
            {
                "location": {
                    **locations.get(link.get("location_id", ""), {}),
                    "addresses": addresses.get(link.get("location_id", ""), []),
                    "schedules": loc_schedules.get(link.get("location_id", ""), []),
                }
            }
            for link in at_locations.get(sid, [])
        ]
        services.append(item)
    data = {"services": services, "organizations": get("organizations", [])}
    result = read_hsds(data, path.name, ref, today)
    result.problems = batch.problems + result.problems
    return result
