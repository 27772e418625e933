"""Reports to hand on: the customers to call, the products to suggest; and the files saved lately.

Each report is engine.jobs.export (the same as `python main.py export`), started through
gui.export_dialog; this page only says what each report holds and offers the formats.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from engine.jobs import shop_data
from engine.recommenders.names import model_title
from engine.reports.common import local_time
from gui.export_dialog import (
    ReportExport,
    open_file,
    recent_reports,
    report_language,
    show_in_folder,
)
from gui.pages.base import ShopPage
from gui.shop import CHURN, DATA, MODELS, Shop

FORMATS = ("xlsx", "csv", "pdf")


class _ReportCard(QFrame):
    """One report: what it holds, whether it can be made now, and a button per format."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        heading = QLabel(title)
        heading.setObjectName("sectionTitle")
        text = QLabel(description)
        text.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        names = {"xlsx": self.tr("Excel…"), "csv": self.tr("CSV…"), "pdf": self.tr("PDF…")}
        self.buttons = {fmt: QPushButton(names[fmt]) for fmt in FORMATS}
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(row)

    def set_ready(self, ready: bool, status: str) -> None:
        self.status.setText(status)
        for button in self.buttons.values():
            button.setEnabled(ready)


class ReportsPage(ShopPage):
    reloads_on = (DATA, MODELS, CHURN)

    def __init__(self, shop: Shop, parent: QWidget | None = None) -> None:
        super().__init__(shop, parent)
        layout = self.page_layout(self.tr("Reports"))
        intro = QLabel(self.tr(
            "Save a list to hand on: the customers worth a call, or the products to suggest in "
            "your newsletter."))
        intro.setWordWrap(True)
        self.churn_card = _ReportCard(
            self.tr("Customers likely to leave"),
            self.tr("Everyone who may not buy again, the most valuable first, with the reasons "
                    "and a suggested action for each. For whoever calls or writes to "
                    "customers."))
        self.recommendations_card = _ReportCard(
            self.tr("Recommended products"),
            self.tr("For each customer, the products they are most likely to buy next, and why. "
                    "For the newsletter or personal offers."))
        for kind, card in (("churn", self.churn_card),
                           ("recommendations", self.recommendations_card)):
            for fmt, button in card.buttons.items():
                button.clicked.connect(lambda _=False, k=kind, f=fmt: self.export(k, f))
        cards = QHBoxLayout()
        cards.addWidget(self.churn_card, 1)
        cards.addWidget(self.recommendations_card, 1)
        formats = QLabel(self.tr(
            "<b>Excel</b>: a summary sheet with the key figures and charts, and the whole list "
            "with filters.<br><b>CSV</b>: the whole list, for a mailing tool or another "
            "program.<br><b>PDF</b>: the summary, the charts, the top of the list and how it "
            "was worked out, ready to print."))
        formats.setObjectName("hint")
        formats.setWordWrap(True)

        recent_title = QLabel(self.tr("Saved lately"))
        recent_title.setObjectName("sectionTitle")
        self.recent_list = QListWidget()
        self.recent_list.setMaximumHeight(8 * (self.fontMetrics().height() + 10))
        self.recent_list.itemDoubleClicked.connect(self._on_recent_double_clicked)
        self.recent_list.currentRowChanged.connect(self._update_recent_buttons)
        self.recent_empty = QLabel(self.tr("Reports you save appear here."))
        self.recent_empty.setObjectName("hint")
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self._on_open_clicked)
        self.folder_button = QPushButton(self.tr("Show in folder"))
        self.folder_button.clicked.connect(self._on_folder_clicked)
        recent_buttons = QHBoxLayout()
        recent_buttons.addWidget(self.recent_empty)
        recent_buttons.addStretch(1)
        recent_buttons.addWidget(self.open_button)
        recent_buttons.addWidget(self.folder_button)

        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(cards)
        layout.addWidget(formats)
        layout.addSpacing(10)
        layout.addWidget(recent_title)
        layout.addWidget(self.recent_list)
        layout.addLayout(recent_buttons)
        layout.addStretch(1)
        for card in (self.churn_card, self.recommendations_card):
            card.set_ready(False, self.tr("Looking at the shop's data…"))
        self.show_recent()

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self.shop.read("reports-page", shop_data.report_state, self.shop.db_path, heavy=True,
                       done=self._show_state)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.show_recent()  # another page's Export button may have saved one

    def _show_state(self, state: dict[str, Any]) -> None:
        if not state["orders"]:
            no_data = self.tr("Import your sales first (File → Import…).")
            self.churn_card.set_ready(False, no_data)
            self.recommendations_card.set_ready(False, no_data)
            return
        if self.shop.churn is not None:
            churn_status = self.tr("{count} customers are at risk (scored this session).").format(
                count=f"{len(self.shop.churn.at_risk):,}")
        else:
            churn_status = self.tr("Who is at risk is worked out when you save the report: a few "
                                   "seconds to a minute.")
        self.churn_card.set_ready(True, churn_status)
        run = state["run"]
        if run is None:
            self.recommendations_card.set_ready(False, self.tr(
                "No model trained yet: train one on the Models page, then save this report."))
            return
        model = model_title(run["model"], report_language())  # as the report will name it
        trained = local_time(run["finished_at"])
        self.recommendations_card.set_ready(True, self.tr(
            "From the model “{model}”, trained {when}.").format(
                model=model, when=f"{trained:%Y-%m-%d %H:%M}" if trained else "—"))

    def show_recent(self) -> None:
        self.recent_list.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for path in recent_reports():
            saved = datetime.fromtimestamp(path.stat().st_mtime)
            item = QListWidgetItem(icon, self.tr("{name}    saved {when} in {folder}").format(
                name=path.name, when=f"{saved:%Y-%m-%d %H:%M}", folder=path.parent))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent_list.addItem(item)
        self.recent_empty.setVisible(self.recent_list.count() == 0)
        if self.recent_list.count():
            self.recent_list.setCurrentRow(0)
        self._update_recent_buttons()

    # ------------------------------------------------------------------ actions

    def export(self, kind: str, fmt: str) -> ReportExport:
        """Open the export dialog for `kind` with `fmt` chosen; the file joins the list."""
        export = ReportExport(self, self.shop, kind, fmt=fmt)
        export.saved.connect(lambda _path: self.show_recent())
        export.start()
        return export

    def selected_report(self) -> Path | None:
        item = self.recent_list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _update_recent_buttons(self) -> None:
        selected = self.selected_report() is not None
        self.open_button.setEnabled(selected)
        self.folder_button.setEnabled(selected)

    def _on_recent_double_clicked(self, item: QListWidgetItem) -> None:
        open_file(Path(item.data(Qt.ItemDataRole.UserRole)))

    def _on_open_clicked(self) -> None:
        path = self.selected_report()
        if path is not None:
            open_file(path)

    def _on_folder_clicked(self) -> None:
        path = self.selected_report()
        if path is not None:
            show_in_folder(path)
