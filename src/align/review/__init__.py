"""``align review``: look at and correct alignments and glossary findings in the browser.

One module per job: :mod:`~align.review.model` (beads, edits, the invariant: pure),
:mod:`~align.review.load` (records, sentences, gold), :mod:`~align.review.findings`
(the term judge's findings per bead), :mod:`~align.review.store` (the review folder:
atomic saves and the review log), :mod:`~align.review.session` (state, edits, exports,
the page's JSON), :mod:`~align.review.server` (Starlette app; needs ``align[review]``),
:mod:`~align.review.export` (the self-contained read-only HTML). The page's assets are
in ``static/``.
"""
