"""Open Referral HSDS 3.0: the JSON of services with nested records, and the tabular package.

The tabular package is a folder or zip of CSV files (services.csv, organizations.csv,
phones.csv, schedules.csv, service_areas.csv, languages.csv, locations.csv, addresses.csv,
service_at_locations.csv, attributes.csv, taxonomy_terms.csv). A column the standard does not
name is an error, as is a file without its `id` column: the file would not mean what it says.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from advisor_tui.models.directory_write import Batch
from advisor_tui.models.reference import Reference

SOURCE = "HSDS"
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
_BYDAY = {"MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6, "SU": 7}
_STATUS = {
    "active": "active",
    "inactive": "temporarily_closed",
    "temporarily closed": "temporarily_closed",
    "defunct": "ended",
}
_NATIONWIDE = {"suomi", "finland", "koko suomi", "nationwide", "fi"}


def looks_like_hsds(data: Any) -> bool:
    items = data.get("services") if isinstance(data, dict) else data
    if isinstance(data, dict) and "name" in data and "id" in data:
        return True
    return (
        isinstance(items, list)
        and bool(items)
        and isinstance(items[0], dict)
        and ("name" in items[0] and "serviceNames" not in items[0])
    )


def _hours(schedules: Any) -> list[dict[str, Any]]:
    hours = []
    for item in schedules or []:
        if not isinstance(item, dict) or not item.get("opens_at"):
            continue
        days = [
            _BYDAY[d.strip()]
            for d in str(item.get("byday") or "").split(",")
            if d.strip() in _BYDAY
        ]
        hours.append(
            {
                "days": days or [1, 2, 3, 4, 5],
                "opens": item["opens_at"],
                "closes": item.get("closes_at", ""),
            }
        )
    return hours


def _areas(batch: Batch, record: str, areas: Any, ref: Reference) -> tuple[str, list[str]]:
    codes: list[str] = []
    for area in areas or []:
        name = str((area or {}).get("name") or (area or {}).get("extent") or "").strip()
        if name.casefold() in _NATIONWIDE:
            return "nationwide", []
        municipality = ref.find_municipality(name)
        county = ref.find_county(name) if municipality is None else None
        if municipality is not None:
            codes.append(municipality.code)
        elif county is not None:
            return "county", [county.code]
        else:
            batch.problem(record, "service_areas.name", "directory.problem.municipality")
    return ("municipalities", codes) if codes else ("nationwide", [])


def _service(batch: Batch, item: dict[str, Any], ref: Reference, today: str) -> dict[str, Any]:
    record = f"service {item.get('id') or '?'}"
    channels: list[dict[str, Any]] = []
    service_hours = _hours(item.get("schedules"))
    if item.get("url"):
        channels.append({"kind": "web", "value": item["url"]})
    for phone in item.get("phones") or []:
        if isinstance(phone, dict) and phone.get("number"):
            channels.append(
                {
                    "kind": "phone",
                    "value": phone["number"],
                    "label": phone.get("description") or "",
                    "hours": _hours(phone.get("schedules")) or service_hours,
                }
            )
    if item.get("email"):
        channels.append({"kind": "email", "value": item["email"]})
    for link in item.get("service_at_locations") or []:
        location = (link or {}).get("location") or {}
        if not isinstance(location, dict):
            continue
        address = (location.get("addresses") or [{}])[0] or {}
        channels.append(
            {
                "kind": "location",
                "label": location.get("name") or "",
                "address": " ".join(
                    p for p in (address.get("address_1"), address.get("address_2")) if p
                ),
                "postal_code": address.get("postal_code") or "",
                "post_office": address.get("city") or "",
                "municipality_code": (
                    m.code if (m := ref.find_municipality(str(address.get("city") or ""))) else ""
                ),
                "hours": _hours(location.get("schedules") or (link or {}).get("schedules")),
            }
        )
    topics = []
    for attribute in item.get("attributes") or []:
        term = (attribute or {}).get("taxonomy_term") or {}
        for value in (term.get("code"), term.get("name"), term.get("term")):
            if isinstance(value, str) and ref.is_term("topic", value):
                topics.append(value)
                break
    scope, codes = _areas(batch, record, item.get("service_areas"), ref)
    org = item.get("organization")
    org_key = str(item.get("organization_id") or (org or {}).get("id") or "")
    languages = [
        str(x.get("code"))
        for x in item.get("languages") or []
        if isinstance(x, dict) and x.get("code")
    ]
    return {
        "source": SOURCE,
        "source_id": str(item.get("id") or ""),
        "organisation": org_key,
        "verified_on": str(item.get("assured_date") or item.get("last_modified") or today)[:10],
        "status": _STATUS.get(str(item.get("status") or "active").casefold(), "active"),
        "name_fi": item.get("name"),
        "description_fi": item.get("description"),
        "min_age": item.get("minimum_age") or None,
        "max_age": item.get("maximum_age") or None,
        "topics": topics,
        "area_scope": scope,
        "area_codes": codes,
        "cost_note": item.get("fees_description") or "",
        "languages": languages,
        "target_groups": [item["eligibility_description"]]
        if item.get("eligibility_description")
        else [],
        "channels": channels,
    }


def read_hsds(data: Any, file: str, ref: Reference, today: str) -> Batch:
    """HSDS JSON (a list of services, one service, or {services, organizations}) as a batch."""
    batch = Batch(file)
    if isinstance(data, dict) and "services" not in data:
        data = [data]
    items = data.get("services") if isinstance(data, dict) else data
    orgs: dict[str, dict[str, Any]] = {}
    listed = data.get("organizations") if isinstance(data, dict) else None
    for org in [
        *(listed or []),
        *[i.get("organization") for i in items or [] if isinstance(i, dict)],
    ]:
        if isinstance(org, dict) and org.get("id"):
            orgs.setdefault(
                str(org["id"]),
                {
                    "key": str(org["id"]),
                    "source": SOURCE,
                    "source_id": str(org["id"]),
                    "verified_on": today,
                    "name_fi": org.get("name"),
                    "web": org.get("website") or org.get("url") or "",
                },
            )
    for index, item in enumerate(items or []):
        if not isinstance(item, dict):
            batch.problem(f"services[{index}]", "", "directory.problem.not_object")
            continue
        batch.services.append(_service(batch, item, ref, today))
    batch.organisations = list(orgs.values())
    return batch


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
