"""What the advisor sees when the disk is full: a clear message, and the form is kept."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from textual.widgets import TextArea

from advisor_tui.app import AdvisorApp
from advisor_tui.models.store import Store, classify_sqlite_error
from advisor_tui.screens import contact as contact_screen


async def test_saving_on_a_full_disk_says_so_and_keeps_the_form(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def save(*_args: Any, **_kwargs: Any) -> Any:
        raise classify_sqlite_error(sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(contact_screen, "save_contact_form", save)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        app.screen.query_one("#summary", TextArea).focus()
        await pilot.press(*"Unirytmi")
        await pilot.press("ctrl+s")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert app.is_running
        assert "Levy on täynnä. Mitään ei tallennettu. Vapauta tilaa ja yritä uudelleen." in (
            messages
        )
        assert store.scalar("SELECT count(*) FROM contacts") == 0
        assert "Unirytmi" in str(app.screen.query_one("#summary", TextArea).text)
