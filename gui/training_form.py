"""The Train form of the Models page: which model, on which device, and the few knobs worth
turning. Its defaults train a good model; the knobs stay folded away until asked for."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.jobs.training import MODEL_NAMES, TrainOptions
from gui.engine_text import model_title

BASELINES = ("popularity", "itemknn", "content")  # simple rules every model must beat
EPOCH_MODELS = ("svdpp", "vae", "sequence", "propensity")  # those trained epoch by epoch
GPU_DEVICES = ("cuda", "mps")
_MODEL_KEY = "training/model"  # QSettings: the model last trained, chosen again next time


translate = QCoreApplication.translate  # lupdate finds translate("TrainingForm", "...") calls


def model_descriptions() -> dict[str, str]:
    """What each model does, in plain words, shown under the chooser. Their names come from
    engine.recommenders.names, as on every page and in the reports."""
    texts = {
        "svdpp": translate(
            "TrainingForm", "Learns each customer's taste from what they bought and what they "
                            "looked at. A good all-rounder that trains in about a minute."),
        "vae": translate(
            "TrainingForm", "A neural network that learns which products belong together from "
                            "whole purchase histories. Often the most accurate; takes a few "
                            "minutes."),
        "sequence": translate(
            "TrainingForm", "A neural network that reads each customer's baskets in order and "
                            "predicts the next one. Suits shops with regular, repeat customers."),
        "propensity": translate(
            "TrainingForm", "A neural network that estimates how likely each customer is to "
                            "buy each product soon, from their recent activity."),
        "popularity": translate(
            "TrainingForm", "A simple rule: the shop's best-sellers for everyone. A yardstick: "
                            "a model is worth using only if it does better than this."),
        "itemknn": translate(
            "TrainingForm", "A simple rule: what other customers bought together with each "
                            "customer's purchases. Quick and hard to beat."),
        "content": translate(
            "TrainingForm", "A simple rule: products whose names and descriptions resemble "
                            "what the customer bought. Works for new products nobody has "
                            "bought yet."),
    }
    return texts


class TrainingForm(QWidget):
    """Emits `start_requested(TrainOptions)`; the page runs the job."""

    start_requested = Signal(object)
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_box = QComboBox()
        # Long model names may be cut short in a narrow window: the description says it all.
        self.model_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_box.setMinimumContentsLength(16)
        models = [name for name in MODEL_NAMES if name not in BASELINES]
        for name in (*models, *BASELINES):
            self.model_box.addItem(model_title(name), name)
        self.model_box.insertSeparator(len(models))  # the simple rules after the models
        self.description = QLabel()
        self.description.setObjectName("hint")
        self.description.setWordWrap(True)
        self.description.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.device_box = QComboBox()
        self.device_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.device_box.setMinimumContentsLength(16)
        for value, text in (("auto", self.tr("Automatic: the GPU when there is one")),
                            ("cpu", self.tr("CPU")), ("cuda", self.tr("NVIDIA GPU (CUDA)")),
                            ("mps", self.tr("Apple GPU (MPS)"))):
            self.device_box.addItem(text, value)
        self._device_chosen = False  # by the user, which a later probe must not undo
        self.device_box.activated.connect(self._on_device_box_activated)
        self.set_available_device("", "auto")

        self.advanced_button = QToolButton()
        self.advanced_button.setText(self.tr("Advanced options"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.setAutoRaise(True)
        self.advanced_button.toggled.connect(self._on_advanced_button_toggled)
        self.epochs_box = self._spin_box(0, 500, 1, self.tr(
            "How many passes over your data. More can fit better; training also stops by "
            "itself once the scores stop improving."))
        self.factors_box = self._spin_box(0, 512, 8, self.tr(
            "How many hidden taste dimensions {model} learns per customer and product.").format(
            model=model_title("svdpp")))
        self.accurate_box = QCheckBox(self.tr("Slower, more thorough settings"))
        self.accurate_box.setToolTip(self.tr("Only for {model}: more dimensions and more "
                                             "epochs.").format(model=model_title("svdpp")))
        self.advanced = QWidget()
        advanced_form = QFormLayout(self.advanced)
        advanced_form.setContentsMargins(16, 0, 0, 0)
        advanced_form.addRow(self.tr("Epochs:"), self.epochs_box)
        advanced_form.addRow(self.tr("Taste dimensions:"), self.factors_box)
        advanced_form.addRow("", self.accurate_box)
        self.advanced.hide()

        self.start_button = QPushButton(self.tr("Train"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.cancel_button = QPushButton(self.tr("Cancel training"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.tr("Model:"), self.model_box)
        form.addRow(self.description)
        form.addRow(self.tr("Train on:"), self.device_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.advanced_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.advanced)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addStretch(1)

        remembered = self.model_box.findData(QSettings().value(_MODEL_KEY, "svdpp"))
        self.model_box.setCurrentIndex(max(remembered, 0))  # the model trained last time
        self.model_box.currentIndexChanged.connect(self._on_model_box_changed)
        self._on_model_box_changed()
        self.set_state(running=False, busy=False)

    def _spin_box(self, low: int, high: int, step: int, tip: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(low, high)
        box.setSingleStep(step)
        box.setSpecialValueText(self.tr("The model's choice"))  # shown for 0
        box.setToolTip(tip)
        return box

    # ------------------------------------------------------------------ what the page uses

    def choose(self, box: QComboBox, value: str) -> None:
        """Select `value` in `box` as a user would (tests use it)."""
        box.setCurrentIndex(box.findData(value))
        box.activated.emit(box.currentIndex())

    def options(self) -> TrainOptions:
        model = self.model_box.currentData()
        trains_in_epochs = model in EPOCH_MODELS
        return TrainOptions(
            model=model,
            epochs=(self.epochs_box.value() or None) if trains_in_epochs else None,
            factors=(self.factors_box.value() or None) if model == "svdpp" else None,
            accurate=self.accurate_box.isChecked() and model == "svdpp",
            device=self.device_box.currentData(),
        )

    def set_state(self, *, running: bool, busy: bool) -> None:
        """`running`: our training runs (Cancel on); `busy`: any job runs (Train off)."""
        self.start_button.setEnabled(not busy)
        self.start_button.setToolTip(self.tr("Wait for the job that is running to finish.")
                                     if busy and not running else "")
        self.cancel_button.setEnabled(running)

    def set_available_device(self, device: str, preferred: str) -> None:
        """Offer only the GPU the window found (`shop.device`: "CPU", "GPU: …", or "" while it
        is still looking), since training on a missing GPU would only fail. Then choose
        `preferred` (the setting), or keep the user's choice, if it is offered; else
        Automatic."""
        model = self.device_box.model()
        assert isinstance(model, QStandardItemModel)
        mps = "MPS" in device
        for value in GPU_DEVICES:
            row = self.device_box.findData(value)
            found = device.startswith("GPU") and (value == "mps") == mps
            model.item(row).setEnabled(found)
            tip = ("" if found else self.tr("Still looking for a GPU…") if not device
                   else self.tr("This computer has no such GPU, so models train on the CPU."))
            self.device_box.setItemData(row, tip, Qt.ItemDataRole.ToolTipRole)
        row = (self.device_box.currentIndex() if self._device_chosen
               else self.device_box.findData(preferred))
        if row < 0 or not model.item(row).isEnabled():
            row = self.device_box.findData("auto")
        self.device_box.setCurrentIndex(row)

    # ------------------------------------------------------------------ slots

    def _on_model_box_changed(self) -> None:
        model = self.model_box.currentData()
        self.description.setText(model_descriptions()[model])
        self.epochs_box.setEnabled(model in EPOCH_MODELS)
        self.factors_box.setEnabled(model == "svdpp")
        self.accurate_box.setEnabled(model == "svdpp")

    def _on_device_box_activated(self, _row: int) -> None:
        self._device_chosen = True

    def _on_advanced_button_toggled(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if shown
                                          else Qt.ArrowType.RightArrow)

    def _on_start_button_clicked(self) -> None:
        options = self.options()
        QSettings().setValue(_MODEL_KEY, options.model)
        self.start_requested.emit(options)
