"""The key bar at the bottom of an area: steady while focus moves, rebuilt only on change."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

if TYPE_CHECKING:
    from textual.screen import Screen


class ShownKey(NamedTuple):
    """One key as the bar shows it (one per action)."""

    binding: Binding
    display: str
    enabled: bool
    tooltip: str

    @property
    def signature(self) -> tuple[object, ...]:
        b = self.binding
        return (b.action, b.key, self.display, b.description, self.enabled, self.tooltip, b.group)


class KeyBar(Footer):
    """A footer whose keys keep their place while focus moves between fields.

    Textual's footer recomposes after every focus change (the screen publishes its bindings
    signal, often several times), and lists keys in the order the focused widget meets them:
    a text field that also knows PageUp puts "previous" before "next". Here the keys are
    ordered by where they are declared (the focused widget's, its containers', the screen's,
    the app's), the signals are coalesced into one check after the next refresh, and the key
    widgets are rebuilt only when what the bar shows has changed.
    """

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=compact)
        self._shown: tuple[object, ...] | None = None
        self._check_pending = False
        self.rebuilds = 0

    # -- what to show ----------------------------------------------------------------------

    def shown_keys(self) -> list[ShownKey]:
        """One key per action that shows, in declaration order (see the class docstring)."""
        app = self.app
        active = list(self.screen.active_bindings.items())
        declared: dict[int, dict[tuple[str, str], int]] = {}

        def place(index: int) -> tuple[int, int, int]:
            key, (node, binding, _enabled, _tooltip) = active[index]
            order = declared.get(id(node))
            if order is None:
                order = declared[id(node)] = _declared_order(node)
            position = order.get(("key", key), order.get(("action", binding.action), len(order)))
            return (-len(node.ancestors_with_self), position, index)

        shown: dict[str, ShownKey] = {}
        for index in sorted(range(len(active)), key=place):
            _key, (_node, binding, enabled, tooltip) = active[index]
            if binding.show and binding.action not in shown:
                shown[binding.action] = ShownKey(
                    binding, app.get_key_display(binding), enabled, tooltip
                )
        return list(shown.values())

    def _palette_key(self) -> ShownKey | None:
        app = self.app
        if not (self.show_command_palette and app.ENABLE_COMMAND_PALETTE):
            return None
        found = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if found is None:
            return None
        return ShownKey(found.binding, app.get_key_display(found.binding), found.enabled, "")

    def _signature(self, keys: list[ShownKey], palette: ShownKey | None) -> tuple[object, ...]:
        return (
            self.compact,
            palette.signature if palette else None,
            *(key.signature for key in keys),
        )

    # -- drawing ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keys, palette = self.shown_keys(), self._palette_key()
        self._shown = self._signature(keys, palette)
        self.rebuilds += 1
        self.styles.grid_size_columns = len(keys)
        for group, grouped in groupby(keys, lambda key: key.binding.group):
            members = list(grouped)
            if group is not None and len(members) > 1:
                with KeyGroup(classes="-compact" if group.compact else ""):
                    for key in members:
                        tooltip = key.tooltip or key.binding.description
                        yield self._footer_key(key, "", tooltip, "-grouped")
                yield FooterLabel(group.description)
            else:
                for key in members:
                    yield self._footer_key(key, key.binding.description, key.tooltip, "")
        if palette is not None:
            b = palette.binding
            yield FooterKey(
                b.key,
                palette.display,
                b.description,
                b.action,
                classes="-command-palette",
                disabled=not palette.enabled,
                tooltip=b.tooltip or b.description,
            )

    def _footer_key(self, key: ShownKey, description: str, tooltip: str, classes: str) -> FooterKey:
        widget = FooterKey(
            key.binding.key,
            key.display,
            description,
            key.binding.action,
            disabled=not key.enabled,
            tooltip=tooltip,
            classes=classes,
        )
        return widget.data_bind(compact=Footer.compact)

    # -- when to redraw --------------------------------------------------------------------

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._check_pending = False
        if not self.is_attached:
            return
        if self._signature(self.shown_keys(), self._palette_key()) == self._shown:
            return
        await self.recompose()


def _declared_order(node: DOMNode) -> dict[tuple[str, str], int]:
    """Each key's and each action's first position in the node's own bindings."""
    order: dict[tuple[str, str], int] = {}
    for index, (key, binding) in enumerate(node._bindings):
        order.setdefault(("key", key), index)
        order.setdefault(("action", binding.action), index)
    return order
