"""Reading a sync bundle and checking every line before anything is merged.

A problem anywhere rejects the whole bundle with a `BundleError` naming the line (1 is the
header) and the reason; the format is documented in docs/bundle-format.md.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Callable, Collection, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import chain, groupby
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any, NamedTuple

from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.safe_text import is_clean

FORMAT = "advisor-tui-bundle"
FORMAT_VERSION = 1
PROGRESS_EVERY = 5000
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
_PLAIN = frozenset({str, int, float, bool, type(None)})
_RECORD_REQUIRED = ("id", "created_at", "updated_at", "origin")
_RECORD_GET = itemgetter(*_RECORD_REQUIRED)
_GET_RECORD, _GET_TABLE = itemgetter("record"), itemgetter("table")
_GET_ID, _GET_ORIGIN = itemgetter("id"), itemgetter("origin")
_GET_CREATED, _GET_UPDATED = itemgetter("created_at"), itemgetter("updated_at")
_GET_DELETED = methodcaller("get", "deleted_at")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_RECORD_STAMPS = ("created_at", "updated_at", "deleted_at")
_LOG_REQUIRED = ("id", "at")
_LOG_STAMPS = ("at",)
_CONTROL_ESCAPE = re.compile(rb"\\[urbf]")  # \u…, \r, \b, \f: one search is quicker than four
_RAW_UNSAFE = re.compile(b"\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]")  # U+0080-009F, U+2028-2029
_RAW_UNSAFE_UTF8 = (b"\xc2", b"\xe2\x80\xa8", b"\xe2\x80\xa9")  # how those begin in UTF-8

Parsed = tuple[int, str, dict[str, Any]]


class BundleError(AdvisorError):
    """A bundle that cannot be merged; `line` is where the problem is (1 is the header)."""

    def __init__(self, line: int, reason: str, **params: Any) -> None:
        super().__init__("sync.rejected", line=line, reason=reason, **params)
        self.line = line
        self.reason = reason


class BundleText(NamedTuple):
    """A bundle read and its checksum checked: the header, the body (without its last line end),
    the number of body lines, and whether the body may hold control characters (see
    `may_hold_controls`)."""

    header: dict[str, Any]
    body: str
    line_count: int
    may_hold_controls: bool


def read_bundle(path: Path, schema_version: int, kind: str) -> BundleText:
    """The bundle at `path`, refused with the line and reason when it cannot be merged here."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BundleError(0, "sync.reason.unreadable", detail=exc.strerror or "") from exc
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise BundleError(0, "sync.reason.truncated") from exc
    if not data.endswith(b"\n"):
        raise BundleError(data.count(b"\n") + 1, "sync.reason.truncated")
    split = data.index(b"\n")
    header = _check_header(data[:split], schema_version, kind)
    if hashlib.sha256(memoryview(data)[split + 1 :]).hexdigest() != header.get("sha256"):
        raise BundleError(1, "sync.reason.checksum")
    try:
        text = str(memoryview(data)[split + 1 : -1], "utf-8")
    except UnicodeDecodeError as exc:
        line = 2 + data[split + 1 : split + 1 + exc.start].count(b"\n")
        raise BundleError(line, "sync.reason.encoding") from exc
    unsafe = may_hold_controls(data[split + 1 :])
    del data
    count = text.count("\n") + 1 if text else 0
    counts = header.get("counts")
    if (
        not isinstance(counts, dict)
        or not all(isinstance(n, int) for n in counts.values())
        or sum(counts.values()) != count
    ):
        raise BundleError(1, "sync.reason.counts")
    return BundleText(header, text, count, unsafe)


def _check_header(raw: bytes, schema_version: int, kind: str) -> dict[str, Any]:
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BundleError(1, "sync.reason.not_bundle") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BundleError(1, "sync.reason.not_bundle")
    if header.get("format_version") != FORMAT_VERSION:
        raise BundleError(1, "sync.reason.format_version", version=header.get("format_version"))
    schema = header.get("schema_version")
    if not isinstance(schema, int) or schema > schema_version:
        raise BundleError(1, "sync.reason.schema_newer", version=schema)
    if header.get("kind") != kind:
        raise BundleError(1, "sync.reason.demo_mix")
    return header


def _decode(joined: str, lines: list[str], numbers: list[int]) -> list[Any]:
    """Every line as JSON, parsed as one array (`joined` is the lines joined by commas); a bad
    line is found and named by its number."""
    if not lines:
        return []
    try:
        items = json.loads("[" + joined + "]")
    except (ValueError, RecursionError):
        items = None
    if isinstance(items, list) and len(items) == len(lines):
        return items
    items = []
    for number, text in zip(numbers, lines, strict=True):
        try:
            items.append(json.loads(text))
        except (ValueError, RecursionError) as exc:
            raise BundleError(number, "sync.reason.bad_json") from exc
    return items


@dataclass
class ParsedBundle:
    """The records in bundle order, and where each id is: id → (line number, table)."""

    records: list[Parsed]
    where: dict[str, tuple[int, str]]


def parse_records(
    lines: list[str],
    numbers: list[int],
    columns: Mapping[str, AbstractSet[str]],
    log_tables: Collection[str],
    check_log: Callable[[int, str, dict[str, Any]], None],
    progress: Callable[[int], None] | None = None,
    unchanged: Mapping[str, tuple[int, str]] | None = None,
    unsafe_text: bool = True,
) -> ParsedBundle:
    """Every line as (line number, table, record); `columns` are the tables it may name.

    `numbers` are the lines' numbers in the bundle; `unchanged` are records of other lines,
    already known to be fine, as id → (line, table): an id on two lines is refused wherever they
    are. Log entries (`log_tables`) are checked further by `check_log(line, table, record)`.
    Text is looked at for control characters only when `unsafe_text` (see `may_hold_controls`).
    """
    joined = ",".join(lines)
    items = _decode(joined, lines, numbers)
    del joined
    if not unsafe_text:
        quick = _all_fine(items, numbers, columns, log_tables, check_log, unchanged or {})
        if quick is not None:
            if progress:
                progress(len(items))
            return quick
    parsed: list[Parsed] = []
    where: dict[str, tuple[int, str]] = dict(unchanged or {})
    later: BundleError | None = None
    last_table: object = None
    allowed: AbstractSet[str] = frozenset()
    is_log = False
    for done, (number, item) in enumerate(zip(numbers, items, strict=True), start=1):
        if later is not None and number > later.line:
            raise later
        record = item.get("record") if item.__class__ is dict else None
        if record.__class__ is not dict:
            raise BundleError(number, "sync.reason.bad_json")
        table = item.get("table")
        if table != last_table or table.__class__ is not str:
            found = columns.get(table) if isinstance(table, str) else None
            if found is None:
                raise BundleError(number, "sync.reason.unknown_table", table=str(table))
            last_table, allowed, is_log = table, found, table in log_tables
        if not record.keys() <= allowed:
            unknown = sorted(set(record) - allowed)
            raise BundleError(number, "sync.reason.unknown_field", field=unknown[0])
        if is_log:
            check_log(number, table, record)
            _name_bad_field(number, True, record)
        elif not _record_fields_ok(record):
            _name_bad_field(number, False, record)
        if unsafe_text:
            _check_text(number, record)
        record_id = record["id"]
        before = where.get(record_id)
        if before is not None:
            reason = "duplicate_id" if before[1] == table else "id_in_two_tables"
            if before[0] < number:
                raise BundleError(number, f"sync.reason.{reason}", id=record_id)
            if later is None or before[0] < later.line:
                later = BundleError(before[0], f"sync.reason.{reason}", id=record_id)
        where[record_id] = (number, table)
        parsed.append((number, table, record))
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    if later is not None:
        raise later
    return ParsedBundle(parsed, where)


def _all_fine(
    items: list[Any],
    numbers: list[int],
    columns: Mapping[str, AbstractSet[str]],
    log_tables: Collection[str],
    check_log: Callable[[int, str, dict[str, Any]], None],
    unchanged: Mapping[str, tuple[int, str]],
) -> ParsedBundle | None:
    """The bundle as `parse_records` gives it when every line keeps every rule, checked a field
    at a time across all records; None when some line may break one (the checks line by line
    then name the first such line)."""
    if not set(map(type, items)) <= {dict}:
        return None
    try:
        records, tables = list(map(_GET_RECORD, items)), list(map(_GET_TABLE, items))
    except KeyError:
        return None
    if not set(map(type, records)) <= {dict} or not set(map(type, tables)) <= {str}:
        return None
    by_table: dict[str, list[dict[str, Any]]] = {}
    for table, run in groupby(zip(tables, records, strict=True), key=_FIRST):
        if table not in columns:
            return None
        by_table.setdefault(table, []).extend(map(_SECOND, run))
    for table, group in by_table.items():
        if not set(chain.from_iterable(group)) <= columns[table]:
            return None
        if table in log_tables:
            continue
        if not _records_fine(group):
            return None
    try:
        for number, table, record in zip(numbers, tables, records, strict=True):
            if table in log_tables:
                check_log(number, table, record)
                _name_bad_field(number, True, record)
    except BundleError:
        return None
    where = dict(unchanged)
    where.update(zip(map(_GET_ID, records), zip(numbers, tables, strict=True), strict=True))
    if len(where) != len(unchanged) + len(records):
        return None
    return ParsedBundle(list(zip(numbers, tables, records, strict=True)), where)


def _records_fine(group: list[dict[str, Any]]) -> bool:
    """`_record_fields_ok` for every record of a synced table, a field at a time."""
    try:
        ids, origins = list(map(_GET_ID, group)), list(map(_GET_ORIGIN, group))
        created, updated = list(map(_GET_CREATED, group)), list(map(_GET_UPDATED, group))
    except KeyError:
        return False
    deleted = [value for value in map(_GET_DELETED, group) if value is not None]
    texts = (ids, origins, created, updated, deleted)
    return (
        all(set(map(type, values)) <= {str} for values in texts)
        and all(ids)
        and all(origins)
        and all(map(_STAMP.match, set(chain(created, updated, deleted))))
        and set(map(type, chain.from_iterable(map(dict.values, group)))) <= _PLAIN
    )


def may_hold_controls(data: bytes) -> bool:
    """Whether the UTF-8 JSON text could carry a control character, escape sequence or lone
    surrogate in a string (a quick look, so that ordinary bundles skip the check of every
    field)."""
    if _CONTROL_ESCAPE.search(data) or b"\x7f" in data:
        return True
    if data.isascii() or not any(start in data for start in _RAW_UNSAFE_UTF8):
        return False
    return bool(_RAW_UNSAFE.search(data))


def _clean_value(value: str) -> bool:
    """No control character in the text, nor in the strings of JSON stored as text."""
    if not is_clean(value):
        return False
    if "\\" not in value or value[:1] not in "[{":
        return True
    try:
        nested = json.loads(value)
    except ValueError:
        return True
    except RecursionError:
        return False
    stack = [nested]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not is_clean(item):
                return False
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            stack += item
    return True


def _check_text(number: int, record: dict[str, Any]) -> None:
    """Text is cleaned where it is typed or imported, so a bundle holding a control character
    was not written by this program: it is refused rather than shown."""
    for key, value in record.items():
        if isinstance(value, str) and not _clean_value(value):
            raise BundleError(number, "sync.reason.bad_field", field=key)


def _record_fields_ok(record: dict[str, Any]) -> bool:
    """The rules of `_name_bad_field` for a synced record, in as few steps as possible."""
    try:
        record_id, created, updated, origin = _RECORD_GET(record)
    except KeyError:
        return False
    deleted = record.get("deleted_at")
    return bool(
        record_id.__class__ is str
        and record_id
        and origin.__class__ is str
        and origin
        and created.__class__ is str
        and _STAMP.match(created)
        and updated.__class__ is str
        and (updated == created or _STAMP.match(updated))
        and (
            deleted is None
            or (deleted.__class__ is str and (deleted == updated or _STAMP.match(deleted)))
        )
        and _PLAIN.issuperset(map(type, record.values()))
    )


def _name_bad_field(number: int, is_log: bool, record: dict[str, Any]) -> None:
    """Raise for the first field that breaks a rule (nothing when every field is fine)."""
    for key in _LOG_REQUIRED if is_log else _RECORD_REQUIRED:
        value = record.get(key)
        if value.__class__ is not str or not value:
            raise BundleError(number, "sync.reason.bad_field", field=key)
    for key in _LOG_STAMPS if is_log else _RECORD_STAMPS:
        value = record.get(key)
        if value is not None and (value.__class__ is not str or not _STAMP.match(value)):
            raise BundleError(number, "sync.reason.bad_field", field=key)
    for key, value in record.items():
        if value.__class__ not in _PLAIN:
            raise BundleError(number, "sync.reason.bad_field", field=key)
