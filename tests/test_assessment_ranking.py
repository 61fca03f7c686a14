"""Suggested services for family situations, ranked from the demo directory.

Each test is one family as an advisor would map it; the expected services were written by
hand from the demo directory (data/directory/demo_regional.json and national.json).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from advisor_tui.i18n import t
from advisor_tui.models.assessment import NEEDS_ASSESSMENT, Assessment, new_assessment
from advisor_tui.models.assessment_suggestions import Suggestion, reason_text, suggest_services
from advisor_tui.models.directory import load_shipped_directory
from advisor_tui.models.questionnaire import Questionnaire, parse_questionnaire
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.paths import package_data_dir
from tests.conftest import FakeClock

KEMPELE, KUOPIO, MIKKELI = "244", "297", "491"
POHJOIS_SAVO_HVA = "Pohjois-Savon hyvinvointialue (demo)"


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("ranking") / "advisor.sqlite3"
    store = Store.open(path, clock=FakeClock())
    load_shipped_directory(store, include_demo=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return parse_questionnaire(package_data_dir() / "assessment" / "questionnaire.toml")


def _family(
    q: Questionnaire,
    municipality: str | None,
    ages: list[str],
    concerns: dict[str, int],
    flags: tuple[str, ...] = (),
) -> Assessment:
    a = new_assessment(q)
    a.municipality_code = municipality
    a.age_groups = ages
    for key, level in concerns.items():
        assert q.area(key) is not None, key
        a.answer(key).concern = level
    for key in flags:
        assert q.red_flag(key) is not None, key
        a.red_flags[key] = True
    return a


def _names(suggestions: list[Suggestion], count: int) -> list[str]:
    return [s.name for s in suggestions[:count]]


def _reason(s: Suggestion, a: Assessment, q: Questionnaire) -> str:
    return reason_text(s, a, q, shipped_reference(), "fi", t)


def test_separating_parents_of_a_preschooler_in_kempele(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, KEMPELE, ["3-6"], {"couple": 3, "parenthood": 1})
    found = suggest_services(directory, a, questionnaire)
    assert _names(found, 2) == ["Kasvatus- ja perheneuvonta (perheneuvola)"] * 2
    assert _reason(found[0], a, questionnaire) == (
        "huoli: parisuhde ja ero, vanhemmuus ja jaksaminen; ikä 3–6; palvelee Kempele"
    )
    assert all(s.place in ("municipality", "county", "nationwide") for s in found)
    assert not any("Kuopio" in s.organisation or "Pohjois-Savon" in s.organisation for s in found)
    assert all(s.action is None for s in found)


def test_baby_with_sleepless_nights_in_kuopio_gets_the_local_child_health_clinic(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, KUOPIO, ["0-2"], {"daily_life": 2})
    found = suggest_services(directory, a, questionnaire)
    assert _names(found, 2) == ["Lastenneuvola, Kuopio", "Lapsiperheiden kotipalvelu"]
    assert found[0].place == "municipality" and found[1].place == "county"
    assert not [s for s in found if s.name.startswith("Lastenneuvola, ") and "Kuopio" not in s.name]


def test_teenager_with_school_and_mood_worries_gets_youth_services_not_the_baby_clinic(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, KUOPIO, ["13-17"], {"education": 2, "health": 2})
    found = suggest_services(directory, a, questionnaire)
    assert _names(found, 3) == [
        "Koulukuraattori ja koulupsykologi, Kuopio",
        "Lasten ja nuorten puhelin ja chat",
        "Omahelpperi.fi – nuorten palvelut verkossa",
    ]
    assert found[0].areas == ("health", "education") and found[0].ages == ("13-17",)
    names = [s.name for s in found]
    assert not [n for n in names if n.startswith("Lastenneuvola")]
    assert "Varhaiskasvatuksen palveluohjaus, Kuopio" not in names
    # the parents' own services stay: they serve the adults of the family
    assert "Aikuisten mielenterveys- ja päihdepalvelut" in names


def test_substance_worry_puts_the_needs_assessment_path_first(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, KUOPIO, [], {"substances": 2})
    found = suggest_services(directory, a, questionnaire)
    assert found[0].action == NEEDS_ASSESSMENT and found[0].areas == ("substances",)
    assert found[1].name == "Aikuisten mielenterveys- ja päihdepalvelut"
    assert found[1].organisation == POHJOIS_SAVO_HVA
    assert {"Päihdelinkki", "Päihdeneuvonta"} <= {s.name for s in found}


def test_without_a_municipality_only_nationwide_services_digital_ones_first(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, None, ["3-6"], {"couple": 2})
    found = suggest_services(directory, a, questionnaire)
    assert {s.place for s in found} == {"nationwide"}
    assert _names(found, 2) == [
        "Omaperhe.fi – sähköinen perhekeskus",
        "Väestöliiton parisuhde- ja perhepalvelut",
    ]
    assert found[0].digital and found[1].digital
    # the same fit without a digital channel comes after the digital services
    parish = next(s for s in found if s.name.startswith("Seurakuntien perheasiain"))
    assert not parish.digital and parish.score < found[1].score
    assert "valtakunnallinen; digipalvelu" in _reason(found[0], a, questionnaire)


def test_money_and_housing_worries_go_to_family_social_work(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, KUOPIO, ["7-12"], {"money": 2, "housing": 3})
    found = suggest_services(directory, a, questionnaire)
    assert _names(found, 2) == [
        "Lapsiperheiden sosiaalityö ja palvelutarpeen arviointi",
        "Seurakunnan perhetyö, Kuopio",
    ]
    assert found[0].areas == ("housing", "money")
    assert len(found) == 2


def test_violence_red_flag_puts_urgent_help_first(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, KUOPIO, ["3-6"], {"safety": 1}, flags=("violence",))
    found = suggest_services(directory, a, questionnaire)
    assert _names(found, 2) == [
        "Sosiaali- ja kriisipäivystys",
        "Hätänumero 112 ja sosiaalipäivystys",
    ]
    assert found[0].organisation == POHJOIS_SAVO_HVA
    assert all(s.urgent == ("violence",) for s in found[:3])
    assert not any(s.urgent for s in found[3:])
    assert _reason(found[0], a, questionnaire).startswith("kiireellinen apu; huoli: ")
    keys = [s.key for s in found]
    assert len(keys) == len(set(keys))


def test_suicidal_thoughts_bring_the_crisis_line_first_even_without_other_concerns(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, KUOPIO, ["13-17"], {}, flags=("suicidal_thoughts",))
    found = suggest_services(directory, a, questionnaire)
    assert _names(found, 3) == [
        "MIELI Kriisipuhelin",
        "Sekasin-chat",
        "Sosiaali- ja kriisipäivystys",
    ]
    assert len(found) == 3
    assert not found[0].areas


def test_child_left_alone_with_serious_safety_concern_urgent_then_needs_assessment(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, KUOPIO, ["3-6"], {"safety": 3}, flags=("young_child_alone",))
    found = suggest_services(directory, a, questionnaire)
    assert [s.urgent != () for s in found[:4]] == [True, True, True, False]
    assert found[0].name == "Sosiaali- ja kriisipäivystys"
    assert found[3].action == NEEDS_ASSESSMENT
    assert found[4].name == "Lapsiperheiden sosiaalityö ja palvelutarpeen arviointi"


def test_family_language_lifts_services_that_speak_it(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, KUOPIO, ["0-2"], {"network": 2})
    in_finnish = suggest_services(directory, a, questionnaire, language="fi")
    assert _names(in_finnish, 2) == ["Seurakunnan perhetyö, Kuopio", "Vertaisryhmät vanhemmille"]
    in_english = suggest_services(directory, a, questionnaire, language="en")
    assert _names(in_english, 2) == ["Vertaisryhmät vanhemmille", "Seurakunnan perhetyö, Kuopio"]
    assert "kieli: englanti" in _reason(in_english[0], a, questionnaire)
    assert "kieli:" not in _reason(in_finnish[0], a, questionnaire)
    unknown = suggest_services(directory, a, questionnaire, language="other")
    assert _names(unknown, 2) == _names(in_finnish, 2)


def test_a_temporarily_closed_service_drops_below_open_ones(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, MIKKELI, ["7-12"], {"safety": 2})
    found = suggest_services(directory, a, questionnaire)
    assert found[0].action == NEEDS_ASSESSMENT
    assert found[1].name == "Lapsiperheiden sosiaalityö ja palvelutarpeen arviointi"
    names = [s.name for s in found]
    assert names.index("Väkivaltatyön avopalvelu") > names.index("Nuorten Exit -chat")


def test_no_concern_and_no_red_flag_suggests_nothing(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, KUOPIO, ["3-6"], {"child_wellbeing": 0, "money": 0})
    assert suggest_services(directory, a, questionnaire) == []
    a.red_flags["violence"] = False
    assert suggest_services(directory, a, questionnaire) == []


def test_limit_keeps_the_best(directory: Store, questionnaire: Questionnaire) -> None:
    a = _family(questionnaire, KUOPIO, ["3-6"], {"parenthood": 3, "health": 2, "network": 1})
    everything = suggest_services(directory, a, questionnaire, limit=100)
    assert len(everything) > 15
    assert suggest_services(directory, a, questionnaire) == everything[:15]


def test_a_family_from_another_county_gets_that_county(
    directory: Store, questionnaire: Questionnaire
) -> None:
    a = _family(questionnaire, MIKKELI, ["0-2"], {"daily_life": 2})
    found = suggest_services(directory, a, questionnaire)
    assert found[0].name == "Lastenneuvola, Mikkeli"
    assert found[1].organisation == "Etelä-Savon hyvinvointialue (demo)"
    assert not any("Pohjois-Savon" in s.organisation for s in found)
