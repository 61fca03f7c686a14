"""Spreadsheet cells neutralised against formula injection (OWASP "CSV Injection").

A text cell that a spreadsheet could read as a formula gets a leading apostrophe, which
spreadsheets take as "this is text". That is a text starting with `=`, `+`, `-`, `@`, tab, CR,
LF or NUL, or with their full-width forms U+FF1D, U+FF0B, U+FF0D and U+FF20, or with one of
these after leading whitespace, since import options that trim spaces would otherwise expose it.
Other values (numbers, dates, None) are returned as they are: a negative number stays a number.
"""

from __future__ import annotations

from typing import TypeVar, overload

FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\x00\uff1d\uff0b\uff0d\uff20")

_T = TypeVar("_T")


def needs_neutralising(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula."""
    return text[:1] in FORMULA_TRIGGERS or text.lstrip()[:1] in FORMULA_TRIGGERS


@overload
def neutralise_cell(value: str) -> str: ...


@overload
def neutralise_cell(value: _T) -> _T: ...


def neutralise_cell(value: object) -> object:
    """`value` with a leading apostrophe if it is text a spreadsheet could run as a formula."""
    if isinstance(value, str) and needs_neutralising(value):
        return "'" + value
    return value
