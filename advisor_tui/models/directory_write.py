"""Writing a checked directory batch in one transaction, updated in place by source id.

`apply_batch` writes the whole batch or nothing and counts new, changed, unchanged and ended
services; see `directory_checks` for what a batch holds and how it is validated.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from advisor_tui.models.directory_checks import Batch, DirectoryImportError
from advisor_tui.models.directory_index import ensure_search_index
from advisor_tui.models.directory_text import search_fields
from advisor_tui.models.records import new_id
from advisor_tui.models.reference import Reference, shipped_reference
from advisor_tui.models.store import Store


@dataclass
class ImportCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    ended: int = 0
    organisations: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "ended": self.ended,
            "organisations": self.organisations,
        }


def _hash(service: dict[str, Any], org: dict[str, Any] | None) -> str:
    content = {k: v for k, v in service.items() if k not in ("verified_on",)}
    content["organisation"] = (org or {}).get("source_id", "")
    raw = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _stamp(store: Store) -> dict[str, Any]:
    now = store.now_iso()
    return {"updated_at": now, "origin": store.origin, "updated_by": store.advisor}


def _insert(store: Store, table: str, values: dict[str, Any]) -> str:
    row = {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
        for k, v in values.items()
    }
    stamp = _stamp(store)
    row.setdefault("id", new_id())
    row.update(stamp, created_at=stamp["updated_at"], created_by=store.advisor, deleted_at=None)
    columns = ", ".join(row)
    store.conn.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' for _ in row)})",
        tuple(row.values()),
    )
    return str(row["id"])


def _update(store: Store, table: str, record_id: str, values: dict[str, Any]) -> None:
    row = {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
        for k, v in values.items()
    }
    row.update(_stamp(store))
    assignments = ", ".join(f"{k} = ?" for k in row)
    store.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*row.values(), record_id))


def _save_organisation(store: Store, org: dict[str, Any]) -> str:
    values = {k: v for k, v in org.items() if k != "key"}
    rows = store.query(
        "SELECT * FROM organisations WHERE source = ? AND source_id = ? AND deleted_at IS NULL",
        (org["source"], org["source_id"]),
    )
    if not rows:
        return _insert(store, "organisations", values)
    current = dict(rows[0])
    if any(current.get(k) != v for k, v in values.items()):
        _update(store, "organisations", current["id"], values)
    return str(current["id"])


def _save_channels(store: Store, service_id: str, service: dict[str, Any]) -> None:
    store.conn.execute(
        "UPDATE service_channels SET deleted_at = ?, updated_at = ?, origin = ?, updated_by = ? "
        "WHERE service_id = ? AND deleted_at IS NULL",
        (store.now_iso(), store.now_iso(), store.origin, store.advisor, service_id),
    )
    for position, channel in enumerate(service["channels"]):
        values = dict(channel)
        values["digital"] = int(values["digital"])
        values["always_open"] = int(values["always_open"])
        values.update(
            service_id=service_id,
            position=position,
            source=service["source"],
            source_id=f"{service['source_id']}#{position}",
            verified_on=service["verified_on"],
        )
        _insert(store, "service_channels", values)


def apply_batch(store: Store, batch: Batch, reference: Reference | None = None) -> ImportCounts:
    """Write the checked batch in one transaction; raises `DirectoryImportError` on problems."""
    reference = reference or shipped_reference()
    if batch.problems:
        raise DirectoryImportError(batch.file, batch.problems)
    counts = ImportCounts()
    ensure_search_index(store)
    with store.transaction():
        org_ids: dict[str, str] = {}
        orgs_by_key = {o["key"]: o for o in batch.organisations}
        for org in batch.organisations:
            org_ids[org["key"]] = _save_organisation(store, org)
        counts.organisations = len(org_ids)
        existing = {
            (r["source"], r["source_id"]): r
            for r in store.query(
                "SELECT id, source, source_id, content_hash, status, verified_on FROM services "
                "WHERE deleted_at IS NULL"
            )
        }
        seen: set[tuple[str, str]] = set()
        for service in batch.services:
            owner = orgs_by_key.get(service["organisation"])
            name, text = search_fields(service, owner, reference)
            digest = _hash(service, owner)
            values = {k: v for k, v in service.items() if k not in ("channels", "organisation")}
            values.update(
                organisation_id=org_ids.get(service["organisation"]),
                digital=int(service["digital"]),
                content_hash=digest,
                search_name=name,
                search_text=text,
            )
            identity = (service["source"], service["source_id"])
            seen.add(identity)
            current = existing.get(identity)
            if current is None:
                service_id = _insert(store, "services", values)
                _save_channels(store, service_id, service)
                counts.new += 1
            elif current["content_hash"] != digest:
                _update(store, "services", current["id"], values)
                _save_channels(store, current["id"], service)
                counts.changed += 1
            else:
                if service["verified_on"] and service["verified_on"] > (
                    current["verified_on"] or ""
                ):
                    _update(
                        store, "services", current["id"], {"verified_on": service["verified_on"]}
                    )
                counts.unchanged += 1
        if batch.end_missing:
            sources = {s["source"] for s in batch.services}
            for identity, row in existing.items():
                if identity[0] in sources and identity not in seen and row["status"] != "ended":
                    _update(store, "services", row["id"], {"status": "ended"})
                    counts.ended += 1
    return counts
