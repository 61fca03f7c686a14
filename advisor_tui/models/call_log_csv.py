"""The call log as CSV text, each distinct value rendered as a cell once per export.

A year's log repeats a few hundred labels, durations and hours a hundred thousand times, so every
value is neutralised and quoted the first time it is met and its cell text reused; a row is then
its cells joined by the delimiter. The cell texts come from the standard csv writer itself, so the
file is byte for byte what writing each row with it would give (RFC 4180 quoting, CRLF line ends).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from advisor_tui.models.call_log_labels import Lookup
from advisor_tui.models.spreadsheet_cells import neutralise_cell

if TYPE_CHECKING:
    from advisor_tui.models.call_log import LogData
    from advisor_tui.models.call_log_labels import Labels

LINE_END = "\r\n"
PROGRESS_EVERY = 2000


class CellTexts:
    """Values as they stand in a CSV file with this delimiter, quoted where RFC 4180 asks."""

    def __init__(self, delimiter: str) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, delimiter=delimiter, lineterminator=LINE_END)
        self._tail = len(delimiter + LINE_END)
        self._needs_quotes = re.compile(f'[{re.escape(delimiter)}"\r\n]').search

    def __call__(self, value: object) -> str:
        """One cell. Text without the delimiter, a quote or a line break stands as it is; other
        values go through the writer in a row with a second, empty cell, so that an empty text
        stays empty as it does in a row of many cells."""
        if value.__class__ is str and not self._needs_quotes(value):
            return value
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        self._writer.writerow((value, ""))
        return buffer.getvalue()[: -self._tail]

    def row(self, values: list[str]) -> str:
        """A whole row with its line end (for the titles)."""
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        self._writer.writerow(values)
        return buffer.getvalue()

    def of(self, texts: Mapping[Any, str]) -> Lookup[Any, str]:
        """Key → the cell of `texts[key]`."""
        return Lookup(lambda key: self(texts[key]))

    def computed(self, compute: Callable[[Any], object]) -> Lookup[Any, str]:
        """Key → the cell of `compute(key)`."""
        return Lookup(lambda key: self(compute(key)))


def csv_text(
    data: LogData,
    labels: Labels,
    titles: list[str],
    include_notes: bool,
    delimiter: str,
    progress: Callable[[int, int], None],
) -> str:
    """The titles and one line per contact; `progress` hears of every `PROGRESS_EVERY` rows."""
    cell = CellTexts(delimiter)
    channels, parties = cell.of(labels.term("channel")), cell.of(labels.term("party"))
    sectors, helps = cell.of(labels.term("sector")), cell.of(labels.term("feedback_help"))
    ages, topics = cell.of(labels.terms("age_group")), cell.of(labels.terms("topic"))
    actions, places = cell.of(labels.terms("action")), cell.of(labels.municipalities)
    advisors = cell.of(labels.texts)
    hours: Lookup[str, tuple[str, str]] = Lookup(
        lambda key: (cell(labels.hours[key][1]), labels.hours[key][2])
    )
    times, outside, children = Lookup(cell), Lookup(cell), Lookup(cell)
    recommends, digital = Lookup(cell), Lookup(cell)
    durations = cell.computed(lambda seconds: round(seconds / 60, 1))
    names = cell.computed(neutralise_cell)
    observations = cell.computed(lambda text: neutralise_cell(", ".join(json.loads(text))))
    no_referrals = delimiter.join((cell(""), cell(0)))
    join, referrals, contacts = delimiter.join, data.referrals, data.contacts
    lines = [cell.row(titles)[: -len(LINE_END)]]
    total = len(contacts)
    for start in range(0, total, PROGRESS_EVERY):
        for (
            contact_id,
            started,
            seconds,
            channel,
            party,
            sector,
            outside_county,
            place,
            age_keys,
            child_count,
            topic_keys,
            action_keys,
            help_key,
            recommend,
            who,
            *notes,
        ) in contacts[start : start + PROGRESS_EVERY]:
            day, hour = hours[started[:13]]
            refs = referrals.get(contact_id)
            if refs:
                referred = join(
                    (names["; ".join(r[1] for r in refs)], digital[sum(1 for r in refs if r[2])])
                )
            else:
                referred = no_referrals
            cells = [
                day,
                times[f"{hour}.{started[14:16]}"],
                durations[seconds],
                channels[channel],
                parties[party],
                sectors[sector],
                outside[outside_county],
                places[place],
                ages[age_keys],
                children[child_count],
                topics[topic_keys],
                actions[action_keys],
                referred,
                helps[help_key],
                recommends[recommend],
                advisors[who],
            ]
            if include_notes:
                cells.append(observations[notes[0]])
                cells.append(cell(neutralise_cell(notes[1])))
            lines.append(join(cells))
        if start + PROGRESS_EVERY <= total:
            progress(start + PROGRESS_EVERY, total)
    lines.append("")
    return LINE_END.join(lines)
