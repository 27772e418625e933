"""HOUSE_STYLE §1: gui → engine → storage, Qt only in gui, storage free of torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    lint = subprocess.run([str(lint_imports), "--no-cache"], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "3 kept, 0 broken" in lint.stdout


def test_storage_and_engine_import_without_qt():
    code = ("import sys, storage.importer, storage.queries, engine.cli, engine.jobs.importing; "
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'; "
            "assert 'torch' not in sys.modules, 'torch imported by storage'")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
