"""Message catalogue lookup. Catalogues are TOML files under `data/i18n/<language>/`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advisor_tui.models.errors import AdvisorError, ReferenceDataError
from advisor_tui.models.toml_files import line_of_key, load_toml
from advisor_tui.paths import package_data_dir

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, str], file: Path) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(full, value, out, file)
        elif isinstance(value, str):
            out[full] = value
        else:
            raise ReferenceDataError(
                f"i18n/{file.parent.name}/{file.name}",
                line_of_key(file, key),
                full,
                "data.problem.not_text",
            )


def load_catalogue_files(folder: Path) -> dict[str, str]:
    """All messages of one language, keyed `file.section.key`; broken files raise."""
    messages: dict[str, str] = {}
    for file in sorted(folder.glob("*.toml")):
        data = load_toml(file, f"i18n/{folder.name}/{file.name}")
        _flatten(file.stem, data, messages, file)
    return messages


class Catalogue:
    """Messages of one language, falling back to Finnish, then to the key itself."""

    def __init__(self, language: str, folder: Path | None = None) -> None:
        if language not in LANGUAGES:
            raise AdvisorError("i18n.unknown_language", language=language)
        base = folder or package_data_dir() / "i18n"
        self.language = language
        self.messages = load_catalogue_files(base / language)
        self.fallback = (
            self.messages
            if language == DEFAULT_LANGUAGE
            else load_catalogue_files(base / DEFAULT_LANGUAGE)
        )

    def get(self, key: str, **params: Any) -> str:
        template = self.messages.get(key) or self.fallback.get(key)
        if template is None:
            return key
        if not params:
            return template
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template

    def error(self, exc: AdvisorError) -> str:
        """The user-facing sentence for an error, its parameters translated where they are keys."""
        params = {
            k: self.get(v, **exc.params) if isinstance(v, str) and v in self.messages else v
            for k, v in exc.params.items()
        }
        return self.get(exc.key, **params)


_current: Catalogue | None = None


def set_language(language: str) -> Catalogue:
    global _current
    _current = Catalogue(language)
    return _current


def catalogue() -> Catalogue:
    global _current
    if _current is None:
        _current = Catalogue(DEFAULT_LANGUAGE)
    return _current


def t(key: str, **params: Any) -> str:
    """The message `key` in the current language."""
    return catalogue().get(key, **params)
