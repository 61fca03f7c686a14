"""Ranked service search: Finnish words, the family's municipality, age, topics and filters.

One SQL query per tier (see `directory_plan`) finds, filters and ranks in the database and
returns only the best `limit` rows. Score, best first: 10 per query word matched (the tier),
5 per word found in the service's name, up to 4 for bm25 relevance; the family's municipality 6,
its wellbeing county 4, nationwide 1; 4 per shared topic; age fit 2 (a span of up to 18 years)
or 1; digital 1.5 when nationwide, else 0.5; minus 1 when stale, 3 when temporarily closed.
Nationwide services cover every municipality, so digital services are always reachable.
`ServiceHit.reasons` holds keys the screen and the command line translate:
`words`, `name`, `typo`, `topic:<key>`, `municipality`, `county`, `nationwide`, `digital`, `age`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from advisor_tui.models.directory import STALE_AFTER_DAYS, is_stale, today
from advisor_tui.models.directory_index import ensure_search_index, vocabulary
from advisor_tui.models.directory_plan import (
    Query,
    Tier,
    WordPlan,
    choose_query,
    facet_groups,
    facets_estimate,
    plan_words,
    tiers,
)
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store


@dataclass(frozen=True)
class ServiceHit:
    service_id: str
    name: str
    organisation: str
    digital: bool
    stale: bool
    score: float
    serves_municipality: bool
    reasons: tuple[str, ...]
    summary: str = ""
    organisation_type: str = ""
    area_scope: str = ""
    status: str = "active"
    min_age: int | None = None
    max_age: int | None = None
    verified_on: str | None = None


_COLUMNS = (
    "r.n, r.id, r.name_fi, r.digital, r.verified_on, r.min_age, r.max_age, r.area_scope, "
    "r.status, r.topics, "
    "(:municipality != '' AND instr(r.areas, :municipality_json) > 0) AS local, "
    "(:county != '' AND instr(r.areas, :county_json) > 0) AS regional"
)
_SCORE = (
    ":bonus + 4.0 * relevance / (1.0 + relevance) + 5.0 * in_name"
    " + CASE WHEN :municipality = '' THEN 0 WHEN local THEN 6 WHEN regional THEN 4 ELSE 1 END"
    " + 4.0 * shared"
    " + CASE WHEN digital = 0 THEN 0 WHEN area_scope = 'nationwide' THEN 1.5 ELSE 0.5 END"
    " + CASE WHEN :age IS NULL OR (min_age IS NULL AND max_age IS NULL) THEN 0"
    "   WHEN COALESCE(max_age, 99) - COALESCE(min_age, 0) <= 18 THEN 2 ELSE 1 END"
    " - CASE WHEN COALESCE(verified_on, '') = '' OR substr(verified_on, 1, 10) < :stale_before"
    "   THEN 1 ELSE 0 END"
    " - CASE WHEN status = 'temporarily_closed' THEN 3 ELSE 0 END"
)


@dataclass
class _Filters:
    params: dict[str, Any]
    where: list[str]
    ranking_topics: list[str]
    name_sql: str = "0"

    def shared_sql(self) -> str:
        if not self.ranking_topics:
            return "0"
        return " + ".join(
            f"(instr(r.topics, :topic{i}) > 0)" for i in range(len(self.ranking_topics))
        )


def _filters(
    store: Store,
    municipality_code: str | None,
    county_code: str | None,
    age: int | None,
    organisation_type: str | None,
    ranking_topics: list[str],
    plans: list[WordPlan],
) -> _Filters:
    stale_before = (today(store) - timedelta(days=STALE_AFTER_DAYS)).isoformat()
    params: dict[str, Any] = {
        "municipality": municipality_code or "",
        "county": f"county:{county_code}" if county_code else "",
        "municipality_json": json.dumps(municipality_code or ""),
        "county_json": json.dumps(f"county:{county_code}" if county_code else ""),
        "age": age,
        "stale_before": stale_before,
    }
    where = ["1"]
    if age is not None:
        where.append(
            "(r.min_age IS NULL OR r.min_age <= :age) AND (r.max_age IS NULL OR r.max_age >= :age)"
        )
    if organisation_type:
        where.append(
            "r.organisation_id IN (SELECT id FROM organisations "
            "WHERE org_type = :org_type AND deleted_at IS NULL)"
        )
        params["org_type"] = organisation_type
    for index, topic in enumerate(ranking_topics):
        params[f"topic{index}"] = json.dumps(topic)
    return _Filters(params, where, ranking_topics, _name_sql(plans, params))


def _name_sql(plans: list[WordPlan], params: dict[str, Any]) -> str:
    """How many of the words the service's name holds: a token starting with one of the word's
    prefixes (`search_name` is a short space-separated list of index tokens)."""
    words = []
    for i, plan in enumerate(plans):
        tests = []
        for j, prefix in enumerate(plan.name_prefixes or plan.prefixes + plan.exact):
            params[f"p{i}_{j}"] = " " + prefix
            tests.append(f"instr(' ' || r.search_name, :p{i}_{j}) > 0")
        words.append(f"(CASE WHEN {' OR '.join(tests)} THEN 1 ELSE 0 END)")
    return " + ".join(words) or "0"


def _run(store: Store, sql: str, params: dict[str, Any]) -> list[sqlite3.Row]:
    try:
        return list(store.conn.execute(sql, params).fetchall())
    except sqlite3.OperationalError:
        return []


def _ranked(store: Store, query: Query, filters: _Filters, limit: int) -> list[sqlite3.Row]:
    """The best `limit` services of one FTS query, scored in SQL."""
    if query.cap is None:
        source = "service_fts f"
        relevance = "-bm25(service_fts, 5.0, 1.0, 0.0)" if query.bm25 else "0.0"
        where = ["service_fts MATCH :match", *filters.where]
    else:
        source = (
            f"(SELECT rowid FROM service_fts WHERE service_fts MATCH :match LIMIT {query.cap}) f"
        )
        relevance = "0.0"
        where = list(filters.where)
    inner = (
        f"SELECT {_COLUMNS}, {relevance} AS relevance, {filters.name_sql} AS in_name, "
        f"{filters.shared_sql()} AS shared "
        f"FROM {source} JOIN service_rank r ON r.n = f.rowid WHERE {' AND '.join(where)}"
    )
    sql = (
        f"SELECT *, {_SCORE} AS score FROM ({inner}) "
        "ORDER BY score DESC, name_fi COLLATE NOCASE LIMIT :limit"
    )
    params = dict(filters.params, match=query.expression, bonus=10.0 * query.matched, limit=limit)
    return _run(store, sql, params)


def _browse(store: Store, filters: _Filters, limit: int) -> list[sqlite3.Row]:
    """No words and no facet filters: the first services by name, ranked among themselves."""
    inner = (
        f"SELECT {_COLUMNS}, 0.0 AS relevance, 0 AS in_name, {filters.shared_sql()} AS shared "
        f"FROM service_rank r WHERE {' AND '.join(filters.where)} "
        "ORDER BY r.name_fi COLLATE NOCASE LIMIT :window"
    )
    sql = (
        f"SELECT *, {_SCORE} AS score FROM ({inner}) "
        "ORDER BY score DESC, name_fi COLLATE NOCASE LIMIT :limit"
    )
    params = dict(filters.params, bonus=0.0, limit=limit, window=limit * 4)
    return _run(store, sql, params)


def search_services(
    store: Store,
    text: str,
    *,
    municipality_code: str | None = None,
    age: int | None = None,
    topics: Sequence[str] = (),
    digital_only: bool = False,
    organisation_type: str | None = None,
    language: str | None = None,
    limit: int = 50,
    prefer_topics: Sequence[str] = (),
) -> list[ServiceHit]:
    """Services matching the text and filters, best first.

    `topics` filters to services with at least one of them and ranks by how many they share;
    `prefer_topics` only ranks. With empty text the topics, municipality and age alone rank.
    """
    ensure_search_index(store)
    words = vocabulary(store)
    plans, typed = plan_words(text, words)
    if typed and not plans:
        return []
    county_code = None
    if municipality_code:
        found = shipped_reference().municipalities.get(municipality_code)
        county_code = found.county_code if found and found.county_code else None
    wanted = [t for t in topics if t]
    groups = facet_groups(
        municipality_code=municipality_code,
        county_code=county_code,
        topics=wanted,
        digital_only=digital_only,
        language=language,
    )
    if facets_estimate(groups, words) == 0:
        return []
    ranking = list(dict.fromkeys([*wanted, *prefer_topics]))
    filters = _filters(
        store, municipality_code, county_code, age, organisation_type, ranking, plans
    )
    if not plans and not groups:
        rows = _browse(store, filters, limit)
    else:
        rows = []
        steps: list[Tier | None] = list(tiers(plans)) or [None]
        for tier in steps:
            query = choose_query(tier, groups, words)
            rows += _ranked(store, query, filters, limit - len(rows))
            if len(rows) >= limit:
                break
    details = _details(store, [row["id"] for row in rows])
    return [_hit(row, details[row["id"]], plans, ranking, filters, store) for row in rows]


def _details(store: Store, ids: list[str]) -> dict[str, sqlite3.Row]:
    """Summary and organisation of the chosen services (ranking never reads them)."""
    if not ids:
        return {}
    rows = store.query(
        "SELECT s.id, s.summary_fi, COALESCE(o.name_fi, '') AS org, "
        "COALESCE(o.org_type, '') AS org_type FROM services s "
        "LEFT JOIN organisations o ON o.id = s.organisation_id "
        "WHERE s.id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),),
    )
    return {r["id"]: r for r in rows}


def _hit(
    row: sqlite3.Row,
    detail: sqlite3.Row,
    plans: list[WordPlan],
    ranking: list[str],
    filters: _Filters,
    store: Store,
) -> ServiceHit:
    why: list[str] = []
    if plans:
        why.append("words")
        if any(p.typo for p in plans):
            why.append("typo")
        if row["in_name"]:
            why.append("name")
    if ranking:
        try:
            own = set(json.loads(row["topics"] or "[]"))
        except ValueError:
            own = set()
        why += [f"topic:{t}" for t in ranking if t in own]
    municipality = filters.params["municipality"]
    if municipality:
        why.append(
            "municipality" if row["local"] else "county" if row["regional"] else "nationwide"
        )
    elif row["area_scope"] == "nationwide":
        why.append("nationwide")
    if row["digital"]:
        why.append("digital")
    if filters.params["age"] is not None and (
        row["min_age"] is not None or row["max_age"] is not None
    ):
        why.append("age")
    return ServiceHit(
        service_id=row["id"],
        name=row["name_fi"],
        organisation=detail["org"],
        digital=bool(row["digital"]),
        stale=is_stale(row["verified_on"], today(store)),
        score=round(float(row["score"]), 2),
        serves_municipality=bool(municipality) and bool(row["local"] or row["regional"]),
        reasons=tuple(why),
        summary=detail["summary_fi"],
        organisation_type=detail["org_type"],
        area_scope=row["area_scope"],
        status=row["status"],
        min_age=row["min_age"],
        max_age=row["max_age"],
        verified_on=row["verified_on"],
    )
