"""Training exercises: a caller's story and what a well-logged contact of it holds.

Exercises are TOML files (format in docs/training-format.md): the shipped ones in
`data/training/`, a trainer's own in `<config>/training/`. Every file is validated on load (see
`training_reader`); a problem raises `ReferenceDataError` naming the file, the line and the field.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from advisor_tui.models.errors import ReferenceDataError
from advisor_tui.models.reference import Reference, shipped_reference
from advisor_tui.models.toml_files import load_toml

LANGUAGES = ("fi", "sv", "en")
WEIGHTS = ("required", "recommended", "avoid")
REFERRAL_KINDS = (
    "digital",
    "any",
    "nationwide",
    "regional",
    "county",
    "municipality",
    "ngo",
    "parish",
    "national_public",
)
TOP_LEVEL = ("id", "title", "story", "contact", "topics", "actions", "referrals")
CONTACT_FIELDS = ("channel", "party", "municipality", "age_groups", "sector", "outside_county")
LIST_TABLES = {"topics": "topic", "actions": "action", "referrals": "referral"}
USER_FOLDER = "training"
DIRECTORY_FILES = ("national.json", "demo_regional.json")
PROBLEM_DUPLICATE_ID = "training.problem.duplicate_id"


@dataclass(frozen=True)
class Expectation:
    """One thing the logged contact should (or, with weight `avoid`, should not) hold.

    `kind` is topic, action, service (any of `services`) or service_kind (`key` is one of
    REFERRAL_KINDS). `feedback` is the trainer's explanation, by language (Finnish always).
    """

    kind: str
    key: str
    weight: str
    feedback: dict[str, str]
    services: tuple[str, ...] = ()

    def feedback_in(self, language: str) -> str:
        return self.feedback.get(language) or self.feedback.get("fi", "")


@dataclass(frozen=True)
class ContactFacts:
    """What the caller's story tells plainly and the trainee should enter as it is."""

    channel: str
    party: str
    municipality: str | None = None
    age_groups: tuple[str, ...] = ()
    sector: str | None = None
    outside_county: bool | None = None


@dataclass(frozen=True)
class Exercise:
    id: str
    title: dict[str, str]
    story: dict[str, str]
    facts: ContactFacts
    expectations: tuple[Expectation, ...]
    file: str = ""

    def title_in(self, language: str) -> str:
        return self.title.get(language) or self.title["fi"]

    def story_in(self, language: str) -> str:
        return self.story.get(language) or self.story["fi"]


@dataclass(frozen=True)
class ExerciseSet:
    """The exercises that loaded, and a problem for each file that did not."""

    exercises: tuple[Exercise, ...]
    errors: tuple[ReferenceDataError, ...] = field(default=())

    def get(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)


@lru_cache(maxsize=1)
def shipped_service_names() -> dict[str, str]:
    """Service ids (`source_id`) of the shipped national and demo directory, with Finnish names."""
    from advisor_tui.paths import package_data_dir

    names: dict[str, str] = {}
    for file in DIRECTORY_FILES:
        path = package_data_dir() / "directory" / file
        data = json.loads(path.read_text(encoding="utf-8"))
        for service in data.get("services", []):
            names[str(service["source_id"])] = str(service.get("name_fi", ""))
    return names


def id_line(path: Path) -> int:
    from advisor_tui.models.training_reader import Lines

    return Lines(path.read_text(encoding="utf-8")).find(None, "id")


def read_exercise(
    path: Path,
    *,
    name: str | None = None,
    reference: Reference | None = None,
    services: Collection[str] | None = None,
) -> Exercise:
    """Read and validate one exercise file; raises ReferenceDataError at the first problem.

    `services` are the service ids a referral may name (default: the shipped directory's).
    """
    from advisor_tui.models.training_reader import ExerciseReader

    shown = name or path.name
    data = load_toml(path, shown)
    reader = ExerciseReader(
        shown,
        path.read_text(encoding="utf-8"),
        reference or shipped_reference(),
        shipped_service_names() if services is None else services,
    )
    return reader.exercise(data)


def shipped_folder() -> Path:
    from advisor_tui.paths import package_data_dir

    return package_data_dir() / "training"


def exercise_folders() -> list[Path]:
    """The shipped exercises, then the trainer's own folder (which may not exist)."""
    from advisor_tui.paths import locations

    return [shipped_folder(), locations().config_dir / USER_FOLDER]


def load_exercises(
    folders: Iterable[Path] | None = None,
    *,
    reference: Reference | None = None,
    services: Collection[str] | None = None,
) -> ExerciseSet:
    """Every valid exercise of the folders, in file-name order; broken files are reported.

    An id already taken by an earlier file is reported as a problem of the later file.
    """
    exercises: list[Exercise] = []
    errors: list[ReferenceDataError] = []
    owners: dict[str, str] = {}
    for folder in exercise_folders() if folders is None else folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                exercise = read_exercise(path, reference=reference, services=services)
            except ReferenceDataError as exc:
                errors.append(exc)
                continue
            if exercise.id in owners:
                line = id_line(path)
                errors.append(
                    ReferenceDataError(
                        path.name,
                        line,
                        "id",
                        PROBLEM_DUPLICATE_ID,
                        value=exercise.id,
                        other=owners[exercise.id],
                    )
                )
                continue
            owners[exercise.id] = path.name
            exercises.append(exercise)
    return ExerciseSet(tuple(exercises), tuple(errors))


def check_file(
    path: Path, folders: Iterable[Path] | None = None, *, reference: Reference | None = None
) -> Exercise:
    """Validate a trainer's file, also against the ids of the other exercises in `folders`."""
    exercise = read_exercise(path, reference=reference)
    others = load_exercises(folders, reference=reference)
    for other in others.exercises:
        same_file = other.file == path.name and any(
            (folder / path.name).resolve() == path.resolve()
            for folder in (exercise_folders() if folders is None else folders)
        )
        if other.id == exercise.id and not same_file:
            line = id_line(path)
            raise ReferenceDataError(
                path.name, line, "id", PROBLEM_DUPLICATE_ID, value=exercise.id, other=other.file
            )
    return exercise
