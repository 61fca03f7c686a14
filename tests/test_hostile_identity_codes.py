"""Identity codes in every form: valid, wrong check character, temporary, all century signs,
and codes hidden among escape sequences and markup in text an advisor saves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from advisor_tui.models import callbacks as cb
from advisor_tui.models.callback_requests import create_callback
from advisor_tui.models.contacts import Contact, get_contact, save_contact
from advisor_tui.models.identity_codes import (
    CHECK_CHARACTERS,
    find_hetus,
    is_temporary,
    is_valid_hetu,
    mask_hetus,
)
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.safe_text import clean_text
from advisor_tui.models.store import Store

ALPHABET = "0123456789ABCDEFHJKLMNPRSTUVWXY"
SIGNS = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
SIGNS |= dict.fromkeys("ABCDEF", 2000)


def code(born: date, individual: int, sign: str) -> str:
    """A code computed here, independently of the module under test."""
    birth = f"{born.day:02d}{born.month:02d}{born.year % 100:02d}"
    return f"{birth}{sign}{individual:03d}{ALPHABET[int(f'{birth}{individual:03d}') % 31]}"


def wrong_check(text: str) -> str:
    other = ALPHABET[(ALPHABET.index(text[-1]) + 1) % 31]
    return text[:-1] + other


def test_published_examples() -> None:
    assert is_valid_hetu("131052-308T")
    assert is_valid_hetu("020502E618S")
    assert code(date(1952, 10, 13), 308, "-") == "131052-308T"
    assert CHECK_CHARACTERS == ALPHABET
    assert not set("GIOQZ") & set(CHECK_CHARACTERS)


@pytest.mark.parametrize("sign", sorted(SIGNS))
def test_every_century_sign(sign: str) -> None:
    century = SIGNS[sign]
    born = date(century + 87, 7, 15)
    ordinary = code(born, 234, sign)
    temporary = code(born, 987, sign)
    assert is_valid_hetu(ordinary) and not is_temporary(ordinary)
    assert is_valid_hetu(temporary) and is_temporary(temporary)
    assert is_valid_hetu(ordinary.lower())
    assert not is_valid_hetu(wrong_check(ordinary))
    assert not is_valid_hetu(wrong_check(temporary))
    text = f"Äiti: {ordinary}, lapsi: {temporary}, väärä: {wrong_check(ordinary)}."
    masked, count = mask_hetus(text)
    assert count == 2
    assert masked == f"Äiti: [HETU], lapsi: [HETU], väärä: {wrong_check(ordinary)}."


def test_exactly_one_check_character_fits_each_code() -> None:
    for individual in (2, 123, 899, 900, 999):
        body = code(date(1999, 12, 31), individual, "-")[:-1]
        fitting = [c for c in ALPHABET + "GIOQZ" if is_valid_hetu(body + c)]
        assert fitting == [code(date(1999, 12, 31), individual, "-")[-1]]


@pytest.mark.parametrize("individual", [900, 901, 950, 998, 999])
def test_temporary_individual_numbers(individual: int) -> None:
    temporary = code(date(2010, 1, 1), individual, "A")
    assert is_temporary(temporary)
    assert find_hetus(f"väliaikainen {temporary}") == [(13, 24, temporary)]


@pytest.mark.parametrize("individual", [0, 1])
def test_individual_numbers_below_two_are_not_codes(individual: int) -> None:
    assert not is_valid_hetu(code(date(1990, 5, 5), individual, "-"))


@pytest.mark.parametrize("sign", ["G", "Z", "*", "/", "a-", " ", "_"])
def test_other_signs_are_not_codes(sign: str) -> None:
    body = "131052"
    check = ALPHABET[int(body + "308") % 31]
    assert not is_valid_hetu(f"{body}{sign}308{check}")


def test_a_date_that_does_not_exist_is_not_a_code() -> None:
    assert not is_valid_hetu(code(date(2001, 2, 28), 234, "A").replace("2802", "2902"))
    assert is_valid_hetu(code(date(2000, 2, 29), 234, "A"))


HIDDEN = [
    "\x1b[31m{code}\x1b[0m",
    "[bold]{code}[/bold]",
    "[@click=app.quit]{code}[/]",
    "\x1b]8;;https://x.example\x07{code}\x1b]8;;\x07",
    "{code}\x07",
    "\x9b1m{code}",
    "rivi1\r\n{code}\r\n",
    "{code}\u2028seuraava",
]


@pytest.mark.parametrize("template", HIDDEN)
def test_codes_among_escapes_and_markup_are_found_after_cleaning(template: str) -> None:
    valid = code(date(1985, 6, 4), 912, "-")
    masked, count = mask_hetus(clean_text(template.format(code=valid)))
    assert count == 1
    assert valid not in masked and "[HETU]" in masked


def test_a_code_split_by_a_control_character_is_still_masked_when_saved(store: Store) -> None:
    valid = code(date(1985, 6, 4), 345, "-")
    split = valid[:7] + "\x07" + valid[7:]
    summary = "\x1b[1m" + split + "\x1b[0m [bold]ja[/bold] " + valid.lower()
    now = store.now()
    contact = Contact(
        started_at=now - timedelta(minutes=5),
        ended_at=now,
        channel="phone",
        party="parent",
        topics=["sleep"],
        actions=["advice"],
        summary=summary,
    )
    saved = save_contact(store, shipped_reference(), contact)
    assert saved.masked_codes == 2
    stored = get_contact(store, saved.contact_id)
    assert stored is not None
    assert stored.summary == "[HETU] [bold]ja[/bold] [HETU]"


def test_callback_note_and_name_never_store_a_code(store: Store) -> None:
    valid = code(date(2015, 3, 9), 950, "B")
    form = cb.RequestForm(phone="040 123 4567", name=f"\x1b[2K{valid}", note=f"[i]{valid}[/i]")
    saved = create_callback(store, form)
    assert saved.hetus_masked == 2
    callback = cb.get_callback(store, saved.id)
    assert callback is not None
    assert callback.name == "[HETU]" and callback.note == "[i][HETU][/i]"
