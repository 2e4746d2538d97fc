"""align: translation and cross-lingual alignment toolkit.

The public API is re-exported here lazily, so ``import align`` stays light: no model,
torch, transformers or datasets is imported until a function that needs it is called.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "AlignError": "align.errors",
    "InputError": "align.errors",
    "UsageError": "align.errors",
    "ConfigError": "align.errors",
    "BackendError": "align.errors",
    "BackendUnavailable": "align.errors",
    "Bead": "align.records",
    "Segment": "align.records",
    "normalize_lang": "align.lang",
    "read_text": "align.io",
    "split_sentences": "align.segment",
    "segment_document": "align.segment",
    "SEGMENTER_SIGNATURE": "align.segment",
    "detect_language": "align.detect",
    "clean_text": "align.clean",
    "load_rules": "align.clean",
    "CleanRules": "align.clean",
    "CleanResult": "align.clean",
    "Removal": "align.clean",
    "load_corpus": "align.corpus",
    "CorpusDocument": "align.corpus",
    "Glossary": "align.glossary",
    "Entry": "align.glossary",
    "LangTerms": "align.glossary",
    "TermHit": "align.glossary",
    "TermMatcher": "align.glossary",
    "load_glossary": "align.glossary",
    "write_glossary": "align.glossary",
    "read_bilingual": "align.bilingual",
    "BilingualFile": "align.bilingual",
    "BilingualUnit": "align.bilingual",
    "check_documents": "align.check",
    "load_documents": "align.check",
    "Violation": "align.check",
    "Baseline": "align.check",
    "CheckResult": "align.check",
    "CheckConfig": "align.qa.config",
    "load_config": "align.qa.config",
    "TermJudge": "align.termjudge",
    "convert_script": "align.script",
    "score_systems": "align.score",
    "score_corpus": "align.score",
    "segment_scores": "align.score",
    "read_systems": "align.score",
    "ScoreReport": "align.score",
    "MetricScore": "align.score",
    "term_scores": "align.termscore",
    "TermReport": "align.termscore",
    "paired_test": "align.significance",
    "align_sentences": "align.aligner",
    "AlignConfig": "align.aligner",
    "Aligner": "align.aligner",
    "get_encoder": "align.embed",
    "score_alignments": "align.evaluate",
    "read_beads": "align.evaluate",
    "AlignmentScore": "align.evaluate",
    "evaluate_files": "align.evaluate",
    "write_alignment": "align.formats",
    "save_alignment": "align.formats",
    "AlignedRecord": "align.records",
    "read_records": "align.recordio",
    "write_jsonl": "align.recordio",
    "write_parquet": "align.recordio",
    "align_document": "align.pipeline",
    "DocumentPair": "align.pipeline",
    "AlignerSpec": "align.pipeline",
    "load_translator": "align.translate",
    "translate_with_terms": "align.translate.enforce",
    "Translator": "align.translate.base",
    "TranslationResult": "align.translate.base",
    "TermCheck": "align.translate.base",
    "EnforceMode": "align.translate.base",
    "build_dataset": "align.publish",
    "collect_aligned": "align.publish",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'align' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = ["__version__", *_EXPORTS]
