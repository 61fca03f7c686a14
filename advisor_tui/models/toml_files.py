"""Reading the TOML files people edit by hand, with errors that point at the line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from advisor_tui.models.errors import ReferenceDataError

_LINE = re.compile(r"line (\d+)")


def load_toml(path: Path, name: str | None = None) -> dict[str, Any]:
    """The parsed file; a syntax or encoding error raises ReferenceDataError with its line."""
    shown = name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ReferenceDataError(shown, 0, "", "data.problem.missing") from exc
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(shown, 0, "", "data.problem.encoding") from exc
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        match = _LINE.search(str(exc))
        if match:
            line = int(match.group(1))
        else:
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
        raise ReferenceDataError(shown, line, "", "data.problem.syntax") from exc


def line_of_key(path: Path, key: str) -> int:
    """The line where `key = …` stands, or 0 if it cannot be found."""
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if pattern.match(line):
            return number
    return 0
