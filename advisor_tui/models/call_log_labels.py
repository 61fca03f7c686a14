"""The texts of call-log cells in one language, each worked out once per export.

Every lookup is a dict that fills itself on the first miss, so a year's hundred thousand rows cost
one dict lookup per cell. Texts come out neutralised against formula injection: labels of keys
that came from another database are content like any other.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Generic, TypeVar

from advisor_tui.models.clock import fmt_date, from_iso, local
from advisor_tui.models.reference import Reference
from advisor_tui.models.spreadsheet_cells import neutralise_cell

K = TypeVar("K")
V = TypeVar("V")


class Lookup(dict[K, V], Generic[K, V]):
    """A dict that works a missing value out with `compute` and keeps it."""

    def __init__(self, compute: Callable[[K], V]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: K) -> V:
        value = self[key] = self.compute(key)
        return value


class Labels:
    """Lookups for one export: taxonomy labels, lists of them, municipalities, local hours."""

    def __init__(self, reference: Reference, language: str) -> None:
        self.reference = reference
        self.language = language
        self.texts: Lookup[str, str] = Lookup(neutralise_cell)
        self.municipalities: Lookup[str | None, str] = Lookup(self._municipality)
        self.hours: Lookup[str, tuple[date, str, str]] = Lookup(self._hour)
        self._terms: dict[str, Lookup[str | None, str]] = {}
        self._lists: dict[str, Lookup[str, str]] = {}

    def term(self, kind: str) -> Lookup[str | None, str]:
        """Key → label of one taxonomy kind ('' for no key)."""
        found = self._terms.get(kind)
        if found is None:
            found = self._terms[kind] = Lookup(lambda key: self._label(kind, key))
        return found

    def terms(self, kind: str) -> Lookup[str, str]:
        """JSON list of keys → their labels joined with commas."""
        found = self._lists.get(kind)
        if found is None:
            found = self._lists[kind] = Lookup(lambda text: self._labels(kind, text))
        return found

    def _label(self, kind: str, key: str | None) -> str:
        return neutralise_cell(self.reference.label(kind, key, self.language)) if key else ""

    def _labels(self, kind: str, keys_json: str) -> str:
        keys = json.loads(keys_json)
        return neutralise_cell(
            ", ".join(self.reference.label(kind, key, self.language) for key in keys)
        )

    def _municipality(self, code: str | None) -> str:
        place = self.reference.municipalities.get(code or "")
        return neutralise_cell(place.name(self.language)) if place else ""

    def _hour(self, utc_hour: str) -> tuple[date, str, str]:
        """'2026-11-23T07' → (Helsinki date, its d.m.yyyy text, the local hour '09').

        Helsinki has been a whole number of hours from UTC since 1921, so the local date and hour
        depend on the UTC hour alone and the minutes carry over unchanged.
        """
        moment = local(from_iso(utc_hour + ":00:00.000000Z"))
        return moment.date(), fmt_date(moment), f"{moment.hour:02d}"

    def moment(self, started_at: str) -> tuple[date, str, str]:
        """(Helsinki date, d.m.yyyy, the 14.30 start time) of a stored UTC time."""
        day, text, hour = self.hours[started_at[:13]]
        return day, text, f"{hour}.{started_at[14:16]}"
