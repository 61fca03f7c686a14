"""Errors the user can cause, carried as a message key and its parameters.

The models never format user-facing text themselves: the CLI and the screens look the key up in
the message catalogue of the chosen language.
"""

from __future__ import annotations

from typing import Any


class AdvisorError(Exception):
    """A problem the user can understand and act on."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        detail = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{self.key} ({detail})" if detail else self.key


class StoreError(AdvisorError):
    """The database cannot be opened or written."""


class ReferenceDataError(AdvisorError):
    """A shipped or user-edited data file is broken; names the file, line and field."""

    def __init__(self, file: str, line: int, field: str, problem: str, **params: Any) -> None:
        key = (
            "data.invalid"
            if line and field
            else "data.invalid_line"
            if line
            else "data.invalid_file"
        )
        super().__init__(key, file=file, line=line, field=field, problem=problem, **params)
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem


class ValidationError(AdvisorError):
    """A record the user entered breaks a rule; `field` says where to show the message."""

    def __init__(self, key: str, field: str = "", **params: Any) -> None:
        super().__init__(key, **params)
        self.field = field


class FieldErrors(AdvisorError):
    """Several fields failed at once; nothing was saved."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__("form.invalid", count=len(errors))
        self.errors = errors
