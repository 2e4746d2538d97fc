"""The static export: one self-contained HTML file with the review page, read-only.

CSS, JavaScript and the data (every document pair's sentences, beads and findings) are
inline, and a Content-Security-Policy forbids every request, so the file opens anywhere
(a ticket, a pull request, a machine without network) and never reaches out.
"""

from __future__ import annotations

import json
from pathlib import Path

from align.review.server import page_html
from align.review.session import ReviewSession

#: No request may leave the page: inline styles and scripts only.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")


def static_html(session: ReviewSession) -> str:
    """The read-only page with everything inline."""
    data = json.dumps(session.static_payload(), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c")  # nothing in the data can close the script element
    html = page_html(static_data=f'<script id="align-data" type="application/json">{data}</script>',
                     inline_assets=True)
    return html.replace('<meta charset="utf-8">',
                        f'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" '
                        f'content="{CSP}">', 1)


def write_static(session: ReviewSession, path: str | Path, *, force: bool = False) -> None:
    """Write :func:`static_html` to ``path`` atomically (``force`` to overwrite)."""
    from align.io import write_text

    write_text(path, static_html(session), force=force)
