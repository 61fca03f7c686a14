"""The search index: rebuilt from models code, kept by triggers, and narrowed for broad words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor_tui.models import directory_plan
from advisor_tui.models.directory_feedback import mark_checked
from advisor_tui.models.directory_import import import_file
from advisor_tui.models.directory_index import (
    INDEX_VERSION,
    SETTING,
    TEXT_SETTING,
    ensure_search_index,
    vocabulary,
)
from advisor_tui.models.directory_search import search_services
from advisor_tui.models.directory_text import compound_heads, load_compound_heads
from advisor_tui.models.errors import ReferenceDataError
from advisor_tui.models.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "directory"


@pytest.fixture
def directory(store: Store) -> Store:
    import_file(store, FIXTURES / "native_small.json")
    return store


def names(store: Store, text: str, **filters: object) -> list[str]:
    return [h.name for h in search_services(store, text, **filters)]  # type: ignore[arg-type]


def test_a_new_database_gets_the_index_on_first_search(store: Store) -> None:
    assert store.get_setting(SETTING) is None
    assert search_services(store, "perhe") == []
    assert store.get_setting(SETTING) == INDEX_VERSION
    columns = [r[1] for r in store.query("PRAGMA table_info(service_fts)")]
    assert columns == ["name", "body", "facets"]
    assert ensure_search_index(store) is False


def test_upgrade_rewrites_words_and_keeps_results(directory: Store) -> None:
    with directory.transaction() as conn:
        conn.execute("UPDATE services SET search_name = '', search_text = ''")
        directory.set_setting(SETTING, "old")
        directory.set_setting(TEXT_SETTING, "old")
    assert ensure_search_index(directory) is True
    assert names(directory, "perheneuvolaan") == ["Kasvatus- ja perheneuvola"]
    facets = directory.scalar(
        "SELECT facets FROM service_fts WHERE rowid = "
        "(SELECT n FROM service_keys k JOIN services s ON s.id = k.service_id "
        "WHERE s.source_id = 's1')"
    )
    assert set(str(facets).split()) == {"a297", "tparenting", "tbehaviour", "lfi"}


def test_rows_written_outside_the_importer_are_indexed(directory: Store) -> None:
    search_services(directory, "")
    row = dict(directory.query("SELECT * FROM services WHERE source_id = 's1'")[0])
    row.update(id="merged-1", source_id="s9", name_fi="Perhekahvila", search_name="perhekahvil")
    with directory.transaction() as conn:
        marks = ", ".join("?" for _ in row)
        conn.execute(
            f"INSERT INTO services ({', '.join(row)}) VALUES ({marks})", tuple(row.values())
        )
    assert names(directory, "perhekahvila", municipality_code="297") == ["Perhekahvila"]
    with directory.transaction() as conn:
        conn.execute("UPDATE services SET deleted_at = '2026-11-23' WHERE id = 'merged-1'")
    assert names(directory, "perhekahvila") == []


def test_a_check_keeps_the_vocabulary_and_the_hit(directory: Store) -> None:
    hit = search_services(directory, "mielenterveyspalvelut")[0]
    before = vocabulary(directory)
    mark_checked(directory, hit.service_id)
    assert vocabulary(directory) is before
    assert not search_services(directory, "mielenterveyspalvelut")[0].stale


def test_compound_heads_find_compounds(directory: Store) -> None:
    assert names(directory, "neuvola") == ["Kasvatus- ja perheneuvola"]
    assert names(directory, "neuvolaan") == ["Kasvatus- ja perheneuvola"]
    assert names(directory, "chat") == ["Vertaistukichat vanhemmille"]
    assert compound_heads("koulukuraattorille") == ("kuraattor",)
    assert compound_heads("kuraattori") == ()


def test_broken_compound_head_list_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "compound_heads.txt"
    path.write_text("# heads\nneuvola\nNeuvola 2\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        load_compound_heads(path)
    assert (caught.value.line, caught.value.field) == (3, "word")
    path.write_text("neuvola\nneuvola\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        load_compound_heads(path)
    assert caught.value.problem == "data.problem.duplicate"


def test_short_words_match_only_the_start_of_a_name_word(directory: Store) -> None:
    assert names(directory, "ka") == ["Kasvatus- ja perheneuvola"]
    assert names(directory, "v") == ["Vertaistukichat vanhemmille"]
    assert names(directory, "pe") == ["Kasvatus- ja perheneuvola"]
    assert names(directory, "tu") == []


def test_broad_words_are_narrowed_to_names_then_capped(
    directory: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(names(directory, "mielenterveys")) == 2
    monkeypatch.setattr(directory_plan, "RANK_LIMIT", 1)
    assert names(directory, "mielenterveys") == ["Lasten ja nuorten mielenterveyspalvelut"]
    from advisor_tui.models.directory_index import Vocabulary

    broad = Vocabulary(("x",), 9, ["perhe"], [9], [9], {}, {"pe": ["perhe"]})
    plans, _ = directory_plan.plan_words("perhe", broad)
    query = directory_plan.choose_query(directory_plan.tiers(plans)[0], [], broad)
    assert query.cap == 1 and query.expression.startswith("(((name :")


def test_filters_intersect_inside_the_index(directory: Store) -> None:
    words = vocabulary(directory)
    groups = directory_plan.facet_groups(
        municipality_code="297",
        county_code="13",
        topics=["violence"],
        digital_only=True,
        language="fi",
    )
    assert groups == [["a297", "ac13", "afi"], ["tviolence"], ["dig"], ["lfi"]]
    plans, _ = directory_plan.plan_words("vertaistuki", words)
    query = directory_plan.choose_query(directory_plan.tiers(plans)[0], groups, words)
    assert query.cap is None and query.bm25
    assert names(
        directory, "vertaistuki", municipality_code="297", topics=["violence"], digital_only=True
    ) == ["Vertaistukichat vanhemmille"]
    assert names(directory, "", language="sv") == []


def test_more_words_matched_rank_first(directory: Store) -> None:
    hits = search_services(directory, "lasten mielenterveys chat")
    assert [h.name for h in hits][:2] == [
        "Lasten ja nuorten mielenterveyspalvelut",
        "Vertaistukichat vanhemmille",
    ]
    assert hits[0].score > hits[1].score


def test_expressions_hold_only_quoted_terms() -> None:
    from advisor_tui.models.directory_index import Vocabulary

    words = Vocabulary(("x",), 1, ["near", "perhe"], [1, 1], [1, 0], {}, {"ne": ["near"]})
    plans, typed = directory_plan.plan_words('NEAR(perhe "x") -:^*', words)
    assert typed and [p.typed for p in plans] == ["near", "perhe"]
    expression = directory_plan.tiers(plans)[0].expression()
    assert json.dumps(expression).count('\\"') % 2 == 0
    assert "NEAR(" not in expression and "^" not in expression
