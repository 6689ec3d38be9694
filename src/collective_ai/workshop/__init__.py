"""Running a workshop: the printed handout pack (``python -m collective_ai.workshop``).

:mod:`.handouts` holds the one registry of handouts, :mod:`.sources` reads their words from
the book's own sources, :mod:`.labs` draws the lab handouts, :mod:`.render` prints PDFs
with headless Chromium.
"""
