"""A damaged database file is noticed after the workstation starts, without slowing its start."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor_tui.app import AdvisorApp
from advisor_tui.cli import app as cli
from advisor_tui.i18n import set_language, t
from advisor_tui.models import maintenance
from advisor_tui.models.audit import log_access
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team
from advisor_tui.screens.integrity_notice import IntegrityNotice, check_command
from advisor_tui.screens.shift import ShiftScreen
from tests.conftest import FakeClock

PAGE = 4096


def prepared(path: Path, entries: int = 300) -> Path:
    """A closed database with the team set up and `entries` access-log rows."""
    store = Store.open(path, create_parent=True)
    team = resolve_team(shipped_reference(), "Anna Korhonen", "AK", "Pohjois-Savo", [])
    save_team(store, team)
    with store.transaction():
        for index in range(entries):
            log_access(store, "view", "callbacks", f"record-{index}", "x" * 200)
    store.close()
    return path


def damage(path: Path) -> None:
    """Overwrite the start of a data page near the end, its header included: the bytes after the
    header may be free space on the page, which no check reads, but a page whose header is
    garbage is found every time."""
    data = bytearray(path.read_bytes())
    page = len(data) // PAGE - 2
    data[page * PAGE : page * PAGE + 900] = b"\xff" * 900
    path.write_bytes(bytes(data))


def fingerprint(path: Path) -> str:
    parts = [Path(f"{path}{suffix}") for suffix in ("", "-wal")]
    return hashlib.sha256(b"".join(p.read_bytes() for p in parts if p.exists())).hexdigest()


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = prepared(tmp_path / "advisor.sqlite3")
    damage(path)
    return path


@pytest.fixture
def opened(damaged: Path, clock: FakeClock) -> Iterator[Store]:
    store = Store.open(damaged, clock=clock)
    yield store
    store.close()


def shown(app: AdvisorApp) -> str:
    notice = app.screen
    assert isinstance(notice, IntegrityNotice)
    return "\n".join(str(static.render()) for static in notice.query("Static"))


async def test_a_damaged_file_brings_up_a_notice_that_stays_until_closed(opened: Store) -> None:
    log_rows = opened.scalar("SELECT count(*) FROM access_log")
    app = AdvisorApp(opened)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = shown(app)
        assert "Tietokantatiedosto on vioittunut" in text
        assert str(opened.path) in text
        assert "Älä jatka työtä tässä tiedostossa" in text
        assert "palauta viimeisin varmuuskopio komennolla advisor-tui restore" in text
        assert check_command(opened.path) in text
        assert "Tekninen tieto tukea varten" in text
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, IntegrityNotice)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ShiftScreen)
    assert opened.scalar("SELECT count(*) FROM access_log") == log_rows


async def test_the_close_button_closes_the_notice(opened: Store) -> None:
    app = AdvisorApp(opened)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, IntegrityNotice)
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#close")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, IntegrityNotice)


async def test_a_sound_file_shows_nothing(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ShiftScreen)
        assert not any(isinstance(s, IntegrityNotice) for s in app.screen_stack)
        assert not app._notifications


async def test_the_shift_view_is_there_before_the_check_ends(
    opened: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real_check = maintenance.quick_check

    def slow_check(store: Store, **options: object) -> list[str] | None:
        release.wait(10)
        return real_check(store)

    monkeypatch.setattr(maintenance, "quick_check", slow_check)
    app = AdvisorApp(opened)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ShiftScreen)
        assert app.screen.query("*")
        assert any(worker.group == "integrity" and worker.is_running for worker in app.workers)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, IntegrityNotice)


async def test_the_notice_shows_the_path_as_text_not_markup(tmp_path: Path) -> None:
    path = prepared(tmp_path / "[b]kansio[/b] [@click=app.quit]x" / "advisor.sqlite3")
    damage(path)
    store = Store.open(path)
    try:
        app = AdvisorApp(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert str(path) in shown(app)
            assert app.is_running
    finally:
        store.close()


def test_the_check_reads_every_page_and_never_writes(opened: Store, tmp_path: Path) -> None:
    before = fingerprint(opened.path)
    problems = maintenance.quick_check(opened)
    assert problems and all("***" not in line for line in problems)
    assert fingerprint(opened.path) == before
    sound = Store.open(prepared(tmp_path / "sound.sqlite3"))
    try:
        assert maintenance.quick_check(sound) == []
    finally:
        sound.close()


def test_a_cancelled_check_gives_no_verdict(tmp_path: Path) -> None:
    store = Store.open(prepared(tmp_path / "big.sqlite3", entries=3000))
    try:
        assert maintenance.quick_check(store, cancelled=lambda: True) is None
        assert maintenance.quick_check(store) == []
    finally:
        store.close()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_check_gives_the_advice_the_notice_gives(damaged: Path, language: str) -> None:
    result = CliRunner().invoke(cli, ["--lang", language, "check", str(damaged)])
    assert result.exit_code == 1
    set_language(language)
    advice = t(maintenance.DAMAGE_ADVICE)
    assert advice != maintenance.DAMAGE_ADVICE
    assert " ".join(result.output.split()).count(" ".join(advice.split())) == 1
    for key, params in (
        ("trust.check.integrity", {"detail": "x"}),
        ("trust.check.corrupt", {"path": "x"}),
    ):
        assert t(key, **params).endswith(advice)


def test_a_file_removed_while_open_is_not_created_again(tmp_path: Path) -> None:
    store = Store.open(prepared(tmp_path / "gone.sqlite3"))
    try:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{store.path}{suffix}").unlink(missing_ok=True)
        assert maintenance.quick_check(store) is None
        assert not store.path.exists()
    finally:
        store.close()
