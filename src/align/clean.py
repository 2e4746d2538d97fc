"""Remove page furniture from a scraped article and extract its byline metadata.

A scraped page is read as one paragraph per non-blank line. Each line is tested against
named whole-line rules (``src/align/data/clean_rules.yaml``, extendable with a user file):

* ``footer`` rules mark where the page footer starts ("Ver original", "原文表示"); the
  footer and everything after it are cut, except a *wrapped-around opening*: when text
  after the footer repeats the article body, the repeated paragraphs are dropped and the
  rest (the title, opening paragraphs missing from the body, any other paragraph the body
  lacks) is put back where it belongs.
* ``drop`` rules remove furniture lines anywhere (share widgets, menus, disclaimers).
* ``metadata`` rules remove byline lines and keep their named groups (source, author, date).

The first remaining paragraph becomes the title when it looks like one (short, no
sentence-final full stop); it stays in the body. Cleaning changes whitespace only: every
kept paragraph keeps its characters (NFC-normalised), and a markdown table that was
flattened onto one line is put back one row per line.

The public entry points are :func:`clean_text` and :func:`load_rules`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from align.errors import InputError

#: Metadata fields a ``metadata`` rule may fill (its named groups must be among these).
FIELDS: tuple[str, ...] = ("title", "source", "author", "date", "url")

#: Rule sections of a rules file, in the order they are tried on a line.
SECTIONS: tuple[str, ...] = ("footer", "drop", "metadata")

#: Rule names used for removals that no file rule made.
DUPLICATE = "duplicate-of-body"
AFTER_FOOTER = "after-footer"

# A title is a short first paragraph that does not end like a sentence.
_TITLE_MAX_CHARS = 200
_SENTENCE_END = (".", "。", ";", "；", ",", "，", ":", "：", "…")
# Wrapped-around text is recognised when at least this share of the characters left
# after the footer (furniture removed) repeats the body.
_WRAP_MIN_SHARE = 0.5
_SPACES = re.compile(r"[ \t\u00a0]+")
_TABLE_SEP = re.compile(r"\|(?:\s*:?-{3,}:?\s*\|)+")


@dataclass(frozen=True)
class Rule:
    """A named list of whole-line patterns from one section of a rules file."""

    name: str
    section: str  # footer | drop | metadata
    patterns: tuple[re.Pattern[str], ...]
    origin: str = ""  # "file:line" where the rule was defined

    def match(self, line: str) -> re.Match[str] | None:
        """The first pattern that matches the whole (stripped) ``line``, else None."""
        for pattern in self.patterns:
            m = pattern.fullmatch(line)
            if m:
                return m
        return None


@dataclass(frozen=True)
class CleanRules:
    """The rule set used by :func:`clean_text`: footer markers, furniture and byline rules."""

    footer: tuple[Rule, ...] = ()
    drop: tuple[Rule, ...] = ()
    metadata: tuple[Rule, ...] = ()
    sources: tuple[str, ...] = ()  # the files the rules came from, defaults first

    def extend(self, other: CleanRules) -> CleanRules:
        """These rules plus ``other``'s: a rule of the same section and name gains the
        other's patterns (tried after its own); new rules are tried after the existing."""

        def merge(mine: tuple[Rule, ...], theirs: tuple[Rule, ...]) -> tuple[Rule, ...]:
            out = list(mine)
            index = {r.name: i for i, r in enumerate(out)}
            for rule in theirs:
                if rule.name in index:
                    old = out[index[rule.name]]
                    out[index[rule.name]] = Rule(
                        old.name, old.section, old.patterns + rule.patterns, old.origin
                    )
                else:
                    index[rule.name] = len(out)
                    out.append(rule)
            return tuple(out)

        return CleanRules(
            footer=merge(self.footer, other.footer),
            drop=merge(self.drop, other.drop),
            metadata=merge(self.metadata, other.metadata),
            sources=self.sources + other.sources,
        )

    def names(self) -> list[str]:
        """Every rule name, ``section:name``, in the order rules are tried."""
        return [f"{r.section}:{r.name}" for s in SECTIONS for r in getattr(self, s)]


@dataclass(frozen=True)
class Removal:
    """A line taken out of the body: its 1-based input line, its text and the rule."""

    line: int
    text: str
    rule: str


@dataclass(frozen=True)
class Move:
    """A paragraph found after the footer and put back into the body.

    ``after`` is the input line of the body paragraph it now follows; ``None`` means it
    went to the front (a wrapped-around title or opening paragraph).
    """

    line: int
    text: str
    after: int | None = None


@dataclass(frozen=True)
class CleanResult:
    """What :func:`clean_text` returns."""

    text: str  # paragraphs separated by one blank line, final newline
    removed: list[Removal] = field(default_factory=list)
    moved: list[Move] = field(default_factory=list)
    metadata: dict[str, str | None] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[str]:
        """The cleaned paragraphs (a table is one paragraph of one row per line)."""
        return [p for p in self.text.rstrip("\n").split("\n\n") if p]

    def counts(self) -> dict[str, int]:
        """Number of removed lines per rule, most frequent first."""
        return dict(Counter(r.rule for r in self.removed).most_common())

    def report(self) -> dict[str, Any]:
        """A JSON-ready description of the removals, moves and metadata."""
        return {
            "metadata": dict(self.metadata),
            "paragraphs": len(self.paragraphs),
            "removed": [{"line": r.line, "rule": r.rule, "text": r.text} for r in self.removed],
            "moved": [{"line": m.line, "after": m.after, "text": m.text} for m in self.moved],
            "counts": self.counts(),
        }


# --------------------------------------------------------------------------- rules files


def _compile(
    section: str, name: str, node: Any, where: str
) -> tuple[re.Pattern[str], ...]:
    import yaml

    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    patterns = []
    for item in items:
        line = f"{where}:{item.start_mark.line + 1}"
        if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
            raise InputError(
                f"{line}: rule {name!r} in {section!r}: each pattern must be a non-empty "
                "string; quote regexes with single quotes"
            )
        try:
            pattern = re.compile(str(item.value))
        except re.error as exc:
            raise InputError(
                f"{line}: rule {name!r}: bad regular expression {item.value!r} ({exc.msg}); "
                "fix it (Python re syntax)"
            ) from None
        if section == "metadata":
            groups = set(pattern.groupindex)
            unknown = sorted(groups - set(FIELDS))
            if unknown or not groups:
                raise InputError(
                    f"{line}: metadata rule {name!r}: pattern {item.value!r} needs named groups "
                    f"among {', '.join(FIELDS)} (e.g. (?P<author>.+))"
                    + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                )
        patterns.append(pattern)
    return tuple(patterns)


def parse_rules(text: str, *, name: str = "<rules>") -> tuple[CleanRules, bool]:
    """Parse a rules file's text; return the rules and its ``replace_defaults`` flag.

    Raises :class:`InputError` naming ``name`` and the line of the first problem.
    """
    import yaml

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"{name}:{mark.line + 1}" if mark is not None else name
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{line}: not valid YAML ({problem}); fix the rules file") from None
    if root is None:
        raise InputError(f"{name}: rules file is empty; see docs/corpus.md for the format")
    if not isinstance(root, yaml.MappingNode):
        raise InputError(
            f"{name}:{root.start_mark.line + 1}: expected a mapping with keys "
            f"{', '.join(SECTIONS)}; see docs/corpus.md"
        )
    sections: dict[str, list[Rule]] = {s: [] for s in SECTIONS}
    replace = False
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key == "version":
            if str(value_node.value) != "1":
                raise InputError(f"{name}:{line}: unsupported rules version {value_node.value!r}; "
                                 "use version: 1")
            continue
        if key == "replace_defaults":
            if str(value_node.value).lower() not in {"true", "false"}:
                raise InputError(f"{name}:{line}: replace_defaults must be true or false")
            replace = str(value_node.value).lower() == "true"
            continue
        if key not in sections:
            raise InputError(
                f"{name}:{line}: unknown key {key!r}; expected one of: "
                f"{', '.join((*SECTIONS, 'version', 'replace_defaults'))}"
            )
        if isinstance(value_node, yaml.ScalarNode) and value_node.value in ("", None):
            continue  # an empty section
        if not isinstance(value_node, yaml.MappingNode):
            raise InputError(
                f"{name}:{value_node.start_mark.line + 1}: {key!r} must map rule names to "
                "a pattern or a list of patterns"
            )
        for rule_key, rule_value in value_node.value:
            rule_name = str(rule_key.value)
            if not re.fullmatch(r"[A-Za-z0-9_.-]+", rule_name):
                raise InputError(
                    f"{name}:{rule_key.start_mark.line + 1}: rule name {rule_name!r} must use "
                    "letters, digits, '-', '_' or '.'"
                )
            patterns = _compile(key, rule_name, rule_value, name)
            origin = f"{name}:{rule_key.start_mark.line + 1}"
            sections[key].append(Rule(rule_name, key, patterns, origin))
    rules = CleanRules(
        footer=tuple(sections["footer"]),
        drop=tuple(sections["drop"]),
        metadata=tuple(sections["metadata"]),
    )
    # Rules of the same name within one file are merged, as an extension would merge them.
    return CleanRules(sources=(name,)).extend(rules), replace


@lru_cache(maxsize=1)
def default_rules() -> CleanRules:
    """The rules shipped with align (``align/data/clean_rules.yaml``)."""
    resource = resources.files("align") / "data" / "clean_rules.yaml"
    rules, _ = parse_rules(resource.read_text(encoding="utf-8"), name="<default rules>")
    return rules


def load_rules(path: str | Path, *, replace: bool = False) -> CleanRules:
    """Load a user rules file; it EXTENDS the default rules.

    With ``replace=True`` (or ``replace_defaults: true`` in the file) the file's rules
    are used alone. Raises :class:`InputError` with the file and line of a bad rule.
    """
    from align.io import read_text

    rules, replace_in_file = parse_rules(read_text(path), name=str(path))
    if replace or replace_in_file:
        return rules
    return default_rules().extend(rules)


# --------------------------------------------------------------------------- cleaning


@dataclass
class _Unit:
    line: int  # 1-based input line
    text: str


def _normalise(line: str) -> str:
    """Whitespace only: trim the line and collapse runs of spaces/tabs; NFC."""
    return unicodedata.normalize("NFC", _SPACES.sub(" ", line).strip())


def _key(text: str) -> str:
    """Comparison key: the text without any whitespace (a flattened table equals its rows)."""
    return "".join(text.split())


def _classify(unit: _Unit, rules: CleanRules, meta: dict[str, str | None]) -> str | None:
    """The name of the drop/metadata rule that removes ``unit`` (filling ``meta``), else None."""
    for rule in rules.drop:
        if rule.match(unit.text):
            return rule.name
    for rule in rules.metadata:
        m = rule.match(unit.text)
        if m:
            for name, value in m.groupdict().items():
                if value and value.strip() and not meta.get(name):
                    meta[name] = value.strip()
            return rule.name
    return None


def _duplicate_finder(body: list[_Unit]) -> Any:
    """A function telling whether a text repeats one body paragraph or a run of them
    (compared without whitespace, so a table flattened onto one line matches its rows).
    It returns the index of the last body unit of the match, or None."""
    keys = [_key(u.text) for u in body]
    joined = "".join(keys)
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    pos = 0
    for i, k in enumerate(keys):
        starts[pos] = i
        pos += len(k)
        ends[pos] = i

    def find(text: str) -> int | None:
        key = _key(text)
        if not key:
            return None
        at = joined.find(key)
        while at != -1:
            if at in starts and at + len(key) in ends:
                return ends[at + len(key)]
            at = joined.find(key, at + 1)
        return None

    return find


def _split_flat_table(text: str) -> list[str]:
    """Rows of a markdown table flattened onto one line, or ``[text]`` when it is not one.

    Only splits when the layout is unambiguous: a header row of n cells, a separator of
    n ``---`` cells, then rows of n cells separated by ``| |``. Cell text is kept as is;
    the row after the separator, whose leading pipe the flattening shared with the
    separator, gets its own.
    """
    sep = _TABLE_SEP.search(text)
    if not sep or text.count("|") < 8:
        return [text]
    n = sep.group(0).count("---")
    head, rest = text[: sep.start()].strip(), text[sep.end():]
    if not head or (head.count("|") != n + 1) or not rest.strip():
        return [text]
    pieces = rest.split("|")
    if pieces[-1].strip():
        return [text]
    pieces = pieces[:-1]
    rows: list[str] = []
    # "| --- | | a |": the first row has its own leading pipe, the first piece is a gap
    i = 1 if pieces and not pieces[0].strip() else 0
    while i < len(pieces):
        cells = pieces[i : i + n]
        if len(cells) != n or not any(c.strip() for c in cells):
            return [text]
        # The first row shared its leading pipe with the separator row: it gets its own.
        rows.append(f"| {'|'.join(cells).strip()} |")
        i += n
        if i < len(pieces):
            if pieces[i].strip():  # rows are separated by an empty "| |" gap
                return [text]
            i += 1
    out = [head, sep.group(0).strip(), *rows]
    # Only line breaks and table pipes may change, never the text of a cell.
    if _key("".join(out)).replace("|", "") != _key(text).replace("|", ""):
        return [text]
    return out


def _looks_like_title(text: str) -> bool:
    return (
        len(text) <= _TITLE_MAX_CHARS
        and not text.startswith("|")
        and not text.rstrip("”\"』」'’").endswith(_SENTENCE_END)
    )


def clean_text(text: str, *, rules: CleanRules | None = None) -> CleanResult:
    """Clean a scraped article: drop furniture, extract byline metadata, undo wrap-around.

    ``text`` holds one paragraph per non-blank line. Returns a :class:`CleanResult` whose
    ``text`` has the kept paragraphs separated by one blank line (table rows one per line)
    and a final newline, plus every removal (1-based line, text, rule name), every
    paragraph moved back from after the footer, and the metadata found (title, source,
    author, date; ``None`` where absent). Pure function: no I/O.
    """
    rules = rules if rules is not None else default_rules()
    meta: dict[str, str | None] = {f: None for f in FIELDS}
    removed: list[Removal] = []
    units = [
        _Unit(i, t)
        for i, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1)
        if (t := _normalise(raw.lstrip("\ufeff")))
    ]

    footer_at = len(units)
    for i, unit in enumerate(units):
        if any(rule.match(unit.text) for rule in rules.footer):
            footer_at = i
            break

    body: list[_Unit] = []
    for unit in units[:footer_at]:
        rule_name = _classify(unit, rules, meta)
        if rule_name:
            removed.append(Removal(unit.line, unit.text, rule_name))
        else:
            body.append(unit)

    # After the footer: furniture by rule; the rest is either a wrapped-around copy of
    # the article (some of it repeats the body) or more furniture.
    tail: list[_Unit] = []
    for unit in units[footer_at:]:
        footer_rule = next((r.name for r in rules.footer if r.match(unit.text)), None)
        rule_name = footer_rule or _classify(unit, rules, meta)
        if rule_name:
            removed.append(Removal(unit.line, unit.text, rule_name))
        else:
            tail.append(unit)

    find = _duplicate_finder(body)
    matches = [find(u.text) for u in tail]
    repeated = sum(len(_key(u.text)) for u, m in zip(tail, matches, strict=True) if m is not None)
    total = sum(len(_key(u.text)) for u in tail)
    moved: list[Move] = []
    front: list[_Unit] = []
    inserts: dict[int, list[_Unit]] = {}  # body index -> units to put after it
    if tail and total and repeated / total >= _WRAP_MIN_SHARE:
        anchor: int | None = None  # body index of the last repeated paragraph seen
        for unit, match in zip(tail, matches, strict=True):
            if match is not None:
                removed.append(Removal(unit.line, unit.text, DUPLICATE))
                anchor = match
            elif anchor is None:
                front.append(unit)
                moved.append(Move(unit.line, unit.text, None))
            else:
                inserts.setdefault(anchor, []).append(unit)
                moved.append(Move(unit.line, unit.text, body[anchor].line))
    else:
        removed.extend(Removal(u.line, u.text, AFTER_FOOTER) for u in tail)
    removed.sort(key=lambda r: r.line)

    kept: list[_Unit] = list(front)
    for i, unit in enumerate(body):
        kept.append(unit)
        kept.extend(inserts.get(i, []))

    if kept and not meta.get("title") and _looks_like_title(kept[0].text):
        meta["title"] = kept[0].text

    blocks: list[str] = []
    table: list[str] = []
    for unit in kept:
        rows = _split_flat_table(unit.text)
        if rows[0].startswith("|") or len(rows) > 1:
            table.extend(rows)
            continue
        if table:
            blocks.append("\n".join(table))
            table = []
        blocks.append(unit.text)
    if table:
        blocks.append("\n".join(table))
    out = "\n\n".join(blocks) + "\n" if blocks else ""
    return CleanResult(text=out, removed=removed, moved=moved, metadata=meta)
