"""``python -m collective_ai demands list|render``: the drafter without a notebook.

Imports stay light at module level because ``python -m collective_ai audit`` loads this
module too; the template library and the writers load only when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from collective_ai.demands.registry import FORMATS, FORMS, form
from collective_ai.errors import InputError


def add_parser(subparsers) -> None:
    """Register ``demands`` with its ``list`` and ``render`` subcommands."""
    demands = subparsers.add_parser(
        "demands",
        help="list demand templates or render a petition, letter or proposal",
        description="Demand templates and the documents made from them.",
    )
    commands = demands.add_subparsers(dest="demands_command", required=True)

    listing = commands.add_parser("list", help="list the demand templates")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    _templates_option(listing)
    listing.set_defaults(run=run_list)

    render = commands.add_parser("render", help="render chosen demands as a document")
    render.add_argument(
        "--template",
        action="append",
        required=True,
        metavar="ID",
        help="a template id (repeat for several demands)",
    )
    render.add_argument("--form", choices=FORMS, required=True)
    render.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a field value, e.g. employer='Acme Ltd' (repeatable)",
    )
    render.add_argument(
        "--fields",
        type=Path,
        metavar="FILE.json",
        help="field values as a JSON object; --field overrides them",
    )
    render.add_argument("--format", choices=FORMATS, required=True)
    render.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="where to write (Markdown and HTML go to stdout without it)",
    )
    render.add_argument(
        "--attach",
        type=Path,
        metavar="REPORT.md",
        help="attach an audit report in Markdown to a letter",
    )
    _templates_option(render)
    render.set_defaults(run=run_render)


def _templates_option(parser) -> None:
    parser.add_argument(
        "--templates",
        action="append",
        default=[],
        metavar="FOLDER",
        help="also load the instructor's YAML templates in FOLDER",
    )


def run_list(args: argparse.Namespace) -> int:
    from collective_ai.demands.fields import describe_fields
    from collective_ai.demands.library import load_library

    library = load_library(extra_dirs=args.templates)
    if args.format == "json":
        entries = [
            {
                "id": t.id,
                "title": t.title,
                "family": t.family,
                "answers": list(t.answers),
                "fields": [
                    {"name": f["name"], "required": f["required"]} for f in describe_fields(t)
                ],
            }
            for t in library
        ]
        json.dump(entries, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    width = max(len(t.id) for t in library)
    for t in library:
        print(f"{t.id:<{width}}  {t.title}  [{t.family}]")
    return 0


def run_render(args: argparse.Namespace) -> int:
    from collective_ai.demands.document import Attachment, check_attachment
    from collective_ai.demands.library import load_library
    from collective_ai.demands.render import build_document, export, render

    library = load_library(extra_dirs=args.templates)
    templates = [library.get(t, field_name="--template") for t in args.template]
    fields = _read_fields(args.fields) | _parse_pairs(args.field)
    attachment = None
    if args.attach is not None:
        if not form(args.form).attachment:
            raise InputError("only --form letter takes an attachment", field="--attach")
        attachment = Attachment(args.attach.stem, _read_text(args.attach, "--attach"))
        try:
            check_attachment(attachment)
        except InputError as error:
            raise InputError(f"{args.attach}: {error.message}", field="--attach") from None
    document = build_document(templates, form=args.form, fields=fields, attachment=attachment)
    if args.out is None:
        if args.format == "docx":
            raise InputError("a .docx must be written to a file: add --out PATH", field="--out")
        sys.stdout.write(render(document, fmt=args.format))
        return 0
    try:
        path = export(document, args.out, fmt=args.format)
    except InputError as error:
        raise InputError(error.message, field="--out") from None
    print(f"wrote {path}", file=sys.stderr)
    return 0


def _parse_pairs(pairs: list[str]) -> dict[str, str]:
    fields = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"expected KEY=VALUE, got {pair!r}", field="--field")
        fields[key.strip()] = value
    return fields


def _read_fields(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        data = json.loads(_read_text(path, "--fields"))
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path} is not valid JSON (line {error.lineno}: {error.msg})", field="--fields"
        ) from None
    except RecursionError:
        raise InputError(
            f"{path} is nested too deeply; it should be one flat object of field names to values",
            field="--fields",
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            f"{path} should hold a JSON object of field names to values", field="--fields"
        )
    bad = [k for k, v in data.items() if not isinstance(v, str | int) or isinstance(v, bool)]
    if bad:
        raise InputError(f"values in {path} should be text; see {', '.join(bad)}", field="--fields")
    return {k: str(v) for k, v in data.items()}


def _read_text(path: Path, option: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"no such file: {path}", field=option) from None
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text", field=option) from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}", field=option) from None
