"""The import wizard: look at the file, check which column is which, import, read the outcome.

Pages: the first rows and what ShopSense recognised; the column mapping as drop-downs (with the
date order and decimal separator when the data leaves them open); progress with Cancel; a
summary whose rejected rows can be viewed and saved. Reading the file for the preview and the
import itself run off the UI thread through the Shop.

Once the import has started there is no way back (the mapping page is the commit page), and
closing the wizard while it runs cancels it: the wizard goes when the job has ended, so no job
outlives it and the window's next queued file waits for the shop to be free.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from engine.jobs import Progress, importing
from engine.jobs.importing import FIELDS, FilePreview
from engine.jobs.shop_data import ImportOptions, ImportResult
from gui.engine_text import in_ui_language
from gui.models import DataFrameModel
from gui.shop import Shop

log = logging.getLogger(__name__)

_NOT_IN_FILE = ""


class _PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Look at the file"))
        self.status = QLabel(self.tr("Reading {file}…").format(file=wizard.path.name))
        self.status.setWordWrap(True)
        self.sheet_box = QComboBox()
        self.sheet_box.currentTextChanged.connect(self._on_sheet_box_changed)
        self.sheet_row = QWidget()
        row = QHBoxLayout(self.sheet_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Sheet:")))
        row.addWidget(self.sheet_box, 1)
        self.sheet_row.hide()
        self.model = DataFrameModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.sheet_row)
        layout.addWidget(self.table, 1)

    def show_preview(self, preview: FilePreview) -> None:
        what = {"orders": self.tr("sales (orders and their lines)"),
                "events": self.tr("browsing or rating events"),
                "products": self.tr("a product catalogue"),
                "customers": self.tr("a customer list")}.get(preview.kind or "", "")
        if preview.kind:
            text = self.tr("{rows} rows. ShopSense recognised this as {preset}, holding {what}. "
                           "Next, check which column is which.").format(
                rows=f"{preview.rows:,}", preset=self._wizard.preset_title(
                    preview.preset, preview.preset_title), what=what)
        else:
            text = self.tr("{rows} rows. ShopSense could not tell what this file holds; on the "
                           "next page, say which column is which.").format(
                rows=f"{preview.rows:,}")
        self.status.setText(text)
        if preview.sheets and self.sheet_box.count() == 0:
            self.sheet_box.blockSignals(True)
            self.sheet_box.addItems(preview.sheets)
            self.sheet_box.blockSignals(False)
            self.sheet_row.setVisible(len(preview.sheets) > 1)
        self.model.set_frame(preview.first_rows)
        self.table.resizeColumnsToContents()
        self.completeChanged.emit()

    def show_problem(self, message: str) -> None:
        self.status.setText(in_ui_language(message))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._wizard.preview is not None

    def _on_sheet_box_changed(self, sheet: str) -> None:
        self._wizard.update_preview(sheet=sheet)


class _MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Which column is which?"))
        self.setSubTitle(self.tr("ShopSense filled these in from the column names and the "
                                 "values. Change any that are wrong; leave out what the file "
                                 "does not have."))
        self.boxes: dict[str, QComboBox] = {}
        form = QFormLayout()
        labels = self._field_labels()
        for field in FIELDS:
            box = QComboBox()
            box.setObjectName(f"field_{field}")
            box.activated.connect(lambda _index, field=field: self._on_box_activated(field))
            self.boxes[field] = box
            form.addRow(labels.get(field, field), box)
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)

        self.date_group = QGroupBox(self.tr("Dates such as 03/04/2024 could be either"))
        self.day_first = QRadioButton(self.tr("Day first (3 April)"))
        self.month_first = QRadioButton(self.tr("Month first (March 4)"))
        self.decimal_group = QGroupBox(self.tr("Numbers such as 1,250 could be either"))
        self.decimal_point = QRadioButton(self.tr("1,250 is one thousand two hundred and fifty"))
        self.decimal_comma = QRadioButton(self.tr("1,250 is one and a quarter"))
        for group, buttons in ((self.date_group, (self.day_first, self.month_first)),
                               (self.decimal_group, (self.decimal_point, self.decimal_comma))):
            choice = QButtonGroup(group)
            row = QHBoxLayout(group)
            for button in buttons:
                choice.addButton(button)
                row.addWidget(button)
                button.toggled.connect(self.completeChanged)
            group.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("mappingStatus")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.date_group)
        layout.addWidget(self.decimal_group)
        layout.addWidget(self.status)

    def _field_labels(self) -> dict[str, str]:
        return {
            "order": self.tr("Order or invoice number:"),
            "customer": self.tr("Customer id (or e-mail when that is all there is):"),
            "email": self.tr("Customer e-mail:"),
            "name": self.tr("Customer name:"),
            "country": self.tr("Country:"),
            "channel": self.tr("Sales channel or store:"),
            "status": self.tr("Order status (completed, cancelled, refunded):"),
            "date": self.tr("Date and time of the order or event:"),
            "sku": self.tr("Product code (SKU):"),
            "product": self.tr("Product name:"),
            "description": self.tr("Product description:"),
            "category": self.tr("Product category:"),
            "brand": self.tr("Brand or vendor:"),
            "quantity": self.tr("Quantity (negative for returns):"),
            "price": self.tr("Unit price:"),
            "amount": self.tr("Line amount (quantity × price):"),
            "event": self.tr("Event type (view, cart, purchase, rating…):"),
            "value": self.tr("Rating or event value:"),
            "session": self.tr("Browsing session:"),
            "visitor": self.tr("Anonymous visitor id:"),
            "text": self.tr("Review or comment text:"),
            "age": self.tr("Customer age:"),
            "gender": self.tr("Customer gender:"),
            "occupation": self.tr("Customer occupation:"),
            "zip": self.tr("Customer postcode:"),
        }

    def show_preview(self, preview: FilePreview) -> None:
        for field, box in self.boxes.items():
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("(not in this file)"), _NOT_IN_FILE)
            for column in preview.columns:
                box.addItem(self._wizard.column_title(column), column)
            box.setCurrentIndex(max(box.findData(preview.mapping.get(field, _NOT_IN_FILE)), 0))
            box.blockSignals(False)
        self.date_group.setVisible(preview.dates_ambiguous)
        self.decimal_group.setVisible(preview.decimal_ambiguous)
        if preview.problem:
            self.status.setText(in_ui_language(preview.problem))
            self.status.setStyleSheet("color: palette(highlight);")
        else:
            self.status.setText(self.tr("Ready to import as {what}.").format(
                what=self._wizard.preset_title(preview.preset, preview.preset_title)))
            self.status.setStyleSheet("")
        self.completeChanged.emit()

    def choose(self, field: str, column: str) -> None:
        """Map `field` to `column` ("" for none), as a user picking from the drop-down."""
        box = self.boxes[field]
        box.setCurrentIndex(box.findData(column))
        self._on_box_activated(field)

    def mapping(self) -> dict[str, str]:
        return {field: box.currentData() for field, box in self.boxes.items()}

    def dayfirst(self) -> bool | None:
        if not self.date_group.isVisibleTo(self):
            return None
        return True if self.day_first.isChecked() else False if self.month_first.isChecked() \
            else None

    def decimal_comma_choice(self) -> bool | None:
        if not self.decimal_group.isVisibleTo(self):
            return None
        return True if self.decimal_comma.isChecked() else False if (
            self.decimal_point.isChecked()) else None

    def isComplete(self) -> bool:
        preview = self._wizard.preview
        if preview is None or preview.problem or self._wizard.previewing:
            return False
        if self.date_group.isVisibleTo(self) and self.dayfirst() is None:
            return False
        return not (self.decimal_group.isVisibleTo(self) and self.decimal_comma_choice() is None)

    def _on_box_activated(self, field: str) -> None:
        """Send only what the user changed: the rest stays with the preset (and its derived
        columns, such as Online Retail's status from the invoice number). Earlier choices come
        from the options, not the drop-downs: each preview rewrites those (a field whose column
        another took shows as not in the file), and that is not the user's choice."""
        changed = dict(self._wizard.options.mapping)
        column = self.boxes[field].currentData()
        if column == self._wizard.detected_mapping.get(field, _NOT_IN_FILE):
            changed.pop(field, None)  # back to what ShopSense found
        else:
            changed[field] = column
        self._wizard.update_preview(mapping=changed)


class _ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Importing"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel the import"))
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.message.setText(self.tr("Starting…"))
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self._wizard.start_import()

    def show_progress(self, progress: Progress) -> None:
        if self.cancel_button.isEnabled():  # else it says it is stopping
            self.message.setText(in_ui_language(progress.message))
        if progress.total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(round(1000 * min(progress.fraction, 1.0)))

    def isComplete(self) -> bool:
        return self._wizard.outcome is not None

    def cancel(self) -> None:
        """Stop the import at its next cancel point (the Cancel button's click)."""
        if not self.cancel_button.isEnabled():
            return  # asked already
        self.cancel_button.setEnabled(False)
        self.message.setText(self.tr("Stopping at the next safe point…"))
        self._wizard.shop.cancel()


class _SummaryPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Done"))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rejected_button = QPushButton(self.tr("View and save the rejected rows…"))
        self.rejected_button.clicked.connect(self._on_rejected_clicked)
        self.retry_button = QPushButton(self.tr("Change the mapping and try again"))
        self.retry_button.clicked.connect(wizard.restart)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.rejected_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def initializePage(self) -> None:
        kind, text = self._wizard.outcome or ("", "")
        self.setTitle({"finished": self.tr("Imported"), "failed": self.tr("Not imported"),
                       "cancelled": self.tr("Cancelled")}.get(kind, ""))
        self.text.setText(text)
        result = self._wizard.result
        self.rejected_button.setVisible(bool(result and result.rows_rejected))
        self.retry_button.setVisible(kind != "finished")

    def _on_rejected_clicked(self) -> None:
        result = self._wizard.result
        if result is not None and result.import_id is not None:
            self._wizard.rejected_requested.emit(result.import_id, result.file)


class ImportWizard(QWizard):
    """Import one file, step by step. The window gives it the Shop and describes results."""

    rejected_requested = Signal(int, str)  # import id, file name
    preview_shown = Signal(object)  # FilePreview
    import_ended = Signal(str)  # "finished", "failed" or "cancelled"

    def __init__(self, shop: Shop, path: Path | str, start_import, describe,
                 parent: QWidget | None = None) -> None:
        """`start_import(paths, options, finished, failed, cancelled) -> bool` runs the job;
        `describe(results) -> str` words its outcome (the window's, so both read the same)."""
        super().__init__(parent)
        self.shop = shop
        self.path = Path(path)
        self._start_import = start_import
        self._describe = describe
        self.preview: FilePreview | None = None
        self.previewing = False
        self.detected_mapping: dict[str, str] = {}
        self.options = ImportOptions()
        self.outcome: tuple[str, str] | None = None
        self.result: ImportResult | None = None
        self._importing = False  # this wizard's import job runs
        self._close_when_ended = False  # the user closed the wizard while it ran
        self.setWindowTitle(self.tr("Import {file}").format(file=self.path.name))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.preview_page = _PreviewPage(self)
        self.mapping_page = _MappingPage(self)
        self.import_page = _ImportPage(self)
        self.summary_page = _SummaryPage(self)
        for page in (self.preview_page, self.mapping_page, self.import_page, self.summary_page):
            self.addPage(page)
        # Leaving the mapping page starts the import: no Back from the progress page.
        self.mapping_page.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.shop.job_progressed.connect(self._on_shop_job_progressed)
        self.resize(820, 600)
        self.update_preview()

    def preset_title(self, preset: str, title: str) -> str:
        """A preset's title (storage.mapping.PRESETS, in English there) in the window's
        language; `title` for one this table does not know."""
        return {
            "online_retail": self.tr("UCI Online Retail"),
            "shopify_orders": self.tr("Shopify orders export"),
            "shopify_products": self.tr("Shopify products export"),
            "woocommerce_orders": self.tr("WooCommerce orders export"),
            "woocommerce_products": self.tr("WooCommerce products export"),
            "rees46_events": self.tr("REES46-style event log"),
            "movielens_ratings": self.tr("MovieLens ratings (u.data)"),
            "movielens_items": self.tr("MovieLens movies (u.item)"),
            "movielens_users": self.tr("MovieLens users (u.user)"),
            "amazon_reviews": self.tr("Amazon Reviews (JSON lines)"),
            "generic": self.tr("your own columns"),  # the columns were guessed
        }.get(preset, title)

    def column_title(self, column: str) -> str:
        """A column as the mapping offers it: the file's own keep their names, the columns a
        preset adds (storage.mapping) are described in the window's language."""
        return {
            "Status (C invoices are cancellations)":
                self.tr("Status (C invoices are cancellations)"),
            "Status (Financial Status, Cancelled at)":
                self.tr("Status (Financial Status, Cancelled at)"),
            "SKU (Variant SKU, else Handle)": self.tr("SKU (Variant SKU, else Handle)"),
            "Description (text of Body)": self.tr("Description (text of Body)"),
            "SKU (else ID)": self.tr("SKU (else ID)"),
            "Description (text)": self.tr("Description (text)"),
            "Price (sale, else regular)": self.tr("Price (sale, else regular)"),
            "genres": self.tr("genres"),
        }.get(column, column)

    def update_preview(self, *, sheet: str | None = None,
                       mapping: dict[str, str] | None = None) -> None:
        if sheet is not None:
            self.options = ImportOptions(sheet=sheet)
            self.detected_mapping = {}
        if mapping is not None:
            self.options = ImportOptions(sheet=self.options.sheet,
                                         preset=self.preview.preset if self.preview else None,
                                         mapping=mapping)
        self.previewing = True
        self.mapping_page.completeChanged.emit()
        self.shop.read(f"wizard.{id(self)}", importing.preview, self.path, self.options,
                       heavy=True, done=self._on_preview_read, failed=self._on_preview_failed)

    def _on_preview_read(self, preview: FilePreview) -> None:
        self.previewing = False
        self.preview = preview
        if not self.detected_mapping:
            self.detected_mapping = dict(preview.mapping)
        self.preview_page.show_preview(preview)
        self.mapping_page.show_preview(preview)
        self.preview_shown.emit(preview)

    def _on_preview_failed(self, message: str) -> None:
        self.previewing = False
        self.preview = None
        self.preview_page.show_problem(message)

    def start_import(self) -> None:
        options = ImportOptions(sheet=self.options.sheet, preset=self.options.preset,
                                mapping=dict(self.options.mapping),
                                dayfirst=self.mapping_page.dayfirst(),
                                decimal_comma=self.mapping_page.decimal_comma_choice())
        self.outcome, self.result = None, None
        self._close_when_ended = False
        self._importing = self._start_import(
            [self.path], options, self._while_alive(self._on_finished),
            self._while_alive(self._on_failed), self._while_alive(self._on_cancelled))
        if not self._importing:
            self._end("failed", self.tr("Another job is still running. Wait for it to finish, "
                                        "then import again."))

    def reject(self) -> None:
        """Cancel, Esc and the window's close button. While the import runs they stop it, as
        the progress page's Cancel does, and the wizard closes once the job has ended."""
        if self._importing:
            self._close_when_ended = True
            self.import_page.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        self.shop.forget_reads(f"wizard.{id(self)}")  # a preview on its way has nobody to show
        super().done(result)

    def _while_alive(self, callback: Callable[..., None]) -> Callable[..., None]:
        """`callback`, unless this wizard has been deleted by the time the job ends (its window
        let it go): the outcome then has nobody to show it to."""
        def call(*args: Any) -> None:
            if shiboken6.isValid(self):
                callback(*args)
            else:
                log.debug("import of %s ended after its wizard was deleted", self.path.name)
        return call

    def _on_shop_job_progressed(self, progress: Progress) -> None:
        if self.currentPage() is self.import_page and self.outcome is None:
            self.import_page.show_progress(progress)

    def _on_finished(self, results: list[ImportResult]) -> None:
        self.result = results[0] if results else None
        self._end("finished", self._describe(results))

    def _on_failed(self, message: str) -> None:
        self._end("failed", self.tr("{message}\n\nNothing from this file was saved. Change the "
                                    "mapping, or fix the file and try again.").format(
            message=in_ui_language(message)))

    def _on_cancelled(self) -> None:
        self._end("cancelled", self.tr("Cancelled. Nothing from {file} was saved.").format(
            file=self.path.name))

    def _end(self, kind: str, text: str) -> None:
        self._importing = False
        self.outcome = (kind, text)
        if self._close_when_ended and kind != "finished":
            # Closed while it ran, and nothing landed: go as asked. (An import that finished
            # before the cancel reached it shows its summary: the file is in the shop.)
            self.import_ended.emit(kind)
            super().reject()
            return
        self.import_page.completeChanged.emit()
        self.next()
        self.import_ended.emit(kind)
