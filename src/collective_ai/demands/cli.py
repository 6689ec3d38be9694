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
from collective_ai.i18n import _


def add_parser(subparsers) -> None:
    """Register ``demands`` with its ``list`` and ``render`` subcommands."""
    demands = subparsers.add_parser(
        "demands",
        help=_("list demand templates or render a petition, letter or proposal"),
        description=_("Demand templates and the documents made from them."),
    )
    _lang_option(demands)
    commands = demands.add_subparsers(dest="demands_command", required=True)

    listing = commands.add_parser("list", help=_("list the demand templates"))
    listing.add_argument("--format", choices=("text", "json"), default="text")
    _templates_option(listing)
    _lang_option(listing)
    listing.set_defaults(run=run_list)

    render = commands.add_parser("render", help=_("render chosen demands as a document"))
    render.add_argument(
        "--template",
        action="append",
        required=True,
        metavar="ID",
        help=_("a template id (repeat for several demands)"),
    )
    render.add_argument("--form", choices=FORMS, required=True)
    render.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=_("a field value, e.g. employer='Acme Ltd' (repeatable)"),
    )
    render.add_argument(
        "--fields",
        type=Path,
        metavar="FILE.json",
        help=_("field values as a JSON object; --field overrides them"),
    )
    render.add_argument("--format", choices=FORMATS, required=True)
    render.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help=_("where to write (Markdown and HTML go to stdout without it)"),
    )
    render.add_argument(
        "--attach",
        type=Path,
        metavar="REPORT.md",
        help=_("attach an audit report in Markdown to a letter"),
    )
    render.add_argument(
        "--second-lang",
        metavar="LANG",
        help=_("print the same document again in this language after it (a bilingual letter)"),
    )
    _templates_option(render)
    _lang_option(render)
    render.set_defaults(run=run_render)


def _lang_option(parser) -> None:
    """``--lang`` after ``demands`` too (the main parser applies it before parsing)."""
    from collective_ai.cli import add_lang_option

    add_lang_option(parser, default=argparse.SUPPRESS)


def _templates_option(parser) -> None:
    parser.add_argument(
        "--templates",
        action="append",
        default=[],
        metavar="FOLDER",
        help=_("also load the instructor's YAML templates in FOLDER"),
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
        print(f"{t.id:<{width}}  {t.title}  [{t.family_title}]")
    return 0


def run_render(args: argparse.Namespace) -> int:
    from collective_ai.demands.document import Attachment, check_attachment
    from collective_ai.demands.library import load_library
    from collective_ai.demands.render import build_bilingual, build_document, export, render
    from collective_ai.i18n import check_language, language

    library = load_library(extra_dirs=args.templates)
    templates = [library.get(t, field_name="--template") for t in args.template]
    second = check_language(args.second_lang, field="--second-lang") if args.second_lang else None
    fields = _read_fields(args.fields) | _parse_pairs(args.field)
    attachment = None
    if args.attach is not None:
        if not form(args.form).attachment:
            raise InputError(_("only --form letter takes an attachment"), field="--attach")
        attachment = Attachment(args.attach.stem, _read_text(args.attach, "--attach"))
        try:
            check_attachment(attachment)
        except InputError as error:
            raise InputError(f"{args.attach}: {error.message}", field="--attach") from None
    if second:
        document = build_bilingual(
            args.template,
            languages=(language(), second),
            form=args.form,
            fields=fields,
            attachment=attachment,
            extra_dirs=args.templates,
        )
    else:
        document = build_document(templates, form=args.form, fields=fields, attachment=attachment)
    if args.out is None:
        if args.format == "docx":
            raise InputError(_("a .docx must be written to a file: add --out PATH"), field="--out")
        sys.stdout.write(render(document, fmt=args.format))
        return 0
    try:
        path = export(document, args.out, fmt=args.format)
    except InputError as error:
        raise InputError(error.message, field="--out") from None
    print(_("wrote {path}").format(path=path), file=sys.stderr)
    return 0


def _parse_pairs(pairs: list[str]) -> dict[str, str]:
    fields = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(
                _("expected KEY=VALUE, got {pair!r}").format(pair=pair), field="--field"
            )
        fields[key.strip()] = value
    return fields


def _read_fields(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        data = json.loads(_read_text(path, "--fields"))
    except json.JSONDecodeError as error:
        raise InputError(
            _("{path} is not valid JSON (line {line}: {problem})").format(
                path=path, line=error.lineno, problem=error.msg
            ),
            field="--fields",
        ) from None
    except RecursionError:
        raise InputError(
            _(
                "{path} is nested too deeply; it should be one flat object of field names to values"
            ).format(path=path),
            field="--fields",
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            _("{path} should hold a JSON object of field names to values").format(path=path),
            field="--fields",
        )
    bad = [k for k, v in data.items() if not isinstance(v, str | int) or isinstance(v, bool)]
    if bad:
        raise InputError(
            _("values in {path} should be text; see {names}").format(
                path=path, names=", ".join(bad)
            ),
            field="--fields",
        )
    return {k: str(v) for k, v in data.items()}


def _read_text(path: Path, option: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(_("no such file: {path}").format(path=path), field=option) from None
    except UnicodeDecodeError:
        raise InputError(_("{path} is not UTF-8 text").format(path=path), field=option) from None
    except OSError as error:
        raise InputError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror),
            field=option,
        ) from None
