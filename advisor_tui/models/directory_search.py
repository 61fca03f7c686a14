"""Ranked service search: Finnish words, the family's municipality, age, topics and filters.

Ranking, best first: more query words matched (a word in the name counts more), the service
serving the family's municipality (then its wellbeing county, then nationwide), topic overlap,
age fit. Nationwide services cover every municipality, so digital services are always reachable.
`ServiceHit.reasons` holds keys the screen and the command line translate:
`words`, `name`, `typo`, `topic:<key>`, `municipality`, `county`, `nationwide`, `digital`, `age`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advisor_tui.models.directory import is_stale, today
from advisor_tui.models.directory_text import query_words, typo_candidates, word_clause
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


@dataclass
class _Vocabulary:
    key: tuple[Any, ...]
    terms: frozenset[str]
    by_letter: dict[str, list[str]]


_VOCABULARY: dict[str, _Vocabulary] = {}


def _vocabulary(store: Store) -> _Vocabulary:
    version = store.conn.execute("PRAGMA data_version").fetchone()[0]
    key = (id(store.conn), version, store.conn.total_changes)
    cached = _VOCABULARY.get(str(store.path))
    if cached is not None and cached.key == key:
        return cached
    terms = frozenset(str(r[0]) for r in store.query("SELECT term FROM service_vocab"))
    by_letter: dict[str, list[str]] = {}
    for term in terms:
        by_letter.setdefault(term[0], []).append(term)
    cached = _Vocabulary(key, terms, by_letter)
    _VOCABULARY[str(store.path)] = cached
    return cached


def _matching(store: Store, expression: str) -> set[int]:
    try:
        rows = store.conn.execute(
            "SELECT rowid FROM service_fts WHERE service_fts MATCH ?", (expression,)
        ).fetchall()
    except sqlite3.OperationalError:
        return set()
    return {int(r[0]) for r in rows}


def _text_scores(store: Store, text: str) -> tuple[dict[int, float], dict[int, list[str]]] | None:
    """Score and reasons per matching service; None when the text has no words."""
    typed = query_words(text)
    if not typed:
        return None
    vocabulary = _vocabulary(store)
    scores: dict[int, float] = {}
    reasons: dict[int, list[str]] = {}
    for word in typed:
        clause = word_clause(word, vocabulary.terms)
        found = _matching(store, clause)
        weight, reason = 10.0, "words"
        if not found:
            nearby = vocabulary.by_letter.get(word[0], []) + vocabulary.by_letter.get(word[1:2], [])
            close = typo_candidates(word, nearby)
            if close:
                clause = "(" + " OR ".join(f'"{c}"*' for c in close) + ")"
                found = _matching(store, clause)
                weight, reason = 6.0, "typo"
        if not found:
            continue
        in_name = _matching(store, "name : " + clause)
        for n in found:
            scores[n] = scores.get(n, 0.0) + weight + (5.0 if n in in_name else 0.0)
            bucket = reasons.setdefault(n, [])
            if reason not in bucket:
                bucket.append(reason)
            if n in in_name and "name" not in bucket:
                bucket.append("name")
    return scores, reasons


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
    text_part = _text_scores(store, text)
    if text_part is not None and not text_part[0]:
        return []
    county = None
    if municipality_code:
        found = shipped_reference().municipalities.get(municipality_code)
        county = f"county:{found.county_code}" if found else None
    where = ["s.deleted_at IS NULL", "s.status != 'ended'"]
    params: list[Any] = [municipality_code or "", county or ""]
    if text_part is not None:
        where.append("k.n IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(text_part[0])))
    if municipality_code:
        where.append("k.n IN (SELECT n FROM service_areas WHERE code IN (?, ?, 'FI'))")
        params += [municipality_code, county or ""]
    if age is not None:
        where.append(
            "(s.min_age IS NULL OR s.min_age <= ?) AND (s.max_age IS NULL OR s.max_age >= ?)"
        )
        params += [age, age]
    wanted_topics = [t for t in topics if t]
    if wanted_topics:
        marks = ", ".join("?" for _ in wanted_topics)
        where.append(f"k.n IN (SELECT n FROM service_topics WHERE topic IN ({marks}))")
        params += wanted_topics
    if digital_only:
        where.append("s.digital = 1")
    if organisation_type:
        where.append("o.org_type = ?")
        params.append(organisation_type)
    if language:
        where.append("EXISTS (SELECT 1 FROM json_each(s.languages) WHERE value = ?)")
        params.append(language)
    order = ""
    if text_part is None and not wanted_topics and not prefer_topics:
        order = " ORDER BY local DESC, regional DESC, s.name_fi COLLATE NOCASE LIMIT ?"
        params.append(limit * 4)
    sql = (
        "SELECT k.n, s.id, s.digital, s.verified_on, s.min_age, s.max_age, s.topics, "
        "s.area_scope, s.status, s.name_fi, "
        "EXISTS (SELECT 1 FROM service_areas a WHERE a.n = k.n AND a.code = ?) AS local, "
        "EXISTS (SELECT 1 FROM service_areas a WHERE a.n = k.n AND a.code = ?) AS regional "
        "FROM service_keys k JOIN services s ON s.id = k.service_id "
        "LEFT JOIN organisations o ON o.id = s.organisation_id "
        f"WHERE {' AND '.join(where)}{order}"
    )
    rows = store.query(sql, params)
    day = today(store)
    ranking_topics = list(dict.fromkeys([*wanted_topics, *prefer_topics]))
    scored: list[tuple[float, str, Any, tuple[str, ...], bool]] = []
    for row in rows:
        score = 0.0
        why: list[str] = []
        if text_part is not None:
            score += text_part[0].get(row["n"], 0.0)
            why += text_part[1].get(row["n"], [])
        if ranking_topics:
            own = set(json.loads(row["topics"] or "[]"))
            shared = [t for t in ranking_topics if t in own]
            score += 4.0 * len(shared)
            why += [f"topic:{t}" for t in shared]
        if municipality_code:
            if row["local"]:
                score += 6.0
                why.append("municipality")
            elif row["regional"]:
                score += 4.0
                why.append("county")
            else:
                score += 1.0
                why.append("nationwide")
        elif row["area_scope"] == "nationwide":
            why.append("nationwide")
        if row["digital"]:
            score += 1.5 if row["area_scope"] == "nationwide" else 0.5
            why.append("digital")
        if age is not None and (row["min_age"] is not None or row["max_age"] is not None):
            span = (row["max_age"] if row["max_age"] is not None else 99) - (row["min_age"] or 0)
            score += 2.0 if span <= 18 else 1.0
            why.append("age")
        stale = is_stale(row["verified_on"], day)
        if stale:
            score -= 1.0
        if row["status"] == "temporarily_closed":
            score -= 3.0
        scored.append((score, row["name_fi"].casefold(), row, tuple(why), stale))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return _hits(store, scored[:limit], serve=bool(municipality_code))


def _hits(
    store: Store, chosen: list[tuple[float, str, Any, tuple[str, ...], bool]], *, serve: bool
) -> list[ServiceHit]:
    if not chosen:
        return []
    ids = json.dumps([item[2]["id"] for item in chosen])
    details = {
        r["id"]: r
        for r in store.query(
            "SELECT s.id, s.name_fi, s.summary_fi, COALESCE(o.name_fi, '') AS org, "
            "COALESCE(o.org_type, '') AS org_type FROM services s "
            "LEFT JOIN organisations o ON o.id = s.organisation_id "
            "WHERE s.id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
    }
    hits = []
    for score, _, row, why, stale in chosen:
        detail = details[row["id"]]
        hits.append(
            ServiceHit(
                service_id=row["id"],
                name=detail["name_fi"],
                organisation=detail["org"],
                digital=bool(row["digital"]),
                stale=stale,
                score=round(score, 2),
                serves_municipality=serve and ("municipality" in why or "county" in why),
                reasons=why,
                summary=detail["summary_fi"],
                organisation_type=detail["org_type"],
                area_scope=row["area_scope"],
                status=row["status"],
                min_age=row["min_age"],
                max_age=row["max_age"],
                verified_on=row["verified_on"],
            )
        )
    return hits
