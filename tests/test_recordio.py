"""align.recordio: the aligned record written and read back as JSONL, Parquet and TMX."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st

from align.errors import InputError
from align.recordio import (
    find_record_files,
    iter_records,
    path_defaults,
    read_records,
    read_segments,
    tmx_bytes,
    write_jsonl,
    write_parquet,
)
from align.records import RECORD_FIELDS, AlignedRecord, parse_bead

SIG = "version:align-0.1.0|segmenter:rules-1|encoder:hash:dim64-n3|glossary:none|max_bead:5"
RECS = [
    AlignedRecord("000-doc", "pt-BR", "en", (0,), (0,), "Olá, <mundo> & co.", "Hello, <world> & co.",
                  0.42, 0.91, SIG),
    AlignedRecord("000-doc", "pt-BR", "en", (1, 2), (1,), "Um. Dois.", "One, two.", 0.1, None, SIG),
    AlignedRecord("000-doc", "pt-BR", "en", (3,), (), "qrCode", "", 0.0, None, SIG),
]


def _jsonl(path: Path, recs: list[AlignedRecord]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        write_jsonl(fh, recs)
    return path


# xml-safe text (TMX cannot carry control characters); keep it short for speed
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)


@st.composite
def _records(draw: st.DrawFn) -> list[AlignedRecord]:
    out, i, j = [], 0, 0
    for _ in range(draw(st.integers(1, 6))):
        m, n = draw(st.sampled_from([(1, 1), (2, 1), (1, 2), (1, 0), (0, 1)]))
        conf = draw(st.none() | st.floats(0, 1))
        out.append(AlignedRecord("d", "zh-Hant", "en", tuple(range(i, i + m)),
                                 tuple(range(j, j + n)), draw(_text) if m else "",
                                 draw(_text) if n else "", draw(st.floats(-2, 2)), conf, SIG))
        i, j = i + m, j + n
    return out


@given(_records())
def test_round_trips_are_lossless(tmp_path_factory: pytest.TempPathFactory,
                                  recs: list[AlignedRecord]) -> None:
    folder = tmp_path_factory.mktemp("rt")
    assert list(read_records(_jsonl(folder / "x.jsonl", recs))) == recs
    write_parquet(folder / "x.parquet", recs)
    assert list(read_records(folder / "x.parquet")) == recs
    (folder / "x.tmx").write_bytes(tmx_bytes(recs))
    # TMX holds beads with both sides only
    assert list(read_records(folder / "x.tmx")) == [r for r in recs if r.source and r.target]


def test_jsonl_keys_in_schema_order_and_gzip(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "x.jsonl", RECS)
    assert [tuple(json.loads(line)) for line in path.read_text().splitlines()] == [RECORD_FIELDS] * 3
    gz = tmp_path / "x.jsonl.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    assert list(read_records(gz)) == RECS


def test_earlier_pair_jsonl_reads_with_languages_from_the_path(tmp_path: Path) -> None:
    old = tmp_path / "out" / "004-doc" / "id-en.jsonl"
    old.parent.mkdir(parents=True)
    old.write_text(json.dumps({"src": [0, 1], "tgt": [0], "kind": "2-1", "score": 0.5,
                               "source": "Satu. Dua.", "target": "One two."}) + "\n")
    (rec,) = read_records(old)
    assert (rec.doc_id, rec.src_lang, rec.tgt_lang, rec.src_ids, rec.bead) == (
        "004-doc", "id", "en", (0, 1), "2-1")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("out/000-doc/zh-Hant-en.jsonl", {"doc_id": "000-doc", "src_lang": "zh-Hant", "tgt_lang": "en"}),
        ("doc.en-pt.jsonl", {"doc_id": "doc", "src_lang": "en", "tgt_lang": "pt"}),
        ("a/report.pt-BR-en.parquet", {"doc_id": "report", "src_lang": "pt-BR", "tgt_lang": "en"}),
        ("a/b/notes.jsonl", {"doc_id": "notes"}),
        ("a/glossary-check.jsonl", {"doc_id": "glossary-check"}),
        ("-", {}),
    ],
)
def test_path_defaults(path: str, expected: dict[str, str]) -> None:
    assert path_defaults(path) == expected


def test_record_fields_win_over_the_path(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "en-ja.jsonl", RECS[:1])  # the name says en-ja, the record pt-BR-en
    assert next(read_records(path)).src_lang == "pt-BR"


def test_tmx_from_another_tool_gives_records_without_ids(tmp_path: Path) -> None:
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-US" '
        'creationtool="x" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/>'
        "<body>"
        '<tu><tuv xml:lang="pt-BR"><seg>Clique em <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">'
        '&lt;/b&gt;</ept>.</seg></tuv><tuv xml:lang="en-US"><seg>Click <hi>OK</hi>.</seg></tuv></tu>'
        '<tu><tuv xml:lang="en-US"><seg>alone</seg></tuv></tu>'
        "</body></tmx>\n", encoding="utf-8")
    (rec,) = read_records(tmx)
    assert (rec.doc_id, rec.src_lang, rec.tgt_lang) == ("memory", "en-US", "pt-BR")
    assert (rec.source, rec.target) == ("Click OK.", "Clique em OK.")  # inline codes are no text
    assert rec.src_ids == rec.tgt_ids == ()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.jsonl", b'{"source": "a", "target": "b", "doc_id": "d", "src_lang": "en", "tgt_lang": "pt"}\nnot json\n',
         "x.jsonl:2: not valid JSON"),
        ("x.jsonl", b'{"source": "a", "target": "b"}\n', "x.jsonl:1: record has no 'src_lang'"),
        # the encoding is detected as for any text (align.io.iter_lines): UTF-16 and
        # Windows-1252 JSONL read, and the record's own problem is named
        ("x.jsonl", b"\xff\xfe{\x00", "x.jsonl:1: not valid JSON"),
        ("x.jsonl", b'{"source": "\xe9"}\n', "x.jsonl:1: record needs text fields"),
        ("x.jsonl", b'{"source": "a"}\n\x00\x01\x02\n', "x.jsonl: binary file"),
        ("x.parquet", b"PAR1 not really", "x.parquet: not a Parquet file"),
        ("x.tmx", b"<tmx><body><tu>\n<tuv>", "x.tmx:2: not valid TMX"),
        ("x.jsonl.gz", b"not gzip", "not a valid gzip file"),
        ("x.txt", b"a\tb\n", "not an aligned-records file"),
    ],
)
def test_bad_files_name_file_and_line(tmp_path: Path, name: str, content: bytes,
                                      message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match="^" + str(tmp_path).replace("+", r"\+")) as info:
        list(read_records(path))
    assert message in str(info.value)


def test_iter_records_gives_line_numbers_and_streams(tmp_path: Path) -> None:
    path = tmp_path / "pt-en.jsonl"
    path.write_text("\n" + "".join(json.dumps(r.to_dict()) + "\n\n" for r in RECS))
    assert [n for n, _ in iter_records(path)] == [2, 4, 6]
    it = read_records(path)
    assert next(it) == RECS[0]  # a generator: nothing past the first line is needed yet


def test_find_record_files_walks_folders_sorted_skipping_hidden(tmp_path: Path) -> None:
    for rel in ("b/pt-en.jsonl", "a/zh-Hant-en.tmx", "a/notes.txt", ".tmp/x.jsonl",
                "a/.pt-en.jsonl.123.tmp", "c/x.parquet"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("")
    assert [p.relative_to(tmp_path).as_posix() for p in find_record_files([tmp_path])] == [
        "a/zh-Hant-en.tmx", "b/pt-en.jsonl", "c/x.parquet"]
    with pytest.raises(InputError, match="no such file"):
        find_record_files([tmp_path / "missing"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [("[0,1]:[2]", ((0, 1), (2,), None)), (" [0]:[0, 1]:0.123 ", ((0,), (0, 1), 0.123)),
     ("[3]:[]", ((3,), (), None)), ("[51]:[50, 55]", ((51,), (50, 55), None))],
)
def test_parse_bead(text: str, expected: tuple[object, ...]) -> None:
    assert parse_bead(text, where="f:1") == expected


@pytest.mark.parametrize("bad", ["[0]-[1]", "0:1", "[a]:[1]", "[]:[]", "[0]:[1]:x", "[1_0]:[1]",
                                 "[0]:[1]:2:3"])
def test_parse_bead_rejects(bad: str) -> None:
    with pytest.raises(InputError, match=r"^f:1: not a bead"):
        parse_bead(bad, where="f:1")


def test_score_reads_records_as_system_and_reference(tmp_path: Path) -> None:
    ref = _jsonl(tmp_path / "ref.pt-en.jsonl", RECS[:2])
    assert read_segments(ref) == ["Hello, <world> & co.", "One, two."]
    assert read_segments(ref, "source") == ["Olá, <mundo> & co.", "Um. Dois."]
    hyp = tmp_path / "mt.txt"
    hyp.write_text("Hello, <world> & co.\nOne, two.\n", encoding="utf-8")
    code, out, err = run_cli(["score", "--ref", str(ref), str(hyp), "-l", "pt-en", "-F", "json"])
    assert code == 0, err
    bleu = json.loads(out)["systems"][0]["scores"]["bleu"]["score"]
    assert bleu == pytest.approx(100.0)
    # a records file as the system, too
    code, out, err = run_cli(["score", "--ref", str(hyp), str(ref), "-l", "pt-en", "-F", "json"])
    assert code == 0, err
