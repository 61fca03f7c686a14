"""Time from process start to the first painted shift view, against a minimal Textual app.

Usage: python benchmarks/startup.py [--db FILE] [--runs N]

Both programs run headless in a fresh process and exit right after their first paint, so the
figure includes the interpreter, the imports, opening the database and the first frame.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL = """
from textual.app import App
from textual.widgets import Static

class Minimal(App[None]):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.exit)

Minimal().run(headless=True)
"""

ADVISOR = """
import sys
from pathlib import Path
from advisor_tui.app import AdvisorApp
from advisor_tui.models.store import Store

class FirstPaint(AdvisorApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self.exit)

store = Store.open(Path(sys.argv[1]))
FirstPaint(store).run(headless=True)
store.close()
"""


def timed(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, env=os.environ.copy())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="an existing database (default: a new one)")
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        os.environ["ADVISOR_TUI_HOME"] = folder
        db = options.db or Path(folder) / "bench.sqlite3"
        if options.db is None:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "advisor_tui",
                    "--db",
                    str(db),
                    "setup",
                    "--name",
                    "Benchmark",
                    "--initials",
                    "BM",
                    "--county",
                    "13",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        from advisor_tui.models.store import Store

        store = Store.open(db)
        rows = (
            store.scalar("SELECT count(*) FROM contacts") if store.table_exists("contacts") else 0
        )
        store.close()
        timed(MINIMAL)
        timed(ADVISOR, str(db))
        minimal = [timed(MINIMAL) for _ in range(options.runs)]
        advisor = [timed(ADVISOR, str(db)) for _ in range(options.runs)]
    m_minimal = statistics.median(minimal)
    m_advisor = statistics.median(advisor)
    print(f"database: {db.name}, {rows} contacts")
    print(f"minimal Textual app: median {m_minimal * 1000:.0f} ms over {options.runs} runs")
    print(f"advisor-tui shift view: median {m_advisor * 1000:.0f} ms over {options.runs} runs")
    print(f"ratio: {m_advisor / m_minimal:.2f} (target <= 1.30)")


if __name__ == "__main__":
    main()
