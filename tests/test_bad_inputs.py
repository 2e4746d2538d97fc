"""The bad-input table (issue 15): input class x command -> exit code and message.

The campaign that filed issue 15 ran every command on every class of bad input and
checked the same four things each time; so does every row here:

* the documented exit code (0 success; 2 bad input; 1 runtime failure, 3 for ``check``;
  130/143 for SIGINT/SIGTERM);
* on failure, exactly one stderr line, ``align: error: ...``, naming the file;
* no traceback (in-process: no exception escapes the CLI);
* no partial output: the output folder holds exactly what it held before (no hidden
  ``.NAME.*.tmp`` either), or, on success, exactly the expected files.

Inputs that are not bad but unusual (legacy encodings, UTF-16, CR/CRLF) must give the
same output as the same text in UTF-8 with LF line ends.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import CORPORA, GLOSSARIES, ROOT

GLOSSARY = GLOSSARIES / "align-terms.tsv"


def corpus_lines(lang: str, n: int, encoding: str = "utf-8") -> list[str]:
    """The first ``n`` non-blank lines of a bundled document in ``lang`` that ``encoding``
    can represent."""
    doc = {"ja": "003-general-vs-industry-models", "zh-Hans": "001-uniview-li-congting-interview",
           "zh-Hant": "001-uniview-li-congting-interview", "pt": "000-ai-vision-large-models",
           "en": "000-ai-vision-large-models", "id": "004-chatgpt-half-year"}[lang]
    lines = [x for x in (CORPORA / doc / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
             if x.strip() and _encodable(x, encoding)]
    return lines[:n]


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def text_of(lang: str, n: int, encoding: str = "utf-8") -> str:
    return "\n".join(corpus_lines(lang, n, encoding)) + "\n"


# --------------------------------------------------------------------------- running


@dataclass
class Run:
    code: int
    out: str
    err: str


def invoke(args: list[str]) -> Run:
    """The CLI in-process; an exception escaping it (a traceback) fails the test."""
    from typer.testing import CliRunner

    from align.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback from {args}") from result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def listing(folder: Path) -> list[str]:
    """Every entry under ``folder`` (hidden ones too), relative, sorted."""
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def assert_error(run: Run, code: int, names: object, pattern: str = "") -> None:
    """One ``align: error:`` line naming ``names`` (and matching ``pattern``), exit ``code``."""
    assert "Traceback" not in run.err, run.err
    assert run.code == code, (run.code, run.err)
    assert run.out == "", run.out
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("align: error: "), lines[0]
    assert str(names) in lines[0], (names, lines[0])
    if pattern:
        assert re.search(pattern, lines[0], re.I), (pattern, lines[0])


# --------------------------------------------------------------------------- input classes

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"

#: class -> (bytes to write or None for no file / "dir" for a folder, exit code, message)
BROKEN: dict[str, tuple[bytes | str | None, int, str]] = {
    "missing": (None, 2, r"no such file"),
    "directory": ("dir", 2, r"directory|folder"),
    "empty": (b"", 2, r"empty"),
    "whitespace-only": (b"  \n\t\n\n", 2, r"empty"),
    "binary": (PNG, 2, r"binary"),
    "nul-bytes": (b"First line.\nSecond \x00 line.\n", 2, r"binary|NUL"),
    # the command's own good content, then a line cut inside its last character
    "truncated-utf8": (b"", 2, r":\d+: cannot decode as utf-8"),
}


def write_broken(path: Path, kind: str, good: str = "Primeira linha.\n") -> None:
    content = BROKEN[kind][0]
    if content is None:
        return
    if content == "dir":
        path.mkdir()
        return
    assert isinstance(content, bytes)
    if kind == "truncated-utf8":
        content = (good + "olá").encode()[:-1]
    path.write_bytes(content)


#: Unusual but valid: class -> (language of the text, how many lines, encoding, bytes)
def _enc(encoding: str, bom: bytes = b"") -> Callable[[str], bytes]:
    return lambda text: bom + text.encode(encoding)


VALID: dict[str, tuple[str, int, str, Callable[[str], bytes]]] = {
    **{f"{enc}-{n}-lines": (lang, n, enc, _enc(enc))
       for enc, lang in (("shift_jis", "ja"), ("big5", "zh-Hant"), ("gb18030", "zh-Hans"))
       for n in (1, 3, 40)},
    "utf-16-le-bom": ("zh-Hans", 3, "utf-8", _enc("utf-16-le", codecs.BOM_UTF16_LE)),
    "utf-16-be-bom": ("zh-Hans", 3, "utf-8", _enc("utf-16-be", codecs.BOM_UTF16_BE)),
    "utf-16-le-no-bom-zh": ("zh-Hans", 3, "utf-8", _enc("utf-16-le")),
    "utf-16-be-no-bom-zh": ("zh-Hans", 3, "utf-8", _enc("utf-16-be")),
    "utf-16-le-no-bom-ja": ("ja", 1, "utf-8", _enc("utf-16-le")),
    "utf-16-be-no-bom-en": ("en", 3, "utf-8", _enc("utf-16-be")),
    "cr": ("pt", 3, "utf-8", lambda t: t.replace("\n", "\r").encode()),
    "crlf": ("pt", 3, "utf-8", lambda t: t.replace("\n", "\r\n").encode()),
}


# --------------------------------------------------------------------------- commands


@dataclass
class Cmd:
    """How a command is run with ``INPUT`` standing for the input under test.

    ``name`` is the input's file name (its extension picks the format), ``langs`` the
    languages whose text the command takes (``None``: its own ``content``).
    """

    args: list[str]
    name: str = "doc.txt"
    langs: tuple[str, ...] | None = ("ja", "zh-Hans", "zh-Hant", "en", "pt")
    content: str = ""
    broken: tuple[str, ...] = tuple(BROKEN)
    unusual: bool = True  # also run the unusual-encoding rows (False: another row reads alike)

    def argv(self, inp: Path, work: Path, lang: str = "en") -> list[str]:
        ref = work / "ref.txt"
        other = "zh-Hans" if lang == "zh-Hant" else "zh-Hant"
        return [str(a).replace("INPUT", str(inp)).replace("LANG", lang).replace("REF", str(ref))
                .replace("OTHER", other) for a in self.args]


EN_DOC = CORPORA / "000-ai-vision-large-models" / "en.txt"
BEADS = "[0]:[0]\n[1]:[1]\n[2,3]:[2]\n"
JSONL = json.dumps({"doc_id": "d", "src_lang": "en", "tgt_lang": "pt", "src_ids": [0],
                    "tgt_ids": [0], "source": "Hello.", "target": "Olá.", "bead": "1-1",
                    "score": 0.9}) + "\n"

COMMANDS: dict[str, Cmd] = {
    "clean": Cmd(["clean", "INPUT"]),
    "segment": Cmd(["segment", "INPUT", "--lang", "LANG"]),
    "segment-detect": Cmd(["segment", "INPUT", "-q"]),
    "detect": Cmd(["detect", "INPUT"]),
    "convert": Cmd(["convert", "INPUT", "--to", "OTHER", "-q"], langs=("zh-Hans", "zh-Hant")),
    "pair-src": Cmd(["pair", "INPUT", EN_DOC, "-e", "none", "-s", "LANG", "-t", "en", "-q"]),
    "pair-tgt": Cmd(["pair", EN_DOC, "INPUT", "-e", "none", "-s", "en", "-t", "LANG", "-q"],
                    unusual=False),
    "check": Cmd(["check", "INPUT", "-g", GLOSSARY, "--lang", "LANG", "-F", "json", "-q"]),
    "translate": Cmd(["translate", "INPUT", "-s", "LANG", "-t", "id", "-b", "echo", "-q"]),
    "score-hyp": Cmd(["score", "INPUT", "-r", "REF", "-m", "chrf", "-q"]),
    "score-ref": Cmd(["score", "REF", "-r", "INPUT", "-m", "chrf", "-q"], unusual=False),
    "glossary-validate": Cmd(["glossary", "validate", "INPUT"], name="terms.tsv", langs=None,
                             content=GLOSSARY.read_text(encoding="utf-8")),
    "glossary-show": Cmd(["glossary", "show", "INPUT"], name="terms.tsv", langs=None,
                         content=GLOSSARY.read_text(encoding="utf-8"), unusual=False),
    "check-glossary": Cmd(["check", EN_DOC, "-g", "INPUT", "--lang", "en", "-F", "json", "-q"],
                          name="terms.tsv", langs=None,
                          content=GLOSSARY.read_text(encoding="utf-8")),
    "eval-gold": Cmd(["eval", "INPUT", "REF", "-q"], name="gold.beads", langs=None, content=BEADS),
    "eval-test": Cmd(["eval", "REF", "INPUT", "-q"], name="test.beads", langs=None, content=BEADS,
                     unusual=False),
    "publish": Cmd(["publish", "INPUT", "--out", "OUT", "-q"], name="pairs.jsonl", langs=None,
                   content=JSONL, broken=("missing", "empty", "whitespace-only", "binary",
                                          "nul-bytes", "truncated-utf8")),
}

# Commands whose "ref" file is the same content in UTF-8 (score, eval): written beside.
NEEDS_REF = {"score-hyp", "score-ref", "eval-gold", "eval-test"}

#: (command, input class) -> (exit code, message) where the documented answer differs
#: from the class's: a system may output only empty lines (it scores 0), and an empty
#: hypothesis file is then a line-count mismatch that names it.
EXPECTED: dict[tuple[str, str], tuple[int, str]] = {
    ("score-hyp", "empty"): (2, r"has 0; scores need line-aligned files"),
    ("score-hyp", "whitespace-only"): (0, ""),
}


BROKEN_ROWS = [
    pytest.param(command, kind, id=f"{command}-{kind}")
    for command, cmd in COMMANDS.items() for kind in cmd.broken
]


@pytest.mark.parametrize(("command", "kind"), BROKEN_ROWS)
def test_broken_input(tmp_path: Path, command: str, kind: str) -> None:
    cmd = COMMANDS[command]
    work = tmp_path / "work"
    work.mkdir()
    inp = work / cmd.name
    write_broken(inp, kind, cmd.content or "Primeira linha.\n")
    if command in NEEDS_REF:
        (work / "ref.txt").write_text(cmd.content or text_of("en", 3), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    argv = [a.replace("OUT", str(out / "built")) for a in cmd.argv(inp, work)]
    before = listing(work)
    run = invoke(argv)
    code, pattern = EXPECTED.get((command, kind), BROKEN[kind][1:])
    if code == 0:
        assert run.code == 0 and "Traceback" not in run.err, run.err
        return
    assert_error(run, code, inp, pattern)
    assert listing(out) == []
    assert listing(work) == before


def _valid_rows() -> Iterator[object]:
    for command, cmd in COMMANDS.items():
        if command == "publish" or not cmd.unusual:
            continue
        for kind, (lang, _, _, _) in VALID.items():
            if cmd.langs is None:
                if kind.startswith(("shift_jis", "big5", "gb18030")):
                    continue  # the content (six languages) is not representable
            elif lang not in cmd.langs:
                continue
            yield pytest.param(command, kind, id=f"{command}-{kind}")


@pytest.mark.parametrize(("command", "kind"), list(_valid_rows()))
def test_unusual_encoding_or_newlines_reads_like_utf8(tmp_path: Path, command: str,
                                                      kind: str) -> None:
    cmd = COMMANDS[command]
    lang, n, encoding, encode = VALID[kind]
    text = cmd.content or text_of(lang, n, encoding)
    results = []
    # (variant folders of the same length: eval pads its table to the path's length)
    for variant, data in (("utf8", text.encode("utf-8")), ("odds", encode(text))):
        work = tmp_path / variant
        work.mkdir()
        inp = work / cmd.name
        inp.write_bytes(data)
        if command in NEEDS_REF:
            (work / "ref.txt").write_text(text, encoding="utf-8")
        run = invoke(cmd.argv(inp, work, lang))
        assert "Traceback" not in run.err
        # 0, or 1 for `check` finding violations (the same ones in both variants)
        assert run.code == 0 or (command.startswith("check") and run.code == 1), run.err
        results.append((run.code, (run.out + run.err).replace(str(inp), "INPUT")
                        .replace(str(work), "WORK")))
    assert results[0] == results[1]
    assert results[1][1].strip()


# --------------------------------------------------------------------------- outputs


@dataclass
class Out:
    """A command writing ``OUT``: its arguments, and what it writes there."""

    args: list[str]
    folder: bool = False  # OUT is a folder the command creates (corpus, publish)
    runtime_code: int = 1  # exit code of a runtime failure (check: 3)
    setup: Callable[[Path], None] = field(default=lambda work: None)


def _pt_doc(work: Path) -> None:
    (work / "doc.txt").write_text(text_of("pt", 3), encoding="utf-8")
    (work / "zh.txt").write_text(text_of("zh-Hans", 3), encoding="utf-8")
    (work / "ref.txt").write_text(text_of("en", 3), encoding="utf-8")
    (work / "pairs.jsonl").write_text(JSONL, encoding="utf-8")
    corpus = work / "corpus" / "doc1"
    corpus.mkdir(parents=True)
    (corpus / "en.txt").write_text(text_of("en", 3), encoding="utf-8")
    (corpus / "pt.txt").write_text(text_of("pt", 3), encoding="utf-8")
    (corpus / "meta.json").write_text(json.dumps({"id": "doc1", "original_language": "pt"}),
                                      encoding="utf-8")


OUTPUTS: dict[str, Out] = {
    "clean -o": Out(["clean", "WORK/doc.txt", "-o", "OUT", "-q"]),
    "clean --json-report": Out(["clean", "WORK/doc.txt", "--json-report", "OUT", "-q"]),
    "segment -o": Out(["segment", "WORK/doc.txt", "--lang", "pt", "-o", "OUT", "-q"]),
    "convert -o": Out(["convert", "WORK/zh.txt", "--to", "zh-Hant", "-o", "OUT", "-q"]),
    "pair -o": Out(["pair", "WORK/doc.txt", "WORK/ref.txt", "-e", "none", "-s", "pt", "-t", "en",
                    "-o", "OUT", "-q"]),
    "corpus --out": Out(["corpus", "WORK/corpus", "--out", "OUT", "-e", "none", "--format",
                         "tsv", "-q"], folder=True),
    "glossary convert": Out(["glossary", "convert", GLOSSARY, "OUT", "--to", "json", "-q"]),
    "check -o": Out(["check", "WORK/doc.txt", "-g", GLOSSARY, "--lang", "pt", "-o", "OUT", "-q"],
                    runtime_code=3),
    "check --update-baseline": Out(["check", "WORK/doc.txt", "-g", GLOSSARY, "--lang", "pt",
                                    "--baseline", "OUT", "--update-baseline", "-q"],
                                   runtime_code=3),
    "translate -o": Out(["translate", "WORK/doc.txt", "-s", "pt", "-t", "en", "-b", "echo",
                         "-o", "OUT", "-q"]),
    "translate --report": Out(["translate", "WORK/doc.txt", "-s", "pt", "-t", "en", "-b", "echo",
                               "-g", GLOSSARY, "--report", "OUT", "-q"]),
    "score -o": Out(["score", "WORK/ref.txt", "-r", "WORK/ref.txt", "-m", "chrf", "-o", "OUT",
                     "-q"]),
    "score --segments": Out(["score", "WORK/ref.txt", "-r", "WORK/ref.txt", "-m", "chrf",
                             "--segments", "OUT", "-q"]),
    "score --plot": Out(["score", "WORK/ref.txt", "-r", "WORK/ref.txt", "-m", "chrf", "--plot",
                         "OUT", "-q"]),
    "publish --out": Out(["publish", "WORK/pairs.jsonl", "--out", "OUT", "-q"], folder=True),
}


def out_args(spec: Out, work: Path, target: Path) -> list[str]:
    return [str(a).replace("WORK", str(work)).replace("OUT", str(target)) for a in spec.args]


def _workspace(base: Path) -> Path:
    work = base / "work"
    work.mkdir(parents=True)
    _pt_doc(work)
    return work


@pytest.mark.parametrize("path", list(OUTPUTS))
def test_output_folder_missing(tmp_path: Path, path: str) -> None:
    spec = OUTPUTS[path]
    work = _workspace(tmp_path)
    target = tmp_path / "no" / "such" / "out.txt"
    run = invoke(out_args(spec, work, target))
    if spec.folder:  # corpus and publish create their output folder, parents included
        assert run.code == 0, run.err
        assert target.is_dir()
        return
    assert_error(run, 2, target, r"does not exist")
    assert not (tmp_path / "no").exists()


def _existing(spec: Out, path: str, work: Path, target: Path) -> Path:
    """Make ``target`` exist as a previous run left it; return the file that must survive."""
    if path == "check --update-baseline":  # a real baseline (it is read for its notes)
        assert invoke(out_args(spec, work, target)).code == 0
        return target
    if path == "corpus --out":  # existing outputs are refused file by file
        kept = target / "doc1" / "pt-en.tsv"
    elif spec.folder:
        kept = target / "keep.txt"
    else:
        kept = target
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text("keep\n")
    return kept


@pytest.mark.parametrize("path", list(OUTPUTS))
def test_existing_output_without_force_is_kept(tmp_path: Path, path: str) -> None:
    spec = OUTPUTS[path]
    work = _workspace(tmp_path)
    target = tmp_path / "out" / "result"
    target.parent.mkdir()
    kept = _existing(spec, path, work, target)
    content = kept.read_bytes()
    before = listing(tmp_path / "out")
    run = invoke(out_args(spec, work, target))
    if path == "check --update-baseline":
        # --baseline names a file to update: refusing it would defeat the option.
        assert run.code == 0, run.err
        return
    assert_error(run, 2, kept if path == "corpus --out" else target, r"exists.*--force")
    assert listing(tmp_path / "out") == before
    assert kept.read_bytes() == content


@pytest.mark.parametrize("path", list(OUTPUTS))
def test_existing_output_with_force_keeps_its_mode(tmp_path: Path, path: str) -> None:
    spec = OUTPUTS[path]
    work = _workspace(tmp_path)
    target = tmp_path / "out" / "result"
    target.parent.mkdir()
    kept = _existing(spec, path, work, target)
    kept.chmod(0o600)
    content = kept.read_bytes()
    run = invoke([*out_args(spec, work, target), "--force"])
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    if not spec.folder or path == "corpus --out":
        assert kept.read_bytes() != content or path == "check --update-baseline"
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600  # issue 15: --force widened it
    assert [p for p in listing(tmp_path / "out") if ".tmp" in p] == []


@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """``folder`` cannot be written to inside the block, for real (the kernel says no).

    As root, permissions do not stop writes, so the block runs with the effective user
    and group set to nobody (65534); everything it reads must then be world-readable.
    """
    folder.chmod(0o555)
    root = os.geteuid() == 0
    try:
        if root:
            os.setegid(65534)
            os.seteuid(65534)
        yield
    finally:
        if root:
            os.seteuid(0)
            os.setegid(0)
        folder.chmod(0o755)


@pytest.fixture
def world_tmp() -> Iterator[Path]:
    """A temporary folder anyone can read (for the read-only output rows run as nobody)."""
    base = Path(tempfile.mkdtemp(prefix="align-ro-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.parametrize("path", list(OUTPUTS))
def test_read_only_output_folder(world_tmp: Path, path: str, monkeypatch: pytest.MonkeyPatch
                                 ) -> None:
    spec = OUTPUTS[path]
    work = _workspace(world_tmp)
    for p in [work, *work.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    monkeypatch.setenv("HOME", str(world_tmp))
    monkeypatch.setenv("HF_HOME", str(world_tmp / "hf"))
    monkeypatch.setenv("MPLCONFIGDIR", str(world_tmp / "mpl"))
    ro = world_tmp / "ro"
    ro.mkdir()
    target = ro / "result"
    with unwritable(ro):
        run = invoke(out_args(spec, work, target))
    # A runtime failure naming the output, with the command's runtime code: 1, or 3 for
    # check (where 1 would mean "violations found" to a CI job).
    assert_error(run, spec.runtime_code, target, r"permission denied")
    assert listing(ro) == []


# --------------------------------------------------------------------------- hostile XML

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""
SECRET = "TOP-SECRET-CONTENT-7f3a"


def _xml_doc(kind: str, fmt: str, secret: Path) -> str:
    head = {"billion-laughs": BILLION_LAUGHS,
            "external-entity": f'<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY xxe SYSTEM '
                               f'"file://{secret}"> ]>\n',
            "malformed": '<?xml version="1.0"?>\n'}[kind]
    ref = {"billion-laughs": "&lol9;", "external-entity": "&xxe;", "malformed": "ok"}[kind]
    if fmt == "tmx":
        body = (f'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>'
                f'{ref}</seg></tuv><tuv xml:lang="pt"><seg>olá</seg></tuv></tu></body></tmx>')
    elif fmt == "xlf":
        body = ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
                'source-language="en" target-language="pt" datatype="plaintext" original="x">'
                f'<body><trans-unit id="1"><source>{ref}</source></trans-unit></body></file>'
                '</xliff>')
    else:  # tbx
        body = ('<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:'
                'ed-2"><text><body><conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>'
                f'{ref}</term></termSec></langSec><langSec xml:lang="pt"><termSec><term>termo'
                '</term></termSec></langSec></conceptEntry></body></text></tbx>')
    if kind == "malformed":
        body = body[: len(body) // 2]  # cut in the middle of an element
    return head + body


XML_COMMANDS = {
    "translate-tmx": (["translate", "INPUT", "-s", "en", "-t", "pt", "-b", "echo", "-q"], "tmx"),
    "translate-xliff": (["translate", "INPUT", "-s", "en", "-t", "pt", "-b", "echo", "-q"], "xlf"),
    "check-tmx": (["check", "INPUT", "-g", str(GLOSSARY), "-s", "en", "-t", "pt", "-q"], "tmx"),
    "check-xliff": (["check", "INPUT", "-g", str(GLOSSARY), "-s", "en", "-t", "pt", "-q"], "xlf"),
    "glossary-validate-tbx": (["glossary", "validate", "INPUT"], "tbx"),
}


@pytest.mark.parametrize("kind", ["malformed", "billion-laughs", "external-entity"])
@pytest.mark.parametrize("command", list(XML_COMMANDS))
def test_hostile_xml(tmp_path: Path, command: str, kind: str) -> None:
    args, fmt = XML_COMMANDS[command]
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    inp = tmp_path / f"doc.{fmt}"
    inp.write_text(_xml_doc(kind, fmt, secret), encoding="utf-8")
    t0 = time.perf_counter()
    run = invoke([a.replace("INPUT", str(inp)) for a in args])
    assert time.perf_counter() - t0 < 30  # no exponential entity expansion
    assert SECRET not in run.out + run.err  # no external entity read
    assert "lollollol" not in run.out + run.err
    if kind == "malformed":
        assert_error(run, 2, inp)
        return
    # Entities are refused (exit 2 naming the file) or left unexpanded; either way nothing
    # is read from outside and nothing blows up.
    assert "Traceback" not in run.err
    assert run.code in (0, 1, 2), run.err
    if run.code:
        assert_error(run, run.code, inp)


# --------------------------------------------------------------------------- signals

PY = [sys.executable, "-m", "align"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _big_text(path: Path, mb: float) -> None:
    lines = text_of("en", 100).splitlines()
    with open(path, "w", encoding="utf-8") as fh:
        size = 0
        i = 0
        while size < mb * 2**20:
            line = f"{i} {lines[i % len(lines)]}\n"
            fh.write(line)
            size += len(line)
            i += 1


def _wait_for(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting for the command to start writing")


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and ".tmp" in p.name]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 MB of English: segmenting it takes long enough to be interrupted mid-write."""
    path = tmp_path_factory.mktemp("big") / "big.txt"
    _big_text(path, 12)
    return path


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130),
                                         (signal.SIGHUP, 129)])
def test_signal_mid_write_leaves_no_partial_output(tmp_path: Path, big: Path, sig: int,
                                                   code: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([*PY, "segment", str(big), "--lang", "en", "-o", str(out / "s.txt")],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: bool(_temps(out)) or proc.poll() is not None)
        assert proc.poll() is None, "finished before the signal: make the input bigger"
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == code, err
    assert err.strip().splitlines()[-1] == f"align: error: interrupted by {signal.Signals(sig).name}"
    assert "Traceback" not in err
    assert listing(out) == []


def test_sigkill_leftovers_are_swept_by_the_next_run(tmp_path: Path, big: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "s.txt"
    proc = subprocess.Popen([*PY, "segment", str(big), "--lang", "en", "-o", str(target)],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: bool(_temps(out)) or proc.poll() is not None)
        proc.kill()
        proc.wait(timeout=30)
    finally:
        proc.kill()
    assert _temps(out), "SIGKILL leaves the temporary (nothing can clean up)"
    small = tmp_path / "small.txt"
    small.write_text(text_of("en", 3), encoding="utf-8")
    run = invoke(["segment", small, "--lang", "en", "-o", target, "-q"])
    assert run.code == 0, run.err
    assert listing(out) == ["s.txt"]


def _corpus(root: Path, docs: int, mb_per_doc: float) -> None:
    for d in range(docs):
        doc = root / f"doc{d}"
        doc.mkdir(parents=True)
        _big_text(doc / "en.txt", mb_per_doc)
        shutil.copy(doc / "en.txt", doc / "pt.txt")
        (doc / "meta.json").write_text(json.dumps({"id": f"doc{d}", "original_language": "en"}))


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find child processes")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_corpus_workers_die_with_the_parent(tmp_path: Path, sig: int) -> None:
    _corpus(tmp_path / "corpus", 4, 0.3)
    out = tmp_path / "out"
    proc = subprocess.Popen([*PY, "corpus", str(tmp_path / "corpus"), "--out", str(out),
                             "-e", "none", "--jobs", "2", "-q"],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: len(_children(proc.pid)) >= 2 or proc.poll() is not None)
        workers = _children(proc.pid)
        assert proc.poll() is None and workers
        time.sleep(0.3)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        end = time.monotonic() + 30
        while any(_alive(w) for w in workers) and time.monotonic() < end:
            time.sleep(0.05)
    finally:
        proc.kill()
    assert not any(_alive(w) for w in workers), "orphaned corpus workers"
    if sig == signal.SIGTERM:
        assert proc.returncode == 143, err
        assert err.strip().splitlines()[-1] == "align: error: interrupted by SIGTERM"
        assert [p for p in listing(out) if ".tmp" in p] == []


def test_publish_sigterm_removes_its_temporary_folder(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    with open(pairs, "w", encoding="utf-8") as fh:
        for i in range(60_000):
            rec = json.loads(JSONL)
            rec["src_ids"], rec["tgt_ids"] = [i], [i]
            rec["source"], rec["target"] = f"Sentence number {i}.", f"Frase número {i}."
            fh.write(json.dumps(rec) + "\n")
    out = tmp_path / "site"
    proc = subprocess.Popen([*PY, "publish", str(pairs), "--out", str(out / "ds"), "-q"],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: (out.is_dir() and bool(_temps(out))) or proc.poll() is not None,
                  timeout=120)
        assert proc.poll() is None, proc.communicate()[1]
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 143, err
    assert listing(out) == []


# --------------------------------------------------------------------------- corrupted cache


def _pair_args(tmp_path: Path, cache: Path | None) -> list[str]:
    src = tmp_path / "pt.txt"
    tgt = tmp_path / "en.txt"
    if not src.exists():
        src.write_text(text_of("pt", 6), encoding="utf-8")
        tgt.write_text(text_of("en", 6), encoding="utf-8")
    args = ["pair", str(src), str(tgt), "-e", "hash", "-s", "pt", "-t", "en", "-q"]
    return [*args, "--cache-dir", str(cache)] if cache else [*args, "--no-cache"]


def _damage(db: Path, how: str) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything into the main file
    if how == "damaged-page":
        con.close()
        data = bytearray(db.read_bytes())
        page = 4096
        assert len(data) > page
        data[page:] = bytes(len(data) - page)  # zero every page after the header page
        db.write_bytes(bytes(data))
        return
    with con:
        if how == "wrong-length":
            con.execute("UPDATE emb SET v = substr(v, 1, 8)")
        elif how == "nan":
            import numpy as np

            for (k, v) in list(con.execute("SELECT k, v FROM emb")):
                vec = np.frombuffer(v, dtype=np.float32).copy()
                vec[:] = np.nan
                con.execute("UPDATE emb SET v = ? WHERE k = ?", (vec.tobytes(), k))
        elif how == "wrong-schema":
            con.execute("DROP TABLE emb")
            con.execute("CREATE TABLE emb (k TEXT, other INTEGER)")
    con.close()


@pytest.mark.parametrize("how", ["wrong-length", "nan", "damaged-page", "wrong-schema"])
def test_corrupted_cache_is_not_trusted(tmp_path: Path, how: str) -> None:
    cache = tmp_path / "cache"
    expected = invoke(_pair_args(tmp_path, None))
    assert expected.code == 0
    assert invoke(_pair_args(tmp_path, cache)).code == 0
    (db,) = cache.glob("*.sqlite")
    _damage(db, how)
    run = invoke(_pair_args(tmp_path, cache))
    assert "Traceback" not in run.err
    assert run.code == 0, run.err
    assert run.out == expected.out
    assert len(run.err.strip().splitlines()) <= 1  # warned once, at most


# --------------------------------------------------------------------------- more rows


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    for args in (["segment"], ["segment", "--bogus"], ["no-such-command"], ["--bogus"],
                 ["segment", str(tmp_path), "--format", "xml"]):
        run = invoke(args)
        assert run.code == 2, (args, run.err)
        lines = run.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("align: error: "), (args, run.err)
        assert "╭" not in run.err and "--help" in lines[0]


def test_network_error_on_push_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    # A token but no network (issue 15: a 108-line httpx traceback). The connection is
    # refused by a port nobody listens on, as an unreachable hub would.
    pytest.importorskip("datasets")
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(JSONL, encoding="utf-8")
    monkeypatch.setenv("HF_TOKEN", "hf_" + "x" * 34)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    run = invoke(["publish", pairs, "--out", tmp_path / "ds", "--push", "org/name", "-q"])
    assert "Traceback" not in run.err
    assert run.code == 1, run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("align: error: "), run.err
    assert "hf_xxx" not in run.err  # the token never shows


def test_missing_model_hint_names_the_asked_direction(tmp_path: Path) -> None:
    # issue 15: the hint said opus-mt-pt-en for en->pt.
    pytest.importorskip("transformers")
    doc = tmp_path / "en.txt"
    doc.write_text("Hello.\n", encoding="utf-8")
    run = invoke(["translate", doc, "-s", "en", "-t", "pt", "-b", "transformers", "--model",
                  tmp_path / "no-model"])
    assert_error(run, 1, tmp_path / "no-model", r"opus-mt-en-pt")
    assert "opus-mt-pt-en" not in run.err


def test_over_the_size_limit_names_the_limit_and_the_option(tmp_path: Path) -> None:
    doc = tmp_path / "big.txt"
    _big_text(doc, 1.2)
    run = invoke(["--max-input-size", "1M", "pair", doc, doc, "-e", "none", "-s", "en", "-t",
                  "en"])
    assert_error(run, 2, doc, r"over the 1 MB limit.*--max-input-size")
    # A streaming command has no limit.
    run = invoke(["--max-input-size", "1M", "segment", doc, "--lang", "en", "-q"])
    assert run.code == 0, run.err


# --------------------------------------------------------------------------- eval and corpus inputs


@pytest.mark.parametrize(("content", "line"), [
    pytest.param("[0]:[0]\n[-1]:[1]\n", 2, id="negative-id"),
    pytest.param("[0]:[0]\n[0]:[1]\n", 2, id="id-used-twice"),
    pytest.param("[1]:[1]\n[0]:[0]\n", 2, id="out-of-order"),
    pytest.param("[0]:[0]\n[1]:[1]\n[1]:[1]\n", 3, id="repeated-bead"),
])
def test_eval_refuses_invalid_beads(tmp_path: Path, content: str, line: int) -> None:
    gold = tmp_path / "gold.beads"
    gold.write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    test = tmp_path / "test.beads"
    test.write_text(content, encoding="utf-8")
    assert_error(invoke(["eval", gold, test, "-q"]), 2, f"{test}:{line}")


@pytest.mark.parametrize("kind", ["missing", "file", "empty-folder"])
def test_corpus_bad_folder(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "corpus"
    if kind == "file":
        root.write_text("not a folder\n")
    elif kind == "empty-folder":
        root.mkdir()
    out = tmp_path / "out"
    run = invoke(["corpus", root, "--out", out, "-e", "none", "-q"])
    assert_error(run, 2, root)


def test_corpus_refusal_leaves_no_out_folder(tmp_path: Path) -> None:
    root = tmp_path / "corpus" / "doc1"
    root.mkdir(parents=True)
    (root / "meta.json").write_text(json.dumps({"id": "doc1", "original_language": "pt"}))
    (root / "pt.txt").write_text(text_of("pt", 3), encoding="utf-8")
    (root / "en.txt").write_bytes(PNG)
    out = tmp_path / "out"
    run = invoke(["corpus", tmp_path / "corpus", "--out", out, "-e", "none", "-q"])
    assert_error(run, 2, root / "en.txt")
    assert not out.exists()


@pytest.mark.parametrize(("name", "content"), [
    pytest.param("short-row.tsv", "en\tpt\nbox camera\n", id="row-with-fewer-cells"),
    pytest.param("quote.csv", 'en,pt\n"box camera,câmera\n', id="csv-unterminated-quote"),
])
def test_glossary_malformed_rows(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert_error(invoke(["glossary", "validate", path]), 2, f"{path}:2")


def test_tbx_undefined_entity_is_refused(tmp_path: Path) -> None:
    # With a DOCTYPE naming an external DTD, the parser cannot tell the entity is undefined.
    path = tmp_path / "terms.tbx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n'
        '<martif type="TBX" xml:lang="en"><text><body><termEntry id="c1"><langSet xml:lang="en">'
        '<tig><term>&xxe;</term></tig></langSet><langSet xml:lang="pt"><tig><term>termo</term>'
        '</tig></langSet></termEntry></body></text></martif>\n', encoding="utf-8")
    assert_error(invoke(["glossary", "validate", path]), 2, path)


@pytest.mark.parametrize("fmt", ["tmx", "xlf"])
def test_translated_xml_has_no_doctype(tmp_path: Path, fmt: str) -> None:
    body = _xml_doc("billion-laughs", fmt, tmp_path).split("]>\n", 1)[1].replace("&lol9;", "Hi")
    root = "tmx" if fmt == "tmx" else "xliff"
    inp = tmp_path / f"doc.{fmt}"
    inp.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE {root} SYSTEM "{root}.dtd">\n{body}',
                   encoding="utf-8")
    run = invoke(["translate", inp, "-s", "en", "-t", "pt", "-b", "echo", "-q"])
    assert run.code == 0, run.err
    assert "Hi" in run.out
    assert "DOCTYPE" not in run.out


def test_check_does_not_read_its_glossary_as_input(tmp_path: Path) -> None:
    # issue 15 item 7: `align check DIR -g DIR/terms.tsv` read the glossary as a pair file
    shutil.copy(GLOSSARY, tmp_path / "terms.tsv")
    (tmp_path / "en.txt").write_text(text_of("en", 3), encoding="utf-8")
    run = invoke(["check", tmp_path, "-g", tmp_path / "terms.tsv", "-F", "json", "-q"])
    assert run.code in (0, 1), run.err
    assert json.loads(run.out)["summary"]["files"] == 1  # en.txt, not the glossary
