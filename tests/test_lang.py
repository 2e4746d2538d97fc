from __future__ import annotations

import pytest

from align.errors import InputError
from align.lang import is_cjk, normalize_lang


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-CN", "zh-Hans"), ("zh_TW", "zh-Hant"), ("zh-Hant", "zh-Hant"), ("ZH-HANS", "zh-Hans"),
        ("pt-BR", "pt"), ("pt", "pt"), ("id", "id"), ("in", "id"), ("ja", "ja"), ("en-GB", "en"),
        # NTREX file names use ISO 639-3
        ("eng", "en"), ("por", "pt"), ("ind", "id"), ("jpn", "ja"), ("zho-CN", "zh-Hans"),
    ],
)
def test_normalize(tag: str, expected: str) -> None:
    assert normalize_lang(tag) == expected


def test_unknown_tag_lists_supported() -> None:
    with pytest.raises(InputError, match="supported: en, pt, id, ja, zh-Hans, zh-Hant"):
        normalize_lang("ms")  # Malay is deliberately not supported
    assert normalize_lang("de", supported_only=False) == "de"


def test_is_cjk() -> None:
    assert is_cjk("zh-Hant") and is_cjk("ja") and not is_cjk("id")
