"""Build a tiny random-weight MarianMT model with a SentencePiece vocabulary trained on the spot.

Used by the translate tests (session fixture) so that the real transformers loading and
decoding code runs without downloading anything. The weights are random: the model
produces gibberish, which is exactly what the constrained-decoding tests need (a forced
term can only appear because the decoder was forced to emit it). Building takes ~1-2 s.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

# Small bilingual-looking training text: enough distinct characters and words for a
# 300-piece vocabulary, including the glossary terms used by the tests.
_WORDS_PT = (
    "a empresa lançou um novo modelo de visão câmera caixa indústria grande os as dos das "
    "inteligência artificial dados cidade segurança vídeo rede sistema cliente mercado "
    "SenseTime CloudWalk Hikvision modelos câmeras reconhecimento facial computação borda"
).split()
_WORDS_EN = (
    "the company released a new vision model box camera industry large of and data city "
    "security video network system customer market artificial intelligence SenseTime "
    "CloudWalk Hikvision models cameras face recognition edge computing industrial gun"
).split()


def training_lines(n: int = 400, seed: int = 13) -> list[str]:
    """Deterministic pseudo-sentences mixing both word lists."""
    rng = random.Random(seed)
    words = _WORDS_PT + _WORDS_EN
    lines = []
    for _ in range(n):
        k = rng.randint(4, 14)
        sent = " ".join(rng.choice(words) for _ in range(k))
        lines.append(sent[:1].upper() + sent[1:] + rng.choice([".", "!", "?", ","]))
    return lines


def build_tiny_marian(out_dir: Path, *, vocab_size: int = 300, seed: int = 13) -> Path:
    """Write a tiny Marian model (config, weights, source/target.spm, vocab.json) to ``out_dir``."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel

    out_dir.mkdir(parents=True, exist_ok=True)
    corpus = out_dir / "spm-train.txt"
    corpus.write_text("\n".join(training_lines(seed=seed)) + "\n", encoding="utf-8")
    prefix = out_dir / "spm"
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        pad_id=-1,
        bos_id=-1,
        eos_id=1,
        unk_id=0,
        num_threads=1,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    sp = spm.SentencePieceProcessor(model_file=f"{prefix}.model")
    # Marian layout: one shared vocab.json; </s>=0, <unk>=1, <pad>=last.
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for p in pieces:
        if p not in vocab:
            vocab[p] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    for name in ("source.spm", "target.spm"):
        (out_dir / name).write_bytes(Path(f"{prefix}.model").read_bytes())
    (out_dir / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "MarianTokenizer", "model_max_length": 128,
                    "source_lang": "pt", "target_lang": "en"}),
        encoding="utf-8",
    )
    for tmp in (corpus, Path(f"{prefix}.model"), Path(f"{prefix}.vocab")):
        tmp.unlink(missing_ok=True)

    torch.manual_seed(seed)
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=128,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        max_length=40,
        num_beams=2,
        share_encoder_decoder_embeddings=True,
    )
    model = MarianMTModel(config)
    model.eval()
    model.save_pretrained(out_dir)
    return out_dir
