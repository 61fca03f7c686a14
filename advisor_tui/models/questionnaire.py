"""The situation-assessment questionnaire: areas of family life and red flags, read from TOML.

The shipped file is `data/assessment/questionnaire.toml`; a team lead may put an adapted copy
at `<config>/questionnaire.toml`, which then takes its place. Every load is validated and a
problem raises `ReferenceDataError` naming the file, the line and the field. The last valid
version is kept (in memory and as a copy in the data folder), so that a broken edit does not
stop the work: `load_questionnaire` returns it together with the error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor_tui.models.errors import ReferenceDataError
from advisor_tui.models.reference import Reference, shipped_reference
from advisor_tui.models.safe_text import clean_text
from advisor_tui.models.toml_files import line_of_key, load_toml

LANGUAGES = ("fi", "sv", "en")
RED_FLAG_ACTIONS = ("urgent_guidance", "child_protection")
CONCERN_LEVELS = (0, 1, 2, 3)
SHIPPED_NAME = "assessment/questionnaire.toml"
OVERRIDE_NAME = "questionnaire.toml"
KEPT_NAME = "questionnaire-last-valid.toml"
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")

PROBLEM_DUPLICATE = "data.problem.duplicate"
PROBLEM_EMPTY = "data.problem.empty_field"
PROBLEM_CODE = "data.problem.code"
PROBLEM_SYNTAX = "data.problem.syntax"
PROBLEM_TRANSLATION = "assessment.problem.missing_translation"
PROBLEM_TOPIC = "assessment.problem.unknown_topic"
PROBLEM_ACTION = "assessment.problem.unknown_action"
PROBLEM_LEVEL = "assessment.problem.level"
PROBLEM_NO_AREAS = "assessment.problem.no_areas"
PROBLEM_FIELD = "assessment.problem.unknown_field"
AREA_FIELDS = frozenset({"key", "title", "question", "topics", "needs_assessment_at"})
FLAG_FIELDS = frozenset({"key", "text", "action", "topics"})
TOP_FIELDS = frozenset({"version", "areas", "red_flags"})
URGENT_TOPICS = ("crisis",)


@dataclass(frozen=True)
class Area:
    """One area of family life: its texts, the taxonomy topics it maps to, its threshold."""

    key: str
    title: dict[str, str]
    question: dict[str, str]
    topics: tuple[str, ...]
    needs_assessment_at: int | None = None

    def title_in(self, language: str) -> str:
        return self.title.get(language) or self.title["fi"]

    def question_in(self, language: str) -> str:
        return self.question.get(language) or self.question["fi"]


@dataclass(frozen=True)
class RedFlag:
    """A question whose yes means urgent guidance now, and the action it adds to the contact.

    `topics` pick the services suggested first after a yes (social emergency services, 112…).
    """

    key: str
    text: dict[str, str]
    action: str
    topics: tuple[str, ...] = URGENT_TOPICS

    def text_in(self, language: str) -> str:
        return self.text.get(language) or self.text["fi"]


@dataclass(frozen=True)
class Questionnaire:
    version: str
    areas: tuple[Area, ...]
    red_flags: tuple[RedFlag, ...]
    file: str = SHIPPED_NAME

    def area(self, key: str) -> Area | None:
        return next((a for a in self.areas if a.key == key), None)

    def red_flag(self, key: str) -> RedFlag | None:
        return next((f for f in self.red_flags if f.key == key), None)


@dataclass(frozen=True)
class QuestionnaireLoad:
    """What a load gave: the questionnaire to use (None if no valid one) and the error, if any."""

    questionnaire: Questionnaire | None
    error: ReferenceDataError | None = None

    @property
    def is_fallback(self) -> bool:
        return self.questionnaire is not None and self.error is not None


class _Lines:
    """Line numbers of `[[table]]` blocks and the fields inside them, for error messages."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = path.read_text(encoding="utf-8").splitlines()

    def blocks(self, table: str) -> list[int]:
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
        return [n for n, line in enumerate(self.lines, start=1) if header.match(line)]

    def top(self, name: str) -> int:
        """The line of a top-level `name = …`, `[name]` or `[[name]]`, or 0."""
        pattern = re.compile(
            rf"^\s*(\[\[?\s*\"?{re.escape(name)}\"?\s*[\].]|\"?{re.escape(name)}\"?\s*[.=])"
        )
        return next((n for n, line in enumerate(self.lines, start=1) if pattern.match(line)), 0)

    def field(self, table: str, index: int, name: str) -> int:
        """The line of `name = …` in the index-th block of `table` (else of the block header)."""
        starts = self.blocks(table)
        if index >= len(starts):
            return line_of_key(self.path, name)
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(self.lines) + 1
        head = re.compile(r"^\s*\[")
        for stop in range(start + 1, end):
            if head.match(self.lines[stop - 1]):
                end = stop
                break
        patterns = [re.compile(rf"^\s*\"?{re.escape(name)}\"?\s*=")]
        if "." in name:
            head_name = re.escape(name.split(".")[0])
            patterns.append(re.compile(rf"^\s*\"?{head_name}\"?\s*[.=]"))
        for pattern in patterns:
            for number in range(start + 1, end):
                if pattern.match(self.lines[number - 1]):
                    return number
        return start


def _texts(
    raw: dict[str, Any], table: str, index: int, name: str, lines: _Lines, file: str
) -> dict[str, str]:
    value = raw.get(name)
    if not isinstance(value, dict):
        raise ReferenceDataError(
            file, lines.field(table, index, name), f"{table}.{name}", PROBLEM_TRANSLATION
        )
    texts: dict[str, str] = {}
    for language in LANGUAGES:
        text = value.get(language)
        if isinstance(text, str):
            text = clean_text(text).strip()
        if not isinstance(text, str) or not text:
            field = f"{name}.{language}"
            raise ReferenceDataError(
                file, lines.field(table, index, field), f"{table}.{field}", PROBLEM_TRANSLATION
            )
        texts[language] = text
    return texts


def _known_fields(
    raw: dict[str, Any], table: str, index: int, allowed: frozenset[str], lines: _Lines, file: str
) -> None:
    """A misspelt field would otherwise be ignored without a word."""
    for name in raw:
        if name not in allowed:
            raise ReferenceDataError(
                file, lines.field(table, index, name), f"{table}.{name}", PROBLEM_FIELD
            )


def _topics(
    raw: dict[str, Any],
    table: str,
    index: int,
    lines: _Lines,
    file: str,
    reference: Reference,
    default: tuple[str, ...] | None = None,
) -> tuple[str, ...]:
    topics = raw.get("topics")
    line = lines.field(table, index, "topics")
    if topics is None and default is not None:
        return default
    if not isinstance(topics, list) or not topics:
        raise ReferenceDataError(file, line, f"{table}.topics", PROBLEM_EMPTY)
    for topic in topics:
        if not isinstance(topic, str) or not reference.is_term("topic", topic):
            raise ReferenceDataError(file, line, f"{table}.topics", PROBLEM_TOPIC, topic=str(topic))
    return tuple(dict.fromkeys(topics))


def _key(
    raw: dict[str, Any], table: str, index: int, seen: set[str], lines: _Lines, file: str
) -> str:
    key = raw.get("key")
    line = lines.field(table, index, "key")
    if not isinstance(key, str) or not key:
        raise ReferenceDataError(file, line, f"{table}.key", PROBLEM_EMPTY)
    if not _KEY.match(key):
        raise ReferenceDataError(file, line, f"{table}.key", PROBLEM_CODE)
    if key in seen:
        raise ReferenceDataError(file, line, f"{table}.key", PROBLEM_DUPLICATE)
    seen.add(key)
    return key


def _area(
    raw: Any, index: int, seen: set[str], lines: _Lines, file: str, reference: Reference
) -> Area:
    if not isinstance(raw, dict):
        raise ReferenceDataError(file, lines.field("areas", index, "key"), "areas", PROBLEM_EMPTY)
    key = _key(raw, "areas", index, seen, lines, file)
    _known_fields(raw, "areas", index, AREA_FIELDS, lines, file)
    title = _texts(raw, "areas", index, "title", lines, file)
    question = _texts(raw, "areas", index, "question", lines, file)
    topics = _topics(raw, "areas", index, lines, file, reference)
    threshold = raw.get("needs_assessment_at")
    if threshold is not None and (
        isinstance(threshold, bool) or not isinstance(threshold, int) or threshold not in (1, 2, 3)
    ):
        raise ReferenceDataError(
            file,
            lines.field("areas", index, "needs_assessment_at"),
            "areas.needs_assessment_at",
            PROBLEM_LEVEL,
        )
    return Area(key, title, question, topics, threshold)


def _red_flag(
    raw: Any, index: int, seen: set[str], lines: _Lines, file: str, reference: Reference
) -> RedFlag:
    table = "red_flags"
    if not isinstance(raw, dict):
        raise ReferenceDataError(file, lines.field(table, index, "key"), table, PROBLEM_EMPTY)
    key = _key(raw, table, index, seen, lines, file)
    _known_fields(raw, table, index, FLAG_FIELDS, lines, file)
    text = _texts(raw, table, index, "text", lines, file)
    action = raw.get("action")
    if action not in RED_FLAG_ACTIONS or not reference.is_term("action", str(action)):
        raise ReferenceDataError(
            file, lines.field(table, index, "action"), f"{table}.action", PROBLEM_ACTION
        )
    topics = _topics(raw, table, index, lines, file, reference, default=URGENT_TOPICS)
    return RedFlag(key, text, str(action), topics)


def parse_questionnaire(
    path: Path, name: str | None = None, reference: Reference | None = None
) -> Questionnaire:
    """Read and validate one questionnaire file; raises ReferenceDataError at the first problem."""
    file = name or str(path)
    reference = reference or shipped_reference()
    data = load_toml(path, file)
    lines = _Lines(path)
    for name in data:
        if name not in TOP_FIELDS:
            raise ReferenceDataError(file, lines.top(name), name, PROBLEM_FIELD)
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise ReferenceDataError(file, line_of_key(path, "version"), "version", PROBLEM_EMPTY)
    raw_areas = data.get("areas")
    if not isinstance(raw_areas, list) or not raw_areas:
        raise ReferenceDataError(file, 0, "areas", PROBLEM_NO_AREAS)
    seen: set[str] = set()
    areas = tuple(
        _area(raw, index, seen, lines, file, reference) for index, raw in enumerate(raw_areas)
    )
    raw_flags = data.get("red_flags", [])
    if not isinstance(raw_flags, list):
        raise ReferenceDataError(file, line_of_key(path, "red_flags"), "red_flags", PROBLEM_EMPTY)
    seen = set()
    flags = tuple(
        _red_flag(raw, index, seen, lines, file, reference) for index, raw in enumerate(raw_flags)
    )
    return Questionnaire(version.strip(), areas, flags, file)


def questionnaire_source() -> tuple[Path, str]:
    """The file in use and the name shown in messages: the team's copy, else the shipped one."""
    from advisor_tui.paths import locations, package_data_dir

    override = locations().config_dir / OVERRIDE_NAME
    if override.is_file():
        return override, str(override)
    return package_data_dir() / SHIPPED_NAME, SHIPPED_NAME


def _kept_copy() -> Path:
    from advisor_tui.paths import locations

    return locations().data_dir / KEPT_NAME


_LAST_VALID: dict[str, Questionnaire] = {}


def load_questionnaire(
    path: Path | None = None,
    name: str | None = None,
    *,
    kept_copy: Path | None = None,
    reference: Reference | None = None,
) -> QuestionnaireLoad:
    """The questionnaire to use now, never raising for a broken file.

    A valid file is returned as is (and remembered as the last valid version). A broken one
    gives its error together with the last valid version: the one read earlier in this
    session, else the copy kept in the data folder; with neither, the questionnaire is None.
    """
    if path is None:
        path, name = questionnaire_source()
    shown = name or str(path)
    kept = kept_copy if kept_copy is not None else _kept_copy()
    try:
        questionnaire = parse_questionnaire(path, shown, reference)
    except ReferenceDataError as error:
        fallback = _LAST_VALID.get(shown)
        if fallback is None and kept.is_file():
            try:
                fallback = parse_questionnaire(kept, shown, reference)
            except ReferenceDataError:
                fallback = None
        return QuestionnaireLoad(fallback, error)
    _LAST_VALID[shown] = questionnaire
    _keep(path, kept)
    return QuestionnaireLoad(questionnaire)


def _keep(path: Path, kept: Path) -> None:
    try:
        text = path.read_bytes()
        if kept.is_file() and kept.read_bytes() == text:
            return
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_suffix(".tmp")
        partial.write_bytes(text)
        partial.replace(kept)
    except OSError:
        return


def forget_last_valid() -> None:
    """Drop the versions remembered in this session (tests, or a reload from scratch)."""
    _LAST_VALID.clear()
