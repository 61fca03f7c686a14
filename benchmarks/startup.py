"""Time from process start to the first painted shift view, against a minimal Textual app.

Usage: python benchmarks/startup.py [--db FILE] [--runs N]

With --db, each run starts the workstation on that file as an advisor would, so the retention
purge runs on it too.

Each run starts a fresh process. advisor-tui starts the way an advisor starts it
(`advisor-tui --db FILE`: settings, database, retention purge, reference data), headless.
Each program notes the moment its first frame has been painted (wall clock and the CPU time
the process has used so far), then exits. The advisor-tui process also notes when the work
deferred until after that frame (the agenda of the shift view, the due-callback watch, the
questionnaire check) is done. The two programs alternate so that a busy machine slows both.

Both run with compiled bytecode, as an installed program does after its first start: the
bytecode goes to a temporary folder (PYTHONPYCACHEPREFIX) and a first, untimed run of each
program fills it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAMP = """
import json, sys, time


class FirstFrame:
    \"\"\"Notes when the app first hands a painted frame that `shows` to the terminal.\"\"\"

    stamps = {}

    def _display(self, screen, renderable):
        if renderable is not None and not self.stamps and self.shows(screen):
            self.stamps.update(wall=time.time(), cpu=time.process_time())
            self.call_after_refresh(self.settled)
        super()._display(screen, renderable)

    def shows(self, screen):
        return screen.is_current

    def settled(self):
        self.stamps.update(settled=time.time())
        self.exit()
"""

MINIMAL = (
    STAMP
    + """
from textual.app import App
from textual.widgets import Static


class Minimal(FirstFrame, App[None]):
    def compose(self):
        yield Static("hello")


Minimal().run(headless=True)
print(json.dumps(FirstFrame.stamps))
"""
)

ADVISOR = (
    STAMP
    + """
from advisor_tui import app as app_module


class ShiftFirstFrame(FirstFrame, app_module.AdvisorApp):
    def shows(self, screen):
        if not screen.is_current or type(screen).__name__ != "ShiftScreen":
            return False
        count = screen.query_one("#figure-contacts_today .value").render()
        return str(count) != ""

    def run(self, *args, **kwargs):
        return super().run(*args, headless=True, **kwargs)


app_module.AdvisorApp = ShiftFirstFrame
sys.argv = ["advisor-tui", "--db", sys.argv[1]]
from advisor_tui.cli import main

try:
    main()
finally:
    print(json.dumps(FirstFrame.stamps))
"""
)


def timed(code: str, *args: str) -> dict[str, float]:
    """Seconds from the start of the process to its first frame (and after), CPU seconds."""
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
    )
    stamps = json.loads(done.stdout.strip().splitlines()[-1])
    result = {"wall": stamps["wall"] - start, "cpu": stamps["cpu"]}
    if "settled" in stamps:
        result["settled"] = stamps["settled"] - start
    return result


def prepare(folder: Path) -> Path:
    db = folder / "bench.sqlite3"
    setup = ["setup", "--name", "Benchmark", "--initials", "BM", "--county", "13"]
    subprocess.run(
        [sys.executable, "-m", "advisor_tui", "--db", str(db), *setup],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return db


def contact_count(db: Path) -> int:
    from advisor_tui.models.store import Store

    store = Store.open(db)
    try:
        if not store.table_exists("contacts"):
            return 0
        return int(store.scalar("SELECT count(*) FROM contacts"))
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="an existing database (default: a new one)")
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        os.environ["ADVISOR_TUI_HOME"] = folder
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        db = options.db or prepare(Path(folder))
        rows = contact_count(db)
        timed(MINIMAL)
        timed(ADVISOR, str(db))
        minimal: list[dict[str, float]] = []
        advisor: list[dict[str, float]] = []
        for _ in range(options.runs):
            minimal.append(timed(MINIMAL))
            advisor.append(timed(ADVISOR, str(db)))
    print(f"database: {db.name}, {rows} contacts; {options.runs} runs each")
    for name, pick in (("median", statistics.median), ("fastest", min)):
        base = [pick(run[key] for run in minimal) * 1000 for key in ("wall", "cpu")]
        tui = [pick(run[key] for run in advisor) * 1000 for key in ("wall", "cpu", "settled")]
        print(f"{name}:")
        print(
            f"  minimal Textual app, first frame:    wall {base[0]:5.0f} ms, CPU {base[1]:5.0f} ms"
        )
        print(f"  advisor-tui shift view, first frame: wall {tui[0]:5.0f} ms, CPU {tui[1]:5.0f} ms")
        print(f"  advisor-tui, deferred work done:     wall {tui[2]:5.0f} ms")
        print(f"  ratio: wall {tui[0] / base[0]:.2f}, CPU {tui[1] / base[1]:.2f} (target <= 1.30)")


if __name__ == "__main__":
    main()
