"""Reading one exercise file: every field checked, a problem named with its line and field."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from advisor_tui.models.errors import ReferenceDataError
from advisor_tui.models.reference import Reference
from advisor_tui.models.safe_text import clean_text
from advisor_tui.models.training import (
    CONTACT_FIELDS,
    LANGUAGES,
    LIST_TABLES,
    REFERRAL_KINDS,
    TOP_LEVEL,
    WEIGHTS,
    ContactFacts,
    Exercise,
    Expectation,
)

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

PROBLEM_EMPTY = "data.problem.empty_field"
PROBLEM_CODE = "data.problem.code"
PROBLEM_DUPLICATE = "data.problem.duplicate"
PROBLEM_FINNISH = "training.problem.missing_finnish"
PROBLEM_UNKNOWN_KEY = "training.problem.unknown_key"
PROBLEM_UNKNOWN_SERVICE = "training.problem.unknown_service"
PROBLEM_UNKNOWN_MUNICIPALITY = "training.problem.unknown_municipality"
PROBLEM_UNKNOWN_FIELD = "training.problem.unknown_field"
PROBLEM_WEIGHT = "training.problem.weight"
PROBLEM_REFERRAL = "training.problem.referral"
PROBLEM_REFERRAL_KIND = "training.problem.referral_kind"
PROBLEM_NOT_TEXT = "training.problem.not_text"
PROBLEM_NOT_LIST = "training.problem.not_list"
PROBLEM_NOT_FLAG = "training.problem.not_flag"
PROBLEM_SECTOR = "training.problem.sector_needs_professional"
PROBLEM_NOTHING = "training.problem.nothing_expected"


class Lines:
    """Where tables and fields stand in the file, for error messages."""

    _ARRAY = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]")
    _TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, str]] = []
        for number, line in enumerate(self.lines, start=1):
            match = self._ARRAY.match(line) or self._TABLE.match(line)
            if match:
                self.headers.append((number, match.group(1)))

    def _key_in(self, name: str, start: int, end: int) -> int:
        pattern = re.compile(rf"^\s*\"?{re.escape(name)}\"?\s*=")
        for number in range(start, end):
            if pattern.match(self.lines[number - 1]):
                return number
        return 0

    def _end_after(self, start: int) -> int:
        later = [n for n, _ in self.headers if n > start]
        return later[0] if later else len(self.lines) + 1

    def find(self, table: str | None, name: str, index: int = 0) -> int:
        """The line of `name = …` in the index-th `[table]`/`[[table]]` (top level if None)."""
        if table is None:
            first = self.headers[0][0] if self.headers else len(self.lines) + 1
            found = self._key_in(name, 1, first)
            if found:
                return found
            own = [n for n, header in self.headers if header == name]
            return own[0] if own else 1
        starts = [n for n, header in self.headers if header == table]
        if index < len(starts):
            start = starts[index]
            return self._key_in(name, start + 1, self._end_after(start)) or start
        return self.find(None, table)


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _paragraphs(text: str) -> str:
    """Lines of a paragraph joined (the screen wraps them), paragraphs kept apart."""
    parts = re.split(r"\n\s*\n", clean_text(text).strip())
    return "\n\n".join(_one_line(part) for part in parts if part.strip())


class ExerciseReader:
    """Checks the parsed TOML of one exercise file field by field."""

    def __init__(
        self, file: str, text: str, reference: Reference, services: Collection[str]
    ) -> None:
        self.file = file
        self.lines = Lines(text)
        self.reference = reference
        self.services = services

    def fail(self, line: int, field_name: str, problem: str, **params: Any) -> ReferenceDataError:
        return ReferenceDataError(self.file, line or 1, field_name, problem, **params)

    def texts(self, data: dict[str, Any], name: str, *, multiline: bool = False) -> dict[str, str]:
        value = data.get(name)
        line = self.lines.find(None, name)
        if isinstance(value, str):
            value = {"fi": value}
        if not isinstance(value, dict):
            raise self.fail(line, f"{name}.fi", PROBLEM_FINNISH)
        texts: dict[str, str] = {}
        for language, text in value.items():
            where = self.lines.find(name, language) if language in LANGUAGES else line
            if language not in LANGUAGES:
                raise self.fail(where, f"{name}.{language}", PROBLEM_UNKNOWN_FIELD, value=language)
            if not isinstance(text, str):
                raise self.fail(where, f"{name}.{language}", PROBLEM_NOT_TEXT)
            cleaned = _paragraphs(text) if multiline else _one_line(text)
            if cleaned:
                texts[language] = cleaned
        if "fi" not in texts:
            raise self.fail(self.lines.find(name, "fi"), f"{name}.fi", PROBLEM_FINNISH)
        return texts

    def term(self, kind: str, value: Any, line: int, field_name: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(line, field_name, PROBLEM_EMPTY)
        if not self.reference.is_term(kind, value):
            raise self.fail(line, field_name, PROBLEM_UNKNOWN_KEY, value=value)
        return value

    def facts(self, data: dict[str, Any]) -> ContactFacts:
        raw = data.get("contact")
        if not isinstance(raw, dict):
            raise self.fail(self.lines.find(None, "contact"), "contact.channel", PROBLEM_EMPTY)

        def at(name: str) -> int:
            return self.lines.find("contact", name)

        for name in raw:
            if name not in CONTACT_FIELDS:
                raise self.fail(at(name), f"contact.{name}", PROBLEM_UNKNOWN_FIELD, value=name)
        channel = self.term("channel", raw.get("channel"), at("channel"), "contact.channel")
        party = self.term("party", raw.get("party"), at("party"), "contact.party")
        municipality = raw.get("municipality")
        if municipality is not None:
            if not isinstance(municipality, str) or not municipality.strip():
                raise self.fail(at("municipality"), "contact.municipality", PROBLEM_EMPTY)
            if municipality not in self.reference.municipalities:
                raise self.fail(
                    at("municipality"),
                    "contact.municipality",
                    PROBLEM_UNKNOWN_MUNICIPALITY,
                    value=municipality,
                )
        ages = raw.get("age_groups", [])
        if not isinstance(ages, list):
            raise self.fail(at("age_groups"), "contact.age_groups", PROBLEM_NOT_LIST)
        age_groups = tuple(
            self.term("age_group", age, at("age_groups"), "contact.age_groups") for age in ages
        )
        sector = raw.get("sector")
        if sector is not None:
            self.term("sector", sector, at("sector"), "contact.sector")
            if party != "professional":
                raise self.fail(at("sector"), "contact.sector", PROBLEM_SECTOR)
        outside = raw.get("outside_county")
        if outside is not None and not isinstance(outside, bool):
            raise self.fail(at("outside_county"), "contact.outside_county", PROBLEM_NOT_FLAG)
        return ContactFacts(
            channel=channel,
            party=party,
            municipality=municipality,
            age_groups=tuple(dict.fromkeys(age_groups)),
            sector=sector,
            outside_county=outside,
        )

    def expectation(self, table: str, index: int, raw: Any) -> Expectation:
        where = f"{table}[{index}]"

        def at(name: str) -> int:
            return self.lines.find(table, name, index)

        if not isinstance(raw, dict):
            raise self.fail(at("key"), where, PROBLEM_NOT_LIST)
        allowed = (
            ("key", "weight", "feedback")
            if table != "referrals"
            else ("service", "kind", "weight", "feedback")
        )
        for name in raw:
            if name not in allowed:
                raise self.fail(at(name), f"{where}.{name}", PROBLEM_UNKNOWN_FIELD, value=name)
        weight = raw.get("weight", "required")
        if weight not in WEIGHTS:
            raise self.fail(at("weight"), f"{where}.weight", PROBLEM_WEIGHT, value=weight)
        feedback = self.feedback(raw.get("feedback"), at("feedback"), f"{where}.feedback")
        if table != "referrals":
            kind = LIST_TABLES[table]
            key = self.term(kind, raw.get("key"), at("key"), f"{where}.key")
            return Expectation(kind, key, weight, feedback)
        service, service_kind = raw.get("service"), raw.get("kind")
        if (service is None) == (service_kind is None):
            raise self.fail(at("service") or at("kind"), f"{where}.service", PROBLEM_REFERRAL)
        if service_kind is not None:
            if service_kind not in REFERRAL_KINDS:
                raise self.fail(
                    at("kind"), f"{where}.kind", PROBLEM_REFERRAL_KIND, value=service_kind
                )
            return Expectation("service_kind", service_kind, weight, feedback)
        ids = [service] if isinstance(service, str) else service
        if not isinstance(ids, list) or not ids:
            raise self.fail(at("service"), f"{where}.service", PROBLEM_EMPTY)
        for service_id in ids:
            if not isinstance(service_id, str) or service_id not in self.services:
                raise self.fail(
                    at("service"), f"{where}.service", PROBLEM_UNKNOWN_SERVICE, value=service_id
                )
        return Expectation("service", ids[0], weight, feedback, tuple(ids))

    def feedback(self, value: Any, line: int, field_name: str) -> dict[str, str]:
        if isinstance(value, str):
            value = {"fi": value}
        if not isinstance(value, dict):
            raise self.fail(line, f"{field_name}.fi", PROBLEM_FINNISH)
        texts: dict[str, str] = {}
        for language, text in value.items():
            if language not in LANGUAGES:
                raise self.fail(
                    line, f"{field_name}.{language}", PROBLEM_UNKNOWN_FIELD, value=language
                )
            if not isinstance(text, str):
                raise self.fail(line, f"{field_name}.{language}", PROBLEM_NOT_TEXT)
            if text.strip():
                texts[language] = _one_line(text)
        if "fi" not in texts:
            raise self.fail(line, f"{field_name}.fi", PROBLEM_FINNISH)
        return texts

    def exercise(self, data: dict[str, Any]) -> Exercise:
        for name in data:
            if name not in TOP_LEVEL:
                raise self.fail(
                    self.lines.find(None, name), name, PROBLEM_UNKNOWN_FIELD, value=name
                )
        exercise_id = data.get("id")
        id_line = self.lines.find(None, "id")
        if not isinstance(exercise_id, str) or not exercise_id:
            raise self.fail(id_line, "id", PROBLEM_EMPTY)
        if not _ID.match(exercise_id):
            raise self.fail(id_line, "id", PROBLEM_CODE)
        title = self.texts(data, "title")
        story = self.texts(data, "story", multiline=True)
        facts = self.facts(data)
        expectations: list[Expectation] = []
        seen: set[tuple[str, str]] = set()
        for table in LIST_TABLES:
            items = data.get(table, [])
            if not isinstance(items, list):
                raise self.fail(self.lines.find(None, table), table, PROBLEM_NOT_LIST)
            for index, raw in enumerate(items):
                item = self.expectation(table, index, raw)
                if (item.kind, item.key) in seen:
                    line = self.lines.find(
                        table, "key" if table != "referrals" else "service", index
                    )
                    raise self.fail(line, f"{table}[{index}]", PROBLEM_DUPLICATE)
                seen.add((item.kind, item.key))
                expectations.append(item)
        if not any(e.weight != "avoid" for e in expectations):
            raise self.fail(self.lines.find(None, "topics"), "topics", PROBLEM_NOTHING)
        return Exercise(exercise_id, title, story, facts, tuple(expectations), self.file)
