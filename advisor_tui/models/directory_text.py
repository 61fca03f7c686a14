"""Finnish words as the search index holds them: stemmed, lower case, ä→a, ö→o, å→a.

Both the stem and the whole folded word go into the index, so that prefixes typed so far and
inflected forms (*perheneuvolaan*, *mielenterveyden*) meet the same entries. Query words become
FTS5 expressions built only from letters and digits in double quotes: nothing the user types
is read as FTS syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FOLD = str.maketrans({"ä": "a", "ö": "o", "å": "a", "é": "e", "ü": "u", "á": "a", "š": "s"})
_STEMMER = Stemmer.Stemmer("finnish")
MIN_PREFIX = 2
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
        "tai",
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


def index_terms(texts: Iterable[str]) -> str:
    """Space-separated index entries for the texts: each word's stem and its folded form."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            if word in STOPWORDS:
                continue
            seen.setdefault(stem(word), None)
            seen.setdefault(fold(word), None)
            if len(seen) >= MAX_INDEX_WORDS:
                return " ".join(seen)
    return " ".join(seen)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


def word_variants(
    word: str, vocabulary: frozenset[str] | None = None
) -> tuple[list[str], list[str]]:
    """(prefixes, exact terms) that stand for one typed word.

    Prefixes: the folded word as typed, its stem, and for long stems the stem without its last
    letter (consonant gradation: *mielenterveyd-* meets *mielenterveys*). Exact terms: shorter
    stems found in the vocabulary (*väkival-* meets *väkiv*, the stem of *väkivalta*).
    """
    folded = fold(word)
    stemmed = stem(word)
    prefixes = {folded, stemmed}
    if len(stemmed) >= 7:
        prefixes.add(stemmed[:-1])
    exact: list[str] = []
    if vocabulary is not None:
        low = max(5, len(stemmed) - 3)
        for size in range(len(stemmed) - 1, low - 1, -1):
            if stemmed[:size] in vocabulary:
                exact.append(stemmed[:size])
    shortest = sorted(p for p in prefixes if len(p) >= MIN_PREFIX)
    return shortest, exact


def word_clause(word: str, vocabulary: frozenset[str] | None = None) -> str:
    """The FTS5 expression matching one typed word anywhere in a service."""
    prefixes, exact = word_variants(word, vocabulary)
    parts = [f"{_quoted(p)}*" for p in prefixes] + [_quoted(e) for e in exact]
    if not parts:
        parts = [_quoted(fold(word))]
    return "(" + " OR ".join(parts) + ")"


def query_words(text: str) -> list[str]:
    """The distinct words of a search text, in order; FTS operators are ordinary words here."""
    found: dict[str, None] = {}
    every = words(text)
    content = [w for w in every if w not in STOPWORDS] or every
    for word in content:
        found.setdefault(word, None)
    return list(found)[:12]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        best = i
        for j, cb in enumerate(b, start=1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            current.append(value)
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous = current
    return previous[-1]


def typo_candidates(word: str, vocabulary: Iterable[str], limit: int = 5) -> list[str]:
    """Index entries within a small edit distance of the word (or of its beginning)."""
    target = fold(word)
    if len(target) < 4:
        return []
    allowed = 1 if len(target) < 7 else 2
    scored: list[tuple[int, int, str]] = []
    for term in vocabulary:
        if abs(len(term) - len(target)) > 6 or (term[0] != target[0] and term[:2] != target[1::-1]):
            continue
        whole = edit_distance(target, term, allowed)
        start = edit_distance(target, term[: len(target)], allowed)
        distance = min(whole, start)
        if distance <= allowed:
            scored.append((distance, len(term), term))
    scored.sort()
    return [term for _, _, term in scored[:limit]]
