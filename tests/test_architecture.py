"""The layers of DESIGN.md "Where things live" and the habits of STYLE.md, checked.

The test command runs them, so CI refuses a change that breaks a layer
contract, a type, a lint or complexity rule, or the formatting.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

CHECKS = {
    # import-linter: web → workflow → documents | states, no Flask below web.
    "layers": [str(BIN / "lint-imports"), "--no-cache"],
    # mypy on workflow, states and documents (configured in pyproject.toml).
    "types": [str(BIN / "mypy")],
    # ruff: the lint rules, C901 (complexity) and INT (gettext) among them.
    "lint": [str(BIN / "ruff"), "check", "--no-cache", "."],
    "format": [str(BIN / "ruff"), "format", "--check", "--no-cache", "."],
}


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_the_tree_passes_its_check(check: str) -> None:
    done = subprocess.run(CHECKS[check], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
