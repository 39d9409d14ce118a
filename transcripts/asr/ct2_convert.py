"""Convert the bundled CTranslate2 Whisper weights into an openai-whisper checkpoint, offline.

CTranslate2's converter only renames and fuses tensors (q/k/v into one matrix), so the mapping is exact:
the openai-whisper engine then runs the *same* weights as faster-whisper. Reading the CT2 ``model.bin``
needs only numpy (format version 6: header, named variables with shape and dtype, then aliases).
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


@dataclass(frozen=True)
class Ct2Model:
    spec: str
    revision: int
    variables: dict[str, np.ndarray]


def _string(f: BinaryIO) -> str:
    (n,) = struct.unpack("<H", f.read(2))
    return f.read(n).decode("utf-8").rstrip("\x00")


def read_ct2(path: Path) -> Ct2Model:
    from callqa.errors import ConfigError

    with path.open("rb") as f:
        (version,) = struct.unpack("<I", f.read(4))
        if version != 6:
            raise ConfigError(str(path), f"CTranslate2 model format {version} is not supported (expected 6)",
                              "re-assemble the model with `make model`")
        spec = _string(f)
        (revision,) = struct.unpack("<I", f.read(4))
        (count,) = struct.unpack("<I", f.read(4))
        variables: dict[str, np.ndarray] = {}
        for _ in range(count):
            name = _string(f)
            (rank,) = struct.unpack("<B", f.read(1))
            shape = struct.unpack("<" + "I" * rank, f.read(4 * rank))
            (dtype,) = struct.unpack("<B", f.read(1))
            (size,) = struct.unpack("<I", f.read(4))
            if dtype not in DTYPES:
                raise ConfigError(str(path), f"variable {name} has unknown dtype code {dtype}")
            variables[name] = np.frombuffer(f.read(size), dtype=DTYPES[dtype]).reshape(shape)
        (aliases,) = struct.unpack("<I", f.read(4))
        for _ in range(aliases):
            alias, target = _string(f), _string(f)
            variables[alias] = variables[target]
    return Ct2Model(spec, revision, variables)


def _split3(w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = w.shape[0] // 3
    return w[:n], w[n:2 * n], w[2 * n:]


def _block(v: dict[str, np.ndarray], src: str, dst: str, cross: bool) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    q, k, val = _split3(v[f"{src}/self_attention/linear_0/weight"])
    qb, kb, vb = _split3(v[f"{src}/self_attention/linear_0/bias"])
    assert not np.any(kb), f"{src}: CT2 fused a non-zero key bias; Whisper's key projection has none"
    out |= {f"{dst}.attn.query.weight": q, f"{dst}.attn.query.bias": qb, f"{dst}.attn.key.weight": k,
            f"{dst}.attn.value.weight": val, f"{dst}.attn.value.bias": vb,
            f"{dst}.attn.out.weight": v[f"{src}/self_attention/linear_1/weight"],
            f"{dst}.attn.out.bias": v[f"{src}/self_attention/linear_1/bias"],
            f"{dst}.attn_ln.weight": v[f"{src}/self_attention/layer_norm/gamma"],
            f"{dst}.attn_ln.bias": v[f"{src}/self_attention/layer_norm/beta"]}
    if cross:
        kv, kvb = v[f"{src}/attention/linear_1/weight"], v[f"{src}/attention/linear_1/bias"]
        half = kv.shape[0] // 2
        assert not np.any(kvb[:half]), f"{src}: non-zero cross-attention key bias"
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
    return model_dir / "openai-whisper.pt"


def convert(model_dir: Path, out: Path | None = None) -> Path:
    """Write (once) an openai-whisper checkpoint next to the CT2 model; keyed by the model.bin hash."""
    import torch

    out = out or checkpoint_path(model_dir)
    source_hash = hashlib.sha256((model_dir / "model.bin").read_bytes()).hexdigest()
    stamp = out.with_suffix(".sha256")
    if out.exists() and stamp.exists() and stamp.read_text().strip() == source_hash:
        return out
    dims, state = to_openai(read_ct2(model_dir / "model.bin"))
    tensors = {k: torch.from_numpy(np.array(a, copy=True)).to(torch.float16) for k, a in state.items()}
    tmp = out.with_name(out.name + ".partial")
    torch.save({"dims": dims, "model_state_dict": tensors}, tmp)
    tmp.replace(out)
    stamp.write_text(source_hash + "\n")
    return out
