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

import json
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from align.errors import BackendUnavailable, InputError, OutputExistsError, PublishError
from align.io import make_temp_dir
from align.lang import SUPPORTED, normalize_lang
from align.shutdown import deferred, release

SPLIT = "train"


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """One aligned bead rendered as text: the unit a dataset row is made from."""

    doc_id: str
    src_lang: str
    tgt_lang: str
    source: str
    target: str
    score: float
    bead: str  # bead type, "1-1", "2-1", ...

    @property
    def config(self) -> str:
        """The dataset config (language pair) this pair belongs to: English first, else sorted."""
        return config_name(self.src_lang, self.tgt_lang)


@dataclass(frozen=True)
class PublishResult:
    """What :func:`build_dataset` wrote."""

    path: Path
    configs: dict[str, int]  # config -> number of rows
    files: list[Path] = field(default_factory=list)


def config_name(lang_a: str, lang_b: str) -> str:
    """``("pt", "en") -> "en-pt"``; ``("zh-Hant", "zh-Hans") -> "zh-Hans-zh-Hant"``."""
    a, b = sorted((lang_a, lang_b), key=lambda lang: (lang != "en", lang))
    return f"{a}-{b}"


def _hub_language(tag: str) -> str:
    """The ISO 639-1 code the hub's ``language:`` field wants (``zh-Hant`` -> ``zh``)."""
    return tag.split("-")[0]


def _size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                         (1_000_000, "100K<n<1M")):
        if n < limit:
            return label
    return "n>1M"


# --------------------------------------------------------------------------- reading


def _pair_from_record(rec: Mapping[str, Any], *, where: str, doc_id: str | None,
                      langs: tuple[str, str] | None) -> AlignedPair | None:
    source = rec.get("source", rec.get("src"))
    target = rec.get("target", rec.get("tgt"))
    if not isinstance(source, str) or not isinstance(target, str):
        raise InputError(f"{where}: record needs text fields 'source' and 'target'")
    if not source.strip() or not target.strip():
        return None  # a 1-0 / 0-1 bead has nothing to translate: not a dataset row
    src_lang = rec.get("src_lang") or (langs[0] if langs else None)
    tgt_lang = rec.get("tgt_lang") or (langs[1] if langs else None)
    doc = rec.get("doc_id") or doc_id
    if not src_lang or not tgt_lang or not doc:
        raise InputError(
            f"{where}: record needs doc_id, src_lang and tgt_lang (or a path <doc_id>/<src>-<tgt>.jsonl)"
        )
    bead = rec.get("bead", rec.get("kind", ""))
    if isinstance(bead, str) and ":" in bead:  # "[0,1]:[2]" -> "2-1"
        left, right = bead.split(":", 1)
        bead = f"{len(json.loads(left))}-{len(json.loads(right))}"
    try:
        score = float(rec.get("score", 0.0))
    except (TypeError, ValueError):
        raise InputError(f"{where}: score {rec.get('score')!r} is not a number") from None
    return AlignedPair(
        doc_id=str(doc), src_lang=normalize_lang(src_lang, supported_only=False),
        tgt_lang=normalize_lang(tgt_lang, supported_only=False),
        source=source, target=target, score=score, bead=str(bead),
    )


def split_pair(name: str) -> tuple[str, str] | None:
    """``"pt-en"`` / ``"en-zh-Hant"`` / ``"zh-Hans-zh-Hant"`` -> the two tags, else None."""
    parts = name.split("-")
    for cut in range(1, len(parts)):
        a, b = "-".join(parts[:cut]), "-".join(parts[cut:])
        if _is_tag(a) and _is_tag(b):
            return a, b
    return None


def _is_tag(tag: str) -> bool:
    """A supported canonical tag, or a bare 2-3 letter language code."""
    return tag in SUPPORTED or (len(tag) in (2, 3) and tag.isalpha() and tag.islower())


def read_aligned_jsonl(path: str | Path) -> list[AlignedPair]:
    """Read alignment output (``align pair --format jsonl``), one bead per line.

    ``doc_id`` and the languages come from each record, else from a path of the form
    ``<doc_id>/<src>-<tgt>.jsonl`` (what ``align corpus --format jsonl`` writes).
    """
    from align.io import iter_jsonl, read_text

    path = Path(path)
    langs = split_pair(path.name.removesuffix(".jsonl"))
    pairs = []
    for n, rec in iter_jsonl(read_text(path), name=str(path)):
        pair = _pair_from_record(rec, where=f"{path}:{n}", doc_id=path.parent.name, langs=langs)
        if pair is not None:
            pairs.append(pair)
    return pairs


def collect_aligned(paths: Iterable[str | Path]) -> list[AlignedPair]:
    """Read every ``.jsonl`` file given, descending into folders (sorted, deterministic)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(p.rglob("*.jsonl")))
        elif p.exists():
            files.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    if not files:
        raise InputError("no aligned .jsonl files found in: " + ", ".join(map(str, paths)))
    pairs = [pair for f in files for pair in read_aligned_jsonl(f)]
    if not pairs:
        raise InputError("the aligned files hold no pair with text on both sides")
    return pairs


# --------------------------------------------------------------------------- building


def _rows(pairs: Sequence[AlignedPair]) -> dict[str, list[dict[str, Any]]]:
    by_config: dict[str, list[dict[str, Any]]] = defaultdict(list)
    counters: dict[tuple[str, str], int] = defaultdict(int)
    for p in pairs:
        key = (p.config, p.doc_id)
        n = counters[key]
        counters[key] += 1
        by_config[p.config].append({
            "id": f"{p.doc_id}-{p.config}-{n:05d}",
            "doc_id": p.doc_id,
            "translation": {p.src_lang: p.source, p.tgt_lang: p.target},
            "score": float(p.score),
            "bead": p.bead,
        })
    return dict(sorted(by_config.items()))


def render_card(
    configs: Mapping[str, int], *, name: str, license: str, description: str = "",
    provenance: str = "", method: str = "", checks: str = "", source_datasets: Sequence[str] = (),
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
        "confidence for the bead), `bead` (bead type: `1-1`, `2-1`, ...). One split: `train`. "
        "TMX exports of every config are in `tmx/`.", "",
        "```python", "from datasets import load_dataset",
        f"ds = load_dataset(\"<this repo or folder>\", \"{next(iter(configs), 'en-pt')}\")", "```", "",
    ]
    if provenance:
        body += ["## Source and provenance", "", provenance.strip(), ""]
    if method:
        body += ["## How it was aligned", "", method.strip(), ""]
    if checks:
        body += ["## How it was checked", "", checks.strip(), ""]
    return "---\n" + yaml.safe_dump(header, sort_keys=False, allow_unicode=True) + "---\n\n" + "\n".join(body)


def _config_langs(cfg: str) -> tuple[str, str]:
    langs = split_pair(cfg)
    if langs is None:
        raise InputError(f"bad config name {cfg!r}: expected <lang>-<lang>")
    return langs


def _write_tmx(path: Path, rows: Sequence[Mapping[str, Any]], langs: tuple[str, str]) -> None:
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage=langs[0], targetlanguage=langs[1])
    for row in rows:
        tr = row["translation"]
        store.addtranslation(tr[langs[0]], langs[0], tr[langs[1]], langs[1])
    path.write_bytes(bytes(store))


def build_dataset(
    pairs: Sequence[AlignedPair], out_dir: str | Path, *, name: str = "align parallel corpus",
    license: str = "other", force: bool = False, tmx: bool = True, **card: Any,
) -> PublishResult:
    """Write ``pairs`` as a hub-layout dataset folder at ``out_dir`` and return what was written.

    The folder is assembled in a temporary sibling and renamed into place, so a failure
    leaves any previous build untouched. ``card`` goes to :func:`render_card`.
    """
    try:
        import datasets
    except ImportError as exc:
        raise BackendUnavailable("publishing needs 'datasets': pip install 'align[publish]'") from exc
    if not pairs:
        raise InputError("nothing to publish: no aligned pairs")
    out = Path(out_dir)
    if out.exists() and not force:
        raise OutputExistsError(f"{out}: output exists; pass --force to overwrite")
    out.parent.mkdir(parents=True, exist_ok=True)
    by_config = _rows(pairs)
    datasets.disable_progress_bars()  # align draws its own progress; keep stderr readable
    tmp = make_temp_dir(out)  # hidden sibling; removed on error or signal (align.shutdown)
    try:
        files = []
        for cfg, rows in by_config.items():
            langs = _config_langs(cfg)
            features = datasets.Features({
                "id": datasets.Value("string"),
                "doc_id": datasets.Value("string"),
                "translation": datasets.Translation(languages=list(langs)),
                "score": datasets.Value("float32"),
                "bead": datasets.Value("string"),
            })
            ds = datasets.Dataset.from_list(rows, features=features)
            shard = tmp / cfg / f"{SPLIT}-00000-of-00001.parquet"
            shard.parent.mkdir(parents=True)
            ds.to_parquet(str(shard))
            files.append(shard)
            if tmx:
                (tmp / "tmx").mkdir(exist_ok=True)
                _write_tmx(tmp / "tmx" / f"{cfg}.tmx", rows, langs)
                files.append(tmp / "tmx" / f"{cfg}.tmx")
        counts = {cfg: len(rows) for cfg, rows in by_config.items()}
        (tmp / "README.md").write_text(
            render_card(counts, name=name, license=license, **card), encoding="utf-8"
        )
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
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        release(tmp)
    written = [out / f.relative_to(tmp) for f in files] + [out / "README.md"]
    return PublishResult(path=out, configs=counts, files=written)


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
