"""Import benchmark: ShopSense's import of UCI Online Retail against a raw pandas + SQLite floor.

The floor is the least any importer must do with this file: parse it and write its rows once.
The import also checks, normalises, de-duplicates and splits rows into customers, products,
orders and lines, so the target is a ratio to the floor (≤ 3×), not a match.

Run with `.venv/bin/python -m tests.bench import`. The peak-memory figure comes from a child
process (`python -m tests.bench.bench_import --peak-memory CSV DB`) so that nothing this
process allocated before counts.
"""

from __future__ import annotations

import gc
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from storage.database import _set_sqlite_pragmas, create_db_engine
from storage.importer import ImportResult, import_file
from storage.progress import Progress
from tests.bench import ROOT, require_data
from tests.bench.report import Figure, Section, progress

NAME = "import"
RUNS = 3
RETAIL_CSV = "online-retail/online_retail.csv"
RETAIL_XLSX = "online-retail/online_retail_sample_40k.xlsx"
OTHERS = {
    "Shopify orders export": "exports/shopify_orders_export_1.csv",
    "REES46 clickstream sample": "clickstream-rees46/2019-Oct_first17434.csv",
    "MovieLens 100K u.data": "ml-100k/u.data",
}
MAX_RATIO = 3.0
MAX_PEAK_MB = 1500.0  # 1.5 GB, decimal
MAX_XLSX_S = 3.0
MAX_REIMPORT_S = 2.0

T = TypeVar("T")


@dataclass(frozen=True)
class Timed:
    """Wall times of repeated runs, each on a fresh database; `best` is what is reported."""

    runs: list[float]

    @property
    def best(self) -> float:
        return min(self.runs)

    def describe(self) -> str:
        return f"best of {len(self.runs)}: " + " / ".join(f"{t:.2f}" for t in self.runs) + " s"


@dataclass(frozen=True)
class Imported:
    timed: Timed
    migrate: Timed
    result: ImportResult  # of the last run
    db: Path  # the database of the last run


# ---------------------------------------------------------------------------- measuring


def drive(job: Generator[Progress, None, ImportResult]) -> ImportResult:
    """Run an import job to the end, as the CLI and the GUI do, and return its result."""
    while True:
        try:
            next(job)
        except StopIteration as stop:
            return stop.value


def stopwatch(work: Callable[[], T]) -> tuple[float, T]:
    gc.collect()
    started = time.perf_counter()
    value = work()
    return time.perf_counter() - started, value


def mb(kib: int) -> float:
    return kib * 1024 / 1e6


def lines_in(db: Path) -> int:
    """Rows of order lines and events: what an import adds."""
    with closing(sqlite3.connect(db)) as conn:
        return sum(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                   for t in ("order_lines", "events"))


# ---------------------------------------------------------------------------- the raw floor


def floor_once(csv: Path, db: Path) -> tuple[float, float]:
    """Seconds for read_csv, and for read_csv plus one executemany of the raw rows (streamed
    from itertuples) into a flat table with the app's pragmas, committed."""
    started = time.perf_counter()
    frame = pd.read_csv(csv)
    parsed = time.perf_counter() - started
    conn = sqlite3.connect(db)
    try:
        _set_sqlite_pragmas(conn, None)
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        conn.execute(f"CREATE TABLE raw ({columns})")
        marks = ", ".join("?" * len(frame.columns))
        conn.executemany(f"INSERT INTO raw VALUES ({marks})",
                         frame.itertuples(index=False, name=None))
        conn.commit()
        return parsed, time.perf_counter() - started
    finally:
        conn.close()


def raw_floor(csv: Path, workdir: Path) -> tuple[Timed, float]:
    """The floor's runs, and how long read_csv took in the best one."""
    runs = []
    for run in range(RUNS):
        gc.collect()
        runs.append(floor_once(csv, workdir / f"floor-{run}.sqlite3"))
        progress(f"  floor run {run + 1}/{RUNS}: {runs[-1][1]:.2f} s")
    best = min(runs, key=lambda r: r[1])
    return Timed([total for _parsed, total in runs]), best[0]


def tuples_only(csv: Path) -> float:
    """Seconds itertuples takes to yield every row with nothing consuming them: the part of
    the floor's executemany that is pandas boxing values, not SQLite writing them."""
    frame = pd.read_csv(csv)
    seconds, _none = stopwatch(lambda: deque(frame.itertuples(index=False, name=None), maxlen=0))
    return seconds


# ---------------------------------------------------------------------------- ShopSense imports


def import_into(db: Path, path: Path) -> tuple[float, float, ImportResult]:
    """Seconds to open (create and migrate) the database, seconds to import, and the result."""
    migrate_s, engine = stopwatch(lambda: create_db_engine(db))
    try:
        import_s, result = stopwatch(lambda: drive(import_file(engine, path)))
    finally:
        engine.dispose()
    return migrate_s, import_s, result


def fresh_imports(path: Path, workdir: Path) -> Imported:
    migrations, imports = [], []
    for run in range(RUNS):
        db = workdir / f"{path.stem}-{run}.sqlite3"
        migrate_s, import_s, result = import_into(db, path)
        migrations.append(migrate_s)
        imports.append(import_s)
        progress(f"  {path.name} run {run + 1}/{RUNS}: {import_s:.2f} s")
    return Imported(Timed(imports), Timed(migrations), result, db)


def import_again(db: Path, path: Path) -> tuple[float, int, ImportResult]:
    """Seconds to import `path` into an existing database, and the rows it added."""
    before = lines_in(db)
    _migrate_s, import_s, result = import_into(db, path)
    return import_s, lines_in(db) - before, result


def peak_memory(csv: Path, workdir: Path) -> dict[str, int | None]:
    """Baseline and peak RSS (KiB) of a child process that imports `csv` into a fresh db."""
    child = [sys.executable, "-m", "tests.bench.bench_import", "--peak-memory",
             str(csv), str(workdir / "peak.sqlite3")]
    # Linux carries a process's ru_maxrss across fork and exec, so a child started from here
    # would report this process's peak. A shell in between forks it from a small process
    # instead (`; exit` keeps the shell from exec-ing it in its own place).
    command = ["/bin/sh", "-c", '"$@"; exit $?', "sh", *child]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _child(csv: str, db: str) -> None:
    """In the child: ru_maxrss right after the imports above, then after a full import."""
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _migrate_s, _import_s, result = import_into(Path(db), Path(csv))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"baseline_kib": baseline, "peak_kib": peak, "vmhwm_kib": _vmhwm_kib(),
                      "rows": result.rows_imported}))


def _vmhwm_kib() -> int | None:
    """The kernel's own peak RSS of this process image, to cross-check ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


# ---------------------------------------------------------------------------- figures


def _floor_figure(floor: Timed, parse_s: float, tuples_s: float, rows: int) -> Figure:
    return Figure(f"Raw floor: pandas.read_csv + one executemany of {rows:,} raw rows "
                  "into a flat table, committed",
                  f"{floor.best:.2f} s",
                  f"read_csv {parse_s:.2f} s + executemany/commit {floor.best - parse_s:.2f} s, "
                  f"of which itertuples alone takes {tuples_s:.2f} s (one separate pass); "
                  f"{floor.describe()}")


def _speed_figure(csv: Imported, floor: Timed) -> Figure:
    ratio = csv.timed.best / floor.best
    return Figure(f"ShopSense import of online_retail.csv into a fresh db "
                  f"({csv.result.rows_imported:,} lines kept)",
                  f"{csv.timed.best:.2f} s = {ratio:.2f}× the floor",
                  f"raw floor {floor.best:.2f} s; import {csv.timed.describe()}",
                  f"≤ {MAX_RATIO:g}× the floor ({MAX_RATIO * floor.best:.2f} s)",
                  ratio <= MAX_RATIO)


def _memory_figure(memory: dict[str, int | None]) -> Figure:
    baseline, peak = mb(memory["baseline_kib"] or 0), mb(memory["peak_kib"] or 0)
    hwm = memory["vmhwm_kib"]
    check = f"; /proc VmHWM {mb(hwm):,.0f} MB" if hwm is not None else ""
    return Figure("Peak memory (ru_maxrss) of a child process importing online_retail.csv "
                  "into a fresh db",
                  f"{peak:,.0f} MB",
                  f"baseline after importing the modules {baseline:,.0f} MB; "
                  f"the import adds {peak - baseline:,.0f} MB{check}",
                  f"≤ {MAX_PEAK_MB:,.0f} MB", peak <= MAX_PEAK_MB)


def _xlsx_figure(xlsx: Imported, csv: Imported) -> Figure:
    csv_rate = csv.result.rows_read / csv.timed.best
    rate = xlsx.result.rows_read / xlsx.timed.best
    return Figure(f"online_retail_sample_40k.xlsx ({xlsx.result.rows_read:,} rows) "
                  "into a fresh db",
                  f"{xlsx.timed.best:.2f} s",
                  f"{rate:,.0f} rows/s vs the CSV's {csv_rate:,.0f} rows/s; "
                  f"{xlsx.timed.describe()}",
                  f"≤ {MAX_XLSX_S:g} s", xlsx.timed.best <= MAX_XLSX_S)


def _reimport_figures(seconds: float, added: int, csv: Imported) -> list[Figure]:
    return [
        Figure("Re-import of online_retail.csv into the db that has it: time",
               f"{seconds:.3f} s", f"first import {csv.timed.best:.2f} s",
               f"≤ {MAX_REIMPORT_S:g} s", seconds <= MAX_REIMPORT_S),
        Figure("Re-import of online_retail.csv: rows added", f"{added:,}",
               f"{csv.result.rows_imported:,} lines already in the db", "0", added == 0),
    ]


def _overlap_figure(seconds: float, added: int, result: ImportResult) -> Figure:
    return Figure("online_retail_sample_40k.xlsx into the db holding the CSV: rows added",
                  f"{added:,}",
                  f"{result.rows_read:,} rows read: {result.already_in_database:,} already in "
                  f"the db, {result.duplicates_in_file:,} repeats within the file, "
                  f"{result.rows_rejected:,} rejected; took {seconds:.2f} s",
                  "0 (every row overlaps)", added == 0)


def _other_figure(label: str, imported: Imported) -> Figure:
    result = imported.result
    return Figure(f"{label} ({result.rows_read:,} rows, preset {result.preset}) into a fresh db",
                  f"{imported.timed.best:.2f} s",
                  f"{result.rows_imported:,} rows kept; {imported.timed.describe()}")


def _migrate_figure(csv: Imported) -> Figure:
    return Figure("create_db_engine on a new file (schema migrations), not in the times above",
                  f"{csv.migrate.best:.2f} s", csv.migrate.describe())


# ---------------------------------------------------------------------------- the benchmark


def run() -> Section:
    csv_path, xlsx_path, *others = require_data(RETAIL_CSV, RETAIL_XLSX, *OTHERS.values())
    with tempfile.TemporaryDirectory(prefix="shopsense-bench-") as tmp:
        workdir = Path(tmp)
        progress("import: raw floor")
        floor, parse_s = raw_floor(csv_path, workdir)
        tuples_s = tuples_only(csv_path)
        progress("import: ShopSense import of the CSV")
        csv = fresh_imports(csv_path, workdir)
        progress("import: peak memory (child process)")
        memory = peak_memory(csv_path, workdir)
        progress("import: the Excel sample")
        xlsx = fresh_imports(xlsx_path, workdir)
        progress("import: re-imports into the db that has the CSV")
        again_s, again_added, _again = import_again(csv.db, csv_path)
        overlap_s, overlap_added, overlap = import_again(csv.db, xlsx_path)
        progress("import: other files")
        other = {label: fresh_imports(path, workdir) for label, path in zip(OTHERS, others,
                                                                                strict=True)}
    figures = [_floor_figure(floor, parse_s, tuples_s, csv.result.rows_read),
               _speed_figure(csv, floor), _memory_figure(memory), _xlsx_figure(xlsx, csv),
               *_reimport_figures(again_s, again_added, csv),
               _overlap_figure(overlap_s, overlap_added, overlap),
               *(_other_figure(label, imported) for label, imported in other.items()),
               _migrate_figure(csv)]
    return Section(NAME, "Import", figures, notes=[
        f"Every time is the best of {RUNS} runs, each into a fresh database in a temporary "
        "folder; ShopSense times are `import_file` driven to completion, after "
        "`create_db_engine` (timed separately in the last row).",
        "The floor uses the app's own pragmas (`_set_sqlite_pragmas`: WAL, synchronous=NORMAL, "
        "foreign_keys, cache_size); its table has no indexes or constraints.",
        "Peak memory is `resource.getrusage(RUSAGE_SELF).ru_maxrss` of a separate Python "
        "process; its baseline is taken right after it has imported pandas, SQLAlchemy and "
        "the storage modules.",
    ])


if __name__ == "__main__":
    if sys.argv[1:2] != ["--peak-memory"] or len(sys.argv) != 4:
        sys.exit("usage: python -m tests.bench.bench_import --peak-memory CSV DB")
    _child(sys.argv[2], sys.argv[3])
