"""Use case: import files (or the demo shop) into a shop database."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from pathlib import Path

from storage.database import create_db_engine
from storage.importer import ImportOptions, ImportResult, import_file
from storage.preview import FIELDS, FilePreview, preview_file
from storage.progress import Progress

__all__ = ["DEMO_SHOP", "FIELDS", "FilePreview", "import_demo_shop", "import_files", "preview"]

DEMO_SHOP = Path(__file__).resolve().parents[2] / "resources" / "demo" / "online_retail.csv.xz"


def import_files(db_path: Path | str, paths: Sequence[Path | str],
                 options: ImportOptions | None = None,
                 ) -> Generator[Progress, None, list[ImportResult]]:
    """Import each file in its own transaction; a failing file raises ImportProblem after the
    files before it have landed (they are complete and independent)."""
    engine = create_db_engine(db_path)
    try:
        results = []
        for path in paths:
            result = yield from import_file(engine, path, options)
            results.append(result)
        return results
    finally:
        engine.dispose()


def import_demo_shop(db_path: Path | str) -> Generator[Progress, None, list[ImportResult]]:
    return (yield from import_files(db_path, [DEMO_SHOP]))


def preview(path: Path | str, options: ImportOptions | None = None) -> FilePreview:
    """How `path` would be imported with `options` (quick enough for a read, not a job)."""
    options = options or ImportOptions()
    return preview_file(path, sheet=options.sheet, preset=options.preset,
                        mapping=options.mapping)
