"""Finding services as people type Finnish: inflection, missing ä/ö, prefixes, typos, filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor_tui.models.directory import find_organisations, get_service
from advisor_tui.models.directory_import import import_file
from advisor_tui.models.directory_search import search_services
from advisor_tui.models.directory_text import edit_distance, index_terms, query_words
from advisor_tui.models.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "directory"


@pytest.fixture
def directory(store: Store) -> Store:
    import_file(store, FIXTURES / "native_small.json")
    return store


def first(store: Store, text: str, **filters: object) -> str:
    hits = search_services(store, text, **filters)  # type: ignore[arg-type]
    assert hits, f"nothing found for {text!r}"
    return hits[0].name


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("mielenterveyden", "Lasten ja nuorten mielenterveyspalvelut"),
        ("mielenterveys", "Lasten ja nuorten mielenterveyspalvelut"),
        ("perheneuvolaan", "Kasvatus- ja perheneuvola"),
        ("perheneuvolassa", "Kasvatus- ja perheneuvola"),
        ("Perheneuvola", "Kasvatus- ja perheneuvola"),
        ("vakivalta", "Vertaistukichat vanhemmille"),
        ("väkivallan", "Vertaistukichat vanhemmille"),
        ("paihteet", "Vertaistukichat vanhemmille"),
        ("perhen", "Kasvatus- ja perheneuvola"),
        ("mielen", "Lasten ja nuorten mielenterveyspalvelut"),
    ],
)
def test_finnish_forms_find_the_service(directory: Store, typed: str, expected: str) -> None:
    assert first(directory, typed) == expected


def test_typo_found_only_when_nothing_matches_exactly(directory: Store) -> None:
    hits = search_services(directory, "kasvtus")
    assert hits[0].name == "Kasvatus- ja perheneuvola"
    assert "typo" in hits[0].reasons
    exact = search_services(directory, "kasvatus")
    assert "typo" not in exact[0].reasons


def test_more_matching_words_rank_first(directory: Store) -> None:
    hits = search_services(directory, "lasten mielenterveys chat")
    assert hits[0].name == "Lasten ja nuorten mielenterveyspalvelut"
    assert len(hits) >= 2


@pytest.mark.parametrize(
    "text",
    ['"', "*", "NEAR", "NEAR(a b)", "-", ":", "name:", 'perhe"', "AND OR NOT", "^x", "(", "'", "+"],
)
def test_fts_syntax_is_searched_as_text(directory: Store, text: str) -> None:
    search_services(directory, text)
    search_services(directory, f"perhe {text}")


def test_empty_text_with_topics_ranks_by_overlap_and_place(directory: Store) -> None:
    hits = search_services(directory, "", topics=["parenting", "violence"], municipality_code="297")
    assert [h.name for h in hits] == ["Kasvatus- ja perheneuvola", "Vertaistukichat vanhemmille"]
    assert hits[0].serves_municipality and "municipality" in hits[0].reasons
    assert "topic:parenting" in hits[0].reasons
    assert not hits[1].serves_municipality and "nationwide" in hits[1].reasons


def test_municipality_filter_keeps_nationwide_services(directory: Store) -> None:
    kuopio = {h.name for h in search_services(directory, "", municipality_code="297")}
    oulu = {h.name for h in search_services(directory, "", municipality_code="564")}
    assert "Kasvatus- ja perheneuvola" in kuopio and "Kasvatus- ja perheneuvola" not in oulu
    assert "Vertaistukichat vanhemmille" in oulu
    county = search_services(directory, "mielenterveys", municipality_code="749")
    assert county[0].serves_municipality and "county" in county[0].reasons


def test_age_digital_type_and_language_filters(directory: Store) -> None:
    young = {h.name for h in search_services(directory, "", age=3)}
    assert "Lasten ja nuorten mielenterveyspalvelut" not in young
    assert "Kasvatus- ja perheneuvola" in young
    digital = search_services(directory, "", digital_only=True)
    assert [h.name for h in digital] == ["Vertaistukichat vanhemmille"]
    ngo = search_services(directory, "", organisation_type="ngo")
    assert [h.name for h in ngo] == ["Vertaistukichat vanhemmille"]
    assert search_services(directory, "", language="sv") == []


def test_stale_services_are_marked(directory: Store) -> None:
    stale = {h.name: h.stale for h in search_services(directory, "")}
    assert stale["Lasten ja nuorten mielenterveyspalvelut"] is True
    assert stale["Kasvatus- ja perheneuvola"] is False


def test_service_detail_and_organisation_picker(directory: Store) -> None:
    hit = search_services(directory, "perheneuvola")[0]
    service = get_service(directory, hit.service_id)
    assert service is not None and len(service.channels) == 2
    assert find_organisations(directory, "pohj")[0][1] == "Pohjois-Savon hyvinvointialue"
    assert find_organisations(directory, "jarjesto")[0][1] == "Testijärjestö ry"
    assert get_service(directory, "no-such-id") is None


def test_text_helpers() -> None:
    assert query_words('"NEAR* -: perhe') == ["near", "perhe"]
    assert "perheneuvol" in index_terms(["Perheneuvolaan"]).split()
    assert edit_distance("kasvtus", "kasvatus", 2) == 1
