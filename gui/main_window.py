"""The main window: navigation, pages, and the jobs that change the shop database."""

from __future__ import annotations

import functools
import gc
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from engine import shortcut
from engine.device import DeviceInfo, usable_device
from engine.jobs import Progress, call_job, importing, shop_data
from engine.jobs.shop_data import ImportOptions, ImportResult
from engine.logs import log_file
from gui import settings
from gui.engine_text import in_ui_language
from gui.icons import page_icon
from gui.import_wizard import ImportWizard
from gui.pages import (
    ChurnPage,
    CustomersPage,
    DataPage,
    ModelsPage,
    OverviewPage,
    RecommendationsPage,
    RejectedRowsDialog,
    ReportsPage,
    WelcomePage,
)
from gui.settings_dialog import SettingsDialog
from gui.shop import CHURN, DATA, MODELS, SETTINGS, Shop

_FILE_TYPES = ("*.csv *.tsv *.txt *.dat *.xlsx *.xlsm *.xls *.xlsb *.ods *.json *.jsonl "
                "*.gz *.xz *.bz2")
_ALL_CHANGES = (DATA, MODELS, CHURN)
# Python's full garbage collection walks every object it tracks: with pandas, matplotlib and
# SQLAlchemy loaded, 200 ms and more on the UI thread, at moments nobody chose. What exists once
# the window has started (modules, classes, pages) lives as long as the window, so it is taken
# out of the collector's walk (gc.freeze) a few seconds after the start.
FREEZE_AFTER_MS = 3000  # new data makes every result stale
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


def _device_in_words(device: DeviceInfo) -> str:
    return "CPU" if device.kind == "cpu" else f"GPU: {device.name}"


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
        self.cancel_button.setToolTip(self.tr("Stop the running job (Esc)"))
        self.cancel_button.setShortcut(QKeySequence(Qt.Key.Key_Escape))
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
        self.message.setText(in_ui_language(progress.message))
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
    """The pages of one shop database, and the jobs that change it, one at a time.

    The UI thread only draws: jobs (import, undo, training, scoring, export) run on the Shop's
    JobRunner with progress and Cancel in the panel at the bottom, and the reads that fill the
    pages run on its Reader. Changing the language rebuilds the menus and pages (every string
    is read through tr() when a widget is built), keeping the Shop and any running job.
    """

    import_finished = Signal(object)  # list[ImportResult]
    import_undone = Signal(dict)  # rows removed per table
    data_refreshed = Signal(dict)  # the summary now shown

    def __init__(self, db_path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shop = Shop(db_path, self)
        self.db_path = self.shop.db_path
        self.setAcceptDrops(True)
        self.setStyleSheet(_STYLE)
        self._ready = False
        self._has_data = False
        self._choose_page_on_refresh = True
        self._overview_next = False  # once the data is read, open the Overview (the demo)
        self._wizard: ImportWizard | None = None
        self._wizard_queue: list[Path] = []

        self.shop.job_started.connect(self._on_shop_job_started)
        self.shop.job_progressed.connect(self._on_shop_job_progressed)
        self.shop.job_ended.connect(self._on_shop_job_ended)
        self.shop.problem.connect(self._on_shop_problem)
        self.shop.changed.connect(self._on_shop_changed)
        self.shop.device_found.connect(self._on_shop_device_found)
        self.shop.customer_requested.connect(self.show_customer)

        self._build_ui()
        self._restore_geometry()
        self.refresh()
        # After the first paint: the probe imports torch, whose import competes for the
        # interpreter with the window's own start.
        QTimer.singleShot(500, self.probe_device)
        QTimer.singleShot(FREEZE_AFTER_MS, gc.freeze)

    # ------------------------------------------------------------------ building

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("ShopSense"))
        self._build_pages()
        self._build_actions()
        self._build_status_bar()
        self._set_actions_enabled(self._ready and not self.shop.is_busy())

    def rebuild_ui(self) -> None:
        """Build menus, pages and status bar again (after the language changed)."""
        row = self.nav.currentRow()
        self._save_layout()  # the new pages take the dividers where the user left them
        self.shop.forget_reads()  # the old pages asked; the new ones ask again when shown
        self.menuBar().clear()
        for widget in (self.centralWidget(), *self._status_widgets):
            widget.deleteLater()
        self._build_ui()
        self._restore_splitters()
        self.refresh()
        if self.shop.device:
            self._on_shop_device_found(self.shop.device)
        else:
            self.probe_device()
        if self.shop.is_busy():
            self.progress_panel.begin(self.shop._running.message if self.shop._running else "")
        self.nav.setCurrentRow(max(row, 0))

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.import_action = QAction(self.tr("&Import…"), self)
        self.import_action.setShortcut(QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self._on_import_action_triggered)
        self.demo_action = QAction(self.tr("Open &demo shop"), self)
        self.demo_action.triggered.connect(self.open_demo_shop)
        self.shortcut_action = QAction(self.tr("Create desktop &shortcut"), self)
        self.shortcut_action.triggered.connect(self.create_shortcut)
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.show_settings)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        for action in (self.import_action, self.demo_action, None, self.shortcut_action,
                       self.settings_action, None, self.quit_action):
            file_menu.addAction(action) if action else file_menu.addSeparator()

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for number, (name, page, _icon) in enumerate(self._pages, start=1):
            action = QAction(name, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, p=page: self.show_page(p))
            go_menu.addAction(action)

        self.find_action = QAction(self.tr("&Find…"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)
        go_menu.addSeparator()
        go_menu.addAction(self.find_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        log_action = QAction(self.tr("Show the &log folder"), self)
        log_action.triggered.connect(self._on_log_action_triggered)
        about_action = QAction(self.tr("&About ShopSense"), self)
        about_action.setMenuRole(QAction.MenuRole.AboutRole)
        about_action.triggered.connect(self._on_about_action_triggered)
        help_menu.addAction(log_action)
        help_menu.addAction(about_action)

    def _build_pages(self) -> None:
        self.welcome_page = WelcomePage()
        self.welcome_page.demo_requested.connect(self.open_demo_shop)
        self.welcome_page.import_requested.connect(self._on_import_action_triggered)
        self.overview_page = OverviewPage(self.shop)
        self.data_page = DataPage()
        self.data_page.import_requested.connect(self._on_import_action_triggered)
        self.data_page.undo_requested.connect(self.undo_import)
        self.data_page.rejected_requested.connect(self.show_rejected_rows)
        self.customers_page = CustomersPage(self.shop)
        self.customers_page.models_requested.connect(lambda: self.show_page(self.models_page))
        self.recommendations_page = RecommendationsPage(self.shop)
        self.recommendations_page.models_requested.connect(
            lambda: self.show_page(self.models_page))
        self.churn_page = ChurnPage(self.shop)
        self.models_page = ModelsPage(self.shop)
        self.reports_page = ReportsPage(self.shop)
        # (name, page, icon in resources/icons/pages)
        self._pages: list[tuple[str, QWidget, str]] = [
            (self.tr("Overview"), self.overview_page, "overview"),
            (self.tr("Data"), self.data_page, "data"),
            (self.tr("Customers"), self.customers_page, "customers"),
            (self.tr("Recommendations"), self.recommendations_page, "recommendations"),
            (self.tr("Churn"), self.churn_page, "churn"),
            (self.tr("Models"), self.models_page, "models"),
            (self.tr("Reports"), self.reports_page, "reports"),
        ]
        loading = QLabel(self.tr("Opening the shop database…"))
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading_label = loading

        self.stack = QStackedWidget()
        self._holders: dict[QWidget, QScrollArea] = {}
        self.stack.addWidget(loading)
        self.stack.addWidget(self._scrolled(self.welcome_page))
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.nav.setIconSize(self.nav.iconSize() * 1.5)
        for name, page, _icon in self._pages:
            self.stack.addWidget(self._scrolled(page))
            item = QListWidgetItem(name)
            item.setSizeHint(item.sizeHint().expandedTo(self.nav.iconSize() * 2))
            self.nav.addItem(item)
        self._colour_nav_icons()
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)

        self.progress_panel = ProgressPanel()
        self.progress_panel.cancel_requested.connect(self.shop.cancel)
        right = QVBoxLayout()
        right.addWidget(self.stack, 1)
        right.addWidget(self.progress_panel)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addLayout(right, 1)
        central = QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)

    def _scrolled(self, page: QWidget) -> QScrollArea:
        """The page in a scroll area: a small screen (or large text) scrolls it instead of
        forcing the whole window to the widest page's minimum size."""
        holder = QScrollArea()
        holder.setWidget(page)
        holder.setWidgetResizable(True)
        holder.setFrameShape(QFrame.Shape.NoFrame)
        self._holders[page] = holder
        return holder

    def _colour_nav_icons(self) -> None:
        """The navigation's icons in the palette's colours (again when the theme changes)."""
        for row, (_name, _page, icon) in enumerate(self._pages):
            self.nav.item(row).setIcon(page_icon(icon, self.palette()))

    def _build_status_bar(self) -> None:
        self.database_label = QLabel(self.tr("Database: {path}").format(path=self.db_path))
        self.device_label = QLabel(self.tr("Compute: looking…"))
        self.device_label.setToolTip(self.tr("Where models train. Change it in Settings."))
        self._status_widgets = (self.database_label, self.device_label)
        for widget in self._status_widgets:
            self.statusBar().addPermanentWidget(widget)

    # ------------------------------------------------------------------ what the user can do

    def current_page(self) -> QWidget:
        holder = self.stack.currentWidget()
        return holder.widget() if isinstance(holder, QScrollArea) else holder

    def show_page(self, page: QWidget) -> None:
        if page is self.welcome_page:
            self.nav.clearSelection()
            self.stack.setCurrentWidget(self._holders[page])
            return
        rows = [p for _, p, _ in self._pages]
        self.nav.setCurrentRow(rows.index(page))
        self.stack.setCurrentWidget(self._holders[page])

    def focus_search(self) -> bool:
        """Put the cursor in the current page's search field (Ctrl+F); False if it has none."""
        page = self.current_page()
        fields = [field for field in page.findChildren(QLineEdit, "search")
                  if field.isVisible() and field.isEnabled()]
        if not fields:
            self.statusBar().showMessage(self.tr("This page has nothing to search."), 3000)
            return False
        fields[0].setFocus(Qt.FocusReason.ShortcutFocusReason)
        fields[0].selectAll()
        return True

    def show_customer(self, customer: str) -> None:
        """Open `customer`'s profile on the Customers page (from the churn list, say)."""
        self.show_page(self.customers_page)
        self.customers_page.show_customer(customer)

    def import_files(self, paths: Sequence[Path | str],
                     options: ImportOptions | None = None) -> bool:
        """Import `paths` in the background without questions (the wizard asks them); False
        when another job is still running."""
        return self._run_import(paths, options, None, None, None)

    def open_import_wizard(self, paths: Sequence[Path | str]) -> ImportWizard | None:
        """Import `paths` one at a time, each through the wizard; returns the first wizard."""
        self._wizard_queue.extend(Path(p) for p in paths)
        if self._wizard is None:
            self._next_wizard()
        return self._wizard

    def _next_wizard(self) -> None:
        if not self._wizard_queue:
            self._wizard = None
            return
        wizard = ImportWizard(self.shop, self._wizard_queue.pop(0), self._run_import,
                              self._describe, self)
        wizard.rejected_requested.connect(self.show_rejected_rows)
        wizard.finished.connect(self._next_wizard)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._wizard = wizard
        wizard.open()

    def _run_import(self, paths: Sequence[Path | str], options: ImportOptions | None,
                    finished, failed, cancelled) -> bool:
        """The import job; the wizard passes its own outcome callbacks, else message boxes."""
        paths = [Path(p) for p in paths]
        if not paths:
            return False
        names = ", ".join(p.name for p in paths)

        def on_finished(results: list[ImportResult]) -> None:
            (finished or self._on_import_finished)(results)
            self.import_finished.emit(results)

        job = functools.partial(importing.import_files, self.db_path, paths, options)
        return self.shop.run(job, kind="import", message=self.tr("Importing {files}…").format(
                                 files=names), changes=_ALL_CHANGES, finished=on_finished,
                             failed=failed or self._on_import_failed,
                             cancelled=cancelled or self._on_import_cancelled)

    def open_demo_shop(self) -> bool:
        started = self.shop.run(functools.partial(importing.import_demo_shop, self.db_path),
                                kind="import", message=self.tr("Building the demo shop…"),
                                changes=_ALL_CHANGES, finished=self._on_import_finished,
                                failed=self._on_import_failed,
                                cancelled=self._on_import_cancelled)
        self._overview_next = started  # someone looking around starts at the Overview
        return started

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
        message = self.tr("Removing import {id}…").format(id=import_id)
        job = functools.partial(call_job, shop_data.undo_import, self.db_path, import_id,
                                message=message)
        return self.shop.run(job, kind="undo", message=message, changes=_ALL_CHANGES,
                             finished=self._on_undo_finished, failed=self._on_undo_failed,
                             cancelled=self._on_undo_cancelled)

    def show_rejected_rows(self, import_id: int, file_name: str) -> None:
        self.statusBar().showMessage(self.tr("Reading the rejected rows…"), 3000)
        self.shop.read("window.rejected", shop_data.rejected, self.db_path, import_id,
                       done=functools.partial(self._on_rejected_read, file_name), heavy=True)

    def show_settings(self) -> None:
        dialog = SettingsDialog(self)
        dialog.settings_changed.connect(self._on_settings_changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def refresh(self) -> None:
        self.shop.read("window.overview", shop_data.overview, self.db_path, heavy=True,
                       done=self._on_overview_read, failed=self._on_overview_failed)

    def probe_device(self) -> None:
        # Heavy: the probe imports torch (a second or two), in the reads process. The jobs
        # process starts now too, so the first job does not wait for its imports.
        self.shop.read("window.device", usable_device, str(settings.device()), heavy=True,
                       done=lambda found: self.shop.announce_device(_device_in_words(found)))
        self.shop.jobs.warm()

    # ------------------------------------------------------------------ jobs

    def _on_shop_job_started(self, _kind: str, message: str) -> None:
        self._set_actions_enabled(False)
        self.progress_panel.begin(message)

    def _on_shop_job_progressed(self, progress: Progress) -> None:
        self.progress_panel.show_progress(progress)

    def _on_shop_job_ended(self, _kind: str, _outcome: str) -> None:
        self.progress_panel.hide()
        self._set_actions_enabled(self._ready)

    def _on_shop_changed(self, what: str) -> None:
        if what == DATA:
            self._choose_page_on_refresh = True
            self.refresh()

    def _on_shop_problem(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, in_ui_language(message))

    def _on_shop_device_found(self, device: str) -> None:
        self.device_label.setText(self.tr("Compute: {device}").format(device=device))

    def _on_import_finished(self, results: list[ImportResult]) -> None:
        QMessageBox.information(self, self.tr("Import finished"), self._describe(results))

    def _on_import_failed(self, message: str) -> None:
        self.refresh()  # the files before the failing one have landed
        QMessageBox.warning(self, self.tr("Import failed"), in_ui_language(message))

    def _on_import_cancelled(self) -> None:
        self.statusBar().showMessage(
            self.tr("Cancelled. Nothing from the interrupted file was saved."), 10_000)

    def _on_undo_finished(self, removed: dict) -> None:
        self.statusBar().showMessage(self.tr("The import was removed."), 8000)
        self.import_undone.emit(removed)

    def _on_undo_failed(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Undo failed"), in_ui_language(message))

    def _on_undo_cancelled(self) -> None:
        self.statusBar().showMessage(self.tr("Cancelled; the import was kept."), 10_000)

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
                text = self.tr("{sentence} {more}").format(sentence=text, more=self.tr(
                    "They hold {orders} orders ({returns} returned lines) from {customers} "
                    "customers, for {products} products.").format(
                    orders=f"{r.orders:,}", returns=f"{r.returns:,}",
                    customers=f"{r.customers:,}", products=f"{r.products:,}"))
            if r.rows_rejected:
                text = self.tr("{sentence} {more}").format(sentence=text, more=self.tr(
                    "To see why rows were rejected, select the import on the Data page and "
                    "click View rejected rows."))
            paragraphs.append(text)
        return "\n\n".join(paragraphs)

    def _things(self, kind: str) -> str:
        return {"orders": self.tr("lines"), "events": self.tr("events"),
                "products": self.tr("products"), "customers": self.tr("customers")}.get(
            kind, self.tr("rows"))

    # ------------------------------------------------------------------ reads

    def _on_rejected_read(self, file_name: str, rows: pd.DataFrame) -> None:
        dialog = RejectedRowsDialog(file_name, rows, self)
        dialog.save_requested.connect(functools.partial(self._save_rejected, rows))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _save_rejected(self, rows: pd.DataFrame, path: str) -> None:
        # UTF-8 with BOM: Excel then shows accents and Chinese correctly.
        write = functools.partial(rows.to_csv, path, index=False, encoding="utf-8-sig")
        self.shop.read("window.save_rejected", write, done=lambda _none: (
            self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 8000)),
            failed=lambda _message: QMessageBox.warning(
                self, self.tr("Could not save"), self.tr(
                    "{path} could not be written. Choose another folder or file name, and "
                    "check that the file is not open in another program.").format(path=path)))

    def _on_overview_failed(self, message: str) -> None:
        message = in_ui_language(message)
        if not self._ready:
            self.loading_label.setText(message)
        QMessageBox.warning(self, self.tr("Cannot read the shop database"), message)

    def _on_overview_read(self, result: tuple[dict, pd.DataFrame]) -> None:
        summary, history = result
        self.data_page.show_data(summary, history)
        self._has_data = bool(summary["has_data"])
        if not self._ready:
            self._ready = True
            self._set_actions_enabled(not self.shop.is_busy())
        if not self._has_data:
            self.show_page(self.welcome_page)
        elif self._choose_page_on_refresh:
            busy_importing = self.shop.running_kind() == "import"
            if self._overview_next and not busy_importing:
                self.show_page(self.overview_page)  # the demo shop at a glance
            elif self.current_page() is self.loading_label and not busy_importing:
                self.show_page(self._remembered_page())  # where the user left off
            else:
                self.show_page(self.data_page if busy_importing or self.current_page() in (
                    self.data_page, self.welcome_page) else self.current_page())
        self._choose_page_on_refresh = False
        if not self.shop.is_busy():  # the read after the demo's job, which has used it
            self._overview_next = False
        self.data_refreshed.emit(summary)

    # ------------------------------------------------------------------ window

    def _set_actions_enabled(self, enabled: bool) -> None:
        """Jobs that write wait until the database has been opened and no other job runs."""
        for action in (self.import_action, self.demo_action):
            action.setEnabled(enabled)
        self.welcome_page.set_enabled_actions(enabled)
        self.data_page.set_enabled_actions(enabled)

    def _on_settings_changed(self, what: str) -> None:
        if what == "language" and self.shop.is_busy():
            # The running job reports back to widgets the rebuild would replace: the new
            # language applies once it has finished.
            self.shop.job_ended.connect(self._rebuild_after_job)
            self.statusBar().showMessage(self.tr("The new language applies when the running "
                                                 "job has finished."), 10_000)
        elif what == "language":
            self.rebuild_ui()
        elif what == "device":
            self.probe_device()
        self.shop.changed.emit(SETTINGS)

    def _rebuild_after_job(self) -> None:
        self.shop.job_ended.disconnect(self._rebuild_after_job)
        self.rebuild_ui()

    def _on_import_action_triggered(self) -> None:
        stored = QSettings()
        folder = str(stored.value("import/folder", str(Path.home())))
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import sales, browsing or catalogue files"), folder,
            self.tr("Shop exports ({types});;All files (*)").format(types=_FILE_TYPES))
        if paths:
            stored.setValue("import/folder", str(Path(paths[0]).parent))
            self.open_import_wizard(paths)

    def _on_nav_current_row_changed(self, row: int) -> None:
        if row < 0 or not self._ready:  # the list takes focus (and row 0) before the data
            return                      # says which page to open
        page = self._pages[row][1]
        if page is self.overview_page and not self._has_data and self._ready:
            page = self.welcome_page
        self.stack.setCurrentWidget(self._holders[page])

    def _on_log_action_triggered(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file().parent)))

    def create_shortcut(self) -> None:
        """Put ShopSense, opening this shop, on the desktop and in the applications menu."""
        self.shop.read("window.shortcut", shortcut.install, self.db_path,
                       done=self._on_shortcut_created, failed=lambda message: (
                           QMessageBox.warning(self, self.tr("Desktop shortcut"), message)))

    def _on_shortcut_created(self, paths: list[Path]) -> None:
        QMessageBox.information(self, self.tr("Desktop shortcut"), self.tr(
            "ShopSense now starts with a double-click from here:\n\n{paths}").format(
            paths="\n".join(str(path) for path in paths)))

    def _on_about_action_triggered(self) -> None:
        QMessageBox.about(self, self.tr("About ShopSense"), self.tr(
            "ShopSense learns what your customers want from the sales and browsing data you "
            "already have. Everything stays on this computer.\n\nLog file: {log}").format(
            log=log_file()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and all(url.isLocalFile() for url in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_import_wizard(paths)

    def _restore_geometry(self) -> None:
        stored = QSettings()
        geometry = stored.value("main_window/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1200, 780)
        self._restore_splitters()

    def _splitters(self) -> dict[str, QSplitter]:
        """Every divider the user can drag, by a name that outlives a rebuild of the pages."""
        return {f"layout/{key}/splitter{i}": splitter
                for _name, page, key in self._pages
                for i, splitter in enumerate(page.findChildren(QSplitter))}

    def _restore_splitters(self) -> None:
        stored = QSettings()
        for key, splitter in self._splitters().items():
            state = stored.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)

    def _save_layout(self) -> None:
        stored = QSettings()
        for key, splitter in self._splitters().items():
            stored.setValue(key, splitter.saveState())
        if self.nav.currentRow() >= 0 and self._has_data:
            stored.setValue("main_window/page", self._pages[self.nav.currentRow()][2])

    def _remembered_page(self) -> QWidget:
        """The page open when the window was last closed; the Overview the first time."""
        key = QSettings().value("main_window/page", "overview")
        return next((page for _name, page, k in self._pages if k == key), self.overview_page)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "nav"):
            self._colour_nav_icons()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.shop.is_busy():
            answer = QMessageBox.question(
                self, self.tr("Quit ShopSense"),
                self.tr("A job is still running: {job}\n\nStop it and quit? Stopping keeps "
                        "everything as it was before the job started.").format(
                    job=self.shop._running.message if self.shop._running else ""),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.shop.shutdown()
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        self._save_layout()
        super().closeEvent(event)
