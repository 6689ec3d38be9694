"""Rendering: typed text is data in Markdown, HTML and .docx, and round-trips intact."""

from __future__ import annotations

import base64
import datetime as dt
import io
from html.parser import HTMLParser

import docx
import pandas
import pytest
from markdown_it import MarkdownIt

from collective_ai.demands import Attachment, draft_document, render
from collective_ai.demands.document import parse_blocks
from collective_ai.demands.fields import check_fields
from collective_ai.demands.registry import MEDIA_TYPES
from collective_ai.demands.render import export, file_name
from collective_ai.embed import data_uri
from collective_ai.errors import InputError

BASE = {
    "employer": "Acme Logistics",
    "workplace": "Riverside depot",
    "ai_system": "RateTrack",
    "group_name": "Riverside Workers' Committee",
    "contact": "committee@example.org",
    "date": "2026-11-22",
}
SEEDS = ["notice-of-ai-evaluation", "no-discipline-solely-on-ai", "bias-test-results"]

HOSTILE = [
    "**x**",
    "[a](javascript:alert(1))",
    "{{ 7*7 }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "<script>alert(1)</script>",
    "<b>bold</b> & <i>",
    "_under_ `code` ~~strike~~",
    "# heading\n- bullet\n1. item\n> quote",
    "![img](http://example.org/x.png)",
    "<https://example.org> www.example.org",
    "line one\\\nline two",
    "| a | b |\n|---|---|",
    "&amp; &lt; &#60;",
    "=====\n-----",
]
UNICODE = [
    "اتحاد عمال المستودع",  # Arabic (right to left)
    "ועד העובדים",  # Hebrew (right to left)
    "工会委员会 労働組合 노동조합",  # CJK
    "Solidarité ✊🏽 👩🏿‍🔧 🚚",  # accents, skin tones, a ZWJ sequence
    "Mixed: شركة Acme (מחסן 7)",
]


def petition(value: str, *, field: str = "employer", **extra):
    return draft_document(SEEDS, form="petition", fields={**BASE, field: value, **extra})


# ---------------------------------------------------------------------- markdown checks

FORBIDDEN_MD = {
    "link_open",
    "em_open",
    "strong_open",
    "html_inline",
    "html_block",
    "image",
    "code_inline",
    "code_block",
    "fence",
    "s_open",
    "blockquote_open",
}


def markdown_nodes(markdown: str):
    """Every token (block and inline) of CommonMark with tables and strikethrough."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for token in parser.parse(markdown):
        yield token
        yield from token.children or []


def markdown_paragraph_texts(markdown: str) -> list[str]:
    """The visible text of each paragraph, line breaks as newlines."""
    texts, current = [], None
    for token in markdown_nodes(markdown):
        if token.type == "paragraph_open":
            current = []
        elif token.type == "paragraph_close":
            texts.append("".join(current))
            current = None
        elif current is not None and token.type == "text":
            current.append(token.content)
        elif current is not None and token.type in ("softbreak", "hardbreak"):
            current.append("\n")
    return texts


@pytest.mark.parametrize("typed", HOSTILE)
def test_markdown_shows_typed_text_literally(typed):
    markdown = render(petition(typed, field="free_text"), fmt="markdown")
    kinds = {t.type for t in markdown_nodes(markdown)}
    assert not kinds & FORBIDDEN_MD
    assert typed in markdown_paragraph_texts(markdown)


@pytest.mark.parametrize("typed", ["**Acme**", "[a](javascript:alert(1))", "{{ 7*7 }}", "# Acme"])
def test_markdown_escapes_values_inside_headings_and_sentences(typed):
    markdown = render(petition(typed), fmt="markdown")
    assert not {t.type for t in markdown_nodes(markdown)} & FORBIDDEN_MD
    headings = [t for t in markdown_nodes(markdown) if t.type == "heading_open"]
    assert headings[0].tag == "h1"  # the typed "# Acme" did not start another heading
    texts = " ".join(markdown_paragraph_texts(markdown))
    assert f"We work at Riverside depot. {typed} uses RateTrack" in texts
    assert "49" not in markdown


# -------------------------------------------------------------------------- html checks


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def parse_html(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


@pytest.mark.parametrize("typed", HOSTILE)
def test_html_shows_typed_text_literally(typed):
    html = render(petition(typed, field="free_text"), fmt="html")
    page = parse_html(html)
    assert "script" not in page.tags
    assert "b" not in page.tags
    assert "img" not in page.tags
    assert not any(name.startswith("on") for name, _ in page.attrs)
    assert typed in "".join(page.text)


def test_html_is_self_contained_and_printable():
    html = render(petition("Acme"), fmt="html")
    page = parse_html(html)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert not [v for k, v in page.attrs if k in ("src", "href")]  # no external assets
    assert "@media print" in html
    assert page.tags.count("tr") == 1 + 20  # header row and the default 20 signature lines


# ------------------------------------------------------------------------- docx checks


def read_docx(document) -> docx.document.Document:
    return docx.Document(io.BytesIO(render(document, fmt="docx")))


def test_docx_has_heading_body_and_signature_table():
    doc = read_docx(petition("Acme", signers="5"))
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0].style.name == "Heading 1"
    assert headings[0].text == "Petition to Acme"
    assert [h.text for h in headings[1:4]] == [
        "Demand 1: Notice whenever an AI system evaluates us",
        "Demand 2: No discipline or dismissal based on AI alone",
        "Demand 3: Share every bias test of the system",
    ]
    body = [p.text for p in doc.paragraphs if p.style.name == "Normal"]
    assert any(t.startswith("Acme shall tell every employee at Riverside depot") for t in body)
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == [
        "No.",
        "Name",
        "Job or department",
        "Signature",
        "Date",
    ]
    assert len(table.rows) == 6
    assert table.rows[5].cells[0].text == "5"


@pytest.mark.parametrize("typed", HOSTILE)
def test_docx_keeps_typed_text_literal(typed):
    doc = read_docx(petition(typed, field="free_text"))
    assert typed in [p.text for p in doc.paragraphs]


# ---------------------------------------------------------------------------- unicode


@pytest.mark.parametrize("typed", UNICODE)
def test_unicode_round_trips_in_all_formats(typed):
    document = petition(typed, field="group_name", free_text=typed)
    markdown = render(document, fmt="markdown")
    assert typed in markdown_paragraph_texts(markdown)
    html = render(document, fmt="html")
    assert typed in parse_html(html).text
    paragraphs = [p.text for p in read_docx(document).paragraphs]
    assert typed in paragraphs
    assert f"Organised by {typed}.\nContact: committee@example.org" in paragraphs


def test_right_to_left_runs_are_marked_in_docx():
    doc = read_docx(petition("اتحاد", field="free_text"))
    run = next(r for p in doc.paragraphs for r in p.runs if r.text == "اتحاد")
    assert run.font.rtl is True


def test_html_isolates_typed_text_direction():
    html = render(petition("ועד", field="group_name"), fmt="html")
    assert '<bdi class="data">ועד</bdi>' in html


# ------------------------------------------------------------------------------ forms


def test_letter_asks_for_information_and_names_the_reply_address():
    document = draft_document(SEEDS, form="letter", fields={**BASE, "recipient": "Ms Rivera"})
    text = document.plain_text()
    assert "To: Ms Rivera, Acme Logistics" in text
    assert "Every bias test or audit of RateTrack carried out by or for Acme Logistics" in text
    assert "Please reply within 30 days to committee@example.org." in text
    assert not any(b.kind == "signatures" for b in document.blocks)


def test_proposal_numbers_sections_in_contract_style():
    document = draft_document(SEEDS, form="proposal", fields=BASE)
    text = document.plain_text()
    assert "Section 1. Definitions." in text
    assert "Section 2. Notice whenever an AI system evaluates us. Acme Logistics shall" in text
    assert "Section 5. Disputes." in text


def test_template_fields_use_their_defaults_or_typed_values():
    fields = {**BASE, "notice_days": "60"}
    document = draft_document(["advance-notice-of-new-technology"], form="proposal", fields=fields)
    assert "at least 60 days before introducing" in document.plain_text()
    document = draft_document(["advance-notice-of-new-technology"], form="proposal", fields=BASE)
    assert "at least 45 days before introducing" in document.plain_text()


def test_vendor_appears_only_when_given():
    without = draft_document(["bias-test-results"], form="letter", fields=BASE).plain_text()
    assert "supplied by" not in without
    assert " or  " not in without
    given = {**BASE, "vendor": "ScoreSoft"}
    text = draft_document(["bias-test-results"], form="letter", fields=given).plain_text()
    assert "(supplied by ScoreSoft)" in text
    assert "by or for Acme Logistics or ScoreSoft" in text


def test_date_defaults_to_today():
    values, _ = check_fields(
        {k: v for k, v in BASE.items() if k != "date"},
        form="petition",
        templates=[],
        today=dt.date(2026, 11, 22),
    )
    assert values["date"] == "22 November 2026"  # shown with the month as a word


# ----------------------------------------------------------------------------- errors


def test_missing_required_fields_are_all_named():
    fields = {k: v for k, v in BASE.items() if k not in ("employer", "contact")}
    with pytest.raises(InputError) as caught:
        draft_document(SEEDS, form="letter", fields=fields)
    message = str(caught.value)
    assert caught.value.field == "employer"
    assert "Employer (employer)" in message
    assert "Contact (contact)" in message


def test_preview_mode_shows_placeholders_for_missing_fields():
    fields = {k: v for k, v in BASE.items() if k != "employer"}
    document = draft_document(SEEDS, form="petition", fields=fields, strict=False)
    assert document.missing == ("Employer",)
    assert document.title == "Petition to [Employer]"


def test_contact_is_optional_on_a_petition():
    fields = {k: v for k, v in BASE.items() if k != "contact"}
    assert "Contact:" not in draft_document(SEEDS, form="petition", fields=fields).plain_text()


def test_field_over_5000_characters_is_refused_clearly():
    draft_document(SEEDS, form="petition", fields={**BASE, "free_text": "x" * 5000})
    with pytest.raises(InputError) as caught:
        draft_document(SEEDS, form="petition", fields={**BASE, "free_text": "x" * 5001})
    assert caught.value.field == "free_text"
    assert "5,001 characters" in str(caught.value)
    assert "5,000" in str(caught.value)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"signers": "lots"}, "signers", "whole number"),
        ({"signers": "0"}, "signers", "between 1 and 500"),
        ({"favourite_colour": "red"}, "favourite_colour", "no such field"),
        ({"employer": ["a"]}, "employer", "should be text"),
        ({"employer": "bad \ud800 surrogate"}, "employer", "lone surrogate"),
        ({"notice_days": "soon"}, "notice_days", "whole number"),
    ],
)
def test_bad_values_name_their_field(fields, field, message):
    with pytest.raises(InputError, match=message) as caught:
        draft_document(
            [*SEEDS, "advance-notice-of-new-technology"], form="petition", fields={**BASE, **fields}
        )
    assert caught.value.field == field


def test_no_demands_and_bad_form_are_input_errors():
    with pytest.raises(InputError, match="at least one demand"):
        draft_document([], form="petition", fields=BASE)
    with pytest.raises(InputError, match="choose one of petition, letter, proposal"):
        draft_document(SEEDS, form="memo", fields=BASE)
    with pytest.raises(InputError, match="markdown, html, docx"):
        render(petition("Acme"), fmt="pdf")


def test_control_characters_are_dropped_and_line_ends_normalised():
    document = petition("a\x00b\x0cc\r\nd\re", field="free_text")
    assert "abc\nd\ne" in document.plain_text()
    read_docx(document)  # python-docx refuses control characters; none reach it


# -------------------------------------------------------------------------- the parser


def test_only_the_forms_own_words_can_start_a_block():
    blocks = parse_blocks("# Title \ufdd0# typed\ufdd1\n\ufdd0- typed\ufdd1 rest\n\n- item")
    assert [b.kind for b in blocks] == ["heading1", "paragraph", "bullet"]
    assert blocks[1].spans[0].text == "- typed"
    assert blocks[1].spans[0].data


# ------------------------------------------------------------------------- attachments


def test_letter_attaches_an_audit_report_in_every_format():
    from collective_ai.audit import audit

    # 60 men, 18 hired (30%); 60 women, 9 hired (15%): impact ratio 0.5, flagged.
    frame = pandas.DataFrame(
        {"sex": ["M"] * 60 + ["F"] * 60, "hired": [1] * 18 + [0] * 42 + [1] * 9 + [0] * 51}
    )
    report = audit(frame, groups=["sex"], selected="hired")
    attachment = Attachment.from_audit(
        report, data_description="Hiring data <2026>", date=dt.date(2026, 11, 22), charts=False
    )
    document = draft_document(SEEDS, form="letter", fields=BASE, attachment=attachment)
    markdown = render(document, fmt="markdown")
    assert "## Attachment: Bias audit report" in markdown
    assert "0.50" in markdown
    html = render(document, fmt="html")
    assert "<h1>Bias audit report</h1>" in html
    assert "Hiring data &lt;2026&gt;" in html
    assert html.count("<html") == 1
    assert html.count("<body") == 1
    doc = docx.Document(io.BytesIO(render(document, fmt="docx")))
    assert "Attachment: Bias audit report" in [p.text for p in doc.paragraphs]
    assert len(doc.tables) == 1
    assert doc.tables[0].rows[0].cells[0].text


def test_uploaded_markdown_attachment_cannot_inject_markup():
    attachment = Attachment("notes", "# Notes\n\n<script>x</script> [a](javascript:alert(1))")
    document = draft_document(SEEDS, form="letter", fields=BASE, attachment=attachment)
    html = render(document, fmt="html")
    assert "<script>" not in html
    assert 'href="javascript' not in html
    markdown = render(document, fmt="markdown")
    assert "<script>" not in markdown
    assert "html_block" not in {t.type for t in markdown_nodes(markdown)}


def test_only_letters_take_attachments():
    with pytest.raises(InputError, match="only the information-request letter"):
        draft_document(SEEDS, form="petition", fields=BASE, attachment=Attachment("a", "b"))


# -------------------------------------------------------------------------------- files


def test_export_writes_each_format_and_checks_the_path(tmp_path):
    document = petition("Acme")
    for suffix in (".md", ".html", ".docx"):
        path = export(document, tmp_path / f"out{suffix}")
        assert path.stat().st_size > 0
    assert docx.Document(tmp_path / "out.docx").paragraphs[0].text == "Petition to Acme"
    with pytest.raises(InputError, match=r"\.md, \.html or \.docx"):
        export(document, tmp_path / "out.pdf")
    with pytest.raises(InputError, match="does not exist"):
        export(document, tmp_path / "absent" / "out.md")


def test_download_link_and_file_name():
    document = petition("Acme")
    uri = data_uri(render(document, fmt="markdown"), media_type=MEDIA_TYPES["markdown"])
    assert uri.startswith("data:text/markdown;charset=utf-8;base64,")
    assert base64.b64decode(uri.split(",")[1]).decode("utf-8") == render(document, fmt="markdown")
    assert file_name(document, fmt="docx") == "petition-2026-11-22.docx"


def test_html_fragment_for_previews_sits_below_the_page_headings():
    from collective_ai.demands import render_html

    fragment = render_html(petition("Acme"), fragment=True)
    page = parse_html(fragment)
    assert "html" not in page.tags
    assert "h1" not in page.tags
    assert page.tags.count("h3") == 1
    assert "h4" in page.tags


@pytest.mark.parametrize("form", ["petition", "letter", "proposal"])
def test_every_form_prints_the_not_legal_advice_note_once(form):
    """Three demands share the one note: it is printed once, in every form."""
    document = draft_document(SEEDS, form=form, fields=BASE)
    text = document.plain_text()
    note = "Drafting note: A starting point to adapt with the union's lawyer, not legal advice."
    assert text.count(note) == 1


def test_the_joint_committee_carries_its_usage_caution_for_non_union_groups():
    """NLRA 8(a)(2) and Electromation: an employer-dominated committee can be unlawful."""
    document = draft_document(["joint-oversight-committee"], form="petition", fields=BASE)
    text = document.plain_text()
    assert "employer-dominated organisation (NLRA section 8(a)(2); Electromation, 1992)" in text


def test_a_remote_image_in_an_attached_file_is_never_fetched(tmp_path, capsys):
    """The tester's case: ``--attach att.md`` holding a tracking image, in every format."""
    from collective_ai.cli import main

    remote = "https://host.example/p.png?u=steward"
    attached = tmp_path / "att.md"
    attached.write_text(f"# Results\n\n![p]({remote})\n", encoding="utf-8")
    fields = [f"--field={key}={value}" for key, value in BASE.items()]
    command = ["demands", "render", "--template", SEEDS[0], "--form", "letter", *fields]
    command += ["--attach", str(attached), "--format"]
    assert main([*command, "html"]) == 0
    html = capsys.readouterr().out
    assert "<img" not in html
    assert f"[Image not included: p ({remote.replace('&', '&amp;')})]" in html
    assert main([*command, "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "image" not in {t.type for t in markdown_nodes(markdown)}
    assert f"!\\[p]({remote})" in markdown  # shown as typed: alt text and address
    assert main([*command, "docx", "--out", str(tmp_path / "letter.docx")]) == 0
    document = docx.Document(tmp_path / "letter.docx")
    assert f"[Image not included: p ({remote})]" in [p.text for p in document.paragraphs]
    assert not document.inline_shapes
    assert all(not r.is_external for r in document.part.rels.values())
