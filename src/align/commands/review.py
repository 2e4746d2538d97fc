"""``align review``: look at and correct alignments and glossary findings in the browser."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from align.commands._common import Force, Quiet, info

if TYPE_CHECKING:
    from align.review.session import ReviewSession

EXAMPLES = (
    "Examples:\n\n"
    "  align review build/aligned -g glossaries/align-terms.tsv\n\n"
    "  align review out/pt-en.jsonl --segments out/segments --gold corpora\n\n"
    "  align review build/aligned -g glossaries/align-terms.tsv --export report.html\n\n"
    "  align review build/aligned --export-records reviewed/ --export-gold gold/"
)


def review_cmd(
    aligned: Annotated[list[Path], typer.Argument(
        help="Alignment output (JSONL records, as `align pair`/`align corpus` write them): "
             "files or folders.")],
    *,
    glossary: Annotated[Path | None, typer.Option(
        "--glossary", "-g", help="Glossary (TSV/CSV, TBX, JSON): highlight missing, forbidden "
                                 "and inconsistent terms.")] = None,
    gold: Annotated[Path | None, typer.Option(
        "--gold", help="Gold beads folder (<doc>/gold/<src>-<tgt>.beads as in corpora/, or "
                       "<doc>/<src>-<tgt>.beads): mark beads that differ from gold.")] = None,
    segments: Annotated[Path | None, typer.Option(
        "--segments", help="Segments the alignment was made from (<doc>/<lang>.jsonl); "
                           "default: a segments/ folder beside the input, else the records.")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Review folder where edits are saved as they happen (bead files, "
                            "state, review-log.jsonl); default: <first input>-review beside "
                            "it. Reopening it resumes the review.")] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help="Name written to the review log (default: the login name).")] = None,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on. Anything but loopback needs the printed "
                       "access token.")] = "127.0.0.1",
    port: Annotated[int | None, typer.Option(
        "--port", help="Port (default: 8765, or a free one when it is taken).", min=0,
        max=65535)] = None,
    no_browser: Annotated[bool, typer.Option(
        "--no-browser", help="Do not open a browser; just print the URL.")] = False,
    restart: Annotated[bool, typer.Option(
        "--restart", help="Discard the saved review in the review folder and start over.")] = False,
    export: Annotated[Path | None, typer.Option(
        "--export", help="Write one self-contained read-only HTML report (no server, no "
                         "external requests) and exit.")] = None,
    export_records: Annotated[Path | None, typer.Option(
        "--export-records", help="Write the reviewed alignment as records "
                                 "(<dir>/<doc>/<src>-<tgt>.jsonl, for `align publish`) and exit.")] = None,
    export_gold: Annotated[Path | None, typer.Option(
        "--export-gold", help="Write the reviewed beads as gold "
                              "(<dir>/<doc>/<src>-<tgt>.beads, for `align eval`) and exit.")] = None,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Review alignments in the browser: fix beads, accept them, see glossary findings.

    Starts a local web app and prints its URL. Per document pair the two texts are shown
    side by side, bead by bead, coloured by confidence (or score), with a review queue
    (lowest first), filters and keyboard editing (merge, split, move, unalign, accept,
    undo, redo). Every edit is saved at once in the review folder (never over the
    input). Ctrl-C stops the server. See docs/review.md.
    """
    from align.errors import BackendUnavailable, UsageError
    from align.review.load import load_pair_docs
    from align.review.session import ReviewSession
    from align.review.store import ReviewStore, default_out

    exporting = export is not None or export_records is not None or export_gold is not None
    if exporting and restart:
        raise UsageError("--restart goes with a live review, not with --export*")
    if not exporting:
        try:
            import starlette  # noqa: F401
            import uvicorn  # noqa: F401
        except ImportError:
            raise BackendUnavailable("align review needs the review extra: "
                                     "pip install 'align[review]'") from None
    if export is not None:
        from align.io import check_writable

        check_writable(export, force=force)  # fail before the work, not after
    docs = load_pair_docs(aligned, segments=segments, gold=gold)
    gloss = None
    if glossary is not None:
        from align.glossary import load_glossary

        gloss = load_glossary(glossary)
    name = reviewer or _login()
    root = out if out is not None else default_out(aligned[0])
    store = ReviewStore(root, reviewer=name)
    session = ReviewSession(docs, glossary=gloss, store=store, restart=restart, readonly=exporting,
                            warn=lambda m: info(f"warning: {m}", quiet=quiet))
    from align.progress import track

    for p in track(session.pairs, description="glossary findings",
                   enabled=gloss is not None and not quiet):
        session.findings(p)
    if exporting:
        if export is not None:
            from align.review.export import write_static

            write_static(session, export, force=force)
            info(f"wrote {export} ({len(docs)} document pair(s), read-only)", quiet=quiet)
        if export_records is not None:
            paths = session.export_records(export_records, force=force)
            info(f"wrote {len(paths)} record file(s) under {export_records}", quiet=quiet)
        if export_gold is not None:
            paths = session.export_gold(export_gold, force=force)
            info(f"wrote {len(paths)} gold bead file(s) under {export_gold}", quiet=quiet)
        unreviewed = sum(len(p.beads) - session.counts(p)["reviewed"] for p in session.pairs)
        if unreviewed:
            info(f"note: {unreviewed} bead(s) not reviewed yet", quiet=quiet)
        return
    _serve(session, host=host, port=port, reviewer=name, open_browser=not no_browser, quiet=quiet)


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): still log something
        return "reviewer"


def _serve(session: ReviewSession, *, host: str, port: int | None, reviewer: str,
           open_browser: bool, quiet: bool) -> None:
    from align.review.server import bind, create_app, is_loopback, new_token, serve

    loopback = is_loopback(host)
    token = None if loopback else new_token()
    hosts = ["127.0.0.1", "localhost", "::1"] if loopback else None
    sock = bind(host, port)
    real_port = sock.getsockname()[1]
    shown = host if ":" not in host else f"[{host}]"
    url = f"http://{shown}:{real_port}/" + (f"?token={token}" if token else "")
    store = session.store
    app = create_app(session, token=token, allowed_hosts=hosts, reviewer=reviewer,
                     export_dir=store.root / "export" if store is not None else None)
    if not loopback:
        info(f"warning: listening on {host}, reachable from other machines; every request "
             "needs the access token in the URL below. Share it only with reviewers.", quiet=False)
    typer.echo(url)
    info(f"{len(session.pairs)} document pair(s); edits are saved in {store.root if store else '-'}"
         " as they happen; Ctrl-C stops", quiet=quiet)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(0.5, lambda: webbrowser.open(url)).start()
    try:
        serve(app, sock)
    except KeyboardInterrupt:
        pass
    info("stopped; every edit is saved", quiet=quiet)


def register(app: typer.Typer) -> None:
    app.command(name="review", epilog=EXAMPLES)(review_cmd)
