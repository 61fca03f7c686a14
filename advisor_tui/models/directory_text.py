"""Finnish words as the search index holds them: stemmed, lower case, ä→a, ö→o, å→a.

Both the stem and the whole folded word go into the index, so that prefixes typed so far and
inflected forms (*perheneuvolaan*, *mielenterveyden*) meet the same entries. A compound that
ends in one of the heads listed in `data/directory/compound_heads.txt` also gets the head's
stem (*lastenneuvola* is found by *neuvola*). Changing these rules means a new `TEXT_VERSION`:
the index then writes every service's words again (see `directory_index`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import Stemmer

from advisor_tui.models.errors import ReferenceDataError
from advisor_tui.models.reference import Reference

TEXT_VERSION = "2"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_HEAD = re.compile(r"^[a-zåäö]{3,}$")
_FOLD = str.maketrans({"ä": "a", "ö": "o", "å": "a", "é": "e", "ü": "u", "á": "a", "š": "s"})
_STEMMER = Stemmer.Stemmer("finnish")
LANGS = ("fi", "sv", "en")
MIN_MODIFIER = 3
STOPWORDS = frozenset(
    [
        "ja",
        "sekä",
        "tai",
        "on",
        "ei",
        "että",
        "myös",
        "kun",
        "jos",
        "voi",
        "eli",
        "mutta",
        "sen",
        "se",
        "ne",
        "niin",
        "kuin",
        "vain",
        "and",
        "or",
        "the",
        "of",
        "to",
        "in",
        "for",
        "och",
        "att",
        "som",
        "är",
    ]
)
MAX_INDEX_WORDS = 4000


def fold(text: str) -> str:
    """Lower case with the Nordic letters folded, as people type without ä and ö."""
    return text.casefold().translate(_FOLD)


def words(text: str) -> list[str]:
    """The words of `text`, lower case, punctuation and FTS operators dropped."""
    return _WORD.findall(text.casefold())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The folded Snowball stem of one lower-case word."""
    return fold(str(_STEMMER.stemWord(word)))


def load_compound_heads(path: Path) -> dict[str, str]:
    """{folded head: its stem}; a broken line raises `ReferenceDataError` naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise ReferenceDataError(path.name, 0, "", "data.problem.missing") from exc
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(path.name, 0, "", "data.problem.encoding") from exc
    heads: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        if not _HEAD.match(word):
            raise ReferenceDataError(path.name, number, "word", "directory.problem.head")
        if fold(word) in heads:
            raise ReferenceDataError(path.name, number, "word", "data.problem.duplicate")
        heads[fold(word)] = stem(word)
    return heads


@lru_cache(maxsize=1)
def _heads() -> tuple[dict[str, str], dict[str, str]]:
    """(folded head → stem, stem of the head inside a compound → stem of the head)."""
    from advisor_tui.paths import package_data_dir

    heads = load_compound_heads(package_data_dir() / "directory" / "compound_heads.txt")
    inside: dict[str, str] = {}
    for head, own in heads.items():
        joined = stem("perhe" + head)
        tail = joined[5:] if joined.startswith("perhe") else own
        if len(tail) >= 3:
            inside[tail] = own
    return heads, inside


@lru_cache(maxsize=65536)
def compound_heads(word: str) -> tuple[str, ...]:
    """Stems of the heads a compound word ends in (*lastenneuvolaan* → *neuvol*)."""
    heads, inside = _heads()
    folded, stemmed = fold(word), stem(word)
    found = [
        own
        for head, own in heads.items()
        if folded.endswith(head) and len(folded) - len(head) >= MIN_MODIFIER
    ]
    found += [
        own
        for tail, own in inside.items()
        if stemmed.endswith(tail) and len(stemmed) - len(tail) >= MIN_MODIFIER
    ]
    return tuple(dict.fromkeys(found))


def index_terms(texts: Iterable[str]) -> str:
    """Space-separated index entries: each word's stem, its folded form and compound heads."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            if word in STOPWORDS:
                continue
            seen.setdefault(stem(word), None)
            seen.setdefault(fold(word), None)
            for head in compound_heads(word):
                seen.setdefault(head, None)
            if len(seen) >= MAX_INDEX_WORDS:
                return " ".join(seen)
    return " ".join(seen)


def search_fields(
    service: dict[str, Any], org: dict[str, Any] | None, ref: Reference
) -> tuple[str, str]:
    """(name words, body words) of a service: names; texts, organisation, topics and places."""
    name = index_terms(service.get(f"name_{lang}") or "" for lang in LANGS)
    texts: list[str] = []
    for lang in LANGS:
        texts += [
            service.get(f"summary_{lang}") or "",
            (service.get(f"description_{lang}") or "")[:4000],
        ]
    if org:
        texts += [org.get("name_fi") or "", org.get("name_sv") or "", org.get("name_en") or ""]
    texts += list(service.get("keywords") or []) + list(service.get("target_groups") or [])
    for topic in service.get("topics") or []:
        texts += [ref.label("topic", topic, lang) for lang in LANGS]
    areas = list(service.get("areas") or [])
    if service.get("area_scope") == "municipalities" and len(areas) <= 12:
        for code in areas:
            if code in ref.municipalities:
                texts += [ref.municipalities[code].name_fi, ref.municipalities[code].name_sv]
    if service.get("area_scope") == "county":
        for code in areas:
            county = ref.counties.get(code.removeprefix("county:"))
            if county:
                texts.append(county.name_fi)
    return name, index_terms(texts)


def query_words(text: str) -> list[str]:
    """The distinct words of a search text, in order; FTS operators are ordinary words here."""
    found: dict[str, None] = {}
    every = words(text)
    content = [w for w in every if w not in STOPWORDS] or every
    for word in content:
        found.setdefault(word, None)
    return list(found)[:12]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`; only
    the diagonal band a distance within the limit can use is computed."""
    over = limit + 1
    if abs(len(a) - len(b)) > limit:
        return over
    previous = [j if j <= limit else over for j in range(len(b) + 1)]
    for i, ca in enumerate(a, start=1):
        low, high = max(1, i - limit), min(len(b), i + limit)
        current = [over] * (len(b) + 1)
        current[0] = i if i <= limit else over
        best = current[0]
        for j in range(low, high + 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != b[j - 1]))
            current[j] = value
            best = min(best, value)
        if best > limit:
            return over
        previous = current
    return min(previous[-1], over)


def typo_candidates(word: str, vocabulary: Iterable[str], limit: int = 5) -> list[str]:
    """Index entries within a small edit distance of the word (or of their beginning)."""
    target = fold(word)
    if len(target) < 4:
        return []
    allowed = 1 if len(target) < 7 else 2
    scored: list[tuple[int, int, str]] = []
    for term in vocabulary:
        if abs(len(term) - len(target)) > 6 or (term[0] != target[0] and term[:2] != target[1::-1]):
            continue
        distance = edit_distance(target, term, allowed)
        if distance > allowed and len(term) > len(target):
            distance = edit_distance(target, term[: len(target)], allowed)
        if distance <= allowed:
            scored.append((distance, len(term), term))
    scored.sort()
    return [term for _, _, term in scored[:limit]]
