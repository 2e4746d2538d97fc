"""Tests for align.detect: seed articles, NTREX lines, Indonesian vs Malay, zh scripts, CLI."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import CORPORA
from typer.testing import CliRunner

from align.cli import app
from align.detect import _fast, chinese_script, detect_language
from align.errors import InputError
from align.io import read_text

# The language of each seed article, from the corpus layout (doc id -> language).
SEEDS = {
    "000-ai-vision-large-models": "pt",
    "001-uniview-li-congting-interview": "zh-Hant",
    "002-ai-large-model-startups": "zh-Hans",
    "003-general-vs-industry-models": "ja",
    "004-chatgpt-half-year": "id",
}


def seed(doc: str) -> Path:
    return next((CORPORA / doc / "raw").glob("*.txt"))


@pytest.mark.parametrize(("doc", "lang"), SEEDS.items())
def test_each_seed_article_is_detected(doc: str, lang: str) -> None:
    assert detect_language(read_text(seed(doc))) == lang


@pytest.mark.parametrize(("doc", "lang"), SEEDS.items())
def test_first_prose_line_of_each_seed_is_detected(doc: str, lang: str) -> None:
    """One sentence-sized line is enough (the longest of the first ten lines)."""
    lines = read_text(seed(doc)).split("\n")[:10]
    assert detect_language(max(lines, key=len)) == lang


@pytest.mark.parametrize(
    "text",
    [
        # Indonesian sentences from the seed article and standard Malay-looking ones.
        "Dimana GPU? Di mana saya dapat menemukan daya komputasi yang murah?",
        "Kami memiliki 1.000 A100, tetapi itu tidak cukup.",
        "Saya tinggal di Kuala Lumpur dan bekerja di sebuah syarikat kerajaan.",
        "Apa khabar? Terima kasih banyak atas bantuan anda.",
    ],
)
def test_indonesian_and_malay_text_is_never_malay(text: str) -> None:
    assert detect_language(text) == "id"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Simplified/Traditional pairs (the same sentence in both scripts).
        ("这也意味着AI大模型的元年来了。", "zh-Hans"),
        ("這也意味著AI大模型的元年來了。", "zh-Hant"),
        ("大模型作为技术升级带来的红利，已经给商业化落地带来很多商机。", "zh-Hans"),
        ("大模型作為技術升級帶來的紅利，已經給商業化落地帶來很多商機。", "zh-Hant"),
        # Only characters shared by both scripts: Simplified by convention, unless the
        # corner-bracket quotes of Taiwan and Hong Kong are used.
        ("中文", "zh-Hans"),
        ("「中文」", "zh-Hant"),
    ],
)
def test_simplified_vs_traditional(text: str, expected: str) -> None:
    assert detect_language(text) == expected
    assert chinese_script(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("汎用大型モデルの実用化はまだ初期", "ja"),  # kanji with some kana
        ("ChatGPT は、人工知能産業の発展", "ja"),  # Latin + kana
        # CJK text naming products in Latin script is still CJK; a Latin sentence
        # quoting a CJK word is not.
        ("OpenAI 发布了 GPT-4 Turbo with Vision API", "zh-Hans"),
        ("ChatGPT、GPT-4、Claude、Gemini、Llama等模型", "zh-Hans"),
        ("The word 大模型 means large model in Chinese.", "en"),
        ("The model was released by OpenAI in 2023.", "en"),
        ("O modelo foi lançado pela OpenAI em 2023.", "pt"),
        ("Model itu dirilis oleh OpenAI pada tahun 2023.", "id"),
    ],
)
def test_scripts_and_latin_languages(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   \n", "123 456", "--- | --- |", "🙂🙂"])
def test_no_letters_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="no letters"):
        detect_language(text)


def test_lingua_detector_is_built_once() -> None:
    assert _fast() is _fast()


# NTREX files and their languages; accuracy floors measured by scripts/bench_segment.py
# on all 1,997 single lines of each file (BENCHMARKS.md "Segmentation (NTREX)"), minus 0.5
# points. The unit suite checks a seeded sample of lines (detecting every line loads the
# high-accuracy models of every language that turns up as a candidate: about a minute);
# the benchmark keeps the full-file figure.
NTREX = {"eng": ("en", 0.994), "por": ("pt", 0.989), "por-BR": ("pt", 0.989),
         "ind": ("id", 0.993), "jpn": ("ja", 0.995), "zho-CN": ("zh-Hans", 0.995),
         "zho-TW": ("zh-Hant", 0.989)}
SAMPLE = 120  # lines per file; a fixed seed, so the test sees the same lines every run


def ntrex_sample(bench_dir: Path, stem: str, k: int, *, documents: bool = False) -> list[str]:
    """``k`` lines (or ten-line documents) of an NTREX file, chosen with a fixed seed."""
    lines = (bench_dir / "ntrex" / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    units = (["\n".join(lines[i:i + 10]) for i in range(0, len(lines), 10)] if documents
             else [ln for ln in lines if ln.strip()])
    return random.Random(f"ntrex-{stem}").sample(units, k)


@pytest.mark.bench
@pytest.mark.parametrize("stem", list(NTREX))
def test_ntrex_lines(bench_dir: Path, stem: str) -> None:
    lang, floor = NTREX[stem]
    lines = ntrex_sample(bench_dir, stem, SAMPLE)
    got = [detect_language(ln) for ln in lines]
    # sampling slack: two lines of the sample below the full-file floor
    assert sum(g == lang for g in got) >= floor * len(lines) - 2, [
        (g, ln) for g, ln in zip(got, lines, strict=True) if g != lang]
    if stem == "ind":
        assert "ms" not in got


@pytest.mark.bench
@pytest.mark.parametrize("stem", ["eng", "por", "ind"])
def test_ntrex_ten_line_documents_are_never_another_language(bench_dir: Path, stem: str) -> None:
    docs = ntrex_sample(bench_dir, stem, 40, documents=True)
    assert {detect_language(d) for d in docs} == {NTREX[stem][0]}


@pytest.mark.bench
@pytest.mark.parametrize("lang", ["de", "fr"])
def test_text_berg_documents_are_german_and_french(bench_dir: Path, lang: str) -> None:
    files = sorted((bench_dir / "text+berg" / lang).iterdir())
    assert files
    assert {detect_language(f.read_text(encoding="utf-8")) for f in files} == {lang}


# Written for these tests: short texts in languages without tuned rules (issue 12: Korean,
# German and French are detected, not refused).
OTHER_TEXTS = {
    "ko": "박스형 카메라는 창고 천장에 설치된다. 그다음 기술자가 밤에도 화면이 충분히 "
          "선명한지 확인한다.",
    "ru": "Камера в корпусе крепится к потолку склада. Затем техник проверяет, остаётся ли "
          "изображение чётким ночью.",
    "de": "Die Kamera im Kastengehäuse wird an der Decke des Lagers montiert. Danach prüft "
          "der Techniker, ob das Bild auch bei Nacht scharf genug ist.",
    "fr": "La caméra en boîtier est fixée au plafond de l'entrepôt. Ensuite, le technicien "
          "vérifie que l'image reste nette pendant la nuit.",
    "es": "La cámara de caja se monta en el techo del almacén. Después, el técnico "
          "comprueba que la imagen sigue siendo nítida durante la noche.",
}


@pytest.mark.parametrize(("lang", "text"), OTHER_TEXTS.items())
def test_common_unsupported_languages_are_named_not_misread(lang: str, text: str) -> None:
    assert detect_language(text) == lang


def test_portuguese_is_not_taken_for_spanish() -> None:
    text = ("A câmera tipo caixa é instalada no teto do armazém. Depois, o técnico verifica "
            "se a imagem continua nítida durante a noite.")
    assert detect_language(text) == "pt"


runner = CliRunner()


def test_cli_segment_detects_and_splits_german(tmp_path: Path) -> None:
    doc = tmp_path / "lager.txt"
    doc.write_text(OTHER_TEXTS["de"], encoding="utf-8")
    out = tmp_path / "out.txt"
    result = runner.invoke(app, ["segment", str(doc), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "detected language de" in result.stderr
    assert out.read_text(encoding="utf-8").splitlines() == [
        "Die Kamera im Kastengehäuse wird an der Decke des Lagers montiert.",
        "Danach prüft der Techniker, ob das Bild auch bei Nacht scharf genug ist.",
    ]


def test_no_region_is_guessed() -> None:
    """Brazilian and European Portuguese both read as pt: the variant is the user's."""
    assert detect_language("Você vai pegar o ônibus para a academia amanhã de manhã?") == "pt"
    assert detect_language("Vais apanhar o autocarro para o ginásio amanhã de manhã?") == "pt"


def test_cli_detect_prints_file_tab_lang() -> None:
    files = [str(seed(doc)) for doc in SEEDS]
    result = runner.invoke(app, ["detect", *files])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"{f}\t{lang}" for f, lang in
                                          zip(files, SEEDS.values(), strict=True)]
    assert result.stderr == ""


def test_cli_detect_missing_file_exits_2(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    from align.cli import main

    missing = tmp_path / "nope.txt"
    argv, sys.argv = sys.argv, ["align", "detect", str(missing)]
    try:
        with pytest.raises(SystemExit) as exc:
            main()
    finally:
        sys.argv = argv
    assert exc.value.code == 2
    assert f"{missing}: no such file" in capsys.readouterr().err
