"""Figures, the machine they were measured on, and docs/benchmarks.md.

Each benchmark module owns one section of the doc, between `<!-- bench:NAME -->` and
`<!-- /bench:NAME -->`; rewriting one section keeps every other one (and the text around them)
as it was, so modules can be run one at a time.
"""

from __future__ import annotations

import os
import platform
import re
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from tests.bench import ROOT

DOC = ROOT / "docs" / "benchmarks.md"
HEADER = "header"
PACKAGES = ("pandas", "numpy", "pyarrow", "SQLAlchemy", "alembic", "python-calamine")


@dataclass(frozen=True)
class Figure:
    """One measured figure, beside what it is compared to and its target (if it has one)."""

    what: str
    measured: str
    compared_to: str = ""
    target: str = ""
    passed: bool | None = None  # None: reported for information only

    @property
    def verdict(self) -> str:
        if self.passed is None:
            return "info"
        return "PASS" if self.passed else "FAIL"


@dataclass(frozen=True)
class Section:
    """What one benchmark module measured; `name` is its marker in the doc."""

    name: str
    title: str
    figures: list[Figure]
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[Figure]:
        return [f for f in self.figures if f.passed is False]


def progress(message: str) -> None:
    """A line on stderr while a benchmark runs, so stdout holds only the tables."""
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- the machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _cores() -> int:
    """What `nproc` prints: the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 0


def _package_versions() -> str:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join([*found, f"SQLite {sqlite3.sqlite_version}"])


def machine() -> dict[str, str]:
    return {
        "CPU": _cpu_model(),
        "Cores (nproc)": str(_cores()),
        "RAM": _ram_gib(),
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "Packages": _package_versions(),
    }


def machine_line(info: dict[str, str]) -> str:
    return f"{info['CPU']}, {info['Cores (nproc)']} cores, {info['RAM']}, {info['Python']}"


def now() -> str:
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")


# ---------------------------------------------------------------------------- markdown


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def figures_table(figures: Iterable[Figure]) -> str:
    lines = ["| Figure | Measured | Compared to | Target | Result |",
             "|---|---:|---|---|---|"]
    for f in figures:
        cells = (f.what, f.measured, f.compared_to or "—", f.target or "—", f.verdict)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def section_markdown(section: Section, *, info: dict[str, str], when: str, command: str) -> str:
    parts = [f"## {section.title}", "",
             f"Measured {when} on {machine_line(info)}, with `{command}`.", "",
             figures_table(section.figures)]
    if section.notes:
        parts += ["", *(f"- {note}" for note in section.notes)]
    return "\n".join(parts)


def header_markdown(info: dict[str, str], *, when: str, command: str) -> str:
    rows = "\n".join(f"| {key} | {_cell(value)} |" for key, value in info.items())
    return (f"Last run: {when}, command `{command}`, on this machine:\n\n"
            f"| Machine | |\n|---|---|\n{rows}")


def _block(name: str, body: str) -> str:
    return f"<!-- bench:{name} -->\n{body.strip()}\n<!-- /bench:{name} -->"


def replace_section(text: str, name: str, body: str) -> str:
    """`text` with the section `name` replaced by `body`; a new section goes at the end (the
    header just under the title), and everything outside the section is kept byte for byte."""
    block = _block(name, body)
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->",
                         re.DOTALL)
    if pattern.search(text):
        return pattern.sub(lambda _match: block, text, count=1)
    if name == HEADER:
        title, _, rest = text.partition("\n")
        if title.startswith("# "):
            return f"{title}\n\n{block}\n{rest}"
        return f"{block}\n\n{text}"
    return f"{text.rstrip()}\n\n{block}\n"


def write_sections(sections: Sequence[Section], *, info: dict[str, str], when: str, command: str,
                   doc: Path = DOC) -> None:
    """Rewrite the header and the given sections of `doc`, keeping the others."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    text = replace_section(text, HEADER, header_markdown(info, when=when, command=command))
    for section in sections:
        body = section_markdown(section, info=info, when=when, command=command)
        text = replace_section(text, section.name, body)
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")
