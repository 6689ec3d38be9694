"""``python -m collective_ai request draft|add|list|update|read|pool|sample``.

Nothing heavy is imported until a subcommand runs. A person's mistake (an unknown law, a
date in the future, a file that cannot be read) raises InputError, which the top-level
command turns into exit code 2 and one line naming the field. ``read`` reads the whole
answer before it writes anything to the register, so a broken answer loses nothing.
"""

from __future__ import annotations

import json
import sys

from collective_ai.dates import ORDERS
from collective_ai.i18n import _


def add_parser(subparsers) -> None:
    """Register ``request`` on the top-level parser's ``subparsers``."""
    from collective_ai.requests.laws import LAWS

    request = subparsers.add_parser(
        "request",
        help=_("ask for members' data, track the deadlines, read and pool what comes back"),
        description=_(
            "Data-access requests: letters, a register with legal due dates, a "
            "reader for the answers and a pooled table that hides small counts."
        ),
    )
    commands = request.add_subparsers(dest="request_command", required=True)

    draft = commands.add_parser("draft", help=_("write a request letter (.md, .html or .docx)"))
    draft.add_argument("--law", required=True, choices=list(LAWS))
    draft.add_argument("--organisation", required=True, metavar="TEXT", help=_("who it goes to"))
    draft.add_argument("--system", required=True, metavar="TEXT", help=_("the system asked about"))
    draft.add_argument(
        "--date", metavar="DATE", help=_('the letter\'s date, such as "7 December 2026"')
    )
    draft.add_argument("--reply-days", type=int, metavar="N", help=_("collective requests only"))
    draft.add_argument("--signers", type=int, default=0, metavar="N", help=_("signature lines"))
    draft.add_argument(
        "--out", required=True, metavar="PATH", help=_("ends in .md, .html or .docx")
    )
    draft.set_defaults(run=run_draft)

    add = commands.add_parser("add", help=_("record a request sent; prints its number"))
    add.add_argument(
        "--member", required=True, metavar="CODE", help=_("the member's code (never a name)")
    )
    add.add_argument(
        "--law",
        required=True,
        metavar="LAW",
        help=_("one of: {choices}").format(choices=", ".join(LAWS)),
    )
    add.add_argument("--system", required=True, metavar="TEXT")
    add.add_argument("--organisation", default="", metavar="TEXT")
    add.add_argument("--sent", required=True, metavar="DATE", help=_("the day it was received"))
    add.add_argument("--date-order", choices=list(ORDERS), help=_("for dates in numbers only"))
    add.add_argument("--reply-days", type=int, metavar="N", help=_("collective requests only"))
    _db(add)
    add.set_defaults(run=run_add)

    listing = commands.add_parser("list", help=_("list requests with their due dates"))
    listing.add_argument("--format", choices=("json", "markdown"), default="markdown")
    listing.add_argument("--due-this-week", action="store_true", help=_("only those due in 7 days"))
    listing.add_argument("--status", choices=("open", "overdue", "extended", "answered", "refused"))
    listing.add_argument("--today", metavar="DATE", help=_("work statuses out as on this day"))
    _db(listing)
    listing.set_defaults(run=run_list)

    update = commands.add_parser("update", help=_("record an extension, an answer or a refusal"))
    update.add_argument("id", type=int, help=_("the request's number"))
    what = update.add_mutually_exclusive_group(required=True)
    what.add_argument("--extended-on", metavar="DATE", help=_("when the organisation said so"))
    what.add_argument("--answered-on", metavar="DATE")
    what.add_argument("--refused-on", metavar="DATE")
    _db(update)
    update.set_defaults(run=run_update)

    read = commands.add_parser("read", help=_("summarise what came back (folder or zip)"))
    read.add_argument("path", help=_("the folder, zip or file"))
    read.add_argument("--id", type=int, help=_("keep the summary with this request"))
    read.add_argument("--on", metavar="DATE", help=_("the day it came (default: today)"))
    read.add_argument("--format", choices=("markdown", "json"), default="markdown")
    _db(read)
    read.set_defaults(run=run_read)

    pool = commands.add_parser("pool", help=_("one table across members, small counts hidden"))
    pool.add_argument(
        "--ask", default="logic", choices=("inputs", "scores", "logic", "decisions", "format")
    )
    pool.add_argument("--by", choices=("law", "system", "none"), default="law")
    pool.add_argument("--k", type=int, default=5, help=_("hide every count from 1 to k-1"))
    pool.add_argument(
        "--ledger", metavar="PATH", help=_("the release ledger (default: the committee's)")
    )
    pool.add_argument("--format", choices=("markdown", "json", "html", "docx"), default="markdown")
    pool.add_argument("--out", metavar="PATH", help=_("write to a file (needed for docx)"))
    _db(pool)
    pool.set_defaults(run=run_pool)

    sample = commands.add_parser("sample", help=_("write a made-up answer to practise on"))
    sample.add_argument("--out", required=True, metavar="PATH", help=_("a .zip file or a folder"))
    sample.add_argument("--seed", type=int, default=0)
    sample.add_argument("--logic", action="store_true", help=_("include an explanation"))
    sample.set_defaults(run=run_sample)

    from collective_ai.cli import add_lang_options  # deferred: that module imports this one

    add_lang_options(request, *commands.choices.values())


def _db(parser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=_("the committee's store (default: $COLLECTIVE_AI_HOME/evidence.sqlite)"),
    )


def _register(args, *, read_only: bool = False):
    from collective_ai.requests.register import RequestRegister

    return RequestRegister(args.db, read_only=read_only)


def run_draft(args) -> int:
    from collective_ai.demands.render import export
    from collective_ai.requests.letters import draft_letter

    document = draft_letter(
        law_id=args.law,
        organisation=args.organisation,
        system=args.system,
        date=args.date,
        reply_days=args.reply_days,
        signers=args.signers,
    )
    print(_("wrote {path}").format(path=export(document, args.out)))
    return 0


def run_add(args) -> int:
    from collective_ai.dates import iso_date, show_date

    sent = iso_date(args.sent, order=args.date_order, field="sent")
    number = _register(args).add(
        member=args.member,
        law_id=args.law,
        system=args.system,
        organisation=args.organisation,
        sent=sent,
        reply_days=args.reply_days,
    )
    request = _register(args, read_only=True).get(number)
    print(_("{number}: due {date}").format(number=number, date=show_date(request.due)))
    return 0


def run_list(args) -> int:
    from collective_ai.dates import parse_date, show_date
    from collective_ai.evidence import documents

    today = parse_date(args.today, field="today") if args.today else None
    register = _register(args, read_only=True)
    found = register.due_soon(today=today) if args.due_this_week else register.requests(today=today)
    if args.status:
        found = [r for r in found if r.status == args.status]
    if args.format == "json":
        sys.stdout.write(
            json.dumps([r.to_dict() for r in found], indent=2, ensure_ascii=False) + "\n"
        )
        return 0
    from collective_ai.requests.register import STATUS_WORDS

    rows = [[r.id, r.member, r.law, r.system, show_date(r.sent), show_date(r.due),
             _(STATUS_WORDS.get(r.status, r.status))] for r in found]  # fmt: skip
    headers = [_("No."), _("Member"), _("Law"), _("System"), _("Received"), _("Due")]
    headers.append(_("Status"))
    sys.stdout.write(documents.markdown_table(headers, rows) + "\n")
    return 0


def run_update(args) -> int:
    from collective_ai.dates import show_date
    from collective_ai.requests.register import STATUS_WORDS

    register = _register(args)
    if args.extended_on:
        request = register.extend(args.id, told=args.extended_on)
    elif args.answered_on:
        request = register.close(args.id, status="answered", on=args.answered_on)
    else:
        request = register.close(args.id, status="refused", on=args.refused_on)
    print(
        _("{number}: {status}, due {date}").format(
            number=request.id,
            status=_(STATUS_WORDS.get(request.status, request.status)),
            date=show_date(request.due),
        )
    )
    return 0


def run_read(args) -> int:
    import datetime as dt

    from collective_ai.requests.reader import read_return

    summary = read_return(args.path)  # all read before anything is written
    if args.id is not None:
        register = _register(args)
        current = register.get(args.id)
        if current.status in ("answered", "refused"):
            register.record_return(args.id, summary.to_dict(source=False))
        else:
            on = args.on or dt.date.today().isoformat()
            register.close(
                args.id, status="answered", on=on, returned=summary.to_dict(source=False)
            )
    if args.format == "json":
        sys.stdout.write(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(summary.markdown())
    return 0


def run_pool(args) -> int:
    from collective_ai.disclosure.ledger import ReleaseLedger
    from collective_ai.errors import InputError
    from collective_ai.evidence import documents
    from collective_ai.requests.pool import pool_returns

    if args.format == "docx" and not args.out:
        raise InputError(_("a .docx must be written to a file: add --out PATH"), field="out")
    summary = pool_returns(
        _register(args, read_only=True).requests(),
        ask=args.ask,
        by=None if args.by == "none" else args.by,
        k=args.k,
        ledger=ReleaseLedger(args.ledger),
    )
    content = summary.render(fmt=args.format)
    if args.out:
        documents.write(content, args.out)
        print(_("wrote {path}").format(path=args.out))
    else:
        sys.stdout.write(content)
    return 0


def run_sample(args) -> int:
    from pathlib import Path

    from collective_ai.requests.synthetic import synthetic_return, write_return

    out = Path(args.out)
    files = synthetic_return(seed=args.seed, logic=args.logic)
    written = write_return(files, out, as_zip=out.suffix.lower() == ".zip")
    print(_("wrote {path}").format(path=written))
    return 0
