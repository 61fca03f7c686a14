"""PTV target groups, service classes and life events become topics and ages on import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor_tui.models.directory import get_service
from advisor_tui.models.directory_import import import_file
from advisor_tui.models.directory_ptv_mapping import (
    Classification,
    load_ptv_mapping,
    shipped_ptv_mapping,
)
from advisor_tui.models.directory_search import search_services
from advisor_tui.models.errors import ReferenceDataError
from advisor_tui.models.store import Store

CODES = "http://uri.suomi.fi/codelist/ptv"
HEADER = "scheme,code,name_fi,topics,age_groups\n"


def ptv_service(number: int, name: str, **classes: object) -> dict:
    return {
        "id": f"7f0c0e52-0000-4000-8000-00000000010{number}",
        "serviceNames": [{"language": "fi", "value": name, "type": "Name"}],
        "serviceDescriptions": [{"language": "fi", "value": "Testipalvelu.", "type": "Summary"}],
        "areaType": "Nationwide",
        "languages": ["fi"],
        "publishingStatus": "Published",
        **classes,
    }


def named(code: str, name: str) -> dict:
    return {"code": code, "name": [{"language": "fi", "value": name}]}


@pytest.fixture
def imported(store: Store, tmp_path: Path) -> Store:
    services = [
        ptv_service(
            1,
            "Perheneuvolan vastaanotto",
            targetGroups=[named("KR1.2", "Lapset ja lapsiperheet")],
            serviceClasses=[named("P99.1", "Kasvatus- ja perheneuvonta")],
        ),
        ptv_service(
            2,
            "Nuorten päihdeneuvonta",
            targetGroups=[f"{CODES}/ptvkohderyhmat/code/KR1.3"],
            serviceClasses=[
                {
                    "uri": f"{CODES}/ptvserclass2/code/P99.2",
                    "name": {"fi": "päihde- ja mielenterveyspalvelut"},
                }
            ],
        ),
        ptv_service(3, "Sururyhmä", lifeEvents=[named("KE99", "Omaisen kuolema")]),
        ptv_service(4, "Lupapalvelu", serviceClasses=[named("P2.1", "Rakentaminen")]),
    ]
    path = tmp_path / "ptv.json"
    path.write_text(json.dumps({"services": services}, ensure_ascii=False), encoding="utf-8")
    assert import_file(store, path, "ptv").new == 4
    return store


def service(store: Store, text: str):  # type: ignore[no-untyped-def]
    hit = search_services(store, text)[0]
    found = get_service(store, hit.service_id)
    assert found is not None
    return found


def test_target_group_and_service_class_give_topics_and_ages(imported: Store) -> None:
    found = service(imported, "perheneuvolan vastaanotto")
    assert set(found.topics) == {"parenting", "behaviour", "separation"}
    assert (found.min_age, found.max_age) == (0, 17)
    assert found.target_groups == ("Lapset ja lapsiperheet",)


def test_codes_given_as_uris_and_names_in_any_case(imported: Store) -> None:
    found = service(imported, "nuorten päihdeneuvonta")
    assert set(found.topics) == {"substances", "mental_health_adult", "mental_health_child"}
    assert (found.min_age, found.max_age) == (13, None)


def test_life_event_and_unmapped_class(imported: Store) -> None:
    assert service(imported, "sururyhmä").topics == ("crisis",)
    unmapped = service(imported, "lupapalvelu")
    assert unmapped.topics == () and (unmapped.min_age, unmapped.max_age) == (None, None)


def test_mapped_topics_and_ages_filter_searches(imported: Store) -> None:
    names = [h.name for h in search_services(imported, "", topics=["substances"], age=15)]
    assert names == ["Nuorten päihdeneuvonta"]
    assert "Nuorten päihdeneuvonta" not in [h.name for h in search_services(imported, "", age=8)]


def test_shipped_mapping_is_valid_and_matches_by_code_before_name() -> None:
    mapping = shipped_ptv_mapping()
    topics, ages = mapping.classify([Classification("target_group", "KR1.6", "")])
    assert topics == ["special_needs"] and ages == (-1, None)
    topics, ages = mapping.classify([Classification("target_group", "", "NUORET")])
    assert ages == (13, None)


@pytest.mark.parametrize(
    ("row", "field", "problem"),
    [
        ("group,KR1.2,Lapset,parenting,", "scheme", "data.problem.unknown_kind"),
        ("target_group,P4.1,Lapset,parenting,", "code", "data.problem.code"),
        ("target_group,KR1.2,Lapset,sleeping,", "topics", "directory.problem.topic"),
        ("target_group,KR1.2,Lapset,,0-99", "age_groups", "directory.problem.age_group"),
        ("target_group,KR1.2,Lapset,,", "topics", "data.problem.empty_field"),
        ("target_group,,,sleep,", "name_fi", "data.problem.empty_field"),
        ("target_group,KR1.3,Nuoret,sleep,", "code", "data.problem.duplicate"),
    ],
)
def test_broken_mapping_row_names_file_line_and_field(
    tmp_path: Path, row: str, field: str, problem: str
) -> None:
    path = tmp_path / "ptv_mapping.csv"
    path.write_text(
        "# comment\n" + HEADER + "target_group,KR1.3,Nuoret,leisure,\n" + row + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError) as caught:
        load_ptv_mapping(path)
    assert (caught.value.file, caught.value.line, caught.value.field) == (
        "ptv_mapping.csv",
        4,
        field,
    )
    assert caught.value.problem == problem


def test_mapping_with_wrong_header_or_columns(tmp_path: Path) -> None:
    path = tmp_path / "ptv_mapping.csv"
    path.write_text("scheme,code,name\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        load_ptv_mapping(path)
    assert caught.value.problem == "data.problem.header"
    path.write_text(HEADER + "target_group,KR1.3\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        load_ptv_mapping(path)
    assert (caught.value.line, caught.value.problem) == (2, "data.problem.column_count")


@pytest.mark.parametrize(
    ("scheme", "code", "topics"),
    [
        ("service_class", "P3.7", {"parenting", "behaviour", "separation"}),
        ("service_class", "P5.7", {"substances", "mental_health_adult", "mental_health_child"}),
        ("service_class", "P3.5", {"separation"}),
        ("service_class", "P28.2", {"leisure", "social_network"}),
        ("life_event", "KE14", {"crisis"}),
        ("life_event", "KE5", {"multicultural"}),
    ],
)
def test_shipped_mapping_knows_ptv_codes_without_names(
    scheme: str, code: str, topics: set[str]
) -> None:
    found, _ages = shipped_ptv_mapping().classify([Classification(scheme, code, "")])
    assert set(found) == topics


def test_code_wins_over_a_name_from_another_class() -> None:
    found, ages = shipped_ptv_mapping().classify(
        [Classification("service_class", "P3.4", "Perusopetus")]
    )
    assert found == ["early_education"] and ages == (0, 6)


def test_every_shipped_row_carries_its_ptv_code() -> None:
    from advisor_tui.paths import package_data_dir

    text = (package_data_dir() / "directory" / "ptv_mapping.csv").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")][1:]
    assert rows and all(line.split(",")[1] for line in rows)
    assert "PaohServiceMatchEngine" in text and "ptv-releases" in text
