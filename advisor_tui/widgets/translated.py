"""Bindings whose descriptions are catalogue keys, shown in the chosen language."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from advisor_tui.i18n import t


def translate_bindings(node: DOMNode) -> None:
    """Replace each binding's description and tooltip (catalogue keys) with their text."""
    node._bindings = BindingsMap(
        [
            replace(
                binding,
                description=t(binding.description) if binding.description else "",
                tooltip=t(binding.tooltip) if binding.tooltip else "",
            )
            for _key, binding in node._bindings
        ]
    )
