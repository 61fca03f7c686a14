"""Control characters and terminal escape sequences removed from user text.

Complete escape sequences go as a whole, so nothing like `[31m` is left behind: CSI
(`ESC [` or U+009B, parameters, final byte), string sequences (OSC `ESC ]`, DCS `ESC P`, SOS
`ESC X`, PM `ESC ^`, APC `ESC _` or their C1 forms, up to BEL or ST) and the other `ESC`
sequences. Of an incomplete sequence only its control characters go; the printable rest stays
as content. Line breaks (CR LF, CR, U+2028, U+2029) become LF. Lone surrogates (which JSON
`\\ud800` escapes can produce) go too: they cannot be shown, stored or written as UTF-8. Markup
such as `[bold]` is content and stays as it is.
"""

from __future__ import annotations

import re

_CSI = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
# A string sequence's body stops at the next introducer, so a run of introducers without an
# end is scanned once rather than once per introducer.
_STRING = (
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x90\x98\x9c-\x9f]*(?:\x07|\x1b\\|\x9c)"
)
_OTHER_ESCAPE = r"\x1b[ -/]*[0-~]"
_ESCAPE_SEQUENCE = re.compile(f"{_CSI}|{_STRING}|{_OTHER_ESCAPE}")
_LINE_BREAK = re.compile("\r\n?|[\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


class TextTooLong(ValueError):
    """The cleaned text is longer than the field allows."""

    def __init__(self, limit: int, actual: int) -> None:
        super().__init__(f"text has {actual} characters; the limit is {limit}")
        self.limit = limit
        self.actual = actual


def clean_text(text: str, *, max_len: int | None = None) -> str:
    """`text` without escape sequences and control characters other than tab and LF.

    Raises `TextTooLong` when the cleaned text has more than `max_len` characters.
    """
    cleaned = _ESCAPE_SEQUENCE.sub("", text)
    cleaned = _LINE_BREAK.sub("\n", cleaned)
    cleaned = _CONTROL.sub("", cleaned)
    if max_len is not None and len(cleaned) > max_len:
        raise TextTooLong(max_len, len(cleaned))
    return cleaned


def is_clean(text: str) -> bool:
    """Whether `clean_text` would leave `text` as it is.

    That is: no control character other than tab and LF, no lone surrogate, no CR, U+2028 or
    U+2029 (so no escape sequence either).
    """
    return _UNCLEAN.search(text) is None


def single_line(text: str) -> str:
    """Cleaned text on one line, tabs and line breaks as spaces, for a table cell."""
    return clean_text(text).replace("\n", " ").replace("\t", " ")
