"""SIGKILL at random moments during a save and during a 5,000-record bundle import, 50 times each.

The kill loop lives in `benchmarks/trust_crash.py`, shared with the benchmark that prints the
figures. After every kill the file passes SQLite's integrity and foreign-key checks and opens
normally, every save the program had confirmed is there, no save is there by halves, and the
import is there entirely or not at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from trust_crash import measure

RUNS = 50


def test_killing_the_program_never_breaks_the_file_or_loses_a_confirmed_save() -> None:
    figures = measure(RUNS)
    assert (figures["save_tried"], figures["save_survived"]) == (RUNS, RUNS), figures
    assert figures["saves_confirmed"] > RUNS, figures
    assert (figures["import_tried"], figures["import_survived"]) == (RUNS, RUNS), figures
    assert figures["import_none"] + figures["import_all"] == RUNS, figures
    assert figures["import_none"] > RUNS // 4, figures
