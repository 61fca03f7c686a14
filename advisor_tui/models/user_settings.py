"""The user's settings file (TOML): language, remapped keys and workstation preferences."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from advisor_tui.models.errors import ReferenceDataError
from advisor_tui.models.toml_files import line_of_key, load_toml


@dataclass
class UserSettings:
    language: str = "fi"
    keymap: dict[str, str] = field(default_factory=dict)
    preferences: dict[str, Any] = field(default_factory=dict)

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"language": self.language}
        if self.preferences:
            data["preferences"] = self.preferences
        data["keymap"] = self.keymap
        return data


def load_settings(path: Path) -> UserSettings:
    """Missing file: defaults. A broken file: an error naming its line."""
    if not path.exists():
        return UserSettings()
    data = load_toml(path)
    language = data.get("language", "fi")
    keymap = data.get("keymap", {})
    preferences = data.get("preferences", {})
    if not isinstance(language, str):
        raise ReferenceDataError(
            str(path), line_of_key(path, "language"), "language", "data.problem.not_text"
        )
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise ReferenceDataError(
            str(path), line_of_key(path, "keymap"), "keymap", "data.problem.not_text"
        )
    if not isinstance(preferences, dict):
        raise ReferenceDataError(
            str(path), line_of_key(path, "preferences"), "preferences", "data.problem.not_text"
        )
    return UserSettings(language, dict(keymap), dict(preferences))


def save_settings(path: Path, settings: UserSettings) -> None:
    """Write atomically, so that a crash never leaves half a settings file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(tomli_w.dumps(settings.to_toml()), encoding="utf-8")
    temporary.replace(path)
