"""The workstation on a generated demo: a busy shift view and every area opening on the data."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from advisor_tui.app import AREAS, AdvisorApp
from advisor_tui.models.callbacks import open_count
from advisor_tui.models.demo_data import generate
from advisor_tui.models.store import Store
from tests.conftest import FakeClock

SIZE = (120, 40)


async def test_every_area_opens_on_the_demo_and_the_queue_shows_it(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.sqlite3", clock=FakeClock(), kind="demo")
    generate(store, weeks=1)
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for area in AREAS:
            await pilot.press(area.keys.split(",")[-1])
            await pilot.pause()
            assert app.current_mode == area.mode
            markers = [str(w.render()) for w in app.screen.query("#demo-marker")]
            assert markers == ["HARJOITUSYMPÄRISTÖ"], area.mode
            if area.mode == "callbacks":
                rows = sum(table.row_count for table in app.screen.query(DataTable))
                assert rows >= open_count(store) >= 3
        assert app.is_running
    store.close()
