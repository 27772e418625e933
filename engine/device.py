"""Where the models train: a CUDA GPU, Apple's MPS, or the CPU.

Probed once per process (the first probe imports torch, which takes a second or two, so it is
never done at import time): the status bar shows the result and settings may override it.
"""

from __future__ import annotations

import functools
import logging
import platform
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

log = logging.getLogger(__name__)

PREFERENCES = ("auto", "cuda", "mps", "cpu")


class DeviceUnavailable(RuntimeError):
    """The device asked for is not on this computer; the message says what to choose instead."""


@dataclass(frozen=True)
class DeviceInfo:
    """`kind` is 'cuda', 'mps' or 'cpu'; `name` is what a user recognises (the GPU or CPU
    model); `torch_device` is what `torch.device` takes."""

    kind: str
    name: str
    torch_device: str


@dataclass(frozen=True)
class _Found:
    cuda_name: str | None
    mps: bool


_TORCH_IMPORT = threading.Lock()


def load_torch() -> ModuleType:
    """Import torch once, one thread at a time. The window's threads may need it together
    (the device probe, churn scoring, a training run); two first imports racing each other
    have left torch half-registered ("operator prims::atan2 does not exist")."""
    with _TORCH_IMPORT:
        import torch
    return torch


@functools.cache
def _probe() -> _Found:
    torch = load_torch()

    cuda_name = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    mps_backend = getattr(torch.backends, "mps", None)
    mps = bool(mps_backend is not None and mps_backend.is_available())
    log.info("devices: cuda=%s, mps=%s, cpu=%s", cuda_name, mps, cpu_name())
    return _Found(cuda_name, mps)


@functools.cache
def cpu_name() -> str:
    """The CPU model, e.g. 'AMD EPYC 7B13' or 'Apple M2'."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    if platform.system() == "Darwin":
        try:
            return subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"],
                                  capture_output=True, text=True, timeout=2,
                                  check=True).stdout.strip() or "CPU"
        except (OSError, subprocess.SubprocessError):
            pass
    return platform.processor() or platform.machine() or "CPU"


def probe_device(preference: str = "auto") -> DeviceInfo:
    """The device to train on: with 'auto' a CUDA GPU, else Apple's MPS, else the CPU; 'cpu'
    forces the CPU; naming a GPU that is not there raises DeviceUnavailable."""
    preference = (preference or "auto").lower()
    if preference not in PREFERENCES:
        raise ValueError(f"unknown device {preference!r}; choose one of "
                         f"{', '.join(PREFERENCES)}")
    cpu = DeviceInfo("cpu", cpu_name(), "cpu")
    if preference == "cpu":
        return cpu
    found = _probe()
    if preference in ("auto", "cuda") and found.cuda_name is not None:
        return DeviceInfo("cuda", found.cuda_name, "cuda")
    if preference in ("auto", "mps") and found.mps:
        return DeviceInfo("mps", f"Apple GPU (MPS) on {cpu_name()}", "mps")
    if preference == "cuda":
        raise DeviceUnavailable("No CUDA GPU is available on this computer (or this PyTorch "
                                "was built without CUDA). Choose 'auto' or 'cpu' as the "
                                "training device.")
    if preference == "mps":
        raise DeviceUnavailable("Apple's MPS GPU is not available on this computer. Choose "
                                "'auto' or 'cpu' as the training device.")
    return cpu


def usable_device(preference: str = "auto") -> DeviceInfo:
    """`probe_device(preference)`, or the automatic choice when the preferred device is not
    there (the status bar shows what training will really use)."""
    try:
        return probe_device(preference)
    except DeviceUnavailable:
        return probe_device("auto")
