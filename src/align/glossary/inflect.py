"""Generated inflections of glossary terms (plurals, Japanese long-vowel variants)."""

from __future__ import annotations

import re

_PT_STOP = {"de", "da", "do", "das", "dos", "em", "para", "com", "e", "a", "o", "na", "no"}
_KATAKANA_WORD = re.compile(r"[\u30A1-\u30FA\u30FC]+")
_JA_LONG_ENDINGS = "タダバザラリ"


def _en_plural(word: str) -> list[str]:
    w = word.lower()
    if not w or not w[-1].isalpha() or len(w) < 2:
        return []
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return [word + "es"]
    if w.endswith("y") and w[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s"]


def _pt_plural(word: str) -> str | None:
    w = word.lower()
    if not w or not w[-1].isalpha():
        return None
    if w.endswith("ão"):
        return word[:-2] + "ões"
    if w.endswith(("al", "el", "ol", "ul")):
        return word[:-1] + "is"
    if w.endswith("il"):
        return word[:-1] + "s"
    if w.endswith("m"):
        return word[:-1] + "ns"
    if w.endswith(("r", "z")):
        return word + "es"
    if w.endswith("s"):
        return None
    return word + "s"


def inflections(term: str, lang: str) -> list[str]:
    """Simple generated variants of ``term`` that should match too (never the term itself).

    English: plural of the last word ("box camera" -> "box cameras"). Portuguese: plural
    of the words before the first preposition ("modelo da indústria" -> "modelos da
    indústria", "grande modelo" -> "grandes modelos"). Indonesian: the reduplicated plural
    of the first word ("model besar" -> "model-model besar"). Japanese: with and without the
    long-vowel mark (ー) after -er/-ry syllables タ ダ バ ザ ラ リ ("インダストリーモデル" ->
    "インダストリモデル", "サーバ" -> "サーバー"), and without the middle dot (・).
    """
    from align.lang import base_language

    lang = base_language(lang)  # pt-BR and pt-PT inflect like pt
    out: list[str] = []
    if lang == "en":
        head, _, last = term.rpartition(" ")
        if last.isascii() and last.isalpha() and not last.isupper():
            out += [f"{head} {p}" if head else p for p in _en_plural(last)]
    elif lang == "pt":
        words = term.split(" ")
        cut = next((i for i, w in enumerate(words) if w.lower() in _PT_STOP), len(words))
        plural = [_pt_plural(w) for w in words[:cut]]
        if all(p is not None for p in plural) and cut:
            out.append(" ".join([*(p for p in plural if p), *words[cut:]]))
            if cut > 1:  # only the head noun
                first = plural[0]
                assert first is not None
                out.append(" ".join([first, *words[1:]]))
    elif lang == "id":
        head, sep, rest = term.partition(" ")
        if head.isalpha() and head.islower() and len(head) > 1:  # model besar -> model-model besar
            out.append(f"{head}-{head}{sep}{rest}")
    elif lang == "ja":
        variants = {term}
        # a long-vowel mark after an -er/-ry syllable may be dropped
        # (コンピューター / コンピュータ, インダストリーモデル / インダストリモデル) ...
        marks = [m.start() for m in re.finditer(f"(?<=[{''.join(_JA_LONG_ENDINGS)}])ー", term)][:4]
        for i in range(1, 1 << len(marks)):
            drop = {p for b, p in enumerate(marks) if i >> b & 1}
            variants.add("".join(c for j, c in enumerate(term) if j not in drop))
        # ... or added after a word-final -a/-ri syllable (サーバ / サーバー)
        for m in _KATAKANA_WORD.finditer(term):
            if len(m.group()) >= 3 and m.group()[-1] in _JA_LONG_ENDINGS:
                variants |= {
                    v[: m.end()] + "ー" + v[m.end() :]
                    for v in list(variants)
                    if v[m.end() : m.end() + 1] != "ー" and len(v) == len(term)
                }
        if "・" in term:
            variants |= {v.replace("・", "") for v in list(variants)}
            variants |= {v.replace("・", " ") for v in list(variants)}
        out += sorted(variants - {term})
    return [o for o in dict.fromkeys(out) if o and o != term]


