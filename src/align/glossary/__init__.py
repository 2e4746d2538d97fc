"""Glossaries: load, validate and write them; find term hits (character spans) in text.

A glossary is a list of concept-oriented :class:`Entry` objects (like TBX): an id and,
per language (BCP-47; ``zh-Hans`` and ``zh-Hant`` distinct), one preferred term, allowed
variants and forbidden variants. One module per job:

* :mod:`align.glossary.model`: :class:`LangTerms`, :class:`Entry`, :class:`TermHit`,
  :class:`Glossary`;
* :mod:`align.glossary.files`: :func:`load_glossary` / :func:`write_glossary` /
  :func:`dumps`, the format chosen by extension, one module per format:
  :mod:`~align.glossary.table` (``.tsv`` / ``.csv``), :mod:`~align.glossary.tbx`
  (TBX 2008 and 2019), :mod:`~align.glossary.jsonfmt` (``.json``);
* :mod:`align.glossary.validate`: ids, tags, preferred terms, contradictions;
* :mod:`align.glossary.match`: :class:`TermMatcher`, one Aho-Corasick automaton per
  language over a folded copy of the text that has exactly the same length
  (:mod:`~align.glossary.fold`), with generated inflections (:mod:`~align.glossary.inflect`).
"""

from __future__ import annotations

from align.glossary.files import FORMATS, dumps, format_of, load_glossary, write_glossary
from align.glossary.fold import fold
from align.glossary.inflect import inflections
from align.glossary.match import TermMatcher
from align.glossary.model import STATUSES, VARIANT_SEP, Entry, Field, Glossary, LangTerms, TermHit
from align.glossary.validate import validate_entries

__all__ = [
    "FORMATS", "STATUSES", "VARIANT_SEP", "Entry", "Field", "Glossary", "LangTerms", "TermHit",
    "TermMatcher", "dumps", "fold", "format_of", "inflections", "load_glossary",
    "validate_entries", "write_glossary",
]
