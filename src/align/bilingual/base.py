"""What every bilingual store (XLIFF 1.2 / 2.0, PO, TMX) provides, and the shared records."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from align.bilingual.inline import InlineCode
from align.errors import InputError


@dataclass(frozen=True, slots=True)
class BilingualUnit:
    """One translatable unit (XLIFF segment or trans-unit, PO entry, TMX tu).

    ``source`` and ``target`` are plain text: inline codes removed (the content of a
    paired code such as ``<g>`` kept), so term checks never read markup. ``target`` is
    ``None`` when the unit has none. ``state`` is the unit's state as written
    (XLIFF ``state``, ``fuzzy`` or ``translated`` for PO, ``None`` for TMX).
    ``source_codes``/``target_codes`` are the inline codes that were taken out
    (:class:`~align.bilingual.inline.InlineCode`: kind, id and where they stood in the
    plain text), for checks that compare them (``align check``'s ``tag-mismatch``);
    PO has none (its format specifiers stay in the text).
    """

    id: str
    source: str
    target: str | None
    line: int
    state: str | None = None
    src_lang: str | None = None  # as written in the file (a TMX tu can differ)
    tgt_lang: str | None = None
    source_codes: tuple[InlineCode, ...] = ()
    target_codes: tuple[InlineCode, ...] = ()


@dataclass(frozen=True)
class BilingualFile:
    """A bilingual file as :func:`~align.bilingual.read_bilingual` returns it."""

    path: str
    format: str  # xliff-1.2, xliff-2.0, po, tmx
    src_lang: str | None  # the file's languages as written (en-US stays en-US)
    tgt_lang: str | None
    units: list[BilingualUnit]


@dataclass
class Job:
    """One source text to translate and where its translation goes.

    ``text`` is the MT input (inline codes as placeholders). ``write(translation)``
    puts the translation in place, marks it as machine output and returns the number of
    inline codes that had to be put back (dropped or moved by the backend).
    """

    text: str
    unit_id: str
    line: int
    write: Callable[[Any], int]  # the translation, or its inline.place() result
    needs_mt: bool = True  # False: nothing but codes, copied from the source
    masked: Any = None  # the inline.Masked the text came from


@dataclass
class Plan:
    """What :meth:`Store.plan` found: the jobs, and the targets it keeps."""

    jobs: list[Job] = field(default_factory=list)
    kept_protected: int = 0  # final / signed-off / translated / approved: never touched
    kept_existing: int = 0  # other non-empty targets, kept without --overwrite
    skipped: int = 0  # translate="no", no source text

    def keeps_target(self, *, overwrite: bool, protected: bool = False) -> bool:
        """Whether a unit's non-empty target stays, counted by why: human-approved
        (``protected``) targets always do, others unless ``overwrite``."""
        if protected:
            self.kept_protected += 1
            return True
        if not overwrite:
            self.kept_existing += 1
            return True
        return False


def same_language(tag: str | None, wanted: str) -> bool:
    """Does a file's tag (``pt-BR``, ``en-US``) name the language of ``wanted`` (``pt``)?

    Tags are read with :func:`align.lang.normalize_lang`; the region is not compared (a
    pt-BR file is Portuguese), Chinese must agree on the whole tag (``zh-Hant`` is not
    ``zh-Hans``), so a mismatch is refused rather than guessed.
    """
    if not tag:
        return False
    from align.lang import normalize_lang

    def canon(t: str) -> str:
        try:
            return normalize_lang(t)
        except InputError:  # a tag align has no rules for is still compared by language
            return t.strip().replace("_", "-")

    a, b = canon(tag), canon(wanted)
    if a.lower() == b.lower():
        return True
    la, lb = a.split("-")[0].lower(), b.split("-")[0].lower()
    return la == lb and la != "zh"


class Store(ABC):
    """One file format: parse, list units, plan a translation, serialise.

    Subclasses edit the parsed document in place (lxml or translate-toolkit), so
    everything the command does not touch (notes, attributes, other units, the file's
    language tags, comments) comes out as it came in.
    """

    format: ClassVar[str]

    def __init__(self, doc: Any, name: str) -> None:
        self.doc = doc
        self.name = name

    @classmethod
    @abstractmethod
    def parse(cls, data: bytes, name: str) -> Store:
        """Read ``data`` (the content of file ``name``); InputError with file:line if bad."""

    @property
    @abstractmethod
    def languages(self) -> tuple[str | None, str | None]:
        """The file's source and target language tags, as written (``None`` if absent)."""

    @abstractmethod
    def units(self) -> list[BilingualUnit]:
        """Every translatable unit, in document order."""

    @abstractmethod
    def plan(self, src: str, tgt: str, *, tgt_tag: str, overwrite: bool, family: str,
             mt_label: str) -> Plan:
        """The units to translate from ``src`` to ``tgt``.

        Non-empty targets are kept unless ``overwrite``, and never when they are
        human-approved (XLIFF ``final``/``signed-off``/``translated``/``reviewed``,
        ``approved="yes"``). ``tgt_tag`` is written where the file has no target tag
        of its own; ``mt_label`` (the backend signature) where the format records it.
        """

    @abstractmethod
    def dumps(self) -> bytes:
        """The edited file (UTF-8; never a DOCTYPE)."""

    def to_file(self) -> BilingualFile:
        src, tgt = self.languages
        return BilingualFile(self.name, self.format, src, tgt, self.units())

    def _where(self, line: int | None) -> str:
        return f"{self.name}:{line or 0}"


class XmlStore(Store):
    """A store over an XML document, parsed safely (:func:`align.xmlsafe.parse_xml`)."""

    #: the root element's local name, and the format's name in messages
    root_element: ClassVar[str]
    what: ClassVar[str]

    @classmethod
    def parse(cls, data: bytes, name: str) -> Self:
        from align.xmlsafe import parse_xml

        return cls(parse_xml(data, name, what=cls.what, root=cls.root_element), name)


def check_language(name: str, line: int, attr: str, tag: str | None, wanted: str,
                   option: str) -> None:
    """InputError when a file's language attribute names another language than asked."""
    if tag and tag.strip() not in ("*all*", "") and not same_language(tag, wanted):
        raise InputError(f"{name}:{line}: {attr}={tag!r} but {option} is {wanted!r}; "
                         f"pass {option} {tag}")


@dataclass
class Applied:
    """What :func:`apply_translations` did with the inline codes."""

    jobs: int = 0  # units written from a translation
    moved: int = 0  # codes the backend dropped, duplicated or reordered (put back)
    emptied: int = 0  # paired codes whose words the backend moved out of them
    rewrapped: int = 0  # ... of which the words were found and put back inside
    repaired: list[Job] = field(default_factory=list)  # units that needed any of this


def apply_translations(plan: Plan, translations: Sequence[str], *,
                       retranslate: Callable[[list[str]], list[str]] | None = None) -> Applied:
    """Write ``translations`` (one per job that needs MT, in order) into the document.

    Inline codes are placed where the backend left their placeholders
    (:func:`align.bilingual.inline.place`). A paired code the backend emptied ("ZXQ50
    ZXQ51 box camera") has its source words translated alone with ``retranslate`` (the
    backend, glossary enforced) and, when found next to it, put back inside
    (:func:`~align.bilingual.inline.rewrap`). Jobs that are only codes copy the source.
    """
    from align.bilingual.inline import empty_pairs, pair_text, place, rewrap

    mt = [j for j in plan.jobs if j.needs_mt]
    if len(translations) != len(mt):
        raise ValueError(f"{len(translations)} translations for {len(mt)} units")
    placed = [place(job.masked, t) for job, t in zip(mt, translations, strict=True)]
    asks = [(n, k, pair_text(job.masked, k)) for n, job in enumerate(mt)
            for k in empty_pairs(job.masked, placed[n])]
    asks = [a for a in asks if a[2]]
    done = Applied(jobs=len(mt), emptied=len(asks))
    if asks and retranslate is not None:
        for (n, k, _), words in zip(asks, retranslate([a[2] for a in asks]), strict=True):
            done.rewrapped += rewrap(placed[n], k, words)
    for job, p in zip(mt, placed, strict=True):
        moved = job.write(p)
        done.moved += moved
        if moved or empty_pairs(job.masked, p):
            done.repaired.append(job)
    for job in plan.jobs:
        if not job.needs_mt:  # nothing but inline codes: the source is the target
            job.write(job.text)
    return done
