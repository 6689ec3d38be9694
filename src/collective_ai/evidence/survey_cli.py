"""``python -m collective_ai survey summary|audit``: a workers' survey, small counts hidden."""

from __future__ import annotations

import sys

from collective_ai.evidence.suppression import DEFAULT_K
from collective_ai.i18n import _

SUMMARY_FORMATS = ("json", "markdown", "html", "csv", "docx")


def add_parser(subparsers) -> None:
    survey = subparsers.add_parser(
        "survey",
        help=_("summarise or audit a workers' survey, hiding small counts"),
        description=_(
            "Read responses exported by Google Forms, Microsoft Forms, KoboToolbox or any "
            "spreadsheet (CSV, UTF-8, comma or semicolon) and show tables that never give "
            "away a count under k."
        ),
    )
    commands = survey.add_subparsers(dest="survey_command", required=True)

    summary = commands.add_parser("summary", help=_("count one question's answers by group"))
    summary.add_argument("file", help=_("CSV of responses"))
    summary.add_argument(
        "--question", required=True, metavar="COL", help=_("the question's column")
    )
    summary.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="COL",
        help=_("a breakdown column (repeatable)"),
    )
    summary.add_argument(
        "--multi", action="store_true", help=_("the question allows several answers per person")
    )
    _k(summary)
    _survey(summary)
    summary.add_argument("--format", choices=SUMMARY_FORMATS, default="json")
    summary.add_argument("--out", metavar="PATH", help=_("write here instead of standard output"))
    summary.set_defaults(run=run_summary)

    audit = commands.add_parser("audit", help=_("bias audit of a yes/no outcome by group"))
    audit.add_argument("file", help=_("CSV of responses"))
    audit.add_argument("--group", required=True, metavar="COL", help=_("the group column"))
    audit.add_argument("--outcome", required=True, metavar="COL", help=_("the outcome column"))
    audit.add_argument(
        "--favourable",
        required=True,
        metavar="VALUE",
        help=_("the answer that counts as the favourable outcome (e.g. No for 'written up?')"),
    )
    _k(audit)
    _survey(audit)
    audit.add_argument("--format", choices=("json", "markdown", "html"), default="json")
    audit.add_argument("--out", metavar="PATH", help=_("write here instead of standard output"))
    audit.set_defaults(run=run_audit)

    text = commands.add_parser(
        "text",
        help=_("write a free-text question's answers to a private file (not for sharing)"),
        description=_(
            "Free text is never printed in a table: one sentence can name the person who "
            "wrote it. This writes the answers, in alphabetical order, to a file for the "
            "committee to read. Do not share, post or print it."
        ),
    )
    text.add_argument("file", help=_("CSV of responses"))
    text.add_argument("--question", required=True, metavar="COL", help=_("the free-text column"))
    text.add_argument(
        "--out", required=True, metavar="PATH", help=_("the private file to write (.md)")
    )
    text.set_defaults(run=run_text)


def _survey(parser) -> None:
    parser.add_argument(
        "--survey",
        metavar="NAME",
        help=_(
            "the survey's name in the release ledger (default: the file's name); every "
            "table released from one survey is protected together with the earlier ones"
        ),
    )


def _survey_name(args) -> str:
    from pathlib import Path

    return args.survey or Path(args.file).name


def _ledger():
    from collective_ai.disclosure.ledger import ReleaseLedger

    return ReleaseLedger()


def _k(parser) -> None:
    parser.add_argument(
        "--k",
        type=int,
        default=DEFAULT_K,
        metavar="N",
        help=_("hide every count under N (default {k}; under 3 is refused)").format(k=DEFAULT_K),
    )


def _emit(content, out) -> None:
    from collective_ai.evidence import documents

    if out:
        documents.write(content, out)
    elif isinstance(content, bytes):
        from collective_ai.errors import InputError

        raise InputError(_("a .docx file needs --out PATH"), field="out")
    else:
        sys.stdout.write(content)


def run_summary(args) -> int:
    from collective_ai.evidence.responses import read_responses
    from collective_ai.evidence.survey import summarize

    # Every column: the ledger hashes whole rows and may count columns earlier releases used.
    responses = read_responses(args.file)
    summary = summarize(
        responses,
        question=args.question,
        by=args.by,
        multi=args.multi or None,
        k=args.k,
        ledger=_ledger(),
        survey=_survey_name(args),
    )
    _emit(summary.render(fmt=args.format), args.out)
    return 0


def run_audit(args) -> int:
    from pathlib import Path

    from collective_ai.audit.cli import render
    from collective_ai.evidence.audit import audit_survey
    from collective_ai.evidence.responses import read_responses

    report = audit_survey(
        read_responses(args.file),
        group=args.group,
        outcome=args.outcome,
        favourable=args.favourable,
        k=args.k,
        ledger=_ledger(),
        survey=_survey_name(args),
    )
    _emit(render(report, fmt=args.format, source=Path(args.file).name), args.out)
    return 0


def run_text(args) -> int:
    from collective_ai.evidence.freetext import private_answers
    from collective_ai.evidence.responses import read_responses

    responses = read_responses(args.file, columns=[(args.question, "question")])
    _emit(private_answers(responses, question=args.question), args.out)
    print(
        _("Wrote {path}: for the committee only; do not share it.").format(path=args.out),
        file=sys.stderr,
    )
    return 0
