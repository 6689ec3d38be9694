"""``python -m collective_ai demands``: listing, rendering, and one clear message on bad input."""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import docx
import pytest

from collective_ai.cli import main

FIELDS = {
    "employer": "Acme **Logistics**",
    "workplace": "Riverside depot",
    "ai_system": "RateTrack",
    "group_name": "Riverside Committee",
    "contact": "committee@example.org",
    "date": "2026-11-22",
}
FIELD_ARGS = [arg for key, value in FIELDS.items() for arg in ("--field", f"{key}={value}")]


def render_args(form="letter", fmt="markdown", *more, templates=("bias-test-results",)):
    """``render`` arguments: the templates, form and format, then anything else."""
    chosen = [arg for t in templates for arg in ("--template", t)]
    return ["render", *chosen, "--form", form, "--format", fmt, *more]


def run(capsys, *argv):
    code = main(["demands", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_gives_id_title_family_and_fields(capsys):
    code, out, _ = run(capsys, "list", "--format", "json")
    entries = json.loads(out)
    assert code == 0
    assert len(entries) >= 15
    entry = next(e for e in entries if e["id"] == "appeal-automated-decisions")
    assert entry["family"] == "human-review-and-appeal"
    assert entry["title"]
    fields = {f["name"]: f["required"] for f in entry["fields"]}
    assert fields["employer"] is True
    assert fields["contact"] is True
    assert fields["vendor"] is False
    assert fields["appeal_days"] is False
    assert set(fields) >= {"signers", "free_text", "recipient", "reply_days", "date"}


def test_list_text_has_one_line_per_template(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert len(out.splitlines()) >= 15
    assert any(line.startswith("bias-test-results ") for line in out.splitlines())


def test_render_markdown_to_stdout(capsys):
    two = ("bias-test-results", "no-discipline-solely-on-ai")
    code, out, _ = run(capsys, *render_args("petition", "markdown", *FIELD_ARGS, templates=two))
    assert code == 0
    assert out.startswith("# Petition to Acme \\*\\*Logistics\\*\\*\n")
    assert "## Demand 2: No discipline or dismissal based on AI alone" in out


def test_render_docx_to_a_file_with_fields_from_json(capsys, tmp_path):
    values = tmp_path / "fields.json"
    values.write_text(json.dumps({**FIELDS, "employer": "Acme", "signers": 3}), encoding="utf-8")
    out_path = tmp_path / "petition.docx"
    more = ["--fields", str(values), "--out", str(out_path)]
    code, _, err = run(capsys, *render_args("petition", "docx", *more))
    assert code == 0
    assert "wrote" in err
    document = docx.Document(out_path)
    assert document.paragraphs[0].text == "Petition to Acme"
    assert len(document.tables[0].rows) == 4


def test_field_option_overrides_the_json_file(capsys, tmp_path):
    values = tmp_path / "fields.json"
    values.write_text(json.dumps({"employer": "From file"}), encoding="utf-8")
    code, out, _ = run(capsys, *render_args("letter", "html", "--fields", str(values), *FIELD_ARGS))
    assert code == 0
    assert "From file" not in out
    assert "Acme **Logistics**" in out


def test_letter_with_attached_report(capsys, tmp_path):
    report = tmp_path / "audit.md"
    table = "| Group | Ratio |\n| --- | --- |\n| F | 0.50 |\n"
    report.write_text(f"# Bias audit report\n\n{table}", encoding="utf-8")
    code, out, _ = run(capsys, *render_args("letter", "html", "--attach", str(report), *FIELD_ARGS))
    assert code == 0
    assert "<td>0.50</td>" in out
    assert "Attachment:" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (render_args(templates=["nope"]), "field '--template': no demand template 'nope'"),
        (render_args("letter", "markdown", "--field", "employer"), "field '--field': expected"),
        (render_args("letter", "markdown", "--field", "employer="), "field 'employer': please"),
        (render_args("letter", "markdown", "--field", "free_text=" + "x" * 5001), "5,001"),
        (render_args("letter", "markdown", "--field", "shoe_size=9"), "'shoe_size': this form"),
        (render_args("letter", "docx"), "field '--out': a .docx must be written to a file"),
        (render_args("letter", "markdown", "--out", "/nonexistent/x.md"), "'--out': the folder"),
        (render_args("petition", "markdown", "--attach", "x.md"), "'--attach': only --form"),
        (render_args("letter", "markdown", "--attach", "/nonexistent.md"), "no such file"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, needle):
    code, out, err = run(capsys, *argv[:1], *FIELD_ARGS, *argv[1:])
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert needle in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "needle"),
    [("{not json", "not valid JSON (line 1"), ("[1, 2]", "JSON object"),
     ('{"employer": null}', "should be text")],
)  # fmt: skip
def test_bad_fields_file_is_reported(capsys, tmp_path, content, needle):
    path = tmp_path / "f.json"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, *render_args("letter", "markdown", "--fields", str(path)))
    assert code == 2
    assert "field '--fields'" in err
    assert needle in err


def test_bad_instructor_template_reported_with_file_and_line(capsys, tmp_path):
    (tmp_path / "x.yaml").write_text("id: x\ntitle: [oops\n", encoding="utf-8")
    code, _, err = run(capsys, "list", "--templates", str(tmp_path))
    assert code == 2
    assert f"{tmp_path / 'x.yaml'}, line" in err
    assert "not valid YAML" in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["demands", *render_args("memo")])
    assert caught.value.code == 2
    assert "invalid choice: 'memo'" in capsys.readouterr().err


def test_the_real_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "collective_ai", "demands", *render_args(templates=["nope"])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: field '--template'")


def one_line_error(capsys, *argv) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "Traceback" not in err
    return err


BROKEN_PNG = "data:image/png;base64,bm90IGEgcG5n"  # "not a png"


@pytest.mark.parametrize("fmt", ["docx", "html", "markdown"])
@pytest.mark.parametrize(
    ("report", "needle"),
    [
        ("# Audit\n\nrate \x01 here\n", "line 3 holds U+0001, an invisible code"),
        ("# Audit\n\nrate \x1b[31m red\n", "line 3 holds U+001B, an invisible code"),
        ("# Audit\n\n| F | 0.5\ufffe |\n", "line 3 holds U+FFFE"),
        ("# Audit\r\n\r\nrate \x00\r\n", "line 3 holds U+0000"),
        (f"# Audit\n\n![Rates by group]({BROKEN_PNG})\n", "'Rates by group' is not a readable"),
        ("# Audit\n\n![Rates](data:image/png;base64,@@@)\n", "line 3: the chart 'Rates'"),
    ],
)
def test_an_attachment_no_document_can_hold_is_one_line(capsys, tmp_path, fmt, report, needle):
    path = tmp_path / "audit.md"
    path.write_text(report, encoding="utf-8")
    out = tmp_path / f"letter.{fmt}"
    more = ("--attach", str(path), *FIELD_ARGS, "--out", str(out))
    err = one_line_error(capsys, *render_args("letter", fmt, *more))
    assert f"field '--attach': {path}: " in err
    assert needle in err
    assert not out.exists()


def test_an_attachment_with_a_real_chart_still_renders(capsys, tmp_path):
    from matplotlib.figure import Figure

    from collective_ai.embed import png_bytes

    figure = Figure(figsize=(1, 1))
    figure.add_subplot().plot([0, 1])
    encoded = base64.b64encode(png_bytes(figure, dpi=20)).decode()
    path = tmp_path / "audit.md"
    path.write_text(f"# Audit\n\n![Rates](data:image/png;base64,{encoded})\n", encoding="utf-8")
    out = tmp_path / "letter.docx"
    more = ("--attach", str(path), *FIELD_ARGS, "--out", str(out))
    code, _, _ = run(capsys, *render_args("letter", "docx", *more))
    assert code == 0
    assert len(docx.Document(out).inline_shapes) == 1


@pytest.mark.parametrize("opening", ['{"employer":', "["])
def test_a_fields_file_nested_100000_deep_is_one_line(capsys, tmp_path, opening):
    closing = "}" if opening.startswith("{") else "]"
    path = tmp_path / "deep.json"
    path.write_text(opening * 100_000 + "1" + closing * 100_000, encoding="utf-8")
    err = one_line_error(capsys, *render_args("letter", "markdown", "--fields", str(path)))
    assert "field '--fields'" in err
    assert "nested too deeply" in err


def number_field_template(folder, field: str) -> str:
    (folder / "x.yaml").write_text(
        "id: x\ntitle: T\nfamily: transparency-and-notice\nanswers: [undisclosed-use]\n"
        "text: Tell us {{ days }}.\nrequest: Tell us.\nrationale: Because.\n"
        "precedents:\n  - {text: Won., key: eu2024aiact, cite: AI Act}\n"
        f"fields:\n  - {{name: days, label: Days, kind: number, {field}}}\n",
        encoding="utf-8",
    )
    return (folder / "x.yaml").as_posix()


@pytest.mark.parametrize(
    ("field", "needle"),
    [
        *((f"maximum: {m}", "maximum should be a whole number") for m in ("lots", "2.5", "0")),
        *((f"maximum: {m}", "maximum should be a whole number") for m in ("true", "[1]")),
        ("default: lots", "default should be a whole number from 1 to 100000, not 'lots'"),
        ("default: 90, maximum: 30", "default should be a whole number from 1 to 30, not 90"),
        ("default: 0", "default should be a whole number"),
    ],
)
def test_an_instructor_template_with_a_bad_number_field_is_one_line(
    capsys, tmp_path, field, needle
):
    template = number_field_template(tmp_path, field)
    err = one_line_error(capsys, "list", "--templates", str(tmp_path))
    assert f"{template}, line 11: field 'days': {needle}" in err


def test_an_instructor_template_nested_100000_deep_is_one_line(capsys, tmp_path):
    (tmp_path / "x.yaml").write_text("id: x\ntitle: " + "[" * 100_000, encoding="utf-8")
    err = one_line_error(capsys, "list", "--templates", str(tmp_path))
    assert f"{(tmp_path / 'x.yaml').as_posix()}: is nested too deeply" in err


def test_a_good_number_default_is_used(capsys, tmp_path):
    number_field_template(tmp_path, "default: '14', maximum: 30")
    argv = render_args("letter", "markdown", "--templates", str(tmp_path), templates=["x"])
    code, out, _ = run(capsys, *argv[:1], *FIELD_ARGS, *argv[1:])
    assert code == 0
    assert "Tell us 14." in out


@pytest.mark.parametrize("fmt", ["docx", "html", "markdown"])
def test_typed_codes_no_document_can_hold_are_dropped(capsys, tmp_path, fmt):
    out = tmp_path / f"letter.{fmt}"
    typed = ["--field", "employer=Ac\ufffeme\uffff \x01Ltd"]
    code, _, _ = run(capsys, *render_args("letter", fmt, *FIELD_ARGS, *typed, "--out", str(out)))
    assert code == 0
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    else:
        text = out.read_text(encoding="utf-8")
    assert "Acme Ltd" in text
    assert "\ufffe" not in text
    assert "\uffff" not in text
