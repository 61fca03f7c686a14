"""Message catalogue lookup. Catalogues are TOML files under `data/i18n/<language>/`.

A language's files are read one at a time, when a key of that file is first asked for: the
first screen needs a handful of the files, not all of them.
"""

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


def load_catalogue_file(file: Path) -> dict[str, str]:
    """The messages of one file, keyed `file.section.key`; a broken file raises."""
    messages: dict[str, str] = {}
    data = load_toml(file, f"i18n/{file.parent.name}/{file.name}")
    _flatten(file.stem, data, messages, file)
    return messages


def load_catalogue_files(folder: Path) -> dict[str, str]:
    """All messages of one language, keyed `file.section.key`; broken files raise."""
    messages: dict[str, str] = {}
    for file in sorted(folder.glob("*.toml")):
        messages.update(load_catalogue_file(file))
    return messages


class _Messages:
    """One language's messages, each file read the first time one of its keys is wanted."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = {file.stem: file for file in folder.glob("*.toml")}
        self.loaded: dict[str, dict[str, str]] = {}

    def namespace(self, key: str) -> dict[str, str]:
        stem = key.partition(".")[0]
        messages = self.loaded.get(stem)
        if messages is None:
            file = self.files.get(stem)
            if file is None:
                return {}
            messages = self.loaded[stem] = load_catalogue_file(file)
        return messages

    def get(self, key: str) -> str | None:
        return self.namespace(key).get(key)

    def everything(self) -> dict[str, str]:
        messages: dict[str, str] = {}
        for stem in sorted(self.files):
            messages.update(self.namespace(stem))
        return messages


class Catalogue:
    """Messages of one language, falling back to Finnish, then to the key itself."""

    def __init__(self, language: str, folder: Path | None = None) -> None:
        if language not in LANGUAGES:
            raise AdvisorError("i18n.unknown_language", language=language)
        base = folder or package_data_dir() / "i18n"
        self.language = language
        self._own = _Messages(base / language)
        self._fallback = (
            self._own if language == DEFAULT_LANGUAGE else _Messages(base / DEFAULT_LANGUAGE)
        )

    @property
    def messages(self) -> dict[str, str]:
        """Every message of this language (reads all of its files)."""
        return self._own.everything()

    def has(self, key: str) -> bool:
        return self._own.get(key) is not None

    def get(self, key: str, **params: Any) -> str:
        template = self._own.get(key) or self._fallback.get(key)
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
            k: self.get(v, **exc.params) if isinstance(v, str) and self.has(v) else v
            for k, v in exc.params.items()
        }
        return self.get(exc.key, **params)


_current: Catalogue | None = None
_by_language: dict[str, Catalogue] = {}


def set_language(language: str) -> Catalogue:
    """Make `language` current; its catalogue is built once per process."""
    global _current
    chosen = _by_language.get(language)
    if chosen is None:
        chosen = _by_language[language] = Catalogue(language)
    _current = chosen
    return chosen


def catalogue() -> Catalogue:
    global _current
    if _current is None:
        _current = set_language(DEFAULT_LANGUAGE)
    return _current


def t(key: str, **params: Any) -> str:
    """The message `key` in the current language."""
    return catalogue().get(key, **params)
