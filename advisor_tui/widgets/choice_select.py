"""A drop-down choice that can be made by typing the start of its name."""

from __future__ import annotations

from time import monotonic

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

TYPE_AHEAD_PAUSE = 0.8


class ChoiceSelect(Select[str], inherit_bindings=False):
    """`Select` over (label, key) pairs that can be filled by typing the start of a name.

    Typing on the closed field picks the first match at once (`ku` → Kuopio) and Enter then
    moves on to the next field. Enter, space or the arrows open the list as in any `Select`;
    typing in the open list moves to a match. A label matches when it, or one of its words,
    starts with what was typed; otherwise any label containing it. Labels are plain text.
    """

    BINDINGS = [
        Binding("enter", "enter", show=False),
        Binding("down,space,up", "show_overlay", show=False),
    ]

    def __init__(
        self,
        options: list[tuple[str, str]],
        *,
        prompt: str,
        value: str = "",
        id: str | None = None,
        disabled: bool = False,
        allow_blank: bool = True,
    ) -> None:
        super().__init__(
            [(Text(label), key) for label, key in options],
            prompt=prompt,
            value=value if value else Select.NULL,
            id=id,
            disabled=disabled,
            allow_blank=allow_blank,
            type_to_search=True,
        )
        self._keys = {key for _, key in options}
        self._choice_labels = {key: label.casefold() for label, key in options}
        self._typed = ""
        self._typed_at = 0.0
        self._just_typed = False

    def on_mount(self) -> None:
        overlay = self.query_one(SelectOverlay)
        overlay._find_search_match = self._overlay_typed  # type: ignore[method-assign]

    def _overlay_typed(self, query: str) -> int | None:
        """The open list's own search hands over each typed character; we keep the text."""
        return self._type(query[-1:])

    def _type(self, character: str) -> int | None:
        now = monotonic()
        if now - self._typed_at > TYPE_AHEAD_PAUSE:
            self._typed = ""
        self._typed_at = now
        self._typed += character
        return self.match(self._typed)

    @property
    def key(self) -> str:
        """The chosen key, or "" when nothing is chosen."""
        value = self.value
        return value if isinstance(value, str) else ""

    def choose(self, key: str) -> None:
        """Pick a key; an unknown or empty key clears the choice."""
        if key in self._keys:
            self.value = key
        elif self._allow_blank:
            self.clear()

    def match(self, typed: str) -> int | None:
        """Index (in the drop-down) of the first choice matching what was typed."""
        typed = typed.casefold()
        labels = [
            (index, self._choice_labels.get(value, "") if isinstance(value, str) else "")
            for index, (_prompt, value) in enumerate(self._options)
        ]
        for test in (
            lambda label: label.startswith(typed),
            lambda label: any(word.startswith(typed) for word in label.split()),
            lambda label: typed in label,
        ):
            for index, label in labels:
                if label and test(label):
                    return index
        return None

    async def _on_key(self, event: events.Key) -> None:
        character = event.character
        overlay = self.query_one(SelectOverlay)
        if character and event.is_printable and character != " " and not overlay.has_focus:
            event.stop()
            event.prevent_default()
            index = self._type(character)
            if index is None:
                return
            if self.expanded:
                overlay.select(index)
            else:
                value = self._options[index][1]
                if isinstance(value, str):
                    self.value = value
                self._just_typed = True
            return
        if event.key != "enter":
            self._just_typed = False
        await super()._on_key(event)

    def on_blur(self, event: events.Blur) -> None:
        self._just_typed = False

    def action_enter(self) -> None:
        """After typing a choice, Enter moves on; otherwise it opens the list."""
        if self._just_typed and not self.expanded:
            self._just_typed = False
            self.screen.focus_next()
            return
        self.action_show_overlay()

    def action_show_overlay(self) -> None:
        """Enter on a list opened by typing (before it took the focus) picks the match."""
        overlay = self.query_one(SelectOverlay)
        if self.expanded and overlay.highlighted is not None:
            overlay.action_select()
            return
        super().action_show_overlay()
