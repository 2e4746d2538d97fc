"""Simplified <-> Traditional conversion: OpenCC plus glossary overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli import app
from align.errors import ConfigError
from align.glossary import Entry, Glossary, LangTerms
from align.script import convert_script

GLOSSARY = Glossary.from_entries([
    Entry("box-camera", {"zh-Hans": LangTerms("枪机"), "zh-Hant": LangTerms("槍機"), "en": LangTerms("box camera")}),
    # A made-up override that OpenCC would never produce: proves the glossary wins.
    Entry("uniview", {"zh-Hans": LangTerms("宇视"), "zh-Hant": LangTerms("宇視科技"), "en": LangTerms("Uniview")}),
    Entry("huxiu", {"zh-Hans": LangTerms("虎嗅", forbidden=("老虎嗅",)), "zh-Hant": LangTerms("虎嗅網")}),
])


@pytest.mark.parametrize(
    ("text", "src", "tgt", "expected"),
    [
        # Phrase-level OpenCC (s2twp / tw2sp): Taiwan wording, not only characters.
        ("软件信息", "zh-Hans", "zh-Hant", "軟體資訊"),
        ("軟體資訊", "zh-Hant", "zh-Hans", "软件信息"),
        # From the seed articles (001 zh-Hant, 002 zh-Hans).
        ("李聰廷:小模型技術是中國企業率先匯入裝備中", "zh-Hant", "zh-Hans",
         "李聪廷:小模型技术是中国企业率先导入装备中"),
        ("国内公司与机构竞相研发", "zh-Hans", "zh-Hant", "國內公司與機構競相研發"),
    ],
)
def test_opencc_conversion(text: str, src: str, tgt: str, expected: str) -> None:
    assert convert_script(text, src, tgt) == expected


def test_glossary_terms_override_opencc() -> None:
    text = "宇视的枪机,虎嗅报道。"
    assert convert_script(text, "zh-Hans", "zh-Hant") == "宇視的槍機,虎嗅報道。"
    assert convert_script(text, "zh-Hans", "zh-Hant", glossary=GLOSSARY) == "宇視科技的槍機,虎嗅網報道。"


def test_forbidden_variant_is_not_rewritten() -> None:
    # A forbidden variant is a slip to report, not a term to render: convert it plainly.
    assert convert_script("老虎嗅", "zh-Hans", "zh-Hant", glossary=GLOSSARY) == "老虎嗅"


def test_unsupported_pair() -> None:
    with pytest.raises(ConfigError, match="supported: zh-Hans->zh-Hant, zh-Hant->zh-Hans"):
        convert_script("text", "en", "zh-Hant")


def test_cli_detects_source_and_writes_atomically(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("宇视的枪机。\n", encoding="utf-8")
    out = tmp_path / "b.txt"
    runner = CliRunner()
    result = runner.invoke(app, ["convert", str(src), "--to", "zh-Hant", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == "宇視的槍機。\n"
    assert "detected language zh-Hans" in result.stderr
    result = runner.invoke(app, ["convert", str(src), "--to", "zh-Hant", "-o", str(out)])
    assert result.exit_code == 2 and "--force" in result.stderr
