"""A list of ticks for several choices, where typing the start of a label moves to it."""

from __future__ import annotations

from collections.abc import Iterable
from time import monotonic

from rich.text import Text
from textual import events
from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection

TYPE_AHEAD_PAUSE = 0.8


class TermChecklist(SelectionList[str]):
    """Ticks over (label, key) pairs. Space ticks; letters jump to the first matching label.

    A label matches when it, or one of its words, starts with what was typed within
    `TYPE_AHEAD_PAUSE` seconds; otherwise any label containing it.
    """

    def __init__(
        self, options: list[tuple[str, str]], *, selected: Iterable[str] = (), id: str | None = None
    ) -> None:
        chosen = set(selected)
        super().__init__(
            *(Selection(Text(label), key, key in chosen) for label, key in options), id=id
        )
        self._labels = [label.casefold() for label, _ in options]
        self._typed = ""
        self._typed_at = 0.0

    @property
    def keys(self) -> list[str]:
        """The ticked keys in the order of the list."""
        chosen = set(self.selected)
        return [
            option.value
            for option in (self.get_option_at_index(i) for i in range(self.option_count))
            if option.value in chosen
        ]

    def set_keys(self, keys: Iterable[str]) -> None:
        wanted = set(keys)
        self.deselect_all()
        for index in range(self.option_count):
            value = self.get_option_at_index(index).value
            if value in wanted:
                self.select(value)

    def match(self, typed: str) -> int | None:
        typed = typed.casefold()
        for test in (
            lambda label: label.startswith(typed),
            lambda label: any(word.startswith(typed) for word in label.split()),
            lambda label: typed in label,
        ):
            for index, label in enumerate(self._labels):
                if test(label):
                    return index
        return None

    async def _on_key(self, event: events.Key) -> None:
        character = event.character
        if character and event.is_printable and character != " ":
            event.stop()
            event.prevent_default()
            now = monotonic()
            if now - self._typed_at > TYPE_AHEAD_PAUSE:
                self._typed = ""
            self._typed_at = now
            self._typed += character
            index = self.match(self._typed)
            if index is not None:
                self.highlighted = index
            return
        await super()._on_key(event)
