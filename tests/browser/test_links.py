"""Every internal link and anchor in the built HTML resolves.

Reads the files, no browser: a link to another page must name a file that exists, and a
``#fragment`` must name an ``id`` (or ``<a name>``) on that page. A link starting with ``/``
is reported too: it works only when the book is served at the root of a host, not opened
from a folder or published under a sub-path.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .harness import BUILD_HTML, book_pages, require_built_book

# Which attribute of which tag points at another file.
LINK_ATTRIBUTES = {
    "a": "href",
    "area": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "data", "javascript", "ftp"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.anchors.add(values["id"])
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"])
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute):
            self.links.append(values[attribute].strip())


@functools.cache
def parse_page(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def link_problem(root: Path, page: Path, link: str) -> str | None:
    """Why ``link`` on ``page`` is broken, or None if it resolves inside ``root``."""
    parts = urlsplit(link)
    if parts.scheme in EXTERNAL_SCHEMES or parts.netloc:
        return None
    if parts.path.startswith("/"):
        return "root-relative link (breaks when the book is opened from a folder)"
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if target.is_dir():
        target = target / "index.html"
    if root.resolve() not in [target, *target.parents]:
        return "points outside the built book"
    if not target.is_file():
        return "missing file"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in parse_page(target).anchors:
        return f"no anchor #{fragment} in {target.relative_to(root.resolve()).as_posix()}"
    return None


def broken_links(root: Path) -> list[str]:
    """Every broken internal link in the built book at ``root``, one line each."""
    problems = []
    for name in book_pages(root):
        page = (root / name).resolve()
        for link in dict.fromkeys(parse_page(page).links):
            reason = link_problem(root, page, link)
            if reason:
                problems.append(f"{name}: {link!r}: {reason}")
    return problems


def test_every_internal_link_and_anchor_resolves():
    root = require_built_book()
    assert book_pages(root), f"no pages under {BUILD_HTML}"
    problems = broken_links(root)
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(problems)


def test_the_checker_reports_each_kind_of_broken_link(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<h1 id="top">Home</h1><a href="sub/page.html#part">ok</a>'
        '<a href="#top">ok</a><a href="https://example.org/x">external</a>'
        '<a href="missing.html">1</a><a href="sub/page.html#nowhere">2</a>'
        '<a href="/sub/page.html">3</a><a href="#gone">4</a>'
        '<img src="sub/pic.png" alt="">'
    )
    (tmp_path / "sub" / "page.html").write_text(
        '<a name="part"></a><link href="../index.html"><a href="../../outside.html">5</a>'
    )
    (tmp_path / "sub" / "pic.png").write_bytes(b"")

    problems = broken_links(tmp_path)

    assert problems == [
        "index.html: 'missing.html': missing file",
        "index.html: 'sub/page.html#nowhere': no anchor #nowhere in sub/page.html",
        "index.html: '/sub/page.html': root-relative link (breaks when the book is opened "
        "from a folder)",
        "index.html: '#gone': no anchor #gone in index.html",
        "sub/page.html: '../../outside.html': points outside the built book",
    ]
