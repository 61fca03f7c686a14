"""Every message exists in Finnish, Swedish and English, with the same placeholders."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from advisor_tui.i18n import LANGUAGES, Catalogue, load_catalogue_files
from advisor_tui.models.errors import ReferenceDataError, StoreError
from advisor_tui.paths import package_data_dir

BASE = package_data_dir() / "i18n"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_in_every_language() -> None:
    catalogues = {lang: load_catalogue_files(BASE / lang) for lang in LANGUAGES}
    keys = {lang: set(messages) for lang, messages in catalogues.items()}
    for lang in LANGUAGES:
        assert keys[lang] == keys["fi"], (
            f"{lang}: missing {sorted(keys['fi'] - keys[lang])[:10]}, "
            f"extra {sorted(keys[lang] - keys['fi'])[:10]}"
        )


def test_placeholders_match_across_languages() -> None:
    catalogues = {lang: load_catalogue_files(BASE / lang) for lang in LANGUAGES}
    for key, finnish in catalogues["fi"].items():
        for lang in ("sv", "en"):
            assert _fields(catalogues[lang][key]) == _fields(finnish), (lang, key)


def test_every_message_file_exists_in_every_language() -> None:
    names = {lang: sorted(p.name for p in (BASE / lang).glob("*.toml")) for lang in LANGUAGES}
    assert names["sv"] == names["fi"] == names["en"]


def test_error_is_rendered_in_the_chosen_language() -> None:
    error = StoreError("store.not_sqlite", path="/tmp/x")
    assert Catalogue("fi").error(error).startswith("Tiedosto ei ole")
    assert Catalogue("sv").error(error).startswith("Filen är inte")
    assert Catalogue("en").error(error).startswith("The file is not")


def test_data_errors_translate_their_problem() -> None:
    error = ReferenceDataError("taxonomy.csv", 7, "key", "data.problem.duplicate")
    assert Catalogue("fi").error(error) == (
        "Virhe tiedostossa taxonomy.csv, rivi 7, kenttä key: sama tunnus on jo aiemmin"
    )


def test_broken_catalogue_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "fi"
    folder.mkdir()
    (folder / "ok.toml").write_text('a = "yksi"\n', encoding="utf-8")
    (folder / "broken.toml").write_text('a = "yksi"\nb = "kaksi\n', encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        load_catalogue_files(folder)
    assert caught.value.file == "i18n/fi/broken.toml"
    assert caught.value.line == 2


def test_unknown_key_falls_back_to_the_key() -> None:
    assert Catalogue("sv").get("no.such.key") == "no.such.key"
