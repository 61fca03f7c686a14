"""The user's settings file (TOML): language, remapped keys and workstation preferences."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from advisor_tui.models.errors import ReferenceDataError

_LINE = re.compile(r"line (\d+)")


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
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        match = _LINE.search(str(exc))
        raise ReferenceDataError(
            str(path), int(match.group(1)) if match else 0, "", "data.problem.syntax"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(str(path), 0, "", "data.problem.encoding") from exc
    language = data.get("language", "fi")
    keymap = data.get("keymap", {})
    preferences = data.get("preferences", {})
    if not isinstance(language, str):
        raise ReferenceDataError(str(path), 0, "language", "data.problem.not_text")
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise ReferenceDataError(str(path), 0, "keymap", "data.problem.not_text")
    if not isinstance(preferences, dict):
        raise ReferenceDataError(str(path), 0, "preferences", "data.problem.not_text")
    return UserSettings(language, dict(keymap), dict(preferences))


def save_settings(path: Path, settings: UserSettings) -> None:
    """Write atomically, so that a crash never leaves half a settings file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(tomli_w.dumps(settings.to_toml()), encoding="utf-8")
    temporary.replace(path)
