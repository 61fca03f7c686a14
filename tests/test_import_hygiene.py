"""The models are the product: importing them must never pull in the terminal UI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import advisor_tui.models


def test_models_never_import_textual() -> None:
    models = sorted(
        p.stem
        for p in Path(advisor_tui.models.__file__).parent.glob("*.py")
        if p.stem != "__init__"
    )
    script = (
        "import importlib, sys\n"
        f"for name in {models!r}:\n"
        "    importlib.import_module('advisor_tui.models.' + name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(len(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(models) >= 10


def test_command_line_starts_without_the_ui() -> None:
    """`advisor-tui setup`, `locate` and the other commands load no Textual."""
    script = (
        "import sys, advisor_tui.cli\n"
        "advisor_tui.cli.command_tree()\n"
        "sys.exit(1 if any(m.split('.')[0] == 'textual' for m in sys.modules) else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
