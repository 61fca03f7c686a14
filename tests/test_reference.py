"""Shipped reference data loads whole, and a broken file names its file, line and field."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from advisor_tui.models.errors import ReferenceDataError
from advisor_tui.models.reference import load_reference, shipped_reference
from advisor_tui.paths import package_data_dir

PER_COUNTY = (
    "01:7 02:6 03:10 04:2 05:27 06:16 07:11 08:23 09:10 10:6 11:9 12:11 13:19 14:13 15:22 "
    "16:18 17:14 18:8 19:30 20:8 21:21 90:1"
)


def test_all_of_finland_is_shipped() -> None:
    reference = shipped_reference()
    assert len(reference.municipalities) == 308
    assert len(reference.counties) == 22
    counts = Counter(m.county_code for m in reference.municipalities.values() if m.county_code)
    assert " ".join(f"{code}:{counts[code]}" for code in sorted(counts)) == PER_COUNTY
    assert sum(1 for m in reference.municipalities.values() if not m.county_code) == 16


def test_lookup_by_name_code_and_swedish() -> None:
    reference = shipped_reference()
    assert reference.find_municipality("kempele").code == "244"  # type: ignore[union-attr]
    assert reference.find_municipality("Maarianhamina").code == "478"  # type: ignore[union-attr]
    assert reference.find_county("Pohjois-Savo").code == "13"  # type: ignore[union-attr]
    assert reference.find_county("Norra Savolax välfärdsområde").code == "13"  # type: ignore[union-attr]
    assert reference.find_county("Helsinki").code == "90"  # type: ignore[union-attr]
    assert reference.find_county("Narnia") is None


def test_taxonomy_has_every_kind_in_three_languages() -> None:
    reference = shipped_reference()
    for kind in ("channel", "party", "sector", "age_group", "topic", "action", "language"):
        terms = reference.terms(kind)
        assert terms, kind
        for term in terms:
            assert all(term.labels[lang] for lang in ("fi", "sv", "en"))
    assert reference.label("party", "professional", "fi") == "Ammattilainen"
    assert reference.label("party", "professional", "sv") == "Yrkesperson"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for name in ("municipalities.csv", "taxonomy.csv"):
        shutil.copy(package_data_dir() / name, tmp_path / name)
    return tmp_path


def _break(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "line", "old", "new", "field", "problem"),
    [
        ("municipalities.csv", 3, "009", "9x", "code", "data.problem.code"),
        ("municipalities.csv", 4, "010", "009", "code", "data.problem.duplicate"),
        (
            "municipalities.csv",
            5,
            "Asikkala,Asikkala",
            ",Asikkala",
            "name_fi",
            "data.problem.empty_field",
        ),
        ("municipalities.csv", 1, "county_code", "county", "county_code", "data.problem.header"),
        ("taxonomy.csv", 2, "channel,phone", "chanel,phone", "kind", "data.problem.unknown_kind"),
        ("taxonomy.csv", 3, "callback_out", "phone", "key", "data.problem.duplicate"),
        ("taxonomy.csv", 4, ",Web form", ",", "en", "data.problem.empty_field"),
    ],
)
def test_broken_file_names_file_line_and_field(
    data_copy: Path, file: str, line: int, old: str, new: str, field: str, problem: str
) -> None:
    if file == "taxonomy.csv" and line == 4:
        old, new = "Ask for advice web form", ""
    _break(data_copy / file, line, old, new)
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(data_copy)
    error = caught.value
    assert (error.file, error.line, error.field, error.problem) == (file, line, field, problem)


def test_missing_column_count_and_missing_file(data_copy: Path) -> None:
    path = data_copy / "taxonomy.csv"
    path.write_text(path.read_text(encoding="utf-8") + "topic,extra\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(data_copy)
    assert caught.value.problem == "data.problem.column_count"
    (data_copy / "municipalities.csv").unlink()
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(data_copy)
    assert caught.value.file == "municipalities.csv"
