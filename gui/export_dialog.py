"""Saving a report: a few choices, a file name, then the export job in the background.

Every page's Export button calls `export_report`; the Reports page also picks the format. The
job is engine.jobs.export (the same as `python main.py export`), run through `shop.run`, so
the window shows its progress and Cancel, and a failure arrives as a plain message.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QSettings, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.reports.common import SEGMENTS
from engine.reports.text import translate
from gui import settings
from gui.engine_text import in_ui_language
from gui.shop import Shop
from gui.worker_process import named

if TYPE_CHECKING:
    from engine.jobs.results import ExportResult

RECENT_KEY, FOLDER_KEY = "reports/recent", "reports/folder"
RECENT_COUNT = 8
PRODUCTS_STORED = 10  # a training run stores each customer's top 10


@dataclass(frozen=True)
class ChurnFilter:
    """The Churn page's filters besides the segment: risk in [risk_from, risk_below) and at
    least `min_value_at_risk` at stake (engine.jobs.export.export_job takes them as they are)."""

    risk_from: float
    risk_below: float
    min_value_at_risk: float = 0.0


def report_language() -> str:
    """The report language that matches the window's: zh_CN or en."""
    choice = settings.language()
    name = QLocale().name() if choice == "system" else choice
    return "zh_CN" if name.startswith("zh") else "en"


def recent_reports() -> list[Path]:
    """Reports saved lately, newest first, those still on disk."""
    values = QSettings().value(RECENT_KEY, []) or []
    paths = [Path(v) for v in ([values] if isinstance(values, str) else values)]
    return [p for p in paths if p.exists()]


def _remember(path: Path) -> None:
    paths = [path, *(p for p in recent_reports() if p != path)][:RECENT_COUNT]
    QSettings().setValue(RECENT_KEY, [str(p) for p in paths])
    QSettings().setValue(FOLDER_KEY, str(path.parent))


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class ExportDialog(QDialog):
    """Format, how many, which customers, language, and whether to hide who they are."""

    def __init__(self, kind: str, *, segment: str | None = None, fmt: str = "xlsx",
                 churn_ready: bool = True, filtered: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        language = report_language()
        self.setWindowTitle(self.tr("Export customers likely to leave") if kind == "churn"
                            else self.tr("Export recommended products"))
        self.format_combo = QComboBox()
        for text, value in ((self.tr("Excel workbook (.xlsx): to sort, filter and share"),
                             "xlsx"),
                            (self.tr("CSV (.csv): for other programs"), "csv"),
                            (self.tr("PDF (.pdf): to print"), "pdf")):
            self.format_combo.addItem(text, value)
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(fmt)))

        self.top_spin = QSpinBox()
        if kind == "churn":
            self.top_spin.setRange(0, 100_000)
            self.top_spin.setSingleStep(10)
            self.top_spin.setSpecialValueText(self.tr("Everyone shown") if filtered
                                              else self.tr("Everyone at risk"))
            top_label = self.tr("Customers to list:")
        else:
            self.top_spin.setRange(1, PRODUCTS_STORED)
            self.top_spin.setValue(PRODUCTS_STORED)
            top_label = self.tr("Products per customer:")

        self.segment_combo = QComboBox()
        self.segment_combo.addItem(self.tr("All customers"), None)
        for name in SEGMENTS:
            self.segment_combo.addItem(translate(name, language), name)
        self.segment_combo.setCurrentIndex(max(0, self.segment_combo.findData(segment)))

        self.language_combo = QComboBox()
        self.language_combo.addItem("English", "en")
        self.language_combo.addItem("简体中文", "zh_CN")
        self.language_combo.setCurrentIndex(self.language_combo.findData(language))

        self.anonymize_check = QCheckBox(self.tr(
            "Hide who the customers are (pseudonyms instead of ids, names and e-mails)"))
        self.anonymize_check.setToolTip(self.tr(
            "The same customer gets the same pseudonym in every report of this shop, and "
            "nobody can work back to the real customer without this computer's key."))

        form = QFormLayout()
        form.addRow(self.tr("Format:"), self.format_combo)
        form.addRow(top_label, self.top_spin)
        form.addRow(self.tr("Customers:"), self.segment_combo)
        form.addRow(self.tr("Language:"), self.language_combo)
        form.addRow("", self.anonymize_check)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("Save as…"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if kind == "churn" and not churn_ready:
            note = QLabel(self.tr("Working out who is at risk takes a few seconds to a minute; "
                                  "you can follow it at the bottom of the window."))
            note.setObjectName("hint")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(buttons)

    def fmt(self) -> str:
        return self.format_combo.currentData()

    def top(self) -> int | None:
        """None for everything: all at risk, or every stored product."""
        value = self.top_spin.value()
        everything = 0 if self.kind == "churn" else PRODUCTS_STORED
        return None if value == everything else value

    def segment(self) -> str | None:
        return self.segment_combo.currentData()

    def language(self) -> str:
        return self.language_combo.currentData()

    def anonymize(self) -> bool:
        return self.anonymize_check.isChecked()


def export_report(parent: QWidget, shop: Shop, kind: str, *, segment: str | None = None,
                  churn_filter: ChurnFilter | None = None) -> None:
    """Ask how to export the `kind` report ("churn" or "recommendations"), then save it;
    `churn_filter` limits the churn report to the customers a page shows."""
    ReportExport(parent, shop, kind, segment=segment, churn_filter=churn_filter).start()


class ReportExport(QObject):
    """One export from start to end: the dialog, the file name, the job, the "saved" box.
    It lives (as a child of `parent`) until the job ends or the user gives up."""

    saved = Signal(object)  # the Path written

    def __init__(self, parent: QWidget, shop: Shop, kind: str, *, segment: str | None = None,
                 fmt: str = "xlsx", churn_filter: ChurnFilter | None = None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.shop = shop
        self.churn_filter = churn_filter if kind == "churn" else None
        self.dialog = ExportDialog(kind, segment=segment, fmt=fmt,
                                   churn_ready=shop.churn is not None,
                                   filtered=self.churn_filter is not None, parent=parent)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.rejected.connect(self._done)

    def start(self) -> None:
        """Show the dialog, window-modal: the rest of the app keeps drawing."""
        self.dialog.open()

    def _done(self) -> None:
        self.dialog.deleteLater()
        self.deleteLater()

    def _default_path(self, fmt: str) -> Path:
        folder = QSettings().value(FOLDER_KEY) or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        stem = (self.tr("customers-likely-to-leave") if self.dialog.kind == "churn"
                else self.tr("recommended-products"))
        return Path(folder) / f"{stem}-{date.today():%Y-%m-%d}.{fmt}"

    def _on_dialog_accepted(self) -> None:
        dialog = self.dialog
        fmt = dialog.fmt()
        filters = {"xlsx": self.tr("Excel workbook (*.xlsx)"), "csv": self.tr("CSV file (*.csv)"),
                   "pdf": self.tr("PDF document (*.pdf)")}
        chosen, _ = QFileDialog.getSaveFileName(self.parent_widget, self.tr("Save the report as"),
                                                str(self._default_path(fmt)), filters[fmt])
        if not chosen:
            self._done()
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        shown = asdict(self.churn_filter) if self.churn_filter else {}
        # By name: the churn report's models import scikit-learn, which only the worker needs.
        job = named(
            "engine.jobs.export:export_job", self.shop.db_path, dialog.kind, fmt, path,
            segment=dialog.segment(), top=dialog.top(), anonymize=dialog.anonymize(),
            language=dialog.language(), churn=self.shop.churn if dialog.kind == "churn" else None,
            **shown)
        message = (self.tr("Saving the report of customers likely to leave…")
                   if dialog.kind == "churn" else self.tr("Saving the recommendations report…"))
        if not self.shop.run(job, kind="export", message=message, finished=self._on_finished,
                             failed=self._on_failed, cancelled=self._done):
            self._done()

    def _on_failed(self, message: str) -> None:
        QMessageBox.warning(self.parent_widget, self.tr("The report was not saved"),
                            in_ui_language(message))
        self._done()

    def _on_finished(self, result: ExportResult) -> None:
        _remember(result.path)
        self.saved.emit(result.path)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Report saved"),
                          self.tr("Saved {file}: {rows} rows for {customers} customers.").format(
                              file=result.path.name, rows=f"{result.rows:,}",
                              customers=f"{result.customers:,}"),
                          QMessageBox.StandardButton.Close, self.parent_widget)
        box.setObjectName("reportSavedBox")
        box.setInformativeText(str(result.path.parent))
        path = result.path
        box.addButton(self.tr("Open the file"), QMessageBox.ButtonRole.ActionRole
                      ).clicked.connect(lambda: open_file(path))
        box.addButton(self.tr("Show in folder"), QMessageBox.ButtonRole.ActionRole
                      ).clicked.connect(lambda: show_in_folder(path))
        box.finished.connect(box.deleteLater)
        box.open()
        self._done()
