from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor_tui.models.identity_codes import (
    CENTURY_SIGNS,
    CHECK_CHARACTERS,
    find_hetus,
    is_temporary,
    is_valid_hetu,
    mask_hetus,
)

SIGNS_BY_CENTURY = {
    1800: "+",
    1900: "-YXWVU",
    2000: "ABCDEF",
}


def make_hetu(born: date, individual: int, sign: str | None = None) -> str:
    """A valid code computed independently of the module under test."""
    century = born.year - born.year % 100
    sign = sign if sign is not None else SIGNS_BY_CENTURY[century][0]
    birth = born.strftime("%d%m") + f"{born.year % 100:02d}"
    number = f"{individual:03d}"
    return birth + sign + number + "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(birth + number) % 31]


@pytest.mark.parametrize("code", ["131052-308T", "020502E618S", "010594Y9021", "010594Y9032"])
def test_known_valid_codes(code: str) -> None:
    assert is_valid_hetu(code)


def test_helper_matches_published_examples() -> None:
    assert make_hetu(date(1952, 10, 13), 308) == "131052-308T"
    assert make_hetu(date(2002, 5, 2), 618, "E") == "020502E618S"


def test_century_signs_cover_exactly_the_official_set() -> None:
    assert set(CENTURY_SIGNS) == set("+-YXWVUABCDEF")
    assert len(CHECK_CHARACTERS) == 31


@pytest.mark.parametrize("sign", list("-YXWVU"))
def test_every_1900s_sign(sign: str) -> None:
    code = make_hetu(date(1987, 7, 15), 123, sign)
    assert is_valid_hetu(code)
    assert find_hetus(f"asiakas {code}") == [(8, 19, code)]


@pytest.mark.parametrize("sign", list("ABCDEF"))
def test_every_2000s_sign(sign: str) -> None:
    code = make_hetu(date(2011, 12, 31), 456, sign)
    assert is_valid_hetu(code)
    assert mask_hetus(code) == ("[HETU]", 1)


def test_1800s_sign() -> None:
    assert is_valid_hetu(make_hetu(date(1899, 3, 1), 50, "+"))


def test_same_digits_in_another_century_must_be_a_real_date() -> None:
    # 29.2.00 exists in 2000 but not in 1900 or 1800.
    assert is_valid_hetu(make_hetu(date(2000, 2, 29), 222, "A"))
    body = "290200"
    for sign in "+-":
        check = CHECK_CHARACTERS[int(body + "222") % 31]
        assert not is_valid_hetu(f"{body}{sign}222{check}")


@pytest.mark.parametrize(
    ("born", "valid"),
    [
        (("29", "02", "96"), True),  # 1996 is a leap year
        (("29", "02", "97"), False),
        (("29", "02", "04"), True),  # 1904 is a leap year
        (("31", "04", "99"), False),  # April has 30 days
        (("31", "02", "99"), False),
        (("00", "01", "99"), False),
        (("01", "13", "99"), False),
        (("01", "00", "99"), False),
    ],
)
def test_birth_date_must_exist(born: tuple[str, str, str], valid: bool) -> None:
    body = "".join(born)
    code = f"{body}-234{CHECK_CHARACTERS[int(body + '234') % 31]}"
    assert is_valid_hetu(code) is valid


def test_310299_is_not_a_date() -> None:
    code = f"310299-123{CHECK_CHARACTERS[int('310299123') % 31]}"
    assert not is_valid_hetu(code)
    assert find_hetus(code) == []


def test_wrong_check_character_is_not_a_code() -> None:
    assert not is_valid_hetu("131052-308U")
    assert find_hetus("hetu 131052-308U") == []
    assert mask_hetus("hetu 131052-308U") == ("hetu 131052-308U", 0)


@pytest.mark.parametrize("individual", [0, 1])
def test_individual_numbers_000_and_001_are_not_used(individual: int) -> None:
    code = make_hetu(date(1980, 1, 1), individual)
    assert not is_valid_hetu(code)


def test_temporary_codes() -> None:
    temporary = make_hetu(date(1985, 6, 4), 912)
    ordinary = make_hetu(date(1985, 6, 4), 899)
    assert is_valid_hetu(temporary)
    assert is_temporary(temporary)
    assert is_valid_hetu(ordinary)
    assert not is_temporary(ordinary)
    assert not is_temporary("131052-308U")
    assert find_hetus(temporary) == [(0, 11, temporary)]


@pytest.mark.parametrize(
    "text",
    ["", "131052308T", "131052-308", "131052-308TT", " 131052-308T", "131052 308T", "131052G308T"],
)
def test_not_exactly_one_code(text: str) -> None:
    assert not is_valid_hetu(text)


def test_lower_case_is_valid_and_found() -> None:
    assert is_valid_hetu("131052-308t")
    assert is_valid_hetu("020502e618s")
    text = "Äiti antoi hetun 131052-308t ja lapsen 020502e618s."
    assert find_hetus(text) == [(17, 28, "131052-308T"), (39, 50, "020502E618S")]
    assert mask_hetus(text) == ("Äiti antoi hetun [HETU] ja lapsen [HETU].", 2)


@pytest.mark.parametrize(
    "text",
    [
        "(131052-308T)",
        "hetu:131052-308T,",
        "hetu_131052-308T",
        '"131052-308T"',
        "131052-308T\n",
        "-131052-308T-",
    ],
)
def test_found_next_to_punctuation(text: str) -> None:
    masked, count = mask_hetus(text)
    assert count == 1
    assert "308T" not in masked
    assert "131052" not in masked and "[HETU]" in masked


@pytest.mark.parametrize(
    "text", ["x131052-308T", "1131052-308T", "131052-308Tx", "131052-308T0", "ä131052-308T"]
)
def test_not_found_inside_a_longer_word(text: str) -> None:
    assert find_hetus(text) == []


def test_several_codes_are_masked() -> None:
    first = make_hetu(date(1990, 1, 2), 345)
    second = make_hetu(date(2020, 11, 30), 987, "B")
    text = f"{first}\n{second} {first}"
    masked, count = mask_hetus(text)
    assert count == 3
    assert masked == "[HETU]\n[HETU] [HETU]"
    assert mask_hetus(masked) == (masked, 0)


valid_codes = st.builds(
    lambda born, individual, choice: make_hetu(
        born,
        individual,
        SIGNS_BY_CENTURY[born.year - born.year % 100][
            choice % len(SIGNS_BY_CENTURY[born.year - born.year % 100])
        ],
    ),
    st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(min_value=2, max_value=999),
    st.integers(min_value=0, max_value=5),
)


@given(code=valid_codes, lower=st.booleans())
def test_property_generated_codes_are_valid(code: str, lower: bool) -> None:
    code = code.lower() if lower else code
    assert is_valid_hetu(code)
    assert is_temporary(code) is (int(code[7:10]) >= 900)


@given(code=valid_codes, before=st.text(), after=st.text(), lower=st.booleans())
def test_property_found_and_masked_in_any_text(
    code: str, before: str, after: str, lower: bool
) -> None:
    typed = code.lower() if lower else code
    text = f"{before} {typed} {after}"
    start = len(before) + 1
    assert (start, start + 11, code) in find_hetus(text)
    masked, count = mask_hetus(text)
    assert count >= 1
    assert masked[start : start + 6] == "[HETU]"
