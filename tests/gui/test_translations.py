"""Simplified Chinese ships complete: every string the window shows has a translation.

lupdate (shipped with PySide6) reads gui/ again into a copy of the committed .ts; a string
added without a translation shows up there as unfinished. The committed .qm, which the app
loads, must then give every translation of the .ts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from gui.settings import TRANSLATIONS

REPO = Path(__file__).resolve().parents[2]
TS = TRANSLATIONS / "shopsense_zh_CN.ts"
QM = TRANSLATIONS / "shopsense_zh_CN.qm"
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


def _messages(ts: Path) -> list[tuple[str, str, ElementTree.Element]]:
    root = ElementTree.parse(ts).getroot()
    return [(context.findtext("name"), message.findtext("source"), message.find("translation"))
            for context in root.iter("context") for message in context.iter("message")]


@pytest.fixture(scope="module")
def current_ts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not LUPDATE.exists():
        pytest.skip(f"{LUPDATE} is not installed with PySide6")
    ts = tmp_path_factory.mktemp("ts") / TS.name
    shutil.copyfile(TS, ts)
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "gui").rglob("*.py"))
    subprocess.run([str(LUPDATE), *sources, "-no-obsolete", "-ts", str(ts)], cwd=REPO,
                   check=True, capture_output=True)
    return ts


def test_every_window_string_has_a_chinese_translation(current_ts: Path):
    missing = [f"{context}: {source!r}" for context, source, translation in _messages(current_ts)
               if translation is None or translation.get("type") in ("unfinished", "vanished",
                                                                     "obsolete")
               or not (translation.text or "").strip()]
    assert not missing, (f"{len(missing)} strings without a translation; update "
                         f"{TS.relative_to(REPO)} (see its README):\n" + "\n".join(missing[:40]))


def test_the_shipped_qm_gives_every_translation():
    translator = QTranslator()
    assert translator.load(str(QM))
    wrong = [source for context, source, translation in _messages(TS)
             if translation is not None and translation.text
             and translator.translate(context, source) != translation.text]
    assert not wrong, f"{QM.name} is older than {TS.name}; run lrelease: {wrong[:10]}"


# A replacement field as str.format reads it: {name}, {score:.1f}, {rate:.0%}, {value!r:>8}.
FIELD = re.compile(r"\{\w*(?:![rsa])?(?::[^{}]*)?\}")


def test_placeholders_survive_translation():
    """A translation that drops or renames a {placeholder}, or changes its format spec
    ({score:.1f} as {score}), would crash .format(), lose data or show it differently."""
    broken = []
    for context, source, translation in _messages(TS):
        if translation is None or not translation.text:
            continue
        if sorted(FIELD.findall(source)) != sorted(FIELD.findall(translation.text)):
            broken.append(f"{context}: {source!r} → {translation.text!r}")
    assert not broken, "\n".join(broken)


def test_the_placeholder_check_sees_format_specs():
    assert FIELD.findall("{score:.1f}% of {rate:.0%}, {model} and {value!r:>8}") == [
        "{score:.1f}", "{rate:.0%}", "{model}", "{value!r:>8}"]
