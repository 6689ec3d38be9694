"""Print the size of the course: chapters, words, citations and sources (for release notes).

Counts prose in book/*.md and markdown cells of notebooks/ and exercises/, the chapters in
_toc.yml, every {cite:p}/{cite:t} key, and the entries of references.bib.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
CITE = re.compile(r"\{cite(?::[pt])?\}`([^`]+)`")


def _sources():
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
            yield name, "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def main() -> None:
    pages = dict(_sources())
    words = {name: len(re.findall(r"[A-Za-z][\w'’-]*", text)) for name, text in pages.items()}
    cited = [
        key.strip() for text in pages.values() for m in CITE.findall(text) for key in m.split(",")
    ]
    bib = re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(), re.M)
    print(f"pages in the table of contents: {len(pages)}")
    print(f"words: {sum(words.values())}")
    print(f"citations: {len(cited)}, distinct sources cited: {len(set(cited))}")
    print(f"references.bib entries: {len(bib)}; cited but missing: {sorted(set(cited) - set(bib))}")
    for name, count in sorted(words.items(), key=lambda kv: -kv[1]):
        print(f"  {count:6d}  {name}")


if __name__ == "__main__":
    main()
