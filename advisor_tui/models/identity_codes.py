"""Finnish personal identity codes (henkilötunnus, HETU): validation, detection and masking.

A code is `DDMMYY`, a century sign, an individual number `NNN` and a check character: the nine
digits `DDMMYYNNN` modulo 31 indexed into `CHECK_CHARACTERS`. Individual numbers 002-899 are
ordinary, 900-999 temporary. Letters are accepted in either case.
"""

from __future__ import annotations

import re
from datetime import date

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURY_SIGNS: dict[str, int] = {
    "+": 1800,
    **dict.fromkeys("-YXWVU", 1900),
    **dict.fromkeys("ABCDEF", 2000),
}
MASK = "[HETU]"

_CODE = r"([0-9]{6})([-+A-FU-Ya-fu-y])([0-9]{3})([0-9A-Ya-y])"
_WHOLE = re.compile(_CODE)
# Not touching a letter or digit on either side; an underscore or punctuation is a boundary.
_EMBEDDED = re.compile(rf"(?<![^\W_]){_CODE}(?![^\W_])")


def _check_groups(birth: str, sign: str, individual: str, check: str) -> bool:
    number = int(individual)
    if number < 2:
        return False
    day, month, year = int(birth[:2]), int(birth[2:4]), int(birth[4:])
    try:
        date(CENTURY_SIGNS[sign.upper()] + year, month, day)
    except ValueError:
        return False
    return check_character(birth, individual) == check.upper()


def is_valid_hetu(text: str) -> bool:
    """Whether `text` is exactly one identity code with a real birth date and a right check."""
    match = _WHOLE.fullmatch(text)
    return match is not None and _check_groups(*match.groups())


def is_temporary(text: str) -> bool:
    """Whether `text` is a valid temporary identity code (individual number 900-999)."""
    return is_valid_hetu(text) and int(text[7:10]) >= 900


def check_character(birth: str, individual: str) -> str:
    """The check character for `DDMMYY` and `NNN`."""
    return CHECK_CHARACTERS[int(birth + individual) % 31]


def find_hetus(text: str) -> list[tuple[int, int, str]]:
    """Valid identity codes in free text as `(start, end, code in upper case)`."""
    return [
        (match.start(), match.end(), match.group().upper())
        for match in _EMBEDDED.finditer(text)
        if _check_groups(*match.groups())
    ]


def mask_hetus(text: str) -> tuple[str, int]:
    """`text` with each valid code replaced by a mark, and how many there were.

    The whole code goes, birth date included: the advice line is anonymous, and a birth date is
    personal data too. `131052-308T` becomes `[HETU]`.
    """
    found = find_hetus(text)
    parts: list[str] = []
    position = 0
    for start, end, _code in found:
        parts.append(text[position:start])
        parts.append(MASK)
        position = end
    parts.append(text[position:])
    return "".join(parts), len(found)
