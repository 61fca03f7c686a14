"""Training exercises: the shipped files, the errors a trainer's file can have, and the check."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from advisor_tui.i18n import catalogue
from advisor_tui.models.bundles import synced_tables
from advisor_tui.models.contacts import Contact, Referral, save_contact
from advisor_tui.models.directory import load_shipped_directory
from advisor_tui.models.errors import AdvisorError, ReferenceDataError
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team
from advisor_tui.models.training import (
    Exercise,
    check_file,
    load_exercises,
    read_exercise,
    shipped_folder,
    shipped_service_names,
)
from advisor_tui.models.training_check import check
from advisor_tui.models.training_feedback import feedback_lines, score_line, service_names
from advisor_tui.models.training_results import (
    active_exercise,
    complete_exercise,
    results,
    start_exercise,
    summary,
)

VALID = '''id = "oma-harjoitus"
title = "Oma harjoitus"
story = """
Soittaja kertoo nelivuotiaan raivareista.
"""

[contact]
channel = "phone"
party = "parent"
municipality = "244"
age_groups = ["3-6"]

[[topics]]
key = "behaviour"
feedback = "Aihe on uhma."

[[actions]]
key = "advice"
feedback = "Neuvo isää."

[[referrals]]
kind = "digital"
feedback = "Omaperhe sopisi"
'''


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def message(exc: AdvisorError) -> str:
    return catalogue().error(exc)


@pytest.fixture
def demo(tmp_path: Path, clock: object) -> Iterator[Store]:
    """A demo database with a trainee (TH) and the shipped national and demo directory."""
    store = Store.open(tmp_path / "demo.sqlite3", clock=clock, kind="demo")  # type: ignore[arg-type]
    save_team(store, resolve_team(shipped_reference(), "Tiina Harjoittelija", "TH", "13", []))
    load_shipped_directory(store, include_demo=True)
    yield store
    store.close()


def kempele() -> Exercise:
    exercise = load_exercises([shipped_folder()]).get("kempele-uhma")
    assert exercise is not None
    return exercise


def service_id(store: Store, source_id: str) -> str:
    return str(store.scalar("SELECT id FROM services WHERE source_id = ?", (source_id,)))


def log(store: Store, **values: object) -> str:
    now = store.now()
    contact = Contact(now - timedelta(minutes=6), now, **values)  # type: ignore[arg-type]
    return save_contact(store, shipped_reference(), contact).contact_id


# -- the shipped exercises --------------------------------------------------------------------


def test_every_shipped_exercise_validates() -> None:
    loaded = load_exercises([shipped_folder()])
    assert [message(e) for e in loaded.errors] == []
    assert len(loaded.exercises) >= 8
    ids = {e.id for e in loaded.exercises}
    assert len(ids) == len(loaded.exercises)
    for exercise in loaded.exercises:
        assert exercise.title["fi"] and exercise.title["sv"] and exercise.title["en"]
        assert exercise.story["fi"].count("\n\n") >= 1, exercise.id
        assert any(e.weight == "required" for e in exercise.expectations), exercise.id


def test_shipped_exercises_cover_the_seed_situations() -> None:
    by_id = {e.id: e for e in load_exercises([shipped_folder()]).exercises}
    assert by_id["kempele-uhma"].facts.municipality == "244"
    assert by_id["kuraattori-poissaolot"].facts.sector == "school"
    assert by_id["nuori-paihteet-chat"].facts.channel == "chat"
    assert by_id["lomake-takaisinsoitto"].facts.channel == "web_form"
    assert by_id["ammattilainen-lapista"].facts.outside_county is True
    red_flag = {(e.kind, e.key, e.weight) for e in by_id["punainen-lippu"].expectations}
    assert ("action", "urgent_guidance", "required") in red_flag
    network = {(e.kind, e.key) for e in by_id["verkostotapaaminen"].expectations}
    assert ("action", "network_meeting") in network
    assert any(e.key == "separation" for e in by_id["ero-neuvonta"].expectations)


def test_shipped_exercises_name_services_of_the_shipped_directory() -> None:
    names = shipped_service_names()
    for exercise in load_exercises([shipped_folder()]).exercises:
        for expectation in exercise.expectations:
            for service in expectation.services:
                assert service in names


# -- a trainer's own file -------------------------------------------------------------------


def test_a_valid_own_file_loads_with_the_shipped_ones(tmp_path: Path) -> None:
    write(tmp_path, "oma.toml", VALID)
    loaded = load_exercises([shipped_folder(), tmp_path])
    assert loaded.errors == ()
    own = loaded.get("oma-harjoitus")
    assert own is not None and own.title_in("sv") == "Oma harjoitus"
    assert check_file(tmp_path / "oma.toml", [shipped_folder(), tmp_path]).id == "oma-harjoitus"


def test_duplicate_id_names_the_other_file(tmp_path: Path) -> None:
    write(tmp_path, "kopio.toml", VALID.replace("oma-harjoitus", "kempele-uhma"))
    loaded = load_exercises([shipped_folder(), tmp_path])
    assert [e.file for e in loaded.errors] == ["kopio.toml"]
    assert message(loaded.errors[0]) == (
        "Virhe tiedostossa kopio.toml, rivi 1, kenttä id: tunnus ”kempele-uhma” on jo käytössä "
        "tiedostossa 01-kempele-uhma.toml"
    )
    with pytest.raises(ReferenceDataError) as caught:
        check_file(tmp_path / "kopio.toml", [shipped_folder()])
    assert caught.value.field == "id"


def test_unknown_topic_is_named_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "x.toml", VALID.replace('key = "behaviour"', 'key = "tantrums"'))
    with pytest.raises(ReferenceDataError) as caught:
        read_exercise(path)
    assert message(caught.value) == (
        "Virhe tiedostossa x.toml, rivi 14, kenttä topics[0].key: ”tantrums” ei ole "
        "luokituksen tunnus (data/taxonomy.csv)"
    )


def test_unknown_service_is_named(tmp_path: Path) -> None:
    text = VALID.replace('kind = "digital"', 'service = ["omaperhe", "kempeleen-neuvola"]')
    with pytest.raises(ReferenceDataError) as caught:
        read_exercise(write(tmp_path, "x.toml", text))
    assert message(caught.value) == (
        "Virhe tiedostossa x.toml, rivi 22, kenttä referrals[0].service: palvelua "
        "”kempeleen-neuvola” ei ole palveluhakemistossa"
    )


def test_broken_syntax_gives_the_line(tmp_path: Path) -> None:
    text = VALID.replace('channel = "phone"', 'channel = "phone')
    with pytest.raises(ReferenceDataError) as caught:
        read_exercise(write(tmp_path, "x.toml", text))
    assert caught.value.line == 8
    assert message(caught.value) == "Virhe tiedostossa x.toml, rivi 8: tiedoston rakenne on rikki"


def test_missing_finnish_story_and_title(tmp_path: Path) -> None:
    text = VALID.replace('story = """', 'story.sv = """')
    with pytest.raises(ReferenceDataError) as caught:
        read_exercise(write(tmp_path, "x.toml", text))
    assert caught.value.field == "story.fi"
    assert message(caught.value).endswith("kenttä story.fi: suomenkielinen teksti puuttuu")
    text = VALID.replace('title = "Oma harjoitus"', 'title = { en = "Own" }')
    with pytest.raises(ReferenceDataError) as caught:
        read_exercise(write(tmp_path, "y.toml", text))
    assert message(caught.value) == (
        "Virhe tiedostossa y.toml, rivi 2, kenttä title.fi: suomenkielinen teksti puuttuu"
    )


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        ('weight = "recommended"\n', "", "", ""),
        ('kind = "digital"', 'kind = "online"', "referrals[0].kind", "tuntematon palvelun laji"),
        ('kind = "digital"', 'kind = "digital"\nservice = "omaperhe"', "referrals[0].service",
         "anna ohjaukselle joko service"),
        ('feedback = "Neuvo isää."', 'feedback = { sv = "Råd" }', "actions[0].feedback.fi",
         "suomenkielinen teksti puuttuu"),
        ('municipality = "244"', 'municipality = "999"', "contact.municipality",
         "kuntakoodia ”999” ei ole"),
        ('party = "parent"', 'party = "parent"\nsector = "school"', "contact.sector",
         "toimiala annetaan vain"),
        ('key = "advice"', 'key = "advice"\nweigth = "avoid"', "actions[0].weigth",
         "tuntematon kenttä ”weigth”"),
        ('id = "oma-harjoitus"', 'id = "Oma harjoitus"', "id", "tunnus on väärän muotoinen"),
    ],
)  # fmt: skip
def test_other_mistakes_are_named(
    tmp_path: Path, old: str, new: str, field: str, problem: str
) -> None:
    path = write(tmp_path, "x.toml", VALID.replace(old, new))
    if not field:
        assert read_exercise(path).id == "oma-harjoitus"
        return
    with pytest.raises(ReferenceDataError) as caught:
        read_exercise(path)
    assert caught.value.field == field
    assert problem in message(caught.value)


def test_markup_and_escapes_in_a_story_stay_plain_text(tmp_path: Path) -> None:
    text = VALID.replace("Soittaja kertoo", "[bold]Soittaja[/] \\u001b[31mkertoo")
    exercise = read_exercise(write(tmp_path, "x.toml", text))
    assert exercise.story["fi"].startswith("[bold]Soittaja[/] kertoo")


# -- checking a logged contact --------------------------------------------------------------


def test_perfect_contact_passes_with_full_score(demo: Store) -> None:
    exercise = kempele()
    contact_id = log(
        demo,
        channel="phone",
        party="parent",
        municipality_code="244",
        age_groups=["3-6"],
        topics=["behaviour", "parenting"],
        actions=["advice", "referral_digital", "referral_service"],
        referrals=[
            Referral(service_id(demo, "omaperhe"), "Omaperhe", digital=True),
            Referral(service_id(demo, "lakeus:244-neuvola"), "Lastenneuvola, Kempele"),
        ],
    )
    demo.clock.advance(minutes=1)  # type: ignore[attr-defined]
    start_exercise(demo, exercise.id)
    with pytest.raises(AdvisorError) as caught:
        complete_exercise(demo, exercise)
    assert caught.value.key == "training.no_contact"
    from advisor_tui.models.contacts import get_contact

    old = get_contact(demo, contact_id)
    assert old is not None
    old.id = None
    save_contact(demo, shipped_reference(), old)
    result = complete_exercise(demo, exercise)
    assert (result.score, result.passed) == (100, True)
    assert result.missing == () and result.extra == ()
    lines = feedback_lines(result, exercise, shipped_reference(), "fi", service_names(demo))
    assert {line.status for line in lines} == {"ok"}
    texts = [line.text for line in lines]
    assert "Oikein: kunta Kempele" in texts
    assert "Oikein: ohjaus digipalveluun" in texts
    assert "Oikein: ohjaus palveluun Lastenneuvola, Kempele" in texts
    assert score_line(result).startswith("Tulos 100/100 – hyväksytty")
    assert active_exercise(demo) is None


def test_partial_contact_gets_specific_finnish_feedback(demo: Store) -> None:
    exercise = kempele()
    contact_id = log(
        demo,
        channel="phone",
        party="parent",
        municipality_code="297",
        age_groups=["3-6", "7-12"],
        topics=["behaviour", "sleep"],
        actions=["advice", "needs_assessment"],
    )
    from advisor_tui.models.contacts import get_contact

    contact = get_contact(demo, contact_id)
    assert contact is not None
    result = check(exercise, contact)
    assert not result.passed
    assert 0 < result.score < 100
    texts = [line.text for line in feedback_lines(result, exercise, shipped_reference())]
    assert texts[0] == "Tarkista: kunta — kertomuksen mukaan Kempele, kirjasit Kuopio."
    assert texts[1].startswith("Puuttuu: ohjaus digipalveluun — Omaperhe sopisi")
    assert texts[2].startswith(
        "Ei tähän tilanteeseen: toimenpide Ohjaus palvelutarpeen arviointiin"
    )
    assert any(t.startswith("Olisi sopinut: aihe Vanhemmuus ja kasvatus — ") for t in texts)
    assert any(
        t.startswith("Olisi sopinut: ohjaus palveluun Lastenneuvola, Kempele") for t in texts
    )
    assert "Lisäksi kirjasit: ikäryhmä 7–12 v — kertomuksessa ei ole tämän ikäistä lasta." in texts
    assert any(t.startswith("Lisäksi kirjasit: aihe Uni") for t in texts)
    assert "Oikein: aihe Uhmakkuus ja tunteiden säätely" in texts


def test_a_wrong_caller_misses_facts_and_professional_sector(demo: Store) -> None:
    exercise = load_exercises([shipped_folder()]).get("ammattilainen-lapista")
    assert exercise is not None
    contact_id = log(
        demo, channel="phone", party="parent", topics=["mental_health_adult"], actions=["advice"]
    )
    from advisor_tui.models.contacts import get_contact

    contact = get_contact(demo, contact_id)
    assert contact is not None
    texts = [line.text for line in feedback_lines(check(exercise, contact), exercise,
                                                   shipped_reference())]  # fmt: skip
    assert (
        "Tarkista: yhteydenottaja — kertomuksen mukaan Ammattilainen, "
        "kirjasit Vanhempi tai huoltaja." in texts
    )
    assert (
        "Puuttuu: ammattilaisen toimiala — kertomuksen mukaan Hyvinvointialueen palvelu." in texts
    )
    assert (
        "Tarkista: hyvinvointialueen ulkopuolelta — kertomuksen mukaan kyllä, kirjasit ei." in texts
    )


def test_results_travel_in_bundles_and_sum_up_per_trainee(demo: Store) -> None:
    assert "training_results" in synced_tables(demo)
    exercise = kempele()
    for municipality in ("297", "244"):
        start_exercise(demo, exercise.id)
        log(
            demo,
            channel="phone",
            party="parent",
            municipality_code=municipality,
            age_groups=["3-6"],
            topics=["behaviour"],
            actions=["advice"],
        )
        complete_exercise(demo, exercise)
        demo.clock.advance(minutes=10)  # type: ignore[attr-defined]
    stored = results(demo, "TH")
    assert [r.exercise_id for r in stored] == ["kempele-uhma", "kempele-uhma"]
    assert stored[0].score < stored[1].score
    (trainee,) = summary(demo)
    assert (trainee.trainee, trainee.attempts, trainee.exercises) == ("TH", 2, 1)
    assert trainee.best == {"kempele-uhma": stored[1].score}
    top_item, top_count = trainee.most_missed[0]
    assert top_count == 2 and top_item.kind in ("service_kind", "topic", "service")
