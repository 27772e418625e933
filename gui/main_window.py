"""The main window: navigation, pages, and the jobs that change the shop database."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from engine.jobs import Progress, importing, shop_data
from engine.jobs.shop_data import ImportResult
from gui.job_runner import Job, JobRunner, Reader, call_job
from gui.pages import DataPage, RejectedRowsDialog, WelcomePage

_FILE_TYPES = ("*.csv *.tsv *.txt *.dat *.xlsx *.xlsm *.xls *.xlsb *.ods *.json *.jsonl "
                "*.gz *.xz *.bz2")
_STYLE = """
#pageTitle { font-size: 20pt; font-weight: 600; }
#sectionTitle { font-size: 13pt; font-weight: 600; }
#figureValue { font-size: 16pt; font-weight: 600; }
#figureName, #hint { color: palette(placeholder-text); }
QCommandLinkButton { font-size: 12pt; border: 1px solid palette(mid); border-radius: 6px;
                     background: palette(button); padding: 10px; }
QCommandLinkButton:hover { border-color: palette(highlight); }
QCommandLinkButton:disabled { color: palette(placeholder-text); }
"""


def _overview(db_path: Path) -> tuple[dict, pd.DataFrame]:
    """Runs on the reader's thread: everything the pages show, read in one go."""
    return shop_data.summary(db_path), shop_data.history(db_path)


def _rejected(db_path: Path, import_id: int, file_name: str) -> tuple[str, pd.DataFrame]:
    return file_name, shop_data.rejected(db_path, import_id)


class ProgressPanel(QFrame):
    """What the running job is doing, and the way to stop it."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel()
        self.message.setMinimumWidth(200)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 2)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.hide()

    def begin(self, message: str) -> None:
        self.message.setText(message)
        self.bar.setRange(0, 0)  # busy until the job says how far it has got
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(self.tr("Cancel"))
        self.show()

    def show_progress(self, progress: Progress) -> None:
        self.message.setText(progress.message)
        if progress.total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(round(1000 * min(progress.fraction, 1.0)))
        else:
            self.bar.setRange(0, 0)

    def _on_cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancelling…"))
        self.message.setText(self.tr("Stopping at the next safe point…"))
        self.cancel_requested.emit()


class MainWindow(QMainWindow):
    """Shows the shop database and runs the jobs that change it, one at a time.

    The UI thread only draws: imports and undos run on `jobs` (one at a time, with progress and
    Cancel), and the reads that fill the pages run on `reader` (a one-thread pool). Reads are
    fast queries, but opening the database checks its migrations and can wait on SQLite's lock,
    so they stay off the UI thread too; a pool rather than the JobRunner, because they must not
    count as "a job is running" nor be refused while one runs. Both share one lock, since only
    one thread may open the database at a time (see Reader).
    """

    import_finished = Signal(object)  # list[ImportResult]
    import_undone = Signal(dict)  # rows removed per table
    data_refreshed = Signal(dict)  # the summary now shown

    def __init__(self, db_path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.setWindowTitle(self.tr("ShopSense"))
        self.setAcceptDrops(True)
        self.setStyleSheet(_STYLE)
        self._job_kind = ""
        self._ready = False
        self._choose_page_on_refresh = True

        database_lock = threading.Lock()
        self.jobs = JobRunner(self, lock=database_lock)
        self.jobs.progressed.connect(self._on_jobs_progressed)
        self.jobs.finished.connect(self._on_jobs_finished)
        self.jobs.failed.connect(self._on_jobs_failed)
        self.jobs.cancelled.connect(self._on_jobs_cancelled)
        self.reader = Reader(self, lock=database_lock)
        self.reader.read_finished.connect(self._on_reader_read_finished)
        self.reader.read_failed.connect(self._on_reader_read_failed)

        self._build_actions()
        self._build_pages()
        self.statusBar().addPermanentWidget(QLabel(self.tr("Database: {path}").format(
            path=self.db_path)))
        self._restore_geometry()
        self._set_actions_enabled(False)
        self.refresh()

    # ------------------------------------------------------------------ building

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        self.import_action = QAction(self.tr("&Import…"), self)
        self.import_action.setShortcut(QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self._on_import_action_triggered)
        self.demo_action = QAction(self.tr("Open &demo shop"), self)
        self.demo_action.triggered.connect(self.open_demo_shop)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        menu.addAction(self.import_action)
        menu.addAction(self.demo_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)

    def _build_pages(self) -> None:
        self.welcome_page = WelcomePage()
        self.welcome_page.demo_requested.connect(self.open_demo_shop)
        self.welcome_page.import_requested.connect(self._on_import_action_triggered)
        self.data_page = DataPage()
        self.data_page.import_requested.connect(self._on_import_action_triggered)
        self.data_page.undo_requested.connect(self.undo_import)
        self.data_page.rejected_requested.connect(self.show_rejected_rows)
        loading = QLabel(self.tr("Opening the shop database…"))
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.stack = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setFixedWidth(170)
        self.nav.setIconSize(self.nav.iconSize() * 1.5)
        self.stack.addWidget(loading)
        style = self.style()
        for page, name, icon in (
                (self.welcome_page, self.tr("Welcome"), QStyle.StandardPixmap.SP_DirHomeIcon),
                (self.data_page, self.tr("Data"), QStyle.StandardPixmap.SP_FileDialogDetailedView)):
            self.stack.addWidget(page)
            item = QListWidgetItem(style.standardIcon(icon), name)
            item.setSizeHint(item.sizeHint().expandedTo(self.nav.iconSize() * 2))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)

        self.progress_panel = ProgressPanel()
        self.progress_panel.cancel_requested.connect(self.jobs.cancel)
        right = QVBoxLayout()
        right.addWidget(self.stack, 1)
        right.addWidget(self.progress_panel)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addLayout(right, 1)
        central = QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)

    # ------------------------------------------------------------------ what the user can do

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    def show_page(self, page: QWidget) -> None:
        self.nav.setCurrentRow(self.stack.indexOf(page) - 1)

    def import_files(self, paths: Sequence[Path | str]) -> bool:
        """Import `paths` in the background; False when another job is still running."""
        paths = [Path(p) for p in paths]
        if not paths:
            return False
        names = ", ".join(p.name for p in paths)
        return self._start_job(importing.import_files(self.db_path, paths), "import",
                               self.tr("Importing {files}…").format(files=names))

    def open_demo_shop(self) -> bool:
        return self._start_job(importing.import_demo_shop(self.db_path), "import",
                               self.tr("Building the demo shop…"))

    def undo_import(self, import_id: int, file_name: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Undo import"),
            self.tr("Remove import {id} ({file}) and everything it brought: its orders, lines, "
                    "events, and the customers and products no other import refers to?\n\n"
                    "To get them back, import the file again.").format(id=import_id,
                                                                        file=file_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        job = call_job(shop_data.undo_import, self.db_path, import_id,
                       message=self.tr("Removing import {id}…").format(id=import_id))
        return self._start_job(job, "undo",
                               self.tr("Removing import {id}…").format(id=import_id))

    def show_rejected_rows(self, import_id: int, file_name: str) -> None:
        self.statusBar().showMessage(self.tr("Reading the rejected rows…"), 3000)
        self.reader.read("rejected", _rejected, self.db_path, import_id, file_name)

    def refresh(self) -> None:
        self.reader.read("overview", _overview, self.db_path)

    # ------------------------------------------------------------------ jobs

    def _start_job(self, job: Job, kind: str, message: str) -> bool:
        if not self.jobs.start(job):
            self.statusBar().showMessage(
                self.tr("Another job is still running; wait for it to finish or cancel it."),
                8000)
            return False
        self._job_kind = kind
        self._set_actions_enabled(False)
        self.progress_panel.begin(message)
        return True

    def _end_job(self) -> None:
        self.progress_panel.hide()
        self._set_actions_enabled(True)
        self._choose_page_on_refresh = True
        self.refresh()

    def _on_jobs_progressed(self, progress: Progress) -> None:
        self.progress_panel.show_progress(progress)

    def _on_jobs_finished(self, result: object) -> None:
        self._end_job()
        if self._job_kind == "undo":
            self.statusBar().showMessage(self.tr("The import was removed."), 8000)
            self.import_undone.emit(result)
            return
        QMessageBox.information(self, self.tr("Import finished"), self._describe(result))
        self.import_finished.emit(result)

    def _on_jobs_failed(self, message: str) -> None:
        self._end_job()
        title = self.tr("Undo failed") if self._job_kind == "undo" else self.tr("Import failed")
        QMessageBox.warning(self, title, message)

    def _on_jobs_cancelled(self) -> None:
        self._end_job()
        message = (self.tr("Cancelled; the import was kept.") if self._job_kind == "undo" else
                   self.tr("Cancelled. Nothing from the interrupted file was saved."))
        self.statusBar().showMessage(message, 10_000)

    def _describe(self, results: list[ImportResult]) -> str:
        """The import's outcome in plain words, one paragraph per file."""
        paragraphs = []
        for r in results:
            if r.already_imported:
                paragraphs.append(self.tr(
                    "{file} was imported before (import {id}); nothing was added.").format(
                    file=r.file, id=r.import_id))
                continue
            text = self.tr(
                "Imported {rows} {things} from {file}; {duplicates} exact duplicates skipped; "
                "{rejected} rows rejected.").format(
                rows=f"{r.rows_imported:,}", things=self._things(r.kind), file=r.file,
                duplicates=f"{r.duplicates:,}", rejected=f"{r.rows_rejected:,}")
            if r.orders:
                text += " " + self.tr(
                    "They hold {orders} orders ({returns} returned lines) from {customers} "
                    "customers, for {products} products.").format(
                    orders=f"{r.orders:,}", returns=f"{r.returns:,}",
                    customers=f"{r.customers:,}", products=f"{r.products:,}")
            if r.rows_rejected:
                text += " " + self.tr("To see why rows were rejected, select the import on the "
                                      "Data page and click View rejected rows.")
            paragraphs.append(text)
        return "\n\n".join(paragraphs)

    def _things(self, kind: str) -> str:
        return {"orders": self.tr("lines"), "events": self.tr("events"),
                "products": self.tr("products"), "customers": self.tr("customers")}.get(
            kind, self.tr("rows"))

    # ------------------------------------------------------------------ reads

    def _on_reader_read_finished(self, key: str, result: object) -> None:
        if key == "overview":
            summary, history = result
            self._show_overview(summary, history)
        elif key == "rejected":
            file_name, rows = result
            dialog = RejectedRowsDialog(file_name, rows, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

    def _on_reader_read_failed(self, key: str, message: str) -> None:
        if key == "overview" and not self._ready:
            self.stack.widget(0).setText(message)
        QMessageBox.warning(self, self.tr("Cannot read the shop database"), message)

    def _show_overview(self, summary: dict, history: pd.DataFrame) -> None:
        self.data_page.show_data(summary, history)
        if not self._ready:
            self._ready = True
            if not self.jobs.is_busy():
                self._set_actions_enabled(True)
        if not summary["has_data"]:
            self.show_page(self.welcome_page)
        elif self._choose_page_on_refresh:
            self.show_page(self.data_page)
        self._choose_page_on_refresh = False
        self.data_refreshed.emit(summary)

    # ------------------------------------------------------------------ window

    def _set_actions_enabled(self, enabled: bool) -> None:
        """Jobs that write wait until the database has been opened and no other job runs."""
        for action in (self.import_action, self.demo_action):
            action.setEnabled(enabled)
        self.welcome_page.set_enabled_actions(enabled)
        self.data_page.set_enabled_actions(enabled)

    def _on_import_action_triggered(self) -> None:
        settings = QSettings()
        folder = str(settings.value("import/folder", str(Path.home())))
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import sales, browsing or catalogue files"), folder,
            self.tr("Shop exports ({types});;All files (*)").format(types=_FILE_TYPES))
        if paths:
            settings.setValue("import/folder", str(Path(paths[0]).parent))
            self.import_files(paths)

    def _on_nav_current_row_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row + 1)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and all(url.isLocalFile() for url in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1000, 680)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.jobs.is_busy():
            answer = QMessageBox.question(
                self, self.tr("Quit ShopSense"),
                self.tr("A job is still running. Stop it and quit? Nothing from the file being "
                        "imported will be saved."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.jobs.shutdown()
        self.reader.wait()
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
