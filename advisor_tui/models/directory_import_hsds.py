"""Open Referral HSDS 3.0 JSON: services with their nested records, as a directory batch.

The tabular package (CSV files) is assembled into the same nested services first, see
`directory_hsds_tables`. A schedule with `valid_from` and `valid_to` but no weekdays is a dated
exception: its hours, or closed when it has none.
"""

from __future__ import annotations

from typing import Any

from advisor_tui.models.directory_checks import Batch
from advisor_tui.models.reference import Reference

SOURCE = "HSDS"
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
    hours: list[dict[str, Any]] = []
    for item in schedules or []:
        if not isinstance(item, dict):
            continue
        days = [
            _BYDAY[d.strip()]
            for d in str(item.get("byday") or "").split(",")
            if d.strip() in _BYDAY
        ]
        if item.get("valid_from") and item.get("valid_to") and not days and not item.get("freq"):
            exception: dict[str, Any] = {
                "from": str(item["valid_from"])[:10],
                "to": str(item["valid_to"])[:10],
            }
            if item.get("opens_at"):
                exception.update(opens=item["opens_at"], closes=item.get("closes_at", ""))
            else:
                exception["closed"] = True
            hours.append(exception)
            continue
        if not item.get("opens_at"):
            continue
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
