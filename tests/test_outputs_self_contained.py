"""Nothing the package writes fetches anything when it is opened.

A letter, report, export or handout is opened by an employer, a lawyer or a committee.
An image, stylesheet, script or frame it loads from elsewhere would tell that host who
opened it and when (and, with ``?u=steward``, who sent it). So every writer is fed text
full of remote references, and its output is scanned for anything a reader would fetch
on opening it:

- HTML (and Markdown, rendered as a viewer that even passes raw HTML would): ``src``,
  ``srcset``, ``poster``, ``data``, ``background``; ``href`` on ``link``, ``base``, SVG
  ``image`` and ``use``; a refresh; CSS ``url()`` and ``@import`` in a ``style`` element or
  attribute. Only ``data:`` sources count as part of the file (an SVG one is scanned too).
- .docx: an external relationship other than a hyperlink (a linked picture, a remote
  template) and field codes that fetch (``INCLUDEPICTURE``, ``INCLUDETEXT``).
- CSV: a cell a spreadsheet would run as a formula (``=IMAGE("https://...")``).

A plain link (``<a href>``, a Word hyperlink) is allowed: it is followed only when the
reader chooses to click it. An address shown as text is allowed too: it is only words.
"""

from __future__ import annotations

import base64
import csv
import datetime
import io
import re
import zipfile
from html.parser import HTMLParser
from urllib.parse import unquote

import docx
import pandas as pd
import pytest
from markdown_it import MarkdownIt

REMOTE = "https://host.example/p.png?u=steward"
# One line of every way text could ask for something to be fetched.
HOSTILE_LINE = (
    f"![p]({REMOTE}) ![q](//host.example/q.png) ![r](r.png) ![s][ref] "
    "[![t](https://host.example/t.png)](https://host.example/) "
    '<img src="https://host.example/i.png"> <img srcset="https://host.example/s.png 2x"> '
    '<link rel="stylesheet" href="https://host.example/s.css"> '
    '<script src="https://host.example/x.js"></script> '
    '<iframe src="https://host.example/f"></iframe> <object data="https://host.example/o"></object> '
    "<style>@import 'https://host.example/i.css'; body { background: url(//host.example/b.png) }"
    '</style> <div style="background:url(https://host.example/d.png)">x</div> '
    '<meta http-equiv="refresh" content="0;url=https://host.example/"> '
    '<video poster="https://host.example/v.png"></video> '
    '=IMAGE("https://host.example/c.png") [click](https://host.example/page) '
    "<https://host.example/auto>"
)
# As a whole Markdown file: the reference definition, and images in block positions.
HOSTILE_MARKDOWN = (
    f'# Notes\n\n{HOSTILE_LINE}\n\n![alone]({REMOTE} "title")\n\n![angle](<{REMOTE}>)\n\n'
    "| a | b |\n| --- | --- |\n| ![cell](https://host.example/cell.png) | x |\n\n"
    "- ![item](https://host.example/item.png)\n\n"
    f"[ref]: {REMOTE}\n"
)


# --- the scanners -------------------------------------------------------------------------

_CSS_LOADS = re.compile(r"url\(\s*(?!['\"]?\s*data:)|@import", re.I)
_SOURCE_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc"}
_HREF_LOADS = {"link", "base", "image", "use", "feimage"}


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name in _SOURCE_ATTRIBUTES or (
                name in ("href", "xlink:href") and tag in _HREF_LOADS
            ):
                self.found += [f"<{tag} {name}={value}>" for u in _urls(name, value) if _loads(u)]
            elif name == "style" and _CSS_LOADS.search(value):
                self.found.append(f"<{tag} style={value}>")
            elif tag == "meta" and name == "content" and "url=" in value.lower():
                self.found.append(f"<meta content={value}>")
        self.in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.in_style = False

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style and _CSS_LOADS.search(data):
            self.found.append(f"<style>{data}</style>")


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [part.split()[0] for part in value.split(",") if part.split()]
    return [value.strip()]


def _loads(url: str) -> bool:
    """True unless ``url`` is carried inside the file (a ``data:`` URI with nothing remote)."""
    if not url.lower().startswith("data:"):
        return True
    head, _, body = url.partition(",")
    if "svg" not in head:
        return False
    svg = base64.b64decode(body).decode() if head.endswith(";base64") else unquote(body)
    return bool(html_loads(svg))


def html_loads(html: str) -> list[str]:
    """Every reference in ``html`` that a browser would fetch on opening it."""
    parser = _Loads()
    parser.feed(html)
    parser.close()
    return parser.found


def markdown_loads(markdown: str) -> list[str]:
    """What a Markdown viewer would fetch, even one that passes raw HTML through."""
    return html_loads(MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown))


_FETCHING_FIELDS = re.compile(r"INCLUDEPICTURE|INCLUDETEXT|\bLINK\b", re.I)


def docx_loads(data: bytes) -> list[str]:
    """External relationships other than hyperlinks, and field codes that fetch."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", errors="replace")
            if name.endswith(".rels"):
                for relationship in re.findall(r"<Relationship [^>]*>", text):
                    external = 'TargetMode="External"' in relationship
                    if external and not re.search(r'Type="[^"]*/hyperlink"', relationship):
                        found.append(f"{name}: {relationship}")
            elif name.endswith(".xml"):
                codes = " ".join(re.findall(r"<w:instrText[^>]*>([^<]*)<", text))
                codes += " ".join(re.findall(r'w:instr="([^"]*)"', text))
                found += [f"{name}: field {c}" for c in _FETCHING_FIELDS.findall(codes)]
                found += [f"{name}: linked picture" for c in re.findall(r"r:link=", text)]
    return found


def csv_loads(text: str) -> list[str]:
    """Cells a spreadsheet would run as a formula (one of them may fetch, as =IMAGE does)."""
    found = []
    for row in csv.reader(io.StringIO(text, newline="")):
        for value in row:
            if value[:1] in ("=", "+", "-", "@") and not re.fullmatch(r"[-+]?[\d.,]+%?", value):
                found.append(value)
    return found


def loads(content, kind: str) -> list[str]:
    if kind == "docx":
        return docx_loads(content)
    if kind == "csv":
        return csv_loads(content)
    if kind == "markdown":
        return markdown_loads(content)
    return html_loads(content)


# --- the scanners catch what they look for (a scan that cannot fail proves nothing) -------


def test_the_html_scan_finds_each_kind_of_load():
    found = " ".join(html_loads(HOSTILE_LINE))
    for needle in ("img src", "img srcset", "link href", "script src", "iframe src"):
        assert needle.replace(" ", " ") in found.replace("=", " ")
    for needle in ("object data", "video poster", "<style>@import", "div style", "meta content"):
        assert needle.replace(" ", " ") in found.replace("=", " ")
    svg = base64.b64encode(b'<svg><image href="https://host.example/x.png"/></svg>').decode()
    assert html_loads(f'<img src="data:image/svg+xml;base64,{svg}">')
    assert not html_loads('<a href="https://host.example/">a link</a> https://host.example/')
    assert not html_loads('<img src="data:image/png;base64,AAAA"><style>a{b:url(data:x)}</style>')


def test_the_markdown_docx_and_csv_scans_find_loads():
    assert len(markdown_loads(f"![p]({REMOTE})\n\n![r][x]\n\n[x]: r.png\n")) == 2
    assert not markdown_loads(f"[p]({REMOTE}) and {REMOTE} as text\n")
    document = docx.Document()
    document.add_paragraph("a picture linked from elsewhere")
    document.part.relate_to(REMOTE, docx.opc.constants.RELATIONSHIP_TYPE.IMAGE, is_external=True)
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_loads(buffer.getvalue())
    assert csv_loads('a,b\r\n"=IMAGE(""https://host.example/c.png"")",-1.5\r\n') == [
        '=IMAGE("https://host.example/c.png")'
    ]


# --- every writer, fed the hostile text ---------------------------------------------------

# A typed field is one line; .docx caps a file's title (the first heading) at 255 characters.
SHORT_LINE = f'![e]({REMOTE}) <img src="{REMOTE}"> <link rel="stylesheet" href="{REMOTE}">'
FIELDS = {
    "employer": SHORT_LINE,
    "workplace": "Riverside depot",
    "ai_system": "RateTrack",
    "group_name": "Riverside Workers' Committee",
    "contact": "committee@example.org",
    "date": "2026-11-22",
}
DAY = datetime.date(2026, 11, 22)


def hostile_audit():
    from collective_ai.audit import audit

    rows = [(HOSTILE_LINE, "F", j < 3) for j in range(10)]
    rows += [(f"{REMOTE}\n\n![x]({REMOTE})", "M", j < 8) for j in range(10)]
    return audit(
        pd.DataFrame(rows, columns=["crew", "sex", "kept"]), groups=["sex", "crew"], selected="kept"
    )


def letters():
    from collective_ai.demands import Attachment, draft_document, render

    attachments = {
        "uploaded": Attachment("notes", HOSTILE_MARKDOWN),
        "audit": Attachment.from_audit(hostile_audit(), data_description=HOSTILE_LINE, date=DAY),
    }
    for name, attachment in attachments.items():
        document = draft_document(
            ["bias-test-results"], form="letter", fields=FIELDS, attachment=attachment
        )
        for fmt in ("markdown", "html", "docx"):
            yield f"letter+{name}.{fmt}", render(document, fmt=fmt), fmt
    for form in ("petition", "proposal"):
        document = draft_document(["bias-test-results"], form=form, fields=FIELDS)
        for fmt in ("markdown", "html", "docx"):
            yield f"{form}.{fmt}", render(document, fmt=fmt), fmt


def audit_reports():
    from collective_ai.audit import ll144
    from collective_ai.audit.check import check_published
    from collective_ai.audit.check_report import html_table
    from collective_ai.audit.check_report import to_markdown as check_markdown
    from collective_ai.audit.report import to_html, to_markdown

    report = hostile_audit()
    yield "audit.markdown", to_markdown(report, data_description=HOSTILE_LINE), "markdown"
    yield "audit.html", to_html(report, data_description=HOSTILE_LINE), "html"
    summary = ll144.build_summary(
        report,
        audit_date=DAY,
        distribution_date=DAY,
        data_source=HOSTILE_LINE,
        data_type="historical",
        tool=HOSTILE_LINE,
    )
    yield "ll144.markdown", ll144.to_markdown(summary), "markdown"
    yield "ll144.html", ll144.to_html(summary), "html"
    quoted = '"' + HOSTILE_LINE.replace('"', '""') + '"'
    published = (
        f"table,category,applicants,selected,rate,impact_ratio\n"
        f"crew,{quoted},400,200,50.0%,1.00\ncrew,B,400,159,39.8%,0.80\n"
    )
    checked = check_published(published.encode())
    yield "audit-check.markdown", check_markdown(checked), "markdown"
    yield "audit-check.html", html_table(checked), "html"


def evidence_exports(tmp_path):
    from collective_ai.evidence.store import EvidenceStore
    from collective_ai.evidence.summary import export

    store = EvidenceStore(tmp_path / "log.db")
    text = HOSTILE_LINE[:1000]
    store.add_system(text, vendor=text, decides=text, affects=text, location=text, known_from=text)
    store.add_incident(
        system=text,
        date="2026-11-01",
        effect=text,
        what=text,
        action=text,
        outcome=text,
        affected_group=text,
        source=text,
    )
    for fmt in ("markdown", "html", "docx", "csv"):
        yield f"evidence.{fmt}", export(store, fmt=fmt, include_text=True), fmt


def survey_summaries():
    from collective_ai.evidence import paper
    from collective_ai.evidence.responses import read_responses
    from collective_ai.evidence.survey import summarize

    answer = '"' + HOSTILE_LINE.replace('"', '""') + '"'
    data = ("team,answer\n" + f"night,{answer}\n" * 6 + "day,plain\n" * 6).encode()
    summary = summarize(read_responses(data), question="answer", by="team", k=5)
    for fmt in ("markdown", "html", "docx", "csv"):
        yield f"survey.{fmt}", summary.render(fmt=fmt), fmt
    for fmt in ("markdown", "html", "docx"):
        yield f"paper-survey.{fmt}", paper.render("survey", fmt=fmt, workplace=HOSTILE_LINE), fmt


@pytest.mark.parametrize(
    "source", ["letters", "audit_reports", "evidence_exports", "survey_summaries"]
)
def test_no_writer_output_fetches_anything_on_opening(source, tmp_path):
    writers = {
        "letters": letters,
        "audit_reports": audit_reports,
        "survey_summaries": survey_summaries,
    }
    outputs = list(
        evidence_exports(tmp_path) if source == "evidence_exports" else writers[source]()
    )
    assert outputs
    found = {name: loads(content, kind) for name, content, kind in outputs}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_a_remote_image_is_shown_as_its_words_and_address():
    """Dropped as an image, kept as text: the reader still sees what the file pointed to."""
    outputs = {name: content for name, content, _ in letters() if name.startswith("letter+up")}
    html = outputs["letter+uploaded.html"]
    assert f"[Image not included: p ({REMOTE.replace('&', '&amp;')})]" in html
    assert "[Image not included: alone (https://host.example/p.png?u=steward)]" in html
    assert '<a href="https://host.example/page">click</a>' in html  # a link is only clicked
    words = [p.text for p in docx.Document(io.BytesIO(outputs["letter+uploaded.docx"])).paragraphs]
    assert f"[Image not included: alone ({REMOTE})]" in words
    assert f'!\\[alone]({REMOTE} "title")' in outputs["letter+uploaded.markdown"]


def test_a_long_typed_name_shortens_the_docx_title_instead_of_failing():
    from collective_ai.demands import draft_document, render

    fields = {**FIELDS, "employer": HOSTILE_LINE, "ai_system": HOSTILE_LINE[:4900]}
    fields["group_name"] = HOSTILE_LINE
    for form in ("petition", "letter"):
        data = render(draft_document(["bias-test-results"], form=form, fields=fields), fmt="docx")
        properties = docx.Document(io.BytesIO(data)).core_properties
        assert len(properties.title) == 255
        assert properties.title.endswith("…")
        assert properties.title.startswith(("Petition to ![p]", "Request for information"))
        assert len(properties.author) == 255
        assert not docx_loads(data)


def test_the_audit_charts_stay_embedded_images():
    from collective_ai.audit.report import to_html, to_markdown

    report = hostile_audit()
    html = to_html(report, data_description="d")
    assert html.count('<img alt="Bar chart') == 3
    assert html.count('src="data:image/png;base64,') == 3
    tokens = MarkdownIt("commonmark").parse(to_markdown(report, data_description="d"))
    images = [c for t in tokens for c in t.children or [] if c.type == "image"]
    assert [i.attrs["src"][:22] for i in images] == ["data:image/png;base64,"] * 3


def test_workshop_handouts_fetch_nothing():
    from collective_ai.workshop.handouts import HANDOUTS
    from collective_ai.workshop.render import page_html

    found = {}
    for name, handout in HANDOUTS.items():
        if name.startswith(("lab-figure", "prediction-cards", "reveal")):
            continue  # the lab figures are simulated: tested by tests/test_workshop_pack.py
        found[name] = html_loads(page_html(handout.title, handout.build()))
    assert len(found) >= 9
    assert {name: hits for name, hits in found.items() if hits} == {}
