"""The transformers backend and constrained decoding, on a tiny random-weight Marian model.

The model and its SentencePiece vocabulary are built once per session in a temp folder
(tests/tiny_marian.py, ~2 s with imports); nothing is downloaded. Because the weights
are random, a glossary term can only show up in the output when the decoder is forced
to produce it, which is what the constrained tests check.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from align.cli import app
from align.errors import BackendUnavailable, ConfigError
from align.glossary import Entry, Glossary, LangTerms
from align.translate import load_translator
from align.translate.enforce import translate_with_terms

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from tiny_marian import build_tiny_marian  # noqa: E402


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"))


@pytest.fixture(scope="session")
def tiny(tiny_model: Path):  # type: ignore[no-untyped-def]
    return load_translator("transformers", model=str(tiny_model), device="cpu",
                           num_beams=3, max_length=24, threads=1)


GLOSSARY = Glossary.from_entries([
    Entry("box-camera", {"en": LangTerms("box camera", forbidden=("gun camera",)),
                         "pt": LangTerms("câmera caixa")}),
    Entry("industry-model", {"en": LangTerms("industry model"),
                             "pt": LangTerms("modelo da indústria")}),
    Entry("sensetime", {"en": LangTerms("SenseTime"), "pt": LangTerms("SenseTime")}),
    Entry("edge", {"en": LangTerms("edge computing"), "pt": LangTerms("computação de borda")}),
])

SENTENCES = [
    "A empresa lançou a câmera caixa.",
    "O modelo da indústria da SenseTime é grande.",
    "A SenseTime usa computação de borda e câmera caixa na cidade.",
]


def test_tiny_model_loads_and_translates(tiny) -> None:  # type: ignore[no-untyped-def]
    out = tiny.translate(["A empresa lançou um novo modelo.", "", "Olá."], "pt", "en")
    assert len(out) == 3 and out[1] == ""
    assert all(isinstance(o, str) for o in out) and out[0]
    assert tiny.family == "marian" and tiny.device == "cpu"
    assert tiny.signature().startswith("transformers:") and "beams:3" in tiny.signature()


def test_marian_pair_from_tokenizer_config_and_refusal(tiny) -> None:  # type: ignore[no-untyped-def]
    assert tiny.pairs() == [("pt", "en")]
    with pytest.raises(ConfigError, match=r"cannot translate en->ja; it serves: pt->en"):
        tiny.translate(["Hello."], "en", "ja")


def test_constrained_forces_terms_into_random_model_output(tiny) -> None:  # type: ignore[no-untyped-def]
    plain = translate_with_terms(tiny, SENTENCES, "pt", "en", glossary=GLOSSARY, mode="none")
    forced = translate_with_terms(tiny, SENTENCES, "pt", "en", glossary=GLOSSARY,
                                  mode="constrained")
    # A random model does not produce the terms by itself ...
    assert not any(t.ok for r in plain for t in r.terms)
    # ... but constrained decoding puts every one of them in.
    assert [len(r.terms) for r in forced] == [1, 2, 3]
    for r in forced:
        assert r.ok, (r.text, r.terms)
        assert all(t.method == "constrained" for t in r.terms)  # none came for free
    assert "box camera" in forced[0].text
    assert "edge computing" in forced[2].text and "SenseTime" in forced[2].text


def test_default_mode_for_transformers_is_constrained(tiny) -> None:  # type: ignore[no-untyped-def]
    (res,) = translate_with_terms(tiny, [SENTENCES[0]], "pt", "en", glossary=GLOSSARY)
    assert res.ok and res.terms[0].method == "constrained"


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(["box camera", "SenseTime", "industry model", "edge computing",
                                 "face recognition"]), min_size=1, max_size=3, unique=True))
def test_constrained_property_every_term_appears(tiny, terms: list[str]) -> None:  # type: ignore[no-untyped-def]
    (out,) = tiny.translate_constrained(["A cidade usa vídeo."], "pt", "en", [terms])
    for term in terms:
        assert term in out


def test_constrained_beam_search_pure() -> None:
    """Against a fake step function that always prefers token 5: constraints still appear."""
    from align.translate.constrained import constrained_beam_search

    def step(tokens: list[int], parents: list[int]):  # type: ignore[no-untyped-def]
        logits = torch.full((4, 20), -5.0)
        logits[:, 5] = 0.0
        return torch.log_softmax(logits, dim=-1)

    out = constrained_beam_search(step, [[7, 8, 9], [11]], num_beams=4, max_length=6,
                                  eos_id=0, banned=[1])
    assert len(out) <= 6
    assert any(out[i:i + 3] == [7, 8, 9] for i in range(len(out)))
    assert 11 in out and 1 not in out and 0 not in out
    # No constraints: plain beam search picks the favourite token until max_length.
    assert constrained_beam_search(step, [], num_beams=2, max_length=3, eos_id=0) == [5, 5, 5]
    # A forced first token (NLLB / mBART language code) comes first.
    assert constrained_beam_search(step, [[9]], num_beams=2, max_length=4, eos_id=0,
                                   forced_first=3)[0] == 3


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(2, 30), min_size=1, max_size=4), min_size=0, max_size=3),
       st.integers(1, 4), st.integers(0, 2**31 - 1))
def test_constrained_beam_search_property(constraints: list[list[int]], beams: int,
                                          seed: int) -> None:
    """Any random model, any constraints: each constraint appears, contiguous, in order."""
    from align.translate.constrained import constrained_beam_search

    gen = torch.Generator().manual_seed(seed)

    def step(tokens: list[int], parents: list[int]):  # type: ignore[no-untyped-def]
        return torch.log_softmax(torch.randn(beams, 32, generator=gen) * 3, dim=-1)

    out = constrained_beam_search(step, constraints, num_beams=beams, max_length=8, eos_id=0,
                                  banned=[1])
    assert 0 not in out and 1 not in out
    for c in constraints:
        assert any(out[i:i + len(c)] == c for i in range(len(out))), (c, out)


def test_cli_transformers_constrained(tmp_path: Path, tiny_model: Path) -> None:
    gl = tmp_path / "g.tsv"
    gl.write_text("entry\ten\tpt\nbox-camera\tbox camera\tcâmera caixa\n", encoding="utf-8")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": SENTENCES[0]}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["translate", str(src), "-s", "pt", "-t", "en",
                                   "-b", "transformers", "--model", str(tiny_model),
                                   "--device", "cpu", "--beams", "2", "--threads", "1", "-g", str(gl),
                                   "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    row = json.loads(out.read_text(encoding="utf-8"))
    assert row["id"] == "a" and "box camera" in row["translation"]
    assert "terms: 1/1 in the output (100.0%), enforce=constrained" in res.stderr
    assert "device: cpu" in res.stderr


# -- missing models and language codes (no weights needed) -------------------------------


def test_missing_model_dir_is_one_line_with_instructions(tmp_path: Path) -> None:
    with pytest.raises(BackendUnavailable) as info:
        load_translator("transformers", model=str(tmp_path / "nope" / "model"))
    msg = str(info.value)
    assert "not found" in msg and "huggingface-cli download" in msg and "\n" not in msg


def test_folder_without_config_is_unavailable(tmp_path: Path) -> None:
    tr = load_translator("transformers", model=str(tmp_path))
    with pytest.raises(BackendUnavailable, match="config.json: not found"):
        tr.check_pair("pt", "en")


def test_uncached_hub_id_offline_is_unavailable(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    tr = load_translator("transformers", model="Helsinki-NLP/opus-mt-xx-yy")
    with pytest.raises(BackendUnavailable) as info:
        tr.pairs()
    assert "huggingface-cli download Helsinki-NLP/opus-mt-xx-yy" in str(info.value)
    assert "unreachable offline" in str(info.value)


def test_cli_missing_model_exit_1(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("Olá.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["translate", str(src), "-s", "pt", "-t", "en",
                                   "-b", "transformers", "--model", str(tmp_path / "none")])
    assert res.exit_code == 1
    assert res.stdout == ""
    assert "huggingface-cli download" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


# (model_type, tokenizer_class, BCP-47 src, tgt) -> the model's codes. Codes from the
# model cards: NLLB-200 FLORES-200 codes, M2M100 ISO 639-1, mBART-50 language ids.
@pytest.mark.parametrize(("model_type", "tok_class", "pair", "expected"), [
    ("m2m_100", "NllbTokenizer", ("pt", "zh-Hant"), ("por_Latn", "zho_Hant")),
    ("m2m_100", "NllbTokenizerFast", ("ja", "id"), ("jpn_Jpan", "ind_Latn")),
    ("m2m_100", "M2M100Tokenizer", ("zh-Hans", "en"), ("zh", "en")),
    ("mbart", "MBart50Tokenizer", ("pt", "zh-Hans"), ("pt_XX", "zh_CN")),
    ("mbart", "MBart50Tokenizer", ("id", "ja"), ("id_ID", "ja_XX")),
])
def test_language_codes_by_family(tmp_path: Path, model_type: str, tok_class: str,
                                  pair: tuple[str, str], expected: tuple[str, str]) -> None:
    from align.translate.hf import LANG_CODES

    (tmp_path / "config.json").write_text(json.dumps({"model_type": model_type}))
    (tmp_path / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": tok_class}))
    tr = load_translator("transformers", model=str(tmp_path))
    assert pair in (tr.pairs() or [])
    codes = LANG_CODES[tr.family]
    assert (codes[pair[0]], codes[pair[1]]) == expected


def test_m2m100_and_mbart_refuse_traditional_chinese(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "mbart"}))
    tr = load_translator("transformers", model=str(tmp_path))
    with pytest.raises(ConfigError, match="cannot translate en->zh-Hant"):
        tr.check_pair("en", "zh-Hant")


@pytest.mark.parametrize(("name", "pair"), [
    ("opus-mt-pt-en", ("pt", "en")),
    ("opus-mt-tc-big-en-pt", ("en", "pt")),
    ("opus-mt-zh-en", ("zh", "en")),  # bare zh kept: either script (issue 12)
])
def test_marian_pair_from_model_name(tmp_path: Path, name: str, pair: tuple[str, str]) -> None:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "marian"}))
    assert load_translator("transformers", model=str(folder)).pairs() == [pair]
