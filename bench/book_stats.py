"""Print the size of the course and how hard each page is to read (for release notes).

Counts prose in book/*.md and markdown cells of notebooks/ and exercises/, the chapters in
_toc.yml, every {cite:p}/{cite:t} key, and the entries of references.bib. For each page it
prints two reading grades (US school grades) computed on the prose a reader sees: MyST roles
keep only their visible text, and citations, code, tables, directive options and HTML are
removed before counting. The goal for the core chapters is grade 10 or below.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
CITE = re.compile(r"\{cite(?::[pt])?\}`([^`]+)`")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

# A period after one of these does not end a sentence ("v.", "U.S.", "e.g.", "No. 3").
ABBREVIATIONS = {
    "v", "vs", "e.g", "i.e", "etc", "no", "nos", "u.s", "u.s.c", "cfr", "cal", "n.d", "s.d",
    "d.c", "mfg", "co", "corp", "inc", "ltd", "st", "dr", "mr", "ms", "mrs", "art", "sec",
    "para", "fed", "reg", "stat", "ill", "adm", "pp", "p", "vol", "cir", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "al", "approx", "ed",
}  # fmt: skip


def pages():
    """Yield (name, MyST text) for every page in _toc.yml; a notebook gives its markdown cells."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc["parts"]:
        for chapter in part["chapters"]:
            files.append(chapter["file"])
            files += [s["file"] for s in chapter.get("sections", [])]
    for name in files:
        md, ipynb = ROOT / f"{name}.md", ROOT / f"{name}.ipynb"
        if md.exists():
            yield name, md.read_text(encoding="utf-8")
        elif ipynb.exists():
            nb = nbformat.read(ipynb, as_version=4)
            yield name, "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def visible_prose(text: str) -> str:
    """Reduce MyST Markdown to the sentences a reader sees, one block per paragraph.

    Code blocks (fenced blocks that are not directives, and ``{code-cell}``), tables, directive
    option lines, comments, labels, HTML tags and citations are dropped; ``{term}`` and
    ``{doc}`` roles keep their visible text (a bare ``{doc}`` link becomes "this chapter").
    A heading or list item ends a sentence even without a full stop.
    """
    out: list[str] = []
    fence: str | None = None
    skipping = False
    for line in text.splitlines():
        stripped = line.strip()
        opening = re.match(r"^(`{3,}|~{3,})\s*(\{[\w:-]+\})?", stripped)
        if fence is None and opening:
            fence = opening.group(1)
            directive = opening.group(2)
            skipping = directive is None or directive in {"{code-cell}", "{code-block}", "{code}"}
            title = stripped[opening.end() :].strip()
            if not skipping and title:
                out.append(title + ".")
            continue
        if fence is not None and re.match(
            rf"^{re.escape(fence[0])}{{{len(fence)},}}\s*$", stripped
        ):
            fence, skipping = None, False
            out.append("")
            continue
        if skipping:
            continue
        if (
            stripped.startswith(("|", "%", "<!--"))
            or re.match(r"^:[\w-]+:", stripped)
            or re.match(r"^\(.+\)=$", stripped)
            or re.match(r"^[-*_]{3,}$", stripped)
        ):
            out.append("")
            continue
        stripped = re.sub(r"^:\s+", "", stripped)  # a definition list's definition
        heading = re.match(r"^#{1,6}\s+(.*)", stripped)
        item = re.match(r"^(?:[-*+]|\d+[.)])\s+(.*)", stripped)
        if heading or item:
            out.append("")
            body = (heading or item).group(1)
            out.append(body if heading is None else body + ".")
            continue
        out.append(stripped)
    prose = "\n".join(out)
    prose = CITE.sub("", prose)
    prose = re.sub(r"\{(?:term|doc|ref|numref|download)\}`([^`<]*?)\s*<[^`]*>`", r"\1", prose)
    prose = re.sub(r"\{doc\}`[^`]*`", "this chapter", prose)
    prose = re.sub(r"\{[\w:-]+\}`([^`]*)`", r"\1", prose)
    prose = re.sub(r"`[^`]*`", "", prose)
    prose = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", prose)
    prose = re.sub(r"<[^>]+>", "", prose)
    prose = re.sub(r"https?://\S+", "", prose)
    prose = prose.replace("*", "")
    prose = re.sub(r"\(\s*\)", "", prose)
    prose = re.sub(r"[ \t]+([.,;:!?])", r"\1", prose)
    return prose


def sentences(prose: str) -> list[str]:
    """Split prose into sentences: at a blank line, or at ., ! or ? followed by a space.

    A full stop after a known abbreviation or a single capital letter ("N.D.", "J.") is not a
    sentence end.
    """
    found: list[str] = []
    for block in re.split(r"\n\s*\n", prose):
        block = " ".join(block.split())
        start = 0
        for m in re.finditer(r"[.!?]+[)\"'’”]*(?=\s|$)", block):
            before = re.search(r"([\w.]+)$", block[start : m.start()])
            token = before.group(1).lower().rstrip(".") if before else ""
            if m.group().startswith(".") and (
                token in ABBREVIATIONS or re.fullmatch(r"[a-z]", token)
            ):
                continue
            found.append(block[start : m.end()])
            start = m.end()
        found.append(block[start:])
    return [s.strip() for s in found if WORD.search(s)]


def syllables(word: str) -> int:
    """Estimate a word's syllables by counting vowel groups (the usual heuristic).

    A final silent "e" ("rate") and the "-es"/"-ed" endings that add no syllable ("rates",
    "named") are not counted; every word has at least one syllable.
    """
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouysxzcgh]es|[^laeiouytd]ed|[^laeiouy]e)$", lambda m: m.group()[0], w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]+", w)))


def reading_grades(text: str) -> dict[str, float] | None:
    """Flesch-Kincaid grade and Coleman-Liau index of MyST text; None if it has no sentences.

    Flesch-Kincaid grade = 0.39 (words / sentences) + 11.8 (syllables / words) - 15.59
    (Kincaid, Fishburne, Rogers and Chissom, 1975, Research Branch Report 8-75, Naval
    Technical Training Command). Coleman-Liau index = 0.0588 L - 0.296 S - 15.8, where L is
    letters and S sentences per 100 words (Coleman and Liau, 1975, Journal of Applied
    Psychology 60(2), 283-284). Words are runs of letters (numbers are not counted).
    """
    sents = sentences(visible_prose(text))
    words = [w for s in sents for w in WORD.findall(s)]
    if not sents or not words:
        return None
    n_words, n_sents = len(words), len(sents)
    syll = sum(syllables(w) for w in words)
    letters = sum(len(re.sub(r"[^A-Za-z]", "", w)) for w in words)
    return {
        "words": n_words,
        "sentences": n_sents,
        "words_per_sentence": n_words / n_sents,
        "flesch_kincaid": 0.39 * n_words / n_sents + 11.8 * syll / n_words - 15.59,
        "coleman_liau": 0.0588 * 100 * letters / n_words - 0.296 * 100 * n_sents / n_words - 15.8,
    }


def main() -> None:
    texts = dict(pages())
    words = {name: len(re.findall(r"[A-Za-z][\w'’-]*", text)) for name, text in texts.items()}
    cited = [
        key.strip() for text in texts.values() for m in CITE.findall(text) for key in m.split(",")
    ]
    bib = re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(), re.M)
    print(f"pages in the table of contents: {len(texts)}")
    print(f"words: {sum(words.values())}")
    print(f"citations: {len(cited)}, distinct sources cited: {len(set(cited))}")
    print(f"references.bib entries: {len(bib)}; cited but missing: {sorted(set(cited) - set(bib))}")
    print("  words  per-sentence  Flesch-Kincaid  Coleman-Liau  page")
    for name, count in sorted(words.items(), key=lambda kv: -kv[1]):
        grades = reading_grades(texts[name])
        if grades is None:
            print(f" {count:6d}  {'':>12}  {'':>14}  {'':>12}  {name}")
            continue
        print(
            f" {count:6d}  {grades['words_per_sentence']:12.1f}"
            f"  {grades['flesch_kincaid']:14.1f}  {grades['coleman_liau']:12.1f}  {name}"
        )


if __name__ == "__main__":
    main()
