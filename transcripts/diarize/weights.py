"""The GE2E speaker encoder weights that ship inside the ``resemblyzer`` wheel, read without torch.

``resemblyzer`` (Apache-2.0) bundles ``pretrained.pt`` (17 MB, a 3-layer LSTM d-vector model trained
with the GE2E loss in the Real-Time-Voice-Cloning project; the package does not state its training data,
and it was trained on wide-band English speech, not Mandarin telephony). Its own code needs torch,
librosa and webrtcvad, so the
wheel is installed with ``--no-deps`` (Makefile) and only this file is used. The file is a legacy
(pre-zip) torch pickle; a restricted unpickler turns it into NumPy arrays and refuses any other
global, so a swapped file cannot run code. A known SHA-256 guards against a different model.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import pickle
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

PACKAGE = "resemblyzer"
VERSION = "0.1.4"
FILE = "pretrained.pt"
SHA256 = "39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e"
_DTYPES = {"FloatStorage": np.float32, "DoubleStorage": np.float64, "LongStorage": np.int64,
           "IntStorage": np.int32}


@dataclass
class _TensorRef:
    key: str
    offset: int
    shape: tuple[int, ...]


class _StorageType:
    def __init__(self, name: str) -> None:
        self.dtype = _DTYPES[name]


def _rebuild_tensor(storage: tuple[str, Any], offset: int, shape: tuple[int, ...], *_: object) -> _TensorRef:
    return _TensorRef(storage[0], offset, tuple(shape))


class _WeightsUnpickler(pickle.Unpickler):
    def __init__(self, fh: io.BytesIO) -> None:
        super().__init__(fh)
        self.storages: dict[str, Any] = {}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return _rebuild_tensor
        if module == "torch" and name in _DTYPES:
            return _StorageType(name)
        if (module, name) == ("collections", "OrderedDict"):
            return OrderedDict
        raise pickle.UnpicklingError(f"{FILE}: unexpected global {module}.{name}; not a plain weights file")

    def persistent_load(self, pid: Any) -> tuple[str, Any]:
        _kind, storage_type, key, _location, _numel = pid[:5]
        self.storages[key] = storage_type.dtype
        return key, storage_type.dtype


def load_legacy_state(data: bytes) -> dict[str, np.ndarray]:
    """``model_state`` of a legacy torch checkpoint as name → float32 array."""
    fh = io.BytesIO(data)
    for _ in range(3):  # magic number, protocol version, system info
        _WeightsUnpickler(fh).load()
    unpickler = _WeightsUnpickler(fh)
    checkpoint = unpickler.load()
    arrays: dict[str, np.ndarray] = {}
    for key in _WeightsUnpickler(fh).load():
        dtype = np.dtype(unpickler.storages[key])
        numel = int.from_bytes(fh.read(8), "little")
        arrays[key] = np.frombuffer(fh.read(numel * dtype.itemsize), dtype=dtype)
    return {
        name: arrays[ref.key][ref.offset:ref.offset + int(np.prod(ref.shape))].reshape(ref.shape).astype(np.float32)
        for name, ref in checkpoint["model_state"].items()
    }


def weights_path() -> Path | None:
    """Where the installed ``resemblyzer`` wheel keeps its weights; None when it is not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / FILE
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def load_encoder_weights() -> dict[str, np.ndarray] | None:
    """The encoder's arrays, or None when the package is missing. Raises on a checksum mismatch."""
    path = weights_path()
    if path is None:
        return None
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        from common.errors import ConfigError

        raise ConfigError(str(path), f"unexpected SHA-256 {digest[:12]}…",
                          f"install resemblyzer=={VERSION} (SHA-256 {SHA256[:12]}…)")
    return load_legacy_state(data)
