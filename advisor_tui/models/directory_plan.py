"""From typed words and filters to FTS5 queries, with an estimate of how many services match.

Each typed word becomes an expression of quoted terms only (nothing the user types is read as
FTS syntax): its folded form and its stem as prefixes, shorter stems found in the index, or,
when nothing matches, the closest index terms (a typo). Words of one or two letters match only
the beginning of a word in a service's name. Several words make tiers: services matching all
words first, then those matching fewer. Filters are facet terms (see `directory_index`) ANDed
to every tier.

Relevance within a tier is FTS5's bm25 when weighing the words reads at most `BM25_POSTINGS`
index entries (bm25 counts every service holding each term; a term in most services weighs
almost nothing anyway), else the tier, name matches and filters alone rank.
A tier whose matches may exceed `RANK_LIMIT` (estimated from the index vocabulary) is narrowed
to matches in service names; if even that is too broad, only the first `RANK_LIMIT` matches in
index order are ranked. Filters alone (no words) rank up to `FILTER_LIMIT` services. Small and
regional directories never reach the limits; a 20,000-service directory reaches them for a
word found in most services, searched without a municipality.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from advisor_tui.models.directory_index import Vocabulary
from advisor_tui.models.directory_text import fold, query_words, stem, typo_candidates

SHORT = 2
RANK_LIMIT = 600
FILTER_LIMIT = 2000
BM25_POSTINGS = 20_000
MAX_TIERED_WORDS = 4
MAX_EXPANSION = 40


def _quoted(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


@dataclass(frozen=True)
class WordPlan:
    """The index terms standing for one typed word."""

    typed: str
    prefixes: tuple[str, ...]
    exact: tuple[str, ...] = ()
    typo: bool = False
    short: bool = False
    name_prefixes: tuple[str, ...] = ()

    def terms(self) -> str:
        parts = [f"{_quoted(p)}*" for p in self.prefixes] + [_quoted(e) for e in self.exact]
        return "(" + " OR ".join(parts) + ")"

    def expanded(self, vocabulary: Vocabulary) -> WordPlan:
        """The same word with each prefix that begins only a few index terms replaced by those
        terms: FTS5 reads a prefix's postings whole, but skips through exact terms' postings."""
        prefixes: list[str] = []
        exact = list(self.exact)
        for prefix in self.prefixes:
            terms = vocabulary.expand(prefix, MAX_EXPANSION)
            if terms is None:
                prefixes.append(prefix)
            else:
                exact += terms
        exact = list(dict.fromkeys(exact))
        tests = self.name_prefixes or self.prefixes + self.exact
        return WordPlan(self.typed, tuple(prefixes), tuple(exact), self.typo, self.short, tests)

    def expression(self, name_only: bool = False) -> str:
        columns = "name" if name_only or self.short else "{name body}"
        return f"({columns} : {self.terms()})"

    def estimate(self, vocabulary: Vocabulary, name_only: bool = False) -> int:
        names = name_only or self.short
        found = sum(vocabulary.docs(p, prefix=True, name_only=names) for p in self.prefixes)
        return found + sum(vocabulary.docs(e, prefix=False, name_only=names) for e in self.exact)


def _variants(word: str, vocabulary: Vocabulary) -> WordPlan:
    """Prefixes: the folded word, its stem and, for long stems, the stem less its last letter
    (consonant gradation: *mielenterveyd-* meets *mielenterveys*). Exact terms: shorter stems
    in the index (*väkival-* meets *väkiv*, the stem of *väkivalta*)."""
    folded, stemmed = fold(word), stem(word)
    prefixes = {folded, stemmed}
    if len(stemmed) >= 7:
        prefixes.add(stemmed[:-1])
    exact = [
        stemmed[:size]
        for size in range(len(stemmed) - 1, max(5, len(stemmed) - 3) - 1, -1)
        if stemmed[:size] in vocabulary
    ]
    usable = sorted(p for p in prefixes if len(p) > SHORT) or [folded]
    shortest = tuple(p for p in usable if not any(p != q and p.startswith(q) for q in usable))
    covered = tuple(e for e in exact if not e.startswith(shortest))
    return WordPlan(word, shortest, covered)


def plan_words(text: str, vocabulary: Vocabulary) -> tuple[list[WordPlan], bool]:
    """(plans of the words that can match, whether the text had any words at all)."""
    typed = query_words(text)
    plans: list[WordPlan] = []
    for word in typed:
        if len(word) <= SHORT:
            plan = WordPlan(word, (fold(word),), short=True)
            if plan.estimate(vocabulary):
                plans.append(plan.expanded(vocabulary))
            continue
        plan = _variants(word, vocabulary)
        if plan.estimate(vocabulary):
            plans.append(plan.expanded(vocabulary))
            continue
        close = typo_candidates(word, vocabulary.near(fold(word)))
        if close:
            plans.append(WordPlan(word, tuple(close), typo=True).expanded(vocabulary))
    return plans, bool(typed)


@dataclass(frozen=True)
class Tier:
    """Services matching `matched` of the words (and no more); `bonus` ranks the tier."""

    matched: int
    positive: list[list[WordPlan]]
    negative: list[list[WordPlan]]

    def expression(self, name_only: bool = False) -> str:
        def any_of(groups: list[list[WordPlan]], names: bool) -> str:
            return " OR ".join(
                "(" + " AND ".join(p.expression(names) for p in group) + ")" for group in groups
            )

        text = f"({any_of(self.positive, name_only)})"
        if self.negative:
            text += f" NOT ({any_of(self.negative, False)})"
        return text

    def estimate(self, vocabulary: Vocabulary, name_only: bool = False) -> int:
        counts = [[p.estimate(vocabulary, name_only) for p in g] for g in self.positive]
        return sum(min(c) for c in counts)

    def postings(self, vocabulary: Vocabulary) -> int:
        """Index entries bm25 reads to weigh the terms (it counts each term's services, in
        every column, whatever column the query names)."""
        words = {p.typed: p for group in self.positive for p in group}
        return sum(p.estimate(vocabulary) for p in words.values())


def tiers(plans: list[WordPlan]) -> list[Tier]:
    """All words first, then fewer; every word count for up to four words, else all and any."""
    count = len(plans)
    if count == 0:
        return []
    sizes = list(range(count, 0, -1)) if count <= MAX_TIERED_WORDS else [count, 1]
    groups = {k: [list(c) for c in combinations(plans, k)] for k in sizes}
    found = []
    for index, k in enumerate(sizes):
        higher = groups[sizes[index - 1]] if index else []
        found.append(Tier(k, groups[k], higher))
    return found


def facet_groups(
    *,
    municipality_code: str | None,
    county_code: str | None,
    topics: list[str],
    digital_only: bool,
    language: str | None,
) -> list[list[str]]:
    """Facet terms: any of a group, every group."""
    groups: list[list[str]] = []
    if municipality_code:
        place = [f"a{municipality_code}", "afi"]
        if county_code:
            place.insert(1, f"ac{county_code}")
        groups.append(place)
    if topics:
        groups.append([f"t{topic}" for topic in topics])
    if digital_only:
        groups.append(["dig"])
    if language:
        groups.append([f"l{language}"])
    return groups


def facets_expression(groups: list[list[str]]) -> str:
    return " AND ".join(
        "(facets : (" + " OR ".join(_quoted(term) for term in group) + "))" for group in groups
    )


def facets_estimate(groups: list[list[str]], vocabulary: Vocabulary) -> int | None:
    """The most services the filters allow (None without filters); 0 when none can match."""
    if not groups:
        return None
    return min(sum(vocabulary.facet_docs.get(term, 0) for term in group) for group in groups)


@dataclass(frozen=True)
class Query:
    """One FTS query: every match ranked (with bm25 when there are words), or only the first
    `cap` matches in index order."""

    expression: str
    matched: int
    cap: int | None = None
    bm25: bool = False


def choose_query(tier: Tier | None, groups: list[list[str]], vocabulary: Vocabulary) -> Query:
    """The expression for a tier (or for the filters alone) and how to rank it.

    With filters, the estimate assumes words and filters independent: a word in a tenth of the
    services and filters that allow a tenth leave about a hundredth."""
    facets = facets_expression(groups)
    allowed = facets_estimate(groups, vocabulary)
    if tier is None:
        return Query(facets, 0, None if (allowed or 0) <= FILTER_LIMIT else FILTER_LIMIT)

    def joined(text: str) -> str:
        return f"({text}) AND {facets}" if facets else text

    for name_only in (False, True):
        estimate = tier.estimate(vocabulary, name_only)
        if allowed is not None:
            estimate = estimate * allowed // max(1, vocabulary.total)
        if estimate <= RANK_LIMIT:
            postings = tier.postings(vocabulary) + sum(
                vocabulary.facet_docs.get(term, 0) for group in groups for term in group
            )
            return Query(
                joined(tier.expression(name_only)), tier.matched, bm25=postings <= BM25_POSTINGS
            )
    return Query(joined(tier.expression(True)), tier.matched, RANK_LIMIT)
