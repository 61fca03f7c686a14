"""The Finnish national service catalogue (PTV, Palvelutietovaranto) Open API JSON.

Accepted shapes: `{"services": [...], "serviceChannels": [...], "organizations": [...]}`, a
paged `{"itemList": [...]}`, or a list of services; channels may also sit inside a service's
`serviceChannels[].serviceChannel`. Channels become phone, web, e-service and location channels;
a channel's exceptional hours (`serviceHourType` "Exception") become dated exceptions. Target
groups, service classes and life events become topics and ages (`directory_ptv_mapping`).
"""

from __future__ import annotations

from typing import Any

from advisor_tui.models.directory_checks import Batch
from advisor_tui.models.directory_ptv_mapping import (
    PtvMapping,
    classifications,
    shipped_ptv_mapping,
)

SOURCE = "PTV"
_DAYS = {
    "Monday": 1,
    "Tuesday": 2,
    "Wednesday": 3,
    "Thursday": 4,
    "Friday": 5,
    "Saturday": 6,
    "Sunday": 7,
}
_ORG_TYPES = {
    "Municipality": "municipality",
    "State": "national_public",
    "Organization": "ngo",
    "Company": "private",
    "RegionalOrganization": "county",
    "SotePublic": "county",
    "SotePrivate": "private",
    "WellbeingServiceCounty": "county",
    "Region": "county",
}


def looks_like_ptv(data: Any) -> bool:
    items = _service_items(data)
    return bool(items) and isinstance(items[0], dict) and "serviceNames" in items[0]


def _service_items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("services", "itemList", "items"):
            if isinstance(data.get(key), list):
                return list(data[key])
    return []


def _text(values: Any, language: str, kind: str | None = None) -> str:
    if not isinstance(values, list):
        return ""
    for item in values:
        if (
            isinstance(item, dict)
            and item.get("language") == language
            and (kind is None or item.get("type") == kind)
        ):
            value = item.get("value")
            return value if isinstance(value, str) else ""
    return ""


def _exception(block: dict[str, Any]) -> dict[str, Any]:
    """A dated exception (closed, or other hours) as `directory_hours` stores it."""
    start = str(block.get("validFrom") or "")[:10]
    exception: dict[str, Any] = {"from": start, "to": str(block.get("validTo") or start)[:10]}
    opening = [h for h in block.get("openingHour") or [] if isinstance(h, dict)]
    if block.get("isClosed") or not opening:
        exception["closed"] = True
    else:
        exception.update(
            opens=str(opening[0].get("from", "")), closes=str(opening[0].get("to", ""))
        )
    note = _text(block.get("additionalInformation"), "fi")
    if note:
        exception["note"] = note
    return exception


def _hours(channel: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    hours: list[dict[str, Any]] = []
    always = False
    for block in channel.get("serviceHours") or []:
        if isinstance(block, dict) and block.get("serviceHourType") == "Exception":
            hours.append(_exception(block))
            continue
        if not isinstance(block, dict) or block.get("serviceHourType") not in (
            None,
            "DaysOfTheWeek",
            "Standard",
        ):
            continue
        if block.get("isAlwaysOpen"):
            always = True
        for hour in block.get("openingHour") or []:
            if not isinstance(hour, dict) or block.get("isClosed"):
                continue
            first = _DAYS.get(str(hour.get("dayFrom")), 0)
            last = _DAYS.get(str(hour.get("dayTo") or hour.get("dayFrom")), first)
            days = list(range(first, last + 1)) if first and last >= first else [first]
            hours.append(
                {
                    "days": days,
                    "opens": str(hour.get("from", "")),
                    "closes": str(hour.get("to", "")),
                }
            )
    return hours, always


def _channels(channel: dict[str, Any]) -> list[dict[str, Any]]:
    kind = channel.get("serviceChannelType")
    label = _text(channel.get("serviceChannelNames"), "fi")
    hours, always = _hours(channel)
    common = {"label": label, "hours": hours, "always_open": always}
    found: list[dict[str, Any]] = []
    if kind == "ServiceLocation":
        for address in channel.get("addresses") or []:
            street = (address or {}).get("streetAddress") or {}
            if not isinstance(street, dict):
                continue
            line = " ".join(
                p
                for p in (_text(street.get("street"), "fi"), str(street.get("streetNumber") or ""))
                if p
            )
            found.append(
                {
                    **common,
                    "kind": "location",
                    "address": line,
                    "postal_code": str(street.get("postalCode") or ""),
                    "post_office": _text(street.get("postOffice"), "fi"),
                    "municipality_code": str((street.get("municipality") or {}).get("code") or ""),
                }
            )
            break
    urls = [
        u.get("url") or u.get("value")
        for u in (channel.get("webPages") or []) + (channel.get("urls") or [])
        if isinstance(u, dict) and u.get("language", "fi") == "fi"
    ]
    if kind in ("EChannel", "WebPage", "PrintableForm") and urls:
        found.append(
            {**common, "kind": "eservice" if kind == "EChannel" else "web", "value": urls[0]}
        )
    for phone in channel.get("phoneNumbers") or []:
        if not isinstance(phone, dict) or phone.get("language", "fi") != "fi":
            continue
        number = " ".join(
            p for p in (str(phone.get("prefixNumber") or ""), str(phone.get("number") or "")) if p
        )
        found.append(
            {
                **common,
                "kind": "phone",
                "value": number,
                "charge_note": _text(phone.get("chargeDescription"), "fi")
                if isinstance(phone.get("chargeDescription"), list)
                else str(phone.get("chargeDescription") or ""),
            }
        )
    for email in channel.get("emails") or []:
        if isinstance(email, dict) and email.get("language", "fi") == "fi" and email.get("value"):
            found.append({"kind": "email", "label": label, "value": email["value"]})
    return found


def _areas(service: dict[str, Any]) -> tuple[str, list[str]]:
    if str(service.get("areaType", "Nationwide")).startswith("Nationwide"):
        return "nationwide", []
    municipalities: list[str] = []
    counties: list[str] = []
    for area in service.get("areas") or []:
        if not isinstance(area, dict):
            continue
        for municipality in area.get("municipalities") or []:
            if isinstance(municipality, dict) and municipality.get("code"):
                municipalities.append(str(municipality["code"]))
        if area.get("type") == "Municipality" and area.get("code"):
            municipalities.append(str(area["code"]))
        if area.get("type") in ("WellbeingServiceCounty", "HealthCareDistrict") and area.get(
            "code"
        ):
            counties.append(str(area["code"]))
    if municipalities:
        return "municipalities", list(dict.fromkeys(municipalities))
    return "county", counties


def read_ptv(data: Any, file: str, today: str, mapping: PtvMapping | None = None) -> Batch:
    """The services, organisations and channels of a PTV export as a batch."""
    mapping = mapping or shipped_ptv_mapping()
    batch = Batch(file)
    channels_by_id: dict[str, dict[str, Any]] = {}
    orgs: dict[str, dict[str, Any]] = {}
    if isinstance(data, dict):
        for channel in data.get("serviceChannels") or []:
            if isinstance(channel, dict) and channel.get("id"):
                channels_by_id[str(channel["id"])] = channel
        for org in data.get("organizations") or []:
            if isinstance(org, dict) and org.get("id"):
                orgs[str(org["id"])] = org
    used_orgs: dict[str, dict[str, Any]] = {}
    for index, item in enumerate(_service_items(data)):
        if not isinstance(item, dict):
            batch.problem(f"services[{index}]", "", "directory.problem.not_object")
            continue
        org_key = ""
        for link in item.get("organizations") or []:
            org = (link or {}).get("organization") or {}
            if isinstance(org, dict) and org.get("id") and link.get("roleType") != "Producer":
                org_key = str(org["id"])
                full = orgs.get(org_key, org)
                used_orgs.setdefault(
                    org_key,
                    {
                        "key": org_key,
                        "source": SOURCE,
                        "source_id": org_key,
                        "verified_on": today,
                        "name_fi": _text(full.get("organizationNames"), "fi")
                        or str(full.get("name") or ""),
                        "name_sv": _text(full.get("organizationNames"), "sv"),
                        "name_en": _text(full.get("organizationNames"), "en"),
                        "org_type": _ORG_TYPES.get(str(full.get("organizationType")), "other"),
                        "business_id": str(full.get("businessCode") or ""),
                    },
                )
                break
        channels: list[dict[str, Any]] = []
        for link in item.get("serviceChannels") or []:
            inner = (link or {}).get("serviceChannel") or {}
            full = (
                channels_by_id.get(str(inner.get("id")), inner) if isinstance(inner, dict) else {}
            )
            channels += _channels(full)
        scope, codes = _areas(item)
        modified = str(item.get("modified") or "")[:10]
        descriptions = item.get("serviceDescriptions")
        service: dict[str, Any] = {
            "source": SOURCE,
            "source_id": str(item.get("id") or ""),
            "organisation": org_key,
            "verified_on": modified or today,
            "status": "ended"
            if item.get("publishingStatus") in ("Deleted", "Archived", "Removed")
            else "active",
            "target_groups": [
                _text(g.get("name"), "fi")
                for g in item.get("targetGroups") or []
                if isinstance(g, dict) and _text(g.get("name"), "fi")
            ],
            "area_scope": scope,
            "area_codes": codes,
            "cost": {"Free": "free", "Charged": "fee"}.get(str(item.get("serviceChargeType")), ""),
            "access": "open",
            "languages": [str(x) for x in item.get("languages") or []],
            "keywords": [
                k.get("value")
                for k in item.get("keywords") or []
                if isinstance(k, dict) and k.get("language") == "fi"
            ],
            "channels": channels,
        }
        topics, (low, high) = mapping.classify(classifications(item))
        service["topics"] = topics
        if low >= 0:
            service["min_age"], service["max_age"] = low, high
        for lang in ("fi", "sv", "en"):
            service[f"name_{lang}"] = _text(item.get("serviceNames"), lang, "Name") or _text(
                item.get("serviceNames"), lang
            )
            service[f"summary_{lang}"] = _text(descriptions, lang, "Summary")
            service[f"description_{lang}"] = _text(descriptions, lang, "Description")
        batch.services.append(service)
    batch.organisations = list(used_orgs.values())
    return batch
