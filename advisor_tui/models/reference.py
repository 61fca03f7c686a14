"""Reference data shipped in `data/`: municipalities, wellbeing services counties, taxonomy.

Every file is validated on load; a problem raises `ReferenceDataError` naming the file, the line
and the field, so that a team lead who edited a file can find the mistake.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from advisor_tui.models.errors import ReferenceDataError

MUNICIPALITY_COLUMNS = (
    "code",
    "name_fi",
    "name_sv",
    "county_code",
    "county_fi",
    "county_sv",
    "region_fi",
)
TAXONOMY_COLUMNS = ("kind", "key", "fi", "sv", "en")
TAXONOMY_KINDS = (
    "channel",
    "party",
    "sector",
    "age_group",
    "topic",
    "action",
    "language",
    "feedback_help",
)
_KEY = re.compile(r"^[a-z0-9][a-z0-9_+\-]*$")


@dataclass(frozen=True)
class Municipality:
    code: str
    name_fi: str
    name_sv: str
    county_code: str
    region_fi: str

    def name(self, language: str = "fi") -> str:
        return self.name_sv if language == "sv" else self.name_fi


@dataclass(frozen=True)
class County:
    code: str
    name_fi: str
    name_sv: str
    municipality_codes: tuple[str, ...]

    def name(self, language: str = "fi") -> str:
        return self.name_sv if language == "sv" else self.name_fi


@dataclass(frozen=True)
class Term:
    kind: str
    key: str
    labels: dict[str, str]

    def label(self, language: str = "fi") -> str:
        return self.labels.get(language) or self.labels["fi"]


@dataclass
class Reference:
    municipalities: dict[str, Municipality]
    counties: dict[str, County]
    taxonomy: dict[str, dict[str, Term]] = field(default_factory=dict)

    def terms(self, kind: str) -> list[Term]:
        return list(self.taxonomy[kind].values())

    def label(self, kind: str, key: str, language: str = "fi") -> str:
        term = self.taxonomy.get(kind, {}).get(key)
        return term.label(language) if term else key

    def is_term(self, kind: str, key: str) -> bool:
        return key in self.taxonomy.get(kind, {})

    def find_county(self, text: str) -> County | None:
        """By code, by Finnish or Swedish name, or by a unique beginning of either."""
        wanted = text.strip().casefold()
        if not wanted:
            return None
        if wanted in self.counties:
            return self.counties[wanted]
        exact = [
            c
            for c in self.counties.values()
            if wanted in (c.name_fi.casefold(), c.name_sv.casefold())
        ]
        if exact:
            return exact[0]
        prefixed = [
            c
            for c in self.counties.values()
            if c.name_fi.casefold().startswith(wanted[:-1] if len(wanted) > 4 else wanted)
            or c.name_sv.casefold().startswith(wanted)
        ]
        if len(prefixed) == 1:
            return prefixed[0]
        own = [
            c
            for c in self.counties.values()
            if len(c.municipality_codes) == 1
            and self.municipalities[c.municipality_codes[0]].name_fi.casefold() == wanted
        ]
        return own[0] if own else None

    def find_municipality(self, text: str) -> Municipality | None:
        wanted = text.strip().casefold()
        if wanted in self.municipalities:
            return self.municipalities[wanted]
        for m in self.municipalities.values():
            if wanted in (m.name_fi.casefold(), m.name_sv.casefold()):
                return m
        return None

    def municipalities_sorted(self, language: str = "fi") -> list[Municipality]:
        return sorted(self.municipalities.values(), key=lambda m: m.name(language).casefold())


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ReferenceDataError(name, 0, "", "data.problem.missing") from exc
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(name, 0, "", "data.problem.encoding") from exc
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader)
    except StopIteration as exc:
        raise ReferenceDataError(name, 1, "", "data.problem.empty") from exc
    if tuple(header) != columns:
        missing = [c for c in columns if c not in header]
        raise ReferenceDataError(
            name, 1, missing[0] if missing else header[0], "data.problem.header"
        )
    rows = []
    for number, values in enumerate(reader, start=2):
        if not values:
            continue
        if len(values) != len(columns):
            raise ReferenceDataError(name, number, "", "data.problem.column_count")
        rows.append((number, {c: v.strip() for c, v in zip(columns, values, strict=True)}))
    return rows


def load_municipalities(path: Path) -> tuple[dict[str, Municipality], dict[str, County]]:
    municipalities: dict[str, Municipality] = {}
    county_names: dict[str, tuple[str, str]] = {}
    members: dict[str, list[str]] = {}
    for line, row in _read_csv(path, MUNICIPALITY_COLUMNS):
        code = row["code"]
        if not re.fullmatch(r"\d{3}", code):
            raise ReferenceDataError(path.name, line, "code", "data.problem.code")
        if code in municipalities:
            raise ReferenceDataError(path.name, line, "code", "data.problem.duplicate")
        for column in ("name_fi", "name_sv", "region_fi"):
            if not row[column]:
                raise ReferenceDataError(path.name, line, column, "data.problem.empty_field")
        county = row["county_code"]
        if county:
            if not re.fullmatch(r"\d{2}", county):
                raise ReferenceDataError(path.name, line, "county_code", "data.problem.code")
            names = (row["county_fi"], row["county_sv"])
            if not all(names):
                raise ReferenceDataError(path.name, line, "county_fi", "data.problem.empty_field")
            if county_names.setdefault(county, names) != names:
                raise ReferenceDataError(path.name, line, "county_fi", "data.problem.inconsistent")
            members.setdefault(county, []).append(code)
        elif row["region_fi"] != "Ahvenanmaa":
            raise ReferenceDataError(path.name, line, "county_code", "data.problem.empty_field")
        municipalities[code] = Municipality(
            code, row["name_fi"], row["name_sv"], county, row["region_fi"]
        )
    counties = {
        code: County(code, names[0], names[1], tuple(members[code]))
        for code, names in sorted(county_names.items())
    }
    return municipalities, counties


def load_taxonomy(path: Path) -> dict[str, dict[str, Term]]:
    taxonomy: dict[str, dict[str, Term]] = {kind: {} for kind in TAXONOMY_KINDS}
    for line, row in _read_csv(path, TAXONOMY_COLUMNS):
        if row["kind"] not in taxonomy:
            raise ReferenceDataError(path.name, line, "kind", "data.problem.unknown_kind")
        if not _KEY.match(row["key"]):
            raise ReferenceDataError(path.name, line, "key", "data.problem.code")
        if row["key"] in taxonomy[row["kind"]]:
            raise ReferenceDataError(path.name, line, "key", "data.problem.duplicate")
        for language in ("fi", "sv", "en"):
            if not row[language]:
                raise ReferenceDataError(path.name, line, language, "data.problem.empty_field")
        taxonomy[row["kind"]][row["key"]] = Term(
            row["kind"], row["key"], {lang: row[lang] for lang in ("fi", "sv", "en")}
        )
    for kind, terms in taxonomy.items():
        if not terms:
            raise ReferenceDataError(path.name, 0, kind, "data.problem.kind_missing")
    return taxonomy


def load_reference(data_dir: Path) -> Reference:
    municipalities, counties = load_municipalities(data_dir / "municipalities.csv")
    taxonomy = load_taxonomy(data_dir / "taxonomy.csv")
    return Reference(municipalities, counties, taxonomy)


@lru_cache(maxsize=1)
def shipped_reference() -> Reference:
    """The reference data shipped with the program (read once)."""
    from advisor_tui.paths import package_data_dir

    return load_reference(package_data_dir())
