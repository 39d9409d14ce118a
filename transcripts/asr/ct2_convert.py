"""Convert the bundled CTranslate2 Whisper weights into an openai-whisper checkpoint, offline.

CTranslate2's converter only renames and fuses tensors (q/k/v into one matrix), so the mapping is exact:
the openai-whisper engine then runs the *same* weights as faster-whisper. Reading the CT2 ``model.bin``
needs only numpy (format version 6: header, named variables with shape and dtype, then aliases).

The checkpoint is ``{"dims": ..., "model_state_dict": ...}`` in float16 like OpenAI's own files, so
``whisper.load_model(path)`` loads it. A stamp beside it records the sha256 of the inputs and the
converter version; a second run with the same inputs does nothing.
"""

from __future__ import annotations

import json
import os
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from common.errors import ConfigError

CONVERTER_VERSION = 1
"""Bump when the mapping changes, so existing checkpoints are rebuilt."""
DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


@dataclass(frozen=True)
class Ct2Model:
    spec: str
    revision: int
    variables: dict[str, np.ndarray]


def _string(f: BinaryIO) -> str:
    (n,) = struct.unpack("<H", f.read(2))
    return f.read(n).decode("utf-8").rstrip("\x00")


def _variable(f: BinaryIO, where: str) -> tuple[str, np.ndarray]:
    name = _string(f)
    (rank,) = struct.unpack("<B", f.read(1))
    shape = struct.unpack("<" + "I" * rank, f.read(4 * rank))
    (dtype,) = struct.unpack("<B", f.read(1))
    (size,) = struct.unpack("<I", f.read(4))
    if dtype not in DTYPES:
        raise ConfigError(where, f"variable {name} has unknown dtype code {dtype}", "re-assemble with `make model`")
    payload = f.read(size)
    if len(payload) != size:  # a truncated split package (like the `small` ones) ends mid-tensor
        raise ConfigError(where, f"file ends inside variable {name} (truncated model)",
                          "re-assemble the model with `make model`")
    return name, np.frombuffer(payload, dtype=DTYPES[dtype]).reshape(shape)


def read_ct2(path: Path) -> Ct2Model:
    """All variables of a CT2 ``model.bin`` (aliases point at the same arrays), read-only numpy views."""
    where = str(path)
    with path.open("rb") as f:
        try:
            (version,) = struct.unpack("<I", f.read(4))
            if version != 6:
                raise ConfigError(where, f"CTranslate2 model format {version} is not supported (expected 6)",
                                  "re-assemble the model with `make model`")
            spec = _string(f)
            revision, count = struct.unpack("<II", f.read(8))
            variables = dict(_variable(f, where) for _ in range(count))
            (aliases,) = struct.unpack("<I", f.read(4))
            for _ in range(aliases):
                alias, target = _string(f), _string(f)
                variables[alias] = variables[target]
        except struct.error:
            raise ConfigError(where, "file ends inside a header (truncated model)",
                              "re-assemble the model with `make model`") from None
    return Ct2Model(spec, revision, variables)


def _require_zero(bias: np.ndarray, name: str) -> None:
    """CT2 zero-fills the key bias when it fuses q/k/v; Whisper's key projections have no bias to put it in."""
    if np.any(bias):
        raise ConfigError(name, "the fused key bias is not zero, so this is not a Whisper model converted by CT2",
                          "convert only the bundled Whisper weights")


def _split3(w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = w.shape[0] // 3
    return w[:n], w[n:2 * n], w[2 * n:]


def _block(v: dict[str, np.ndarray], src: str, dst: str, cross: bool) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    q, k, val = _split3(v[f"{src}/self_attention/linear_0/weight"])
    qb, kb, vb = _split3(v[f"{src}/self_attention/linear_0/bias"])
    _require_zero(kb, f"{src}/self_attention/linear_0/bias (key part)")
    out |= {f"{dst}.attn.query.weight": q, f"{dst}.attn.query.bias": qb, f"{dst}.attn.key.weight": k,
            f"{dst}.attn.value.weight": val, f"{dst}.attn.value.bias": vb,
            f"{dst}.attn.out.weight": v[f"{src}/self_attention/linear_1/weight"],
            f"{dst}.attn.out.bias": v[f"{src}/self_attention/linear_1/bias"],
            f"{dst}.attn_ln.weight": v[f"{src}/self_attention/layer_norm/gamma"],
            f"{dst}.attn_ln.bias": v[f"{src}/self_attention/layer_norm/beta"]}
    if cross:
        kv, kvb = v[f"{src}/attention/linear_1/weight"], v[f"{src}/attention/linear_1/bias"]
        half = kv.shape[0] // 2
        _require_zero(kvb[:half], f"{src}/attention/linear_1/bias (key part)")
        out |= {f"{dst}.cross_attn.query.weight": v[f"{src}/attention/linear_0/weight"],
                f"{dst}.cross_attn.query.bias": v[f"{src}/attention/linear_0/bias"],
                f"{dst}.cross_attn.key.weight": kv[:half], f"{dst}.cross_attn.value.weight": kv[half:],
                f"{dst}.cross_attn.value.bias": kvb[half:],
                f"{dst}.cross_attn.out.weight": v[f"{src}/attention/linear_2/weight"],
                f"{dst}.cross_attn.out.bias": v[f"{src}/attention/linear_2/bias"],
                f"{dst}.cross_attn_ln.weight": v[f"{src}/attention/layer_norm/gamma"],
                f"{dst}.cross_attn_ln.bias": v[f"{src}/attention/layer_norm/beta"]}
    ffn = f"{src}/ffn"
    out |= {f"{dst}.mlp.0.weight": v[f"{ffn}/linear_0/weight"], f"{dst}.mlp.0.bias": v[f"{ffn}/linear_0/bias"],
            f"{dst}.mlp.2.weight": v[f"{ffn}/linear_1/weight"], f"{dst}.mlp.2.bias": v[f"{ffn}/linear_1/bias"],
            f"{dst}.mlp_ln.weight": v[f"{ffn}/layer_norm/gamma"], f"{dst}.mlp_ln.bias": v[f"{ffn}/layer_norm/beta"]}
    return out


def _layers(v: dict[str, np.ndarray], side: str) -> int:
    return len({k.split("/")[1] for k in v if re.match(rf"{side}/layer_\d+/", k)})


def to_openai(model: Ct2Model) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """openai-whisper ``dims`` and ``model_state_dict`` (numpy arrays) from a CT2 Whisper model."""
    v = model.variables
    if model.spec != "WhisperSpec":
        raise ConfigError(model.spec, "not a Whisper model", "convert the bundled Whisper weights")
    if any(k.endswith("weight_scale") for k in v):  # int8-quantised at conversion time: not lossless
        raise ConfigError(model.spec, "model.bin is quantised (weight_scale present)",
                          "convert a float16/float32 CTranslate2 model")
    dims = {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(v["encoder/conv1/weight"].shape[0]),
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": _layers(v, "encoder"),
        "n_vocab": int(v["decoder/embeddings/weight"].shape[0]),
        "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(v["decoder/embeddings/weight"].shape[1]),
        "n_text_head": int(v["decoder/num_heads"]),
        "n_text_layer": _layers(v, "decoder"),
    }
    state = {
        "encoder.conv1.weight": v["encoder/conv1/weight"], "encoder.conv1.bias": v["encoder/conv1/bias"],
        "encoder.conv2.weight": v["encoder/conv2/weight"], "encoder.conv2.bias": v["encoder/conv2/bias"],
        "encoder.positional_embedding": v["encoder/position_encodings/encodings"],
        "encoder.ln_post.weight": v["encoder/layer_norm/gamma"], "encoder.ln_post.bias": v["encoder/layer_norm/beta"],
        "decoder.token_embedding.weight": v["decoder/embeddings/weight"],
        "decoder.positional_embedding": v["decoder/position_encodings/encodings"],
        "decoder.ln.weight": v["decoder/layer_norm/gamma"], "decoder.ln.bias": v["decoder/layer_norm/beta"],
    }
    for i in range(dims["n_audio_layer"]):
        state |= _block(v, f"encoder/layer_{i}", f"encoder.blocks.{i}", cross=False)
    for i in range(dims["n_text_layer"]):
        state |= _block(v, f"decoder/layer_{i}", f"decoder.blocks.{i}", cross=True)
    return dims, state


def alignment_heads(model_dir: Path) -> list[list[int]]:
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    return [list(map(int, pair)) for pair in config.get("alignment_heads", [])]


def checkpoint_path(model_dir: Path) -> Path:
    """``<model_dir>/openai-<size>.pt``, e.g. ``~/.cache/callqa/models/whisper-base/openai-base.pt``."""
    return model_dir / f"openai-{model_dir.name.removeprefix('whisper-')}.pt"


def input_fingerprint(model_dir: Path) -> str:
    """sha256 of what the checkpoint is made from (model.bin) plus the converter version."""
    from transcripts.asr.weights import sha256_file

    return f"{sha256_file(model_dir / 'model.bin')} converter-v{CONVERTER_VERSION}"


def convert(model_dir: Path, out: Path | None = None, *, force: bool = False,
            progress: Callable[[str], None] | None = None) -> Path:
    """Write (once) an openai-whisper checkpoint for the CT2 model in ``model_dir``; return its path.

    Idempotent: skipped when the stamp beside ``out`` matches the inputs. Written to a temporary file
    and renamed, so an interrupted run never leaves a half checkpoint that looks complete.
    """
    import torch

    say = progress or (lambda _msg: None)
    out = out or checkpoint_path(model_dir)
    stamp = out.with_name(out.name + ".sha256")
    say(f"hashing {model_dir / 'model.bin'}")
    fingerprint = input_fingerprint(model_dir)
    if not force and out.exists() and stamp.exists() and stamp.read_text().strip() == fingerprint:
        say(f"up to date: {out}")
        return out
    say("reading CTranslate2 variables")
    model = read_ct2(model_dir / "model.bin")
    say(f"mapping {len(model.variables)} variables to the openai-whisper state dict")
    dims, state = to_openai(model)
    tensors = {k: torch.from_numpy(np.array(a, copy=True)).to(torch.float16) for k, a in state.items()}
    say(f"writing {len(tensors)} tensors to {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.{os.getpid()}.partial")  # parallel workers may convert at once
    torch.save({"dims": dims, "model_state_dict": tensors}, tmp)
    tmp.replace(out)
    stamp.write_text(fingerprint + "\n")
    return out
