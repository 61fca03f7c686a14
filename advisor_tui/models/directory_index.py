"""The directory's search index: an FTS5 table derived from `services` and kept by triggers.

Columns: `name` and `body` hold the stemmed, folded words written with each service
(`services.search_name`, `services.search_text`, see `directory_text`); `facets` holds filter
tokens the triggers derive from the record itself: `a<municipality code>`, `ac<county code>`,
`afi` (nationwide), `t<topic>`, `l<language>` and `dig` (digital). A search ANDs the filters
with the words inside one FTS query, so the index intersects them before anything is ranked.

Migration 0003 created a two-column index. `ensure_search_index` replaces the FTS table, its
vocabulary and the three `services_index_*` triggers with the definitions below, in one
transaction, whenever the stored `directory.search_index` setting differs from
`INDEX_VERSION`; when `directory_text.TEXT_VERSION` changed too, every service's search words
are written again first. `service_rank` holds, per indexed service, the few columns ranking
reads, so that ranking never reads the wide `services` rows. The index holds derived data
only: rebuilding it changes no record.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from advisor_tui.models.directory_text import TEXT_VERSION, search_fields
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store

INDEX_VERSION = f"6.{TEXT_VERSION}"
CACHE_KIB = 32768
SETTING = "directory.search_index"
TEXT_SETTING = "directory.search_text"

_LIVE = "{row}.deleted_at IS NULL AND {row}.status != 'ended'"


def _json(column: str) -> str:
    return f"json_each(CASE WHEN json_valid({column}) THEN {column} ELSE '[]' END)"


def facets_sql(row: str) -> str:
    """The SQL expression of a service row's facet tokens (see the module docstring)."""
    areas = (
        "SELECT COALESCE(group_concat(CASE WHEN value = 'FI' THEN 'afi' "
        "WHEN value LIKE 'county:%' THEN 'ac' || substr(value, 8) ELSE 'a' || value END, ' '), '') "
        f"FROM {_json(row + '.areas')}"
    )
    topics = f"SELECT COALESCE(group_concat('t' || value, ' '), '') FROM {_json(row + '.topics')}"
    languages = (
        f"SELECT COALESCE(group_concat('l' || value, ' '), '') FROM {_json(row + '.languages')}"
    )
    return (
        f"(({areas}) || ' ' || ({topics}) || ' ' || ({languages}) || "
        f"CASE WHEN {row}.digital THEN ' dig' ELSE '' END)"
    )


RANK_COLUMNS = (
    "id, organisation_id, name_fi, digital, verified_on, min_age, max_age, area_scope, areas, "
    "status, topics, search_name"
)


def _index_rows(row: str, condition: str) -> str:
    values = ", ".join(f"{row}.{c.strip()}" for c in RANK_COLUMNS.split(","))
    return f"""
    INSERT OR IGNORE INTO service_keys (service_id) VALUES ({row}.id);
    INSERT INTO service_rank (n, {RANK_COLUMNS})
        SELECT n, {values} FROM service_keys WHERE service_id = {row}.id{condition};
    INSERT INTO service_fts (rowid, name, body, facets)
        SELECT n, {row}.search_name, {row}.search_text, {facets_sql(row)}
        FROM service_keys WHERE service_id = {row}.id{condition};
    INSERT INTO service_areas (n, code)
        SELECT k.n, j.value FROM service_keys k, {_json(row + ".areas")} j
        WHERE k.service_id = {row}.id{condition};
    INSERT INTO service_topics (n, topic)
        SELECT k.n, j.value FROM service_keys k, {_json(row + ".topics")} j
        WHERE k.service_id = {row}.id{condition};"""


_FORGET = """
    DELETE FROM service_rank WHERE n = (SELECT n FROM service_keys WHERE service_id = old.id);
    DELETE FROM service_fts WHERE rowid = (SELECT n FROM service_keys WHERE service_id = old.id);
    DELETE FROM service_areas WHERE n = (SELECT n FROM service_keys WHERE service_id = old.id);
    DELETE FROM service_topics WHERE n = (SELECT n FROM service_keys WHERE service_id = old.id);"""

_LIVE_NEW = " AND " + _LIVE.format(row="new")
_WORDS_CHANGED = " OR ".join(
    f"old.{c} IS NOT new.{c}"
    for c in (
        "search_name",
        "search_text",
        "areas",
        "topics",
        "languages",
        "digital",
        "status",
        "deleted_at",
    )
)
_BUMP = "UPDATE service_index_state SET changes = changes + 1"

SCHEMA = [
    "DROP TRIGGER IF EXISTS services_index_insert",
    "DROP TRIGGER IF EXISTS services_index_update",
    "DROP TRIGGER IF EXISTS services_index_delete",
    "DROP TABLE IF EXISTS service_vocab",
    "DROP TABLE IF EXISTS service_fts",
    "DROP TABLE IF EXISTS service_rank",
    "CREATE TABLE service_rank (n INTEGER PRIMARY KEY, id TEXT NOT NULL, organisation_id TEXT, "
    "name_fi TEXT NOT NULL, digital INTEGER NOT NULL, verified_on TEXT, min_age INTEGER, "
    "max_age INTEGER, area_scope TEXT NOT NULL, areas TEXT NOT NULL, status TEXT NOT NULL, "
    "topics TEXT NOT NULL, search_name TEXT NOT NULL)",
    "CREATE INDEX service_rank_name ON service_rank (name_fi COLLATE NOCASE)",
    "DROP TABLE IF EXISTS service_index_state",
    "CREATE TABLE service_index_state (changes INTEGER NOT NULL)",
    "INSERT INTO service_index_state (changes) VALUES (abs(random() % 1000000000))",
    "CREATE VIRTUAL TABLE service_fts USING fts5 (name, body, facets, "
    "tokenize = \"unicode61 remove_diacritics 2 tokenchars '_'\", prefix = '2 3 4')",
    "CREATE VIRTUAL TABLE service_vocab USING fts5vocab (service_fts, 'col')",
]
TRIGGERS = [
    f"CREATE TRIGGER services_index_insert AFTER INSERT ON services "
    f"WHEN {_LIVE.format(row='new')} BEGIN {_index_rows('new', '')} {_BUMP}; END",
    f"CREATE TRIGGER services_index_update AFTER UPDATE ON services "
    f"BEGIN {_FORGET} {_index_rows('new', _LIVE_NEW)} {_BUMP} WHERE {_WORDS_CHANGED}; END",
    f"CREATE TRIGGER services_index_delete AFTER DELETE ON services BEGIN {_FORGET} {_BUMP}; END",
]


def _rewrite_search_words(store: Store) -> None:
    """Write every service's search words again with the current `directory_text` rules."""
    reference = shipped_reference()
    organisations = {
        r["id"]: dict(r)
        for r in store.query("SELECT id, name_fi, name_sv, name_en FROM organisations")
    }
    rows = store.query("SELECT * FROM services")
    for row in rows:
        service: dict[str, Any] = dict(row)
        for name in ("keywords", "target_groups", "topics", "areas"):
            try:
                value = json.loads(row[name] or "[]")
            except ValueError:
                value = []
            service[name] = [str(v) for v in value] if isinstance(value, list) else []
        name, text = search_fields(service, organisations.get(row["organisation_id"]), reference)
        store.conn.execute(
            "UPDATE services SET search_name = ?, search_text = ? WHERE id = ?",
            (name, text, row["id"]),
        )


def rebuild_search_index(store: Store) -> None:
    """Recreate the FTS table, vocabulary and triggers, and index every live service."""
    with store.transaction() as conn:
        for statement in SCHEMA:
            conn.execute(statement)
        if store.get_setting(TEXT_SETTING) != TEXT_VERSION:
            _rewrite_search_words(store)
        live = _LIVE.format(row="s")
        conn.execute(
            "INSERT OR IGNORE INTO service_keys (service_id) "
            f"SELECT id FROM services s WHERE {live}"
        )
        conn.execute(
            f"INSERT INTO service_rank (n, {RANK_COLUMNS}) SELECT k.n, "
            + ", ".join(f"s.{c.strip()}" for c in RANK_COLUMNS.split(","))
            + f" FROM service_keys k JOIN services s ON s.id = k.service_id WHERE {live}"
        )
        conn.execute("DELETE FROM service_areas")
        conn.execute("DELETE FROM service_topics")
        conn.execute(
            "INSERT INTO service_fts (rowid, name, body, facets) "
            f"SELECT k.n, s.search_name, s.search_text, {facets_sql('s')} "
            f"FROM service_keys k JOIN services s ON s.id = k.service_id WHERE {live}"
        )
        conn.execute(
            "INSERT INTO service_areas (n, code) SELECT k.n, j.value "
            f"FROM service_keys k JOIN services s ON s.id = k.service_id, {_json('s.areas')} j "
            f"WHERE {live}"
        )
        conn.execute(
            "INSERT INTO service_topics (n, topic) SELECT k.n, j.value "
            f"FROM service_keys k JOIN services s ON s.id = k.service_id, {_json('s.topics')} j "
            f"WHERE {live}"
        )
        for statement in TRIGGERS:
            conn.execute(statement)
        store.set_setting(TEXT_SETTING, TEXT_VERSION)
        store.set_setting(SETTING, INDEX_VERSION)
    _VOCABULARIES.clear()


def ensure_search_index(store: Store) -> bool:
    """Bring the index up to `INDEX_VERSION`; True when it had to be rebuilt."""
    if store.get_setting(SETTING) == INDEX_VERSION:
        return False
    rebuild_search_index(store)
    return True


@dataclass
class Vocabulary:
    """The index's terms with document counts, for estimates, short stems and typos."""

    key: tuple[Any, ...]
    total: int
    terms: list[str]
    text_docs: list[int]
    name_docs: list[int]
    facet_docs: dict[str, int]
    by_start: dict[str, list[str]]

    def __post_init__(self) -> None:
        self._text_sums = [0, *accumulate(self.text_docs)]
        self._name_sums = [0, *accumulate(self.name_docs)]
        self._known = frozenset(self.terms)

    def __contains__(self, term: object) -> bool:
        return term in self._known

    def _range(self, prefix: str) -> tuple[int, int]:
        return bisect_left(self.terms, prefix), bisect_left(self.terms, prefix + "\uffff")

    def expand(self, prefix: str, most: int) -> list[str] | None:
        """The terms beginning with `prefix`, or None when there are more than `most`."""
        low, high = self._range(prefix)
        return self.terms[low:high] if high - low <= most else None

    def near(self, word: str) -> list[str]:
        """Terms a typo of `word` could stand for: the same first two letters, those two
        swapped, or the second letter missing or extra."""
        keys = {word[:2], word[1::-1], word[0] + word[2:3]}
        found: list[str] = []
        for key in keys:
            found += self.by_start.get(key, [])
        return found

    def docs(self, term: str, *, prefix: bool, name_only: bool = False) -> int:
        """How many services hold the term (or a term it begins), at most; name column only."""
        sums = self._name_sums if name_only else self._text_sums
        if prefix:
            low, high = self._range(term)
        else:
            low = bisect_left(self.terms, term)
            high = low + 1 if low < len(self.terms) and self.terms[low] == term else low
        return sums[high] - sums[low]


_VOCABULARIES: dict[str, Vocabulary] = {}


def vocabulary(store: Store) -> Vocabulary:
    """The index vocabulary of the database, read again after the indexed words change
    (the triggers count such changes in `service_index_state`).

    Also gives the connection a page cache that holds the ranking table and index of a large
    directory, so that ranking reads them from memory."""
    conn = store.conn
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    try:
        changes = conn.execute("SELECT changes FROM service_index_state").fetchone()
    except sqlite3.OperationalError:
        changes = None
    key = (str(store.path), changes)
    cached = _VOCABULARIES.get(str(store.path))
    if cached is not None and cached.key == key:
        return cached
    text: dict[str, list[int]] = {}
    facets: dict[str, int] = {}
    try:
        rows = conn.execute("SELECT term, col, doc FROM service_vocab").fetchall()
    except sqlite3.OperationalError:
        rows = []
    for term, column, docs in rows:
        if column == "facets":
            facets[term] = int(docs)
            continue
        counts = text.setdefault(term, [0, 0])
        counts[0] += int(docs)
        if column == "name":
            counts[1] += int(docs)
    terms = sorted(text)
    by_start: dict[str, list[str]] = {}
    for term in terms:
        by_start.setdefault(term[:2], []).append(term)
    found = Vocabulary(
        key,
        int(conn.execute("SELECT count(*) FROM service_rank").fetchone()[0]) if rows else 0,
        terms,
        [text[t][0] for t in terms],
        [text[t][1] for t in terms],
        facets,
        by_start,
    )
    if len(_VOCABULARIES) > 8:
        _VOCABULARIES.clear()
    _VOCABULARIES[str(store.path)] = found
    return found
