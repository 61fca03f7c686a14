from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor_tui.models.safe_text import TextTooLong, clean_text, single_line

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b[1;38;5;196mbold\x1b[m", "bold"),
        ("\x1b[?1049h\x1b[2J\x1b[Hscreen", "screen"),
        ("a\x1b[>4;2mb", "ab"),
        ("\x9b31mC1 CSI\x9b0m", "C1 CSI"),
        ("\x1b]8;;https://evil.example\x07link\x1b]8;;\x07", "link"),
        ("\x1b]0;new title\x1b\\text", "text"),
        ("\x1b]52;c;ZXZpbA==\x07clipboard", "clipboard"),
        ("\x9d0;title\x9cafter", "after"),
        ("\x1bP+q544e\x1b\\dcs", "dcs"),
        ("\x1b_apc payload\x1b\\apc", "apc"),
        ("\x1b^pm\x1b\\pm", "pm"),
        ("\x1bXsos\x1b\\sos", "sos"),
        ("\x1b(0charset\x1b(B", "charset"),
        ("\x1b7saved\x1b8", "saved"),
        ("\x1bcreset", "reset"),
        ("\x1b#8align", "align"),
        ("bell\x07", "bell"),
        ("back\x08space", "backspace"),
        ("nul\x00byte", "nulbyte"),
        ("del\x7fete", "delete"),
        ("nel\x85c1", "nelc1"),
        ("form\x0cfeed\x0bvt", "formfeedvt"),
        ("esc at end\x1b", "esc at end"),
    ],
)
def test_escape_sequences_and_controls_are_removed(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("unfinished \x1b[31", "unfinished 31"),
        ("unfinished \x1b]0;title", "unfinished 0;title"),
        ("\x1b\x1b[31mdouble", "double"),
    ],
)
def test_incomplete_sequences_lose_their_controls(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_line_breaks_are_normalised() -> None:
    assert clean_text("a\r\nb\rc\nd\u2028e\u2029f") == "a\nb\nc\nd\ne\nf"
    assert clean_text("\r\n\r\n") == "\n\n"


def test_tabs_and_newlines_stay() -> None:
    assert clean_text("sarake\tarvo\nrivi") == "sarake\tarvo\nrivi"


@pytest.mark.parametrize(
    "markup",
    [
        "[bold]lihava[/bold]",
        "[@click=app.quit]sulje[/]",
        "[link=https://example.com]linkki[/link]",
        "[red on white]x[/]",
        "$primary [b]",
        "\\[escaped]",
    ],
)
def test_markup_is_content(markup: str) -> None:
    assert clean_text(markup) == markup
    assert single_line(markup) == markup


def test_finnish_and_other_scripts_unchanged() -> None:
    text = "Äiti soitti klo 14.30 – lapsi 5 v. 👶 Ребёнок 孩子 طفل"
    assert clean_text(text) == text


def test_max_len_counts_cleaned_text_and_never_cuts() -> None:
    assert clean_text("\x1b[31mabc\x1b[0m", max_len=3) == "abc"
    with pytest.raises(TextTooLong) as caught:
        clean_text("abcd", max_len=3)
    assert caught.value.limit == 3
    assert caught.value.actual == 4
    assert isinstance(caught.value, ValueError)


def test_single_line() -> None:
    assert single_line("eka\r\ntoka\tkolmas\x1b[2Kneljäs") == "eka toka kolmasneljäs"
    assert "\n" not in single_line("a\u2028b")


@given(st.text())
def test_property_no_controls_remain(text: str) -> None:
    cleaned = clean_text(text)
    assert not FORBIDDEN.search(cleaned)
    assert "\x1b" not in cleaned
    assert "\r" not in cleaned


@given(st.text())
def test_property_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    line = single_line(text)
    assert single_line(line) == line
    assert "\n" not in line
    assert "\t" not in line


@given(st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))))
def test_property_printable_text_unchanged(text: str) -> None:
    assert clean_text(text) == text
    assert single_line(text) == text


@given(st.text(alphabet=st.sampled_from("\x1b[]0123456789;m?PX^_\\\x07\x9b\x9c\x9d ab\r\n")))
def test_property_escape_heavy_input(text: str) -> None:
    cleaned = clean_text(text)
    assert not FORBIDDEN.search(cleaned)
    assert clean_text(cleaned) == cleaned


@given(st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))))
def test_property_sgr_wrapped_text_leaves_no_remnant(plain: str) -> None:
    assert clean_text(f"\x1b[1;31m{plain}\x1b[0m") == plain
