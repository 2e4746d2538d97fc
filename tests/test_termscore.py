"""`align.termscore`: term accuracy (the term judge), forbidden variants, per-term breakdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from align.cli import app
from align.errors import InputError
from align.termscore import term_scores

glossary_mod = pytest.importorskip("align.glossary")
Entry, LangTerms, Glossary = glossary_mod.Entry, glossary_mod.LangTerms, glossary_mod.Glossary

runner = CliRunner()


@pytest.fixture(scope="module")
def glossary() -> object:
    # Terms from the project's seed articles (SenseTime, CloudWalk, industry model, box camera).
    return Glossary.from_entries([
        Entry("sensetime", {"zh-Hans": LangTerms("商汤科技", ("商汤",), ("商汤集团",)),
                            "en": LangTerms("SenseTime", (), ("Shangtang",))}),
        Entry("industry-model", {"zh-Hans": LangTerms("行业大模型"),
                                 "en": LangTerms("industry model", ("industry large model",),
                                                 ("vertical model",))}),
        Entry("cloudwalk", {"zh-Hans": LangTerms("云从科技"), "en": LangTerms("CloudWalk")}),
        Entry("box-camera", {"zh-Hans": LangTerms("枪机"), "ja": LangTerms("ボックスカメラ")}),
    ])


SOURCES = [
    "商汤科技发布了行业大模型。",
    "商汤与云从科技合作。",
    "枪机很贵。",          # the entry has no English term: untestable, not a miss
    "商汤集团很大。",       # a forbidden *source* variant is not a term occurrence
    "今天天气很好。",
]
HYPS = [
    "SenseTime released an industry model.",
    "Shangtang works with CloudWalk.",  # forbidden variant instead of SenseTime
    "The box camera is expensive.",
    "SenseTime is big.",
    "The weather is fine, says the vertical model.",  # forbidden, though not asked for
]
REFS = [
    "SenseTime released an industry large model.",
    "SenseTime is working with CloudWalk.",
    "Box cameras are expensive.",
    "The SenseTime group is big.",
    "The weather is nice today.",
]


def test_term_scores_hand_counted(glossary: object) -> None:
    # Expected values counted by hand from SOURCES/HYPS above.
    report = term_scores(SOURCES, HYPS, glossary, src_lang="zh-Hans", tgt_lang="en", name="sys",
                         glossary_label="t.tsv@0")
    assert (report.found, report.matched, report.forbidden, report.untestable) == (4, 3, 2, 1)
    assert report.accuracy == pytest.approx(0.75)
    assert report.misses == ((2, "sensetime"),)
    per = {c.entry_id: (c.found, c.matched, c.forbidden, c.untestable) for c in report.per_term}
    assert per == {
        "sensetime": (2, 1, 1, 0),
        "industry-model": (1, 1, 1, 0),
        "cloudwalk": (1, 1, 0, 0),
        "box-camera": (0, 0, 0, 1),
    }
    assert report.get("sensetime").source == "商汤科技"  # type: ignore[union-attr]
    assert report.get("sensetime").target == "SenseTime"  # type: ignore[union-attr]
    assert report.signature.startswith(
        "terms:lemma|src:zh-Hans|tgt:en|glossary:t.tsv@0|version:align-")


def test_reference_sanity_line(glossary: object) -> None:
    # The reference uses an allowed variant ("industry large model"): that counts.
    report = term_scores(SOURCES, REFS, glossary, src_lang="zh-Hans", tgt_lang="en")
    assert (report.found, report.matched, report.forbidden) == (4, 4, 0)
    assert report.accuracy == 1.0


def test_no_terms_found(glossary: object) -> None:
    report = term_scores(["今天天气很好。"], ["Nice weather."], glossary, src_lang="zh-Hans",
                         tgt_lang="en")
    assert report.accuracy is None and report.found == 0 and report.per_term == ()


def test_length_mismatch(glossary: object) -> None:
    with pytest.raises(InputError, match="source has 5 lines but sys has 2"):
        term_scores(SOURCES, HYPS[:2], glossary, src_lang="zh-Hans", tgt_lang="en", name="sys")


@given(st.lists(st.sampled_from(HYPS + REFS + ["", "SenseTime CloudWalk industry model"]),
                min_size=5, max_size=5))
def test_accuracy_bounds(glossary: object, hyps: list[str]) -> None:
    report = term_scores(SOURCES, hyps, glossary, src_lang="zh-Hans", tgt_lang="en")
    assert report.found == 4  # the source side does not depend on the hypothesis
    assert 0 <= report.matched <= report.found
    assert report.matched + len(report.misses) == report.found
    assert report.forbidden == sum(c.forbidden for c in report.per_term)


def test_cli_terms(tmp_path: Path) -> None:
    gloss = tmp_path / "terms.tsv"
    gloss.write_text(
        "entry\tzh-Hans\tzh-Hans:allowed\tzh-Hans:forbidden\ten\ten:allowed\ten:forbidden\n"
        "sensetime\t商汤科技\t商汤\t商汤集团\tSenseTime\t\tShangtang\n"
        "industry-model\t行业大模型\t\t\tindustry model\tindustry large model\tvertical model\n"
        "cloudwalk\t云从科技\t\t\tCloudWalk\t\t\n",
        encoding="utf-8",
    )
    paths = {}
    for name, lines in (("src.zh", SOURCES), ("ref.en", REFS), ("sys.en", HYPS)):
        paths[name] = tmp_path / name
        paths[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    base = ["score", "-r", str(paths["ref.en"]), "-l", "zh-en", "--src", str(paths["src.zh"]),
            "--glossary", str(gloss), str(paths["sys.en"])]
    result = runner.invoke(app, base)
    assert result.exit_code == 0, result.output
    rows = {line.split()[1] if line.split()[0].isdigit() else line.split()[0]: line
            for line in result.stdout.splitlines() if line.strip()}
    assert "75.0% (3/4)" in rows["sys"]
    assert "100.0% (4/4)" in rows["reference"]
    assert "terms:lemma|src:zh-Hans|tgt:en|glossary:terms.tsv@" in result.stdout
    assert "sensetime" in result.stdout and "1/2 !1" in result.stdout  # per-term breakdown
    data = json.loads(runner.invoke(app, [*base, "-F", "json"]).stdout)
    assert data["systems"][0]["terms"]["matched"] == 3
    assert data["reference_terms"]["accuracy"] == 1.0
