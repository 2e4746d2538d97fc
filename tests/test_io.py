"""Input handling: encodings, bad files, atomic and non-clobbering writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.charsets import maybe_not_utf8
from align.errors import InputError, OutputExistsError
from align.io import (
    UnclearEncoding,
    atomic_write,
    check_writable,
    detect_encoding,
    read_lines,
    read_text,
)

# Real sentences from the seed articles, one per script the encodings must carry.
SAMPLES = {
    "zh-Hans": "国内公司与机构竞相研发，这场大模型之战，参赛选手不止巨头。",
    "zh-Hant": "觀察者網請宇視AI首席科學家李聰廷來進一步談談這些問題。",
    "ja": "一般モデルと業界モデルの戦い。生成AIは始まったばかりだ。",
    "pt": "O SAM apresentou algumas novidades: sem criar um pequeno modelo para cada tarefa.",
}

# (encoding, sample key): every legacy encoding with text it can represent.
CASES = [
    ("utf-8", "pt"),
    ("utf-8-sig", "zh-Hans"),
    ("utf-16", "ja"),  # Python writes a BOM
    ("utf-16-le", "pt"),  # no BOM: detected from NUL positions
    ("gb18030", "zh-Hans"),
    ("big5", "zh-Hant"),
    ("shift_jis", "ja"),
]


@pytest.mark.parametrize(("encoding", "key"), CASES)
def test_reads_each_encoding(tmp_path: Path, encoding: str, key: str) -> None:
    text = "\n".join([SAMPLES[key]] * 3) + "\n"
    path = tmp_path / f"doc.{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text(path) == text


def test_explicit_encoding_wins(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(SAMPLES["zh-Hant"].encode("big5"))
    assert read_text(path, encoding="big5") == SAMPLES["zh-Hant"]


def test_crlf_and_bom_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfline one\r\nline two\r\n")
    assert read_lines(path) == ["line one", "line two"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"  \n\n\t\n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
    ],
)
def test_bad_files_name_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_text(path)
    assert str(path) in str(info.value) and message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")


def test_wrong_explicit_encoding_names_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"ok\nstill ok\n" + "许多".encode("gb18030") + b"\n")
    with pytest.raises(InputError, match=r"a\.txt:3: cannot decode as utf-8"):
        read_text(path, encoding="utf-8")


def test_detect_encoding_prefers_bom() -> None:
    assert detect_encoding(b"\xff\xfea\x00") == "utf-16"
    assert detect_encoding(b"plain") == "utf-8"


def test_atomic_write_leaves_old_file_on_error(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old\n")
    with pytest.raises(RuntimeError):
        with atomic_write(path) as fh:
            fh.write("half of a new fi")
            raise RuntimeError("crash")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temp file left


def test_check_writable_refuses_without_force(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("keep")
    with pytest.raises(OutputExistsError, match="--force"):
        check_writable(path)
    check_writable(path, force=True)
    check_writable("-")


@given(st.text())
def test_utf8_round_trip(text: str) -> None:
    # Any text written by atomic_write reads back unchanged (newlines normalised).
    import tempfile

    if not text.strip() or "\x00" in text:
        return
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "t.txt"
        with atomic_write(path) as fh:
            fh.write(text)
        expected = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
        if maybe_not_utf8(expected):
            # A few odd characters (U+0180-U+02FF) may be legacy bytes that form UTF-8
            # by chance: then the reader may ask for --encoding, but never misread.
            try:
                assert read_text(path) == expected
            except UnclearEncoding as exc:
                assert exc.candidates[0] == "utf-8"
            return
        assert read_text(path) == expected
