"""``collective-ai request ...``: one line and exit 2 for every mistake, nothing lost."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest

from collective_ai.__main__ import main
from collective_ai.dates import show_date


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    return tmp_path


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["request", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_draft_writes_each_format(home, capsys):
    for suffix in ("md", "html", "docx"):
        out = home / f"letter.{suffix}"
        code, _, _ = run(capsys, "draft", "--law", "eu-gdpr", "--organisation", "Acme",
                         "--system", "Rate", "--date", "31 January 2027", "--out", str(out))  # fmt: skip
        assert code == 0
    assert "due by 1 March 2027" in (home / "letter.md").read_text()
    with zipfile.ZipFile(home / "letter.docx") as archive:
        assert "1 March 2027" in archive.read("word/document.xml").decode()


def test_add_list_update_and_due_this_week(home, capsys):
    sent = dt.date.today() - dt.timedelta(days=40)
    code, out, _ = run(capsys, "add", "--member", "M-07", "--law", "ccpa", "--system", "Rate",
                       "--sent", sent.isoformat())  # fmt: skip
    assert code == 0
    assert out.strip() == f"1: due {show_date(sent + dt.timedelta(days=45))}"
    code, out, _ = run(capsys, "list", "--due-this-week", "--format", "json")
    assert [r["member"] for r in json.loads(out)] == ["M-07"]  # due in 5 days
    code, out, _ = run(capsys, "list", "--format", "json", "--today",
                       (sent + dt.timedelta(days=46)).isoformat())  # fmt: skip
    assert json.loads(out)[0]["status"] == "overdue"
    code, out, _ = run(
        capsys, "update", "1", "--extended-on", (sent + dt.timedelta(days=3)).isoformat()
    )
    assert out.strip() == f"1: extended, due {show_date(sent + dt.timedelta(days=90))}"
    code, out, _ = run(capsys, "list")
    assert "| 1 | M\\-07 | ccpa | Rate |" in out
    assert show_date(sent) in out


def test_read_records_what_came_back_and_pool_protects_it(home, capsys):
    sample = home / "answer.zip"
    assert run(capsys, "sample", "--out", str(sample), "--seed", "1")[0] == 0
    run(capsys, "add", "--member", "M-01", "--law", "eu-gdpr", "--system", "Rate",
        "--sent", "2026-11-02")  # fmt: skip
    code, out, _ = run(capsys, "read", str(sample), "--id", "1", "--on", "2026-11-30")
    assert code == 0
    assert "The rules or logic: **missing**" in out
    code, out, _ = run(capsys, "list", "--format", "json")
    request = json.loads(out)[0]
    assert (request["status"], request["closed"]) == ("answered", "2026-11-30")
    assert request["returned"]["missing"] == ["logic"]
    assert "source" not in request["returned"]  # the zip's name may be the member's
    code, _, err = run(capsys, "pool", "--ledger", str(home / "l.sqlite"))
    assert code == 2
    assert "too few members share each law" in err
    code, out, _ = run(capsys, "pool", "--by", "none", "--format", "json",
                       "--ledger", str(home / "l.sqlite"))  # fmt: skip
    assert code == 0
    table = json.loads(out)
    assert table["responses"] is None  # one member: every count hidden
    assert all(cell["suppressed"] for cell in table["cells"])
    out_docx = home / "pool.docx"
    code, _, _ = run(capsys, "pool", "--by", "none", "--format", "docx", "--out", str(out_docx),
                     "--ledger", str(home / "l.sqlite"))  # fmt: skip
    assert code == 0
    with zipfile.ZipFile(out_docx) as archive:
        assert "hidden" in archive.read("word/document.xml").decode()


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (
            [
                "add",
                "--member",
                "Jane Smith",
                "--law",
                "ccpa",
                "--system",
                "R",
                "--sent",
                "2026-12-01",
            ],
            "member",
        ),
        (
            ["add", "--member", "M-1", "--law", "hipaa", "--system", "R", "--sent", "2026-12-01"],
            "law",
        ),
        (
            [
                "add",
                "--member",
                "M-1",
                "--law",
                "ccpa",
                "--system",
                "R",
                "--sent",
                "1 January 2099",
            ],
            "sent",
        ),
        (
            ["draft", "--law", "ccpa", "--organisation", "", "--system", "R", "--out", "x.md"],
            "organisation",
        ),
        (["update", "9", "--answered-on", "2026-12-01"], "id"),
        (["pool"], "register"),
        (["list", "--today", "31/02/2027"], "today"),
    ],
)
def test_mistakes_are_one_line_naming_the_field(home, capsys, args, field):
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1
    assert f"field {field!r}" in err


def test_a_broken_answer_loses_nothing_in_the_register(home, capsys):
    run(
        capsys,
        "add",
        "--member",
        "M-01",
        "--law",
        "uk-gdpr",
        "--system",
        "R",
        "--sent",
        "2026-11-02",
    )
    empty = home / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    locked = home / "locked.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csv", b"a\n1\n")
    data = bytearray(buffer.getvalue())
    data[6] |= 1
    data[data.find(b"PK\x01\x02") + 8] |= 1
    locked.write_bytes(bytes(data))
    for broken, words in ((empty, "holds no files"), (locked, "password-protected")):
        code, _, err = run(capsys, "read", str(broken), "--id", "1")
        assert code == 2
        assert words in err
        assert err.count("\n") == 1
    code, out, _ = run(capsys, "list", "--format", "json")
    assert [(r["id"], r["status"], r["returned"]) for r in json.loads(out)] == [(1, "overdue", {})]
