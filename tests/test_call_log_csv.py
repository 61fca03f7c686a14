"""The call-log CSV reuses each value's cell text: the file must be what the csv writer gives."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor_tui.models import records
from advisor_tui.models.call_log import COLUMNS, NOTE_COLUMNS, export_call_log, fetch_log, log_cells
from advisor_tui.models.call_log_csv import CellTexts
from advisor_tui.models.call_log_labels import Labels
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store

DAY = date(2026, 11, 23)
HEADERS = {c: f"Otsikko {c}" for c in (*COLUMNS, *NOTE_COLUMNS)}
AWKWARD = [
    'Palvelu "Perhe"; neuvonta',
    "Rivi\nvaihto",
    "Rivi\r\nvaihto",
    "=1+1",
    " -2",
    "a,b.c",
    "",
    "Ääkköset ja 😀",
]


def _writer_text(rows: list[list[Any]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


@given(
    st.one_of(
        st.text(),
        st.sampled_from(AWKWARD),
        st.integers(),
        st.floats(allow_nan=False),
        st.none(),
    ),
    st.sampled_from([";", ",", "\t", ".", "0", " ", "|"]),
)
def test_a_cell_is_what_the_writer_writes(value: object, delimiter: str) -> None:
    cell = CellTexts(delimiter)
    expected = _writer_text([[value, "x"]], delimiter)
    assert cell(value) + delimiter + "x\r\n" == expected


@pytest.fixture
def awkward_log(store: Store) -> Store:
    """A day of contacts whose referrals, notes and initials need quoting or neutralising."""
    for number, text in enumerate(AWKWARD):
        contact = records.insert(
            store,
            "contacts",
            {
                "started_at": f"2026-11-23T{7 + number:02d}:0{number}:00.000000Z",
                "ended_at": f"2026-11-23T{7 + number:02d}:30:00.000000Z",
                "duration_seconds": 61 * (number + 1),
                "channel": "phone",
                "party": "professional" if number % 2 else "parent",
                "sector": "school" if number % 2 else None,
                "outside_county": number % 2,
                "municipality_code": "297" if number % 3 else None,
                "age_groups": ["3-6"] if number % 2 else [],
                "child_count": number or None,
                "topics": ["behaviour", "sleep"][: number % 3],
                "observations": [text],
                "actions": ["advice"],
                "feedback_help": "yes",
                "feedback_recommend": number if number <= 10 else None,
                "summary": text,
            },
        )
        for digital, name in enumerate((text, AWKWARD[0])[: number % 3]):
            records.insert(
                store,
                "contact_referrals",
                {
                    "contact_id": contact,
                    "service_id": f"s{number}",
                    "service_name": name,
                    "digital": digital,
                },
            )
    return store


@pytest.mark.parametrize("include_notes", [False, True])
@pytest.mark.parametrize("delimiter", [";", ",", "."])
def test_file_is_byte_for_byte_the_writers(
    awkward_log: Store, tmp_path: Path, include_notes: bool, delimiter: str
) -> None:
    reference = shipped_reference()
    result = export_call_log(
        awkward_log,
        reference,
        tmp_path / "puhelut.csv",
        DAY,
        DAY,
        file_format="csv",
        headers=HEADERS,
        include_notes=include_notes,
        delimiter=delimiter,
    )
    data = fetch_log(awkward_log, DAY, DAY, advisor=None, include_notes=include_notes)
    titles = [HEADERS[c] for c in COLUMNS + (NOTE_COLUMNS if include_notes else ())]
    rows = [titles, *log_cells(data, Labels(reference, "fi"), include_notes)]
    assert len(rows) == len(AWKWARD) + 1
    expected = _writer_text(rows, delimiter).encode("utf-8-sig")
    assert result.path.read_bytes() == expected


def test_progress_is_heard_per_two_thousand_rows(store: Store, tmp_path: Path) -> None:
    with store.transaction():
        for number in range(4100):
            records.insert(
                store,
                "contacts",
                {
                    "started_at": f"2026-11-23T08:{number % 60:02d}:00.000000Z",
                    "ended_at": "2026-11-23T09:00:00.000000Z",
                    "channel": "phone",
                    "party": "parent",
                },
            )
    heard: list[tuple[int, int]] = []
    export_call_log(
        store,
        shipped_reference(),
        tmp_path / "puhelut.csv",
        DAY,
        DAY,
        file_format="csv",
        headers=HEADERS,
        progress=lambda done, total: heard.append((done, total)),
    )
    assert heard == [(2000, 4100), (4000, 4100), (4100, 4100)]
