"""Aligned pairs -> a Hugging Face dataset folder (parquet in the hub layout, a card, TMX).

The folder is built locally first and atomically (a temporary folder renamed into place);
pushing is a separate step that uploads exactly what was built. ``datasets`` and
``huggingface_hub`` are imported only inside the functions that need them.

Layout of a built folder::

    README.md                              dataset card with the YAML header the hub reads
    en-pt/train-00000-of-00001.parquet     one folder per config (language pair)
    tmx/en-pt.tmx                          the same pairs as TMX 1.4
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from align.errors import BackendUnavailable, InputError, OutputExistsError, PublishError
from align.io import make_temp_dir
from align.lang import base_language, hub_language, normalize_lang, split_lang_pair
from align.records import AlignedRecord
from align.shutdown import deferred, release

SPLIT = "train"
_BATCH = 4096  # rows per parquet row group written at once


@dataclass(frozen=True)
class PublishResult:
    """What :func:`build_dataset` wrote."""

    path: Path
    configs: dict[str, int]  # config -> number of rows
    files: list[Path] = field(default_factory=list)


def config_name(lang_a: str, lang_b: str) -> str:
    """``("pt", "en") -> "en-pt"``; ``("zh-Hant", "zh-Hans") -> "zh-Hans-zh-Hant"``.

    Tags keep their region and script: ``("pt-PT", "en") -> "en-pt-PT"``, and pt-BR and
    pt-PT pairs are two configs."""
    a, b = sorted((lang_a, lang_b), key=lambda lang: (base_language(lang) != "en", lang))
    return f"{a}-{b}"


def _hub_language(tag: str) -> str:
    """The ISO 639-1 code the hub's ``language:`` field wants (``zh-Hant`` -> ``zh``)."""
    return hub_language(tag)


def _size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                         (1_000_000, "100K<n<1M")):
        if n < limit:
            return label
    return "n>1M"


# --------------------------------------------------------------------------- reading


class RecordFiles:
    """The aligned records of files and folders, read as a stream each time it is iterated.

    Folders are searched recursively for records files (``.jsonl``, ``.jsonl.gz``,
    ``.parquet``, ``.tmx``; :func:`align.recordio.find_record_files`), in sorted order; a
    record's missing ``doc_id``/languages come from its path (``<doc_id>/<src>-<tgt>.jsonl``,
    ``<doc_id>.<src>-<tgt>.jsonl``). Two files holding the same document pair (say
    ``pt-en.jsonl`` and ``pt-en.tmx`` of one run) are refused: they would publish every row
    twice.
    """

    def __init__(self, paths: Iterable[str | Path]) -> None:
        from align.recordio import find_record_files

        given = [Path(p) for p in paths]
        if any(str(p) == "-" for p in given):
            raise InputError("publish reads files and folders, not stdin; save the records first")
        self.files = find_record_files(given)
        if not self.files:
            raise InputError("no aligned records (.jsonl, .parquet, .tmx) found in: "
                             + ", ".join(map(str, given)))

    def __iter__(self) -> Iterator[AlignedRecord]:
        from align.recordio import read_records

        owner: dict[tuple[str, str, str], Path] = {}
        for path in self.files:
            mine: set[tuple[str, str, str]] = set()
            for rec in read_records(path):
                key = (rec.doc_id, rec.src_lang, rec.tgt_lang)
                if key not in mine:
                    if key in owner:
                        raise InputError(
                            f"{path}: holds document {rec.doc_id} ({rec.src_lang}-{rec.tgt_lang}) "
                            f"again, already read from {owner[key]}; publish one of the two")
                    owner[key] = path
                    mine.add(key)
                yield rec


def nothing_to_publish(files: Sequence[str | Path] = ()) -> InputError:
    """The error for inputs without one aligned pair with text on both sides, naming the
    files read (all of them, or the first three and how many more)."""
    where = ", ".join(map(str, files[:3])) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    return InputError(f"{where + ': ' if where else ''}nothing to publish: the records are empty "
                      "or none has text on both sides")


def collect_aligned(paths: Iterable[str | Path]) -> RecordFiles:
    """The records of ``paths`` (files, or folders searched recursively): see :class:`RecordFiles`."""
    return RecordFiles(paths)


# --------------------------------------------------------------------------- building


def _config_of(rec: AlignedRecord) -> tuple[str, str, str] | None:
    """(config, src tag, tgt tag) of a record that becomes a row; ``None`` for a bead with an
    empty side (1-0 / 0-1: nothing to translate)."""
    if not rec.source.strip() or not rec.target.strip():
        return None
    src = normalize_lang(rec.src_lang, where=f"document {rec.doc_id}")
    tgt = normalize_lang(rec.tgt_lang, where=f"document {rec.doc_id}")
    if src == tgt:
        raise InputError(f"document {rec.doc_id}: source and target are both {src!r}; a "
                         "translation pair needs two languages")
    return config_name(src, tgt), src, tgt


def _bead_type(rec: AlignedRecord) -> str:
    return rec.bead if rec.src_ids or rec.tgt_ids else ""  # TMX from other tools has no ids


@dataclass
class _Config:
    langs: tuple[str, str]
    rows: int = 0
    confidence: bool = False


def _survey(records: Iterable[AlignedRecord]) -> tuple[dict[str, _Config], list[str]]:
    """First pass: the configs, their row counts, whether any row has a confidence, and the
    run signatures (in order of appearance)."""
    configs: dict[str, _Config] = {}
    signatures: dict[str, None] = {}
    for rec in records:
        found = _config_of(rec)
        if found is None:
            continue
        cfg, a, b = found
        first, second = sorted((a, b), key=lambda lang: (lang != "en", lang))  # as config_name
        c = configs.setdefault(cfg, _Config((first, second)))
        c.rows += 1
        c.confidence |= rec.confidence is not None
        if rec.signature:
            signatures.setdefault(rec.signature)
    return dict(sorted(configs.items())), list(signatures)


def render_card(
    configs: Mapping[str, int], *, name: str, license: str, description: str = "",
    provenance: str = "", method: str = "", checks: str = "", source_datasets: Sequence[str] = (),
    confidence: bool = False, signatures: Sequence[str] = (),
) -> str:
    """The dataset card: YAML header (language, license, configs, ...) and a Markdown body."""
    import yaml

    languages = sorted({_hub_language(lang) for cfg in configs for lang in _config_langs(cfg)})
    total = sum(configs.values())
    header: dict[str, Any] = {
        "language": languages,
        "license": license,
        "multilinguality": "translation",
        "task_categories": ["translation"],
        "size_categories": [_size_category(total)],
        "pretty_name": name,
        "configs": [
            {"config_name": cfg, "data_files": [{"split": SPLIT, "path": f"{cfg}/{SPLIT}-*.parquet"}]}
            for cfg in configs
        ],
    }
    if source_datasets:
        header["source_datasets"] = list(source_datasets)
    table = "\n".join(f"| `{cfg}` | {n} |" for cfg, n in configs.items())
    body = [
        f"# {name}", "", description.strip() or "Sentence-aligned parallel text built with `align`.", "",
        "## Configurations", "", "| config | rows |", "|---|---|", table, "",
        "Each row: `id`, `doc_id`, `translation` (one text per language), `score` (the aligner's "
        "score for the bead: higher is better, not a probability), `bead` (bead type: `1-1`, "
        "`2-1`, ...; empty when the input did not say)"
        + (", `confidence` (the estimated probability that the bead is a correct alignment, "
           "from the aligner's calibration; empty where the aligner gave none)" if confidence else "")
        + ". One split: `train`. TMX exports of every config are in `tmx/`.", "",
        "```python", "from datasets import load_dataset",
        f"ds = load_dataset(\"<this repo or folder>\", \"{next(iter(configs), 'en-pt')}\")", "```", "",
    ]
    if provenance:
        body += ["## Source and provenance", "", provenance.strip(), ""]
    if method or signatures:
        body += ["## How it was aligned", ""]
        if method:
            body += [method.strip(), ""]
        if signatures:
            body += ["Run signature" + ("s" if len(signatures) > 1 else "") + " (version, "
                     "segmenter, encoder, glossary, aligner settings) of the records:", ""]
            body += [f"- `{sig}`" for sig in signatures[:10]]
            if len(signatures) > 10:
                body.append(f"- ... and {len(signatures) - 10} more")
            body.append("")
    if checks:
        body += ["## How it was checked", "", checks.strip(), ""]
    return "---\n" + yaml.safe_dump(header, sort_keys=False, allow_unicode=True) + "---\n\n" + "\n".join(body)


def _config_langs(cfg: str) -> tuple[str, str]:

    langs = split_lang_pair(cfg)
    if langs is None:
        raise InputError(f"bad config name {cfg!r}: expected <lang>-<lang>")
    return langs


def _features(langs: tuple[str, str], confidence: bool) -> Any:
    import datasets

    cols = {
        "id": datasets.Value("string"),
        "doc_id": datasets.Value("string"),
        "translation": datasets.Translation(languages=list(langs)),
        "score": datasets.Value("float32"),
        "bead": datasets.Value("string"),
    }
    if confidence:
        cols["confidence"] = datasets.Value("float32")
    return datasets.Features(cols)


def dataset_row(rec: AlignedRecord, cfg: str, src: str, tgt: str, n: int, *,
                confidence: bool) -> dict[str, Any]:
    """The dataset row of a record: the ``n``-th row of its document in config ``cfg``."""
    row = {"id": f"{rec.doc_id}-{cfg}-{n:05d}", "doc_id": rec.doc_id,
           "translation": {src: rec.source, tgt: rec.target},
           "score": float(rec.score), "bead": _bead_type(rec)}
    if confidence:
        row["confidence"] = rec.confidence
    return row


def _write_tmx_from_shard(shard: Path | Sequence[Path], tmx_path: Path,
                          langs: tuple[str, str]) -> None:
    """The TMX export of one config, streamed from its parquet shard(s), in order."""
    import pyarrow.parquet as pq

    from align.recordio import write_tmx

    shards = [shard] if isinstance(shard, Path) else list(shard)

    def records() -> Iterator[AlignedRecord]:
        for batch in (b for one in shards
                      for b in pq.ParquetFile(str(one)).iter_batches(batch_size=_BATCH)):
            for row in batch.to_pylist():
                tr = row["translation"]
                yield AlignedRecord(row["doc_id"], langs[0], langs[1], (), (), tr[langs[0]],
                                    tr[langs[1]], float(row["score"]), row.get("confidence"))

    with tmx_path.open("wb") as fh:
        write_tmx(fh, records())


def build_dataset(
    records: Iterable[AlignedRecord], out_dir: str | Path, *, name: str = "align parallel corpus",
    license: str = "other", force: bool = False, tmx: bool = True, **card: Any,
) -> PublishResult:
    """Write ``records`` as a hub-layout dataset folder at ``out_dir`` and return what was written.

    One config per language pair (English first), one row per record with text on both
    sides; a ``confidence`` column when any row of the config has one. ``records`` is read
    twice (a survey, then the rows) and never held in memory: pass a list or a
    :class:`RecordFiles`. The folder is assembled in a temporary sibling and renamed into
    place, so a failure leaves any previous build untouched. ``card`` goes to
    :func:`render_card`.
    """
    try:
        import datasets  # noqa: F401
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise BackendUnavailable("publishing needs 'datasets': pip install 'align[publish]'") from exc
    if iter(records) is records:  # a one-shot iterator cannot be read twice
        records = list(records)
    out = Path(out_dir)
    if out.exists() and not force:
        raise OutputExistsError(f"{out}: output exists; pass --force to overwrite")
    configs, signatures = _survey(records)
    if not configs:
        raise nothing_to_publish(records.files if isinstance(records, RecordFiles) else ())
    out.parent.mkdir(parents=True, exist_ok=True)
    with staging(out) as tmp:
        schemas = {cfg: _features(c.langs, c.confidence).arrow_schema for cfg, c in configs.items()}
        shards = {cfg: tmp / cfg / f"{SPLIT}-00000-of-00001.parquet" for cfg in configs}
        writers: dict[str, Any] = {}
        pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
        counters: dict[tuple[str, str], int] = defaultdict(int)

        def flush(cfg: str) -> None:
            if cfg not in writers:
                shards[cfg].parent.mkdir(parents=True)
                writers[cfg] = pq.ParquetWriter(str(shards[cfg]), schemas[cfg])
            writers[cfg].write_table(pa.Table.from_pylist(pending[cfg], schema=schemas[cfg]))
            pending[cfg].clear()

        try:
            for rec in records:
                found = _config_of(rec)
                if found is None:
                    continue
                cfg, src, tgt = found
                n = counters[(cfg, rec.doc_id)]
                counters[(cfg, rec.doc_id)] += 1
                pending[cfg].append(dataset_row(rec, cfg, src, tgt, n,
                                                confidence=configs[cfg].confidence))
                if len(pending[cfg]) >= _BATCH:
                    flush(cfg)
            for cfg in configs:
                if pending[cfg] or cfg not in writers:
                    flush(cfg)
        finally:
            for writer in writers.values():
                writer.close()
        counts = {cfg: c.rows for cfg, c in configs.items()}
        return finish_build(
            tmp, out, {cfg: [shards[cfg]] for cfg in configs},
            {cfg: c.langs for cfg, c in configs.items()}, counts, tmx=tmx,
            card=render_card(counts, name=name, license=license,
                             confidence=any(c.confidence for c in configs.values()),
                             signatures=signatures, **card))


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A hidden temporary sibling of ``out`` to build the dataset in: removed on error or
    signal (:mod:`align.shutdown`); the caller swaps it in with :func:`finish_build`."""
    tmp = make_temp_dir(out)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        release(tmp)


def finish_build(tmp: Path, out: Path, shards: Mapping[str, Sequence[Path]],
                 langs: Mapping[str, tuple[str, str]], counts: dict[str, int], *, tmx: bool,
                 card: str) -> PublishResult:
    """Complete the build in ``tmp`` (each config's Parquet ``shards`` written): a TMX per
    config when ``tmx``, the dataset card, then swap it in as ``out``."""
    written = [path for cfg in shards for path in shards[cfg]]
    if tmx:
        (tmp / "tmx").mkdir(exist_ok=True)
        for cfg in shards:
            _write_tmx_from_shard(shards[cfg], tmp / "tmx" / f"{cfg}.tmx", langs[cfg])
            written.append(tmp / "tmx" / f"{cfg}.tmx")
    (tmp / "README.md").write_text(card, encoding="utf-8")
    swap_in(tmp, out)
    return PublishResult(path=out, configs=counts,
                         files=[out / f.relative_to(tmp) for f in written] + [out / "README.md"])


def swap_in(tmp: Path, out: Path) -> None:
    """Put the folder built in ``tmp`` (a sibling of ``out``) in place of ``out``."""
    os.chmod(tmp, 0o755)
    with deferred():  # a signal waits until the new build is in place
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)


def load_built(path: str | Path, config: str) -> Any:
    """Load one config of a built folder with ``datasets.load_dataset`` (offline).

    A fresh cache folder is used each time: the ``datasets`` cache can hand back an older
    build of another folder with the same name and config instead of the files on disk.
    """
    import datasets

    with tempfile.TemporaryDirectory(prefix="align-load-") as cache:
        return datasets.load_dataset(str(path), config, split=SPLIT, cache_dir=cache,
                                     keep_in_memory=True)


# --------------------------------------------------------------------------- pushing


def push(path: str | Path, repo_id: str, *, private: bool = False, token: str | None = None) -> str:
    """Upload a built folder to the hub as dataset ``repo_id``; returns the repo URL.

    Each config goes up with ``DatasetDict.push_to_hub`` and the card follows, so the hub
    shows the same files as the local build. Offline or without a token it raises
    :class:`PublishError` and touches nothing locally.
    """
    path = Path(path)
    if "/" not in repo_id or repo_id.count("/") != 1 or not all(repo_id.split("/")):
        raise InputError(f"--push needs ORG/NAME, got {repo_id!r}")
    if not (path / "README.md").exists():
        raise InputError(f"{path}: not a built dataset folder (no README.md); build it first")
    try:
        import datasets
        import huggingface_hub
        from huggingface_hub.errors import HfHubHTTPError
    except ImportError as exc:
        raise BackendUnavailable("publishing needs 'datasets': pip install 'align[publish]'") from exc
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes"}:
        raise PublishError(f"HF_HUB_OFFLINE is set: not pushing; the local build in {path} is intact")
    token = token or huggingface_hub.get_token()
    if not token:
        raise PublishError(
            f"not logged in to the Hugging Face hub: run `hf auth login` or set HF_TOKEN; "
            f"the local build in {path} is intact"
        )
    configs = sorted(p.parent.name for p in path.glob(f"*/{SPLIT}-*.parquet"))
    try:
        for cfg in configs:
            ds = datasets.load_dataset(str(path), cfg)
            ds.push_to_hub(repo_id, config_name=cfg, private=private, token=token)
        api = huggingface_hub.HfApi(token=token)
        api.upload_file(path_or_fileobj=str(path / "README.md"), path_in_repo="README.md",
                        repo_id=repo_id, repo_type="dataset")
        if (path / "tmx").is_dir():
            api.upload_folder(folder_path=str(path / "tmx"), path_in_repo="tmx",
                              repo_id=repo_id, repo_type="dataset")
    except (HfHubHTTPError, OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PublishError(
            f"push to {repo_id!r} failed ({reason}); the local build in {path} is intact"
        ) from exc
    return f"https://huggingface.co/datasets/{repo_id}"


def provenance_from_corpus(root: str | Path) -> str:
    """A Markdown provenance list from the corpus' ``meta.json`` files."""
    from align.corpus import load_corpus

    lines = []
    for doc in load_corpus(Path(root)):
        meta = doc.meta
        byline = ", ".join(str(meta[k]) for k in ("source", "author", "date") if meta.get(k))
        lines.append(f"- `{doc.id}`: {meta.get('title') or doc.title}" + (f" ({byline})" if byline else ""))
        for lang, version in sorted((meta.get("versions") or {}).items()):
            if isinstance(version, dict) and version.get("provenance"):
                lines.append(f"  - `{lang}`: {version['provenance']}")
    return "\n".join(lines)
