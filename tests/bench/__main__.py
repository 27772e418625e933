"""Run the benchmarks: `.venv/bin/python -m tests.bench [NAME ...]` from the repository root.

Every `bench_<name>.py` module in this folder is found and its `run()` called (only the named
ones when names are given, e.g. `import`). The tables go to stdout and their sections into
docs/benchmarks.md. Exit status: 0 all targets met, 1 some target missed (the doc is still
written), 2 data missing or an unknown name (nothing measured, the doc untouched).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from types import ModuleType

import tests.bench
from tests.bench import DATA_DIR, DataMissing
from tests.bench.report import Section, machine, now, section_markdown, write_sections

PREFIX = "bench_"
COMMAND = ".venv/bin/python -m tests.bench"


def available() -> list[str]:
    return sorted(m.name.removeprefix(PREFIX) for m in pkgutil.iter_modules(tests.bench.__path__)
                  if m.name.startswith(PREFIX))


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench",
                                     description="Run the ShopSense benchmarks.")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all of {', '.join(available())})")
    return parser.parse_args(argv)


def _modules(names: list[str]) -> list[ModuleType]:
    return [importlib.import_module(f"tests.bench.{PREFIX}{name}") for name in names]


def _run(modules: list[ModuleType]) -> list[Section]:
    return [module.run() for module in modules]


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    unknown = sorted(set(args.names) - set(available()))
    if unknown:
        print(f"No benchmark called {', '.join(unknown)}; there are: {', '.join(available())}",
              file=sys.stderr)
        return 2
    if not DATA_DIR.is_dir():
        print(f"The benchmark data is missing: {DATA_DIR} is not a folder. Put the shared data "
              "sets there (see shared/data/DATA.md) or set SHOPSENSE_BENCH_DATA; "
              "docs/benchmarks.md was not changed.", file=sys.stderr)
        return 2
    command = " ".join([COMMAND, *args.names])
    try:
        sections = _run(_modules(args.names or available()))
    except DataMissing as missing:
        print(f"{missing}. See shared/data/DATA.md; docs/benchmarks.md was not changed.",
              file=sys.stderr)
        return 2
    info, when = machine(), now()
    for section in sections:
        print(section_markdown(section, info=info, when=when, command=command), end="\n\n")
    write_sections(sections, info=info, when=when, command=command)
    failed = [f.what for s in sections for f in s.failed]
    print(f"Targets missed: {'; '.join(failed)}" if failed else "All targets met.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
