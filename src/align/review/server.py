"""The review web app (Starlette; served by uvicorn): the page, its assets and a JSON API.

API (every call under ``/api`` needs the header ``X-Align-Token`` when the server has a
token, and ``POST`` bodies must be JSON, so another web site cannot call it):

* ``GET  /api/meta``: reviewer, review folder, read-only flag;
* ``GET  /api/docs``: the document pairs with counts (beads, reviewed, findings);
* ``GET  /api/docs/{i}``: one pair: sentences, beads, findings, colour scale, version;
* ``POST /api/docs/{i}/edit``: ``{"op": ..., "version": n, ...}`` (see
  :func:`align.review.model.plan_edit`, plus ``undo`` and ``redo``); 200 with the splice,
  409 when the page is out of date, 422 when the edit is rejected (nothing changed);
* ``GET  /api/docs/{i}/findings``: the glossary findings of the current beads (the page
  asks after each edit);
* ``POST /api/export``: write the corrected records and gold beads into the review folder.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from align.errors import InputError, UsageError
from align.review.model import EditRejected

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from align.review.session import ReviewSession

STATIC = Path(__file__).resolve().parent / "static"
TOKEN_HEADER = "X-Align-Token"


def is_loopback(host: str) -> bool:
    """True for ``127.0.0.1``, ``::1``, ``localhost``: addresses only this machine reaches."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(18)


def page_html(*, static_data: str | None = None, inline_assets: bool = False) -> str:
    """The page: links to its assets, or (static export) with CSS, JS and data inline."""
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    if not inline_assets:
        return html.replace("<!--DATA-->", "")
    css = (STATIC / "review.css").read_text(encoding="utf-8")
    js = (STATIC / "review.js").read_text(encoding="utf-8")
    html = html.replace('<link rel="stylesheet" href="static/review.css">', f"<style>\n{css}</style>")
    html = html.replace('<script src="static/review.js"></script>',
                        "<script>\n" + js.replace("</script", "<\\/script") + "</script>")
    data = static_data or ""
    return html.replace("<!--DATA-->", data)


def create_app(session: ReviewSession, *, token: str | None = None,
               allowed_hosts: list[str] | None = None, reviewer: str = "",
               export_dir: Path | None = None) -> Starlette:
    """The Starlette app over ``session``."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    def error(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=status)

    def authorised(request: Request) -> bool:
        if token is None:
            return True
        given = request.headers.get(TOKEN_HEADER, "")
        return secrets.compare_digest(given.encode(), token.encode())

    def api(fn: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            if not authorised(request):
                return error(401, "missing or wrong access token (open the URL align review printed)")
            body: dict[str, Any] = {}
            if request.method == "POST":
                if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
                    return error(415, "send JSON (Content-Type: application/json)")
                try:
                    raw = json.loads(await request.body() or b"{}")
                except json.JSONDecodeError:
                    return error(400, "the request body is not valid JSON")
                if not isinstance(raw, dict):
                    return error(400, "the request body must be a JSON object")
                body = raw
            try:  # in a worker thread: judging a long document must not stall other calls
                result = await run_in_threadpool(fn, request, body)
                return JSONResponse(result, headers={"Cache-Control": "no-store"})
            except EditRejected as exc:
                return error(409 if "out of date" in str(exc) else 422, str(exc))
            except UsageError as exc:
                return error(400, str(exc))
            except OSError as exc:  # the review folder cannot be written: say so, keep serving
                return error(500, f"cannot save the review: {exc.strerror or exc} "
                                  f"({exc.filename or 'review folder'}); nothing was changed")
        return endpoint

    def doc_index(request: Request) -> int:
        return int(request.path_params["index"])

    def meta(request: Request, body: dict[str, Any]) -> dict[str, Any]:
        store = session.store
        return {"reviewer": reviewer, "readonly": session.readonly,
                "out": str(store.root) if store is not None else None,
                "glossary": session.glossary is not None, "docs": len(session.pairs)}

    def docs(request: Request, body: dict[str, Any]) -> list[dict[str, Any]]:
        return session.doc_list()

    def doc(request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return session.doc_view(doc_index(request))

    def findings(request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return session.findings_view(doc_index(request))

    def do_edit(request: Request, body: dict[str, Any]) -> dict[str, Any]:
        version = body.pop("version", None)
        if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
            raise EditRejected("version must be an integer")
        return session.edit(doc_index(request), body, version=version)

    def export(request: Request, body: dict[str, Any]) -> dict[str, Any]:
        if export_dir is None:
            raise EditRejected("this review has no folder to export into")
        records = session.export_records(export_dir / "records", force=True)
        gold = session.export_gold(export_dir / "gold", force=True)
        return {"records": str(export_dir / "records"), "gold": str(export_dir / "gold"),
                "files": len(records) + len(gold)}

    async def index(request: Request) -> Response:
        return HTMLResponse(page_html(), headers={"Cache-Control": "no-store"})

    routes = [
        Route("/", index),
        Route("/api/meta", api(meta)),
        Route("/api/docs", api(docs)),
        Route("/api/docs/{index:int}", api(doc)),
        Route("/api/docs/{index:int}/findings", api(findings)),
        Route("/api/docs/{index:int}/edit", api(do_edit), methods=["POST"]),
        Route("/api/export", api(export), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = []
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    return Starlette(routes=routes, middleware=middleware)


def bind(host: str, port: int | None) -> socket.socket:
    """A listening socket on ``host:port``; ``port`` None tries 8765, then any free port."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    for candidate in ([8765, 0] if port is None else [port]):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), candidate))
        except OSError as exc:
            sock.close()
            if port is None and candidate != 0:
                continue
            raise InputError(f"--host {host} --port {candidate}: cannot listen there "
                             f"({exc.strerror}); pass another --port") from None
        sock.listen(128)
        sock.set_inheritable(True)
        return sock
    raise InputError(f"--host {host}: no free port")  # pragma: no cover


def serve(app: Starlette, sock: socket.socket) -> None:
    """Serve until Ctrl-C (uvicorn stops cleanly on SIGINT and SIGTERM)."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


class ServerThread:
    """The app served from a background thread (for tests and benchmarks): ``with
    ServerThread(app) as url: ...`` listens on a free loopback port until the block ends."""

    def __init__(self, app: Starlette, host: str = "127.0.0.1") -> None:
        import threading

        import uvicorn

        self.sock = bind(host, 0)
        self.url = f"http://{host}:{self.sock.getsockname()[1]}/"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off",
                                                    access_log=False))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    def __enter__(self) -> str:
        import time

        self.thread.start()
        while not self.server.started and self.thread.is_alive():
            time.sleep(0.01)
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
