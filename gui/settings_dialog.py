"""Settings: language, colours and where models train. Applied at once, remembered."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from gui import settings


class SettingsDialog(QDialog):
    settings_changed = Signal(str)  # "language", "theme" or "device"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.language_box = self._combo((
            ("system", self.tr("As the system")), ("en", "English"), ("zh_CN", "简体中文")),
            settings.language())
        self.theme_box = self._combo((
            ("system", self.tr("As the system")), ("light", self.tr("Light")),
            ("dark", self.tr("Dark"))), settings.theme())
        self.device_box = self._combo((
            ("auto", self.tr("Automatic: the GPU when there is one")),
            ("cpu", self.tr("CPU")), ("cuda", self.tr("NVIDIA GPU (CUDA)")),
            ("mps", self.tr("Apple GPU (MPS)"))), settings.device())
        device_hint = QLabel(self.tr("Training on a GPU is faster for the neural models; the "
                                     "results are the same."))
        device_hint.setObjectName("hint")
        device_hint.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Language:"), self.language_box)
        form.addRow(self.tr("Colours:"), self.theme_box)
        form.addRow(self.tr("Train models on:"), self.device_box)
        form.addRow("", device_hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self.language_box.currentIndexChanged.connect(self._on_language_box_changed)
        self.theme_box.currentIndexChanged.connect(self._on_theme_box_changed)
        self.device_box.currentIndexChanged.connect(self._on_device_box_changed)

    def _combo(self, choices: tuple[tuple[str, str], ...], current: str) -> QComboBox:
        box = QComboBox()
        for value, text in choices:
            box.addItem(text, value)
        box.setCurrentIndex(max(box.findData(current), 0))
        return box

    def choose(self, box: QComboBox, value: str) -> None:
        """Select `value` in `box` as a user would (tests use it)."""
        box.setCurrentIndex(box.findData(value))

    def _on_language_box_changed(self) -> None:
        choice = self.language_box.currentData()
        settings.store("language", choice)
        settings.install_translations(QApplication.instance(), choice)
        self.settings_changed.emit("language")

    def _on_theme_box_changed(self) -> None:
        choice = self.theme_box.currentData()
        settings.store("theme", choice)
        settings.apply_theme(QApplication.instance(), choice)
        self.settings_changed.emit("theme")

    def _on_device_box_changed(self) -> None:
        settings.store("device", self.device_box.currentData())
        self.settings_changed.emit("device")
