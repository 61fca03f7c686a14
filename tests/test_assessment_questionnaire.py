"""The questionnaire file: the shipped one loads whole; a broken one names file, line and field."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor_tui.i18n import catalogue, set_language
from advisor_tui.models.errors import ReferenceDataError
from advisor_tui.models.questionnaire import (
    forget_last_valid,
    load_questionnaire,
    parse_questionnaire,
)
from advisor_tui.paths import package_data_dir

SHIPPED = package_data_dir() / "assessment" / "questionnaire.toml"
SHOWN = "questionnaire.toml"


@pytest.fixture(autouse=True)
def fresh_memory() -> Iterator[None]:
    forget_last_valid()
    yield
    forget_last_valid()


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / SHOWN
    shutil.copy(SHIPPED, target)
    return target


def _line_of(path: Path, text: str, nth: int = 1) -> int:
    found = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line]
    return found[nth - 1]


def _replace(path: Path, old: str, new: str, nth: int = 1) -> int:
    """Replace the nth line containing `old`; returns its line number."""
    lines = path.read_text("utf-8").splitlines()
    number = _line_of(path, old, nth)
    lines[number - 1] = lines[number - 1].replace(old, new)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return number


def _error(path: Path) -> ReferenceDataError:
    with pytest.raises(ReferenceDataError) as caught:
        parse_questionnaire(path, SHOWN)
    return caught.value


def test_shipped_questionnaire_covers_the_areas_of_family_life() -> None:
    q = parse_questionnaire(SHIPPED)
    assert [a.key for a in q.areas] == [
        "child_wellbeing",
        "daily_life",
        "parenthood",
        "couple",
        "health",
        "substances",
        "safety",
        "money",
        "housing",
        "education",
        "network",
        "services_in_use",
    ]
    assert [f.key for f in q.red_flags] == [
        "immediate_danger",
        "violence",
        "suicidal_thoughts",
        "young_child_alone",
        "carer_intoxicated",
    ]
    assert q.version
    for area in q.areas:
        assert all(area.title[lang] and area.question[lang] for lang in ("fi", "sv", "en"))
    assert all("crisis" in f.topics for f in q.red_flags)
    assert q.area("couple").title_in("fi") == "Parisuhde ja ero"  # type: ignore[union-attr]


def test_duplicate_area_key_names_the_second_one(copy: Path) -> None:
    line = _replace(copy, 'key = "daily_life"', 'key = "child_wellbeing"')
    error = _error(copy)
    assert (error.file, error.line, error.field) == (SHOWN, line, "areas.key")
    assert error.problem == "data.problem.duplicate"
    assert catalogue().error(error) == (
        f"Virhe tiedostossa {SHOWN}, rivi {line}, kenttä areas.key: sama tunnus on jo aiemmin"
    )


def test_missing_translation_points_at_the_texts_of_that_area(copy: Path) -> None:
    line = _line_of(copy, "question.fi", nth=3)
    _replace(copy, "question.sv", "# question.sv", nth=3)
    error = _error(copy)
    assert (error.line, error.field) == (line, "areas.question.sv")
    assert "teksti puuttuu jostakin kielestä" in catalogue().error(error)


def test_missing_translation_of_a_red_flag(copy: Path) -> None:
    line = _line_of(copy, "text.fi", nth=2)
    _replace(copy, "text.en", "text.de", nth=2)
    error = _error(copy)
    assert (error.line, error.field) == (line, "red_flags.text.en")
    assert error.problem == "assessment.problem.missing_translation"


def test_empty_translation_is_missing(copy: Path) -> None:
    line = _line_of(copy, "title.en", nth=5)
    _replace(copy, 'title.en = "Health and mental health"', 'title.en = "  "')
    error = _error(copy)
    assert (error.line, error.field) == (line, "areas.title.en")
    assert error.problem == "assessment.problem.missing_translation"


def test_unknown_topic_is_named(copy: Path) -> None:
    line = _replace(copy, '"routines", "sleep", "digital"', '"routines", "tv", "digital"')
    error = _error(copy)
    assert (error.line, error.field) == (line, "areas.topics")
    assert catalogue().error(error) == (
        f"Virhe tiedostossa {SHOWN}, rivi {line}, kenttä areas.topics: "
        "aihetta tv ei löydy aiheluettelosta (taxonomy.csv)"
    )


def test_unknown_topic_of_a_red_flag(copy: Path) -> None:
    line = _replace(copy, 'topics = ["violence", "crisis"]', 'topics = ["violence", "x"]', nth=2)
    error = _error(copy)
    assert (error.line, error.field, error.params["topic"]) == (line, "red_flags.topics", "x")


def test_broken_syntax_gives_the_line(copy: Path) -> None:
    line = _replace(copy, 'title.fi = "Arki ja koti"', 'title.fi = "Arki ja koti')
    error = _error(copy)
    assert (error.line, error.field, error.problem) == (line, "", "data.problem.syntax")
    assert catalogue().error(error) == (
        f"Virhe tiedostossa {SHOWN}, rivi {line}: tiedoston rakenne on rikki"
    )


def test_the_same_field_twice_in_one_area_is_a_syntax_error(copy: Path) -> None:
    line = _replace(copy, 'title.sv = "Vardag och hem"', 'title.fi = "Arki"')
    error = _error(copy)
    assert (error.line, error.problem) == (line, "data.problem.syntax")


def test_misspelt_field_is_not_ignored(copy: Path) -> None:
    line = _replace(copy, "needs_assessment_at = 2", "needs_asessment_at = 2")
    error = _error(copy)
    assert (error.line, error.field) == (line, "areas.needs_asessment_at")
    assert "kenttää ei tunneta" in catalogue().error(error)


def test_misspelt_table_name_is_not_ignored(copy: Path) -> None:
    line = _replace(copy, "[[red_flags]]", "[[red_flag]]", nth=2)
    error = _error(copy)
    assert (error.line, error.field) == (line, "red_flag")


def test_threshold_and_action_must_be_known_values(copy: Path) -> None:
    line = _replace(copy, "needs_assessment_at = 3", "needs_assessment_at = 4")
    assert (_error(copy).line, _error(copy).problem) == (line, "assessment.problem.level")
    shutil.copy(SHIPPED, copy)
    line = _replace(copy, 'action = "urgent_guidance"', 'action = "advice"')
    error = _error(copy)
    assert (error.line, error.field, error.problem) == (
        line,
        "red_flags.action",
        "assessment.problem.unknown_action",
    )


def test_bad_key_and_no_areas(copy: Path) -> None:
    line = _replace(copy, 'key = "money"', 'key = "Raha"')
    assert (_error(copy).line, _error(copy).problem) == (line, "data.problem.code")
    copy.write_text('version = "1"\n', "utf-8")
    assert _error(copy).problem == "assessment.problem.no_areas"
    copy.write_text('version = ""\n[[areas]]\n', "utf-8")
    assert (_error(copy).line, _error(copy).field) == (1, "version")


def test_messages_in_swedish_and_english(copy: Path) -> None:
    _replace(copy, '"routines", "sleep", "digital"', '"routines", "tv", "digital"')
    error = _error(copy)
    assert "ämnet tv finns inte" in set_language("sv").error(error)
    assert "the topic tv is not in the topic list" in set_language("en").error(error)


def test_red_flag_without_topics_means_crisis(copy: Path) -> None:
    _replace(copy, 'topics = ["crisis", "violence"]', "")
    q = parse_questionnaire(copy, SHOWN)
    assert q.red_flag("immediate_danger").topics == ("crisis",)  # type: ignore[union-attr]


def test_broken_file_keeps_the_last_valid_version(copy: Path, tmp_path: Path) -> None:
    kept = tmp_path / "kept" / "last-valid.toml"
    first = load_questionnaire(copy, SHOWN, kept_copy=kept)
    assert first.error is None and first.questionnaire is not None
    assert kept.read_bytes() == copy.read_bytes()
    _replace(copy, 'version = "', 'version = "9.9', nth=1)
    _replace(copy, 'key = "daily_life"', 'key = "child_wellbeing"')
    again = load_questionnaire(copy, SHOWN, kept_copy=kept)
    assert again.is_fallback
    assert again.questionnaire == first.questionnaire
    assert again.error is not None and again.error.field == "areas.key"
    # a new session: the kept copy on disk is the last valid version
    forget_last_valid()
    later = load_questionnaire(copy, SHOWN, kept_copy=kept)
    assert later.is_fallback and later.questionnaire is not None
    assert later.questionnaire.version == first.questionnaire.version


def test_broken_file_with_no_valid_version_gives_only_the_error(copy: Path, tmp_path: Path) -> None:
    copy.write_text("version = \n", "utf-8")
    loaded = load_questionnaire(copy, SHOWN, kept_copy=tmp_path / "none.toml")
    assert loaded.questionnaire is None and not loaded.is_fallback
    assert loaded.error is not None and loaded.error.line == 1
    missing = load_questionnaire(tmp_path / "gone.toml", "gone.toml", kept_copy=tmp_path / "x")
    assert missing.questionnaire is None
    assert catalogue().error(missing.error) == "Virhe tiedostossa gone.toml: tiedosto puuttuu"  # type: ignore[arg-type]
