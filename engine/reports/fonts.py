"""The font PDF reports are set in: one that has Chinese characters, so no name prints as boxes.

The system's own CJK font is used where the PDF library can embed it (TrueType outlines: Microsoft
YaHei or SimHei on Windows, PingFang or STHeiti on macOS, whatever fontconfig offers for Chinese
on Linux); otherwise the bundled WenQuanYi Micro Hei (resources/fonts, Apache-2.0). Its Latin
letters are Droid Sans, so one font serves both languages.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

log = logging.getLogger(__name__)

BUNDLED = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-microhei.ttc"
_KNOWN = (
    "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/msyh.ttf", "C:/Windows/Fonts/simhei.ttf",
    "/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Light.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
)
_PROBE = "中文客户A1"  # Chinese and Latin must both be there


@dataclass(frozen=True)
class ReportFont:
    name: str  # as registered with reportlab
    path: Path  # for matplotlib (the first face of a collection, as reportlab uses)


def _fontconfig_choice() -> list[str]:
    if shutil.which("fc-match") is None:
        return []
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "sans-serif:lang=zh-cn"],
                               capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return [found.stdout.strip()] if found.stdout.strip() else []


def _usable(path: Path, name: str) -> bool:
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except (TTFError, OSError, ValueError) as problem:
        log.info("font %s cannot be embedded in a PDF: %s", path, problem)
        return False
    if not all(ord(ch) in font.face.charToGlyph for ch in _PROBE):
        return False
    pdfmetrics.registerFont(font)
    return True


@functools.cache
def report_font() -> ReportFont:
    """The CJK font, registered with reportlab (once per process)."""
    for number, candidate in enumerate((*_KNOWN, *_fontconfig_choice(), str(BUNDLED))):
        path = Path(candidate)
        name = f"ShopSenseReport{number}"
        if path.is_file() and _usable(path, name):
            log.info("PDF reports use the font %s", path)
            return ReportFont(name, path)
    raise FileNotFoundError(f"no font with Chinese characters found; {BUNDLED} is missing")


def covers(text: str) -> bool:
    """True when the report font has a glyph for every character of `text`."""
    face = pdfmetrics.getFont(report_font().name).face
    return all(ord(ch) in face.charToGlyph or ch.isspace() for ch in text)
