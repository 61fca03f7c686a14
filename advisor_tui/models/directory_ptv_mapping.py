"""PTV target groups, service classes and life events as the program's topics and age groups.

The mapping is the readable table `data/directory/ptv_mapping.csv` (its header comment says what
each column means). It is checked when loaded: a broken row raises `ReferenceDataError` naming
the file, the line and the field. A PTV service gets the topics of every classification it
carries and, when PTV gives it no ages of its own, the age span of their age groups.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from advisor_tui.models.errors import ReferenceDataError
from advisor_tui.models.reference import Reference, shipped_reference

FILE = "ptv_mapping.csv"
COLUMNS = ("scheme", "code", "name_fi", "topics", "age_groups")
SCHEMES = {"target_group": "KR", "service_class": "P", "life_event": "KE"}
AGE_SPANS: dict[str, tuple[int, int | None]] = {
    "expecting": (0, 0),
    "0-2": (0, 2),
    "3-6": (3, 6),
    "7-12": (7, 12),
    "13-17": (13, 17),
    "18+": (18, None),
}
_CODE = re.compile(r"^(KR|P|KE)\d+(\.\d+)*$")


@dataclass(frozen=True)
class Classification:
    """One PTV classification of a service: its scheme, code and Finnish name."""

    scheme: str
    code: str
    name_fi: str


@dataclass(frozen=True)
class MappingRow:
    topics: tuple[str, ...]
    age_groups: tuple[str, ...]


@dataclass
class PtvMapping:
    by_code: dict[tuple[str, str], MappingRow] = field(default_factory=dict)
    by_name: dict[tuple[str, str], MappingRow] = field(default_factory=dict)

    def row(self, item: Classification) -> MappingRow | None:
        found = self.by_code.get((item.scheme, item.code)) if item.code else None
        return found or self.by_name.get((item.scheme, item.name_fi.strip().casefold()))

    def classify(self, items: list[Classification]) -> tuple[list[str], tuple[int, int | None]]:
        """(topics, (min age, max age)) of a service's classifications; (-1, None) when no
        age group applies."""
        topics: dict[str, None] = {}
        groups: dict[str, None] = {}
        for item in items:
            row = self.row(item)
            if row is None:
                continue
            topics.update(dict.fromkeys(row.topics))
            groups.update(dict.fromkeys(row.age_groups))
        if not groups:
            return list(topics), (-1, None)
        spans = [AGE_SPANS[g] for g in groups]
        low = min(span[0] for span in spans)
        highs = [span[1] for span in spans]
        high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
        return list(topics), (low, high)


def _keys(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _check_row(number: int, row: dict[str, str], reference: Reference, mapping: PtvMapping) -> None:
    def fail(column: str, problem: str) -> ReferenceDataError:
        return ReferenceDataError(FILE, number, column, problem)

    scheme, code, name = row["scheme"], row["code"], row["name_fi"]
    if scheme not in SCHEMES:
        raise fail("scheme", "data.problem.unknown_kind")
    if code and (not _CODE.match(code) or not code.startswith(SCHEMES[scheme])):
        raise fail("code", "data.problem.code")
    if not code and not name:
        raise fail("name_fi", "data.problem.empty_field")
    topics, groups = _keys(row["topics"]), _keys(row["age_groups"])
    for topic in topics:
        if not reference.is_term("topic", topic):
            raise fail("topics", "directory.problem.topic")
    for group in groups:
        if group not in AGE_SPANS or not reference.is_term("age_group", group):
            raise fail("age_groups", "directory.problem.age_group")
    if not topics and not groups:
        raise fail("topics", "data.problem.empty_field")
    entry = MappingRow(tuple(topics), tuple(groups))
    keys = [(mapping.by_code, code)] if code else []
    keys += [(mapping.by_name, name.casefold())] if name else []
    for table, key in keys:
        if (scheme, key) in table:
            raise fail("code" if table is mapping.by_code else "name_fi", "data.problem.duplicate")
        table[(scheme, key)] = entry


def load_ptv_mapping(path: Path, reference: Reference | None = None) -> PtvMapping:
    """The mapping table, checked row by row."""
    reference = reference or shipped_reference()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ReferenceDataError(path.name, 0, "", "data.problem.missing") from exc
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(path.name, 0, "", "data.problem.encoding") from exc
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise ReferenceDataError(path.name, 0, "", "data.problem.empty")
    header_line, header = lines[0]
    if tuple(next(csv.reader([header]))) != COLUMNS:
        raise ReferenceDataError(path.name, header_line, "", "data.problem.header")
    mapping = PtvMapping()
    for number, line in lines[1:]:
        values = next(csv.reader([line]))
        if len(values) != len(COLUMNS):
            raise ReferenceDataError(path.name, number, "", "data.problem.column_count")
        row = {c: v.strip() for c, v in zip(COLUMNS, values, strict=True)}
        _check_row(number, row, reference, mapping)
    return mapping


@lru_cache(maxsize=1)
def shipped_ptv_mapping() -> PtvMapping:
    from advisor_tui.paths import package_data_dir

    return load_ptv_mapping(package_data_dir() / "directory" / FILE)


def _code(item: dict[str, Any]) -> str:
    code = str(item.get("code") or "")
    if not code:
        uri = str(item.get("uri") or item.get("newUri") or "")
        code = uri.rsplit("/code/", 1)[-1] if "/code/" in uri else ""
    return code


def classifications(service: dict[str, Any]) -> list[Classification]:
    """The target groups, service classes and life events of a PTV service as PTV gives them:
    objects with `code`, `uri` and `name` ([{"language", "value"}]), or plain code URIs."""
    found: list[Classification] = []
    for scheme, key in (
        ("target_group", "targetGroups"),
        ("service_class", "serviceClasses"),
        ("life_event", "lifeEvents"),
    ):
        for item in service.get(key) or []:
            if isinstance(item, str):
                code = item.rsplit("/code/", 1)[-1] if "/code/" in item else ""
                found.append(Classification(scheme, code, ""))
            elif isinstance(item, dict):
                names = item.get("name") or item.get("names") or []
                if isinstance(names, dict):
                    names = [{"language": k, "value": v} for k, v in names.items()]
                name = next(
                    (
                        str(n.get("value") or "")
                        for n in names
                        if isinstance(n, dict) and n.get("language") == "fi"
                    ),
                    "",
                )
                found.append(Classification(scheme, _code(item), name))
    return found
