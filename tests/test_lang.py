"""align.lang: BCP-47 tags read with langcodes, region and script kept (issue 12)."""

from __future__ import annotations

import pytest

from align.errors import InputError
from align.lang import (
    base_language,
    closest,
    columns_for,
    han_script,
    hub_language,
    is_cjk,
    is_lang_tag,
    normalize_lang,
    script_of,
    segmentation_family,
    serves,
    split_lang_pair,
    with_script,
)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        # one tag however it is spelled; region and script kept (issue 12)
        ("pt_BR", "pt-BR"), ("pt-br", "pt-BR"), ("pt-BR", "pt-BR"), ("PT-pt", "pt-PT"),
        ("zh-TW", "zh-TW"), ("zh_tw", "zh-TW"), ("ZH-HANS", "zh-Hans"), ("zh-hant-hk", "zh-Hant-HK"),
        ("en-GB", "en-GB"), ("de", "de"), ("ko", "ko"), (" fr ", "fr"),
        # legacy and ISO 639-3 codes (NTREX file names use them), macrolanguages
        ("in", "id"), ("iw", "he"), ("eng", "en"), ("por", "pt"), ("ind", "id"), ("jpn", "ja"),
        ("zho-CN", "zh-CN"), ("cmn-Hans", "zh-Hans"), ("zh-cmn-Hant-TW", "zh-Hant-TW"),
    ],
)
def test_normalize(tag: str, expected: str) -> None:
    assert normalize_lang(tag) == expected
    assert normalize_lang(expected) == expected  # canonical is a fixed point


@pytest.mark.parametrize(
    ("tag", "reason"),
    [("xx-!!", "not well-formed"), ("", "empty"), ("   ", "empty"), ("xx", "not in the IANA"),
     ("english", "not well-formed"), ("und", "names no language"), ("x-private", "names no")],
)
def test_bad_tags_are_one_line_input_errors_naming_where(tag: str, reason: str) -> None:
    with pytest.raises(InputError) as exc:
        normalize_lang(tag, where="g.tsv:3")
    msg = str(exc.value)
    assert msg.startswith(f"g.tsv:3: bad language tag {tag!r} (") and reason in msg
    assert "\n" not in msg
    assert not is_lang_tag(tag)


def test_scripts() -> None:
    # issue 12: zh-TW implies Traditional, zh-CN Simplified, zh alone is ambiguous
    assert [han_script(t) for t in ("zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-CN")] == [
        "Hant"] * 5
    assert [han_script(t) for t in ("zh-CN", "zh-SG", "zh-Hans", "cmn-Hans")] == ["Hans"] * 4
    assert han_script("zh") is None and han_script("ja") is None and script_of("zh") is None
    assert script_of("ko") == "Kore" and script_of("sr-ME") == "Latn" and script_of("de") == "Latn"
    assert with_script("zh", "Hant") == "zh-Hant" and with_script("zh-TW", "Hans") == "zh-TW"


def test_is_cjk_and_segmentation_family() -> None:
    assert is_cjk("zh-Hant") and is_cjk("zh-TW") and is_cjk("zh") and is_cjk("ja")
    assert not is_cjk("ko") and not is_cjk("id") and not is_cjk("th")
    assert [segmentation_family(t) for t in ("pt-PT", "en-GB", "zh-TW", "zh", "zh-CN", "ja-JP",
                                             "de-AT", "ko")] == [
        "pt", "en", "zh-Hant", "zh-Hans", "zh-Hans", "ja", "de", "ko"]
    assert base_language("pt-BR") == "pt" and hub_language("zh-Hant") == "zh"


@pytest.mark.parametrize(
    ("column", "text", "expected"),
    [
        # issue 12: a pt column serves pt-BR and pt-PT text, a pt-BR column only pt-BR
        ("pt", "pt-BR", True), ("pt", "pt-PT", True), ("pt", "pt", True),
        ("pt-BR", "pt-BR", True), ("pt-BR", "pt-PT", False), ("pt-BR", "pt", False),
        # the script a region implies: zh-Hant serves zh-TW and zh-HK text, not zh-CN
        ("zh-Hant", "zh-TW", True), ("zh-Hant", "zh-HK", True), ("zh-Hant", "zh-CN", False),
        ("zh-Hant", "zh", False), ("zh", "zh-TW", True), ("zh-TW", "zh-Hant", False),
        ("en", "de", False), ("sr-Latn", "sr-ME", True), ("sr-Latn", "sr", False),
    ],
)
def test_serves(column: str, text: str, expected: bool) -> None:
    assert serves(column, text) is expected


def test_most_specific_column_wins() -> None:
    cols = ["en", "pt", "pt-BR", "pt-PT", "zh-Hans", "zh-Hant", "zh-TW"]
    assert columns_for(cols, "pt-BR") == ["pt-BR", "pt"]
    assert columns_for(cols, "pt-AO") == ["pt"]
    assert columns_for(cols, "de") == []
    assert columns_for(cols, "zh-Hant-TW") == ["zh-TW", "zh-Hant"]
    # the matcher folds Traditional to Simplified: the other script's column comes last
    assert columns_for(cols, "zh-TW", other_script=True) == ["zh-TW", "zh-Hant", "zh-Hans"]
    assert closest({"pt": "por", "zh-Hant": "zho_Hant"}, "pt-BR") == "pt"
    assert closest({"pt": "por"}, "es") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [("pt-en", ("pt", "en")), ("en-zh-Hant", ("en", "zh-Hant")),
     ("zh-Hans-zh-Hant", ("zh-Hans", "zh-Hant")), ("pt-BR-pt-PT", ("pt-BR", "pt-PT")),
     ("en-pt-PT", ("en", "pt-PT")), ("pt-BR-en", ("pt-BR", "en")), ("de-fr", ("de", "fr")),
     ("ko-en", ("ko", "en")), ("notes", None), ("foo-bar", None)],
)
def test_split_lang_pair(name: str, expected: tuple[str, str] | None) -> None:
    assert split_lang_pair(name) == expected
