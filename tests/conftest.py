"""Shared fixtures: a real SQLite file in a temporary folder and a clock that stands still."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from advisor_tui.i18n import set_language
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team

# Monday 23.11.2026 at 10.00 Helsinki time (UTC+2).
DEFAULT_NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


class FakeClock:
    """A clock for tests: it stands still until told to move."""

    def __init__(self, now: datetime = DEFAULT_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep the user's real folders and settings out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ADVISOR_TUI_HOME", str(home))
    monkeypatch.delenv("ADVISOR_TUI_DB", raising=False)
    set_language("fi")
    return home


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def blank_store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    """A new database with no advisor set up yet."""
    store = Store.open(tmp_path / "advisor.sqlite3", clock=clock)
    yield store
    store.close()


@pytest.fixture
def store(blank_store: Store) -> Store:
    """A new database with advisor Anna Korhonen (AK) of Pohjois-Savo set up."""
    team = resolve_team(shipped_reference(), "Anna Korhonen", "AK", "Pohjois-Savo", [])
    save_team(blank_store, team)
    return blank_store
