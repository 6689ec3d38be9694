"""``python -m collective_ai campaign add|list|next|page``: the campaign from the command line.

Only ``add`` writes, one step per call in one transaction, so a refused step leaves the
log as it was. Bad input (an unknown kind, a name where a role goes, a done step dated in
the future) ends with one line naming the field and exit code 2.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from collective_ai.i18n import _


def add_parser(subparsers) -> None:
    """Register ``campaign`` with ``add``, ``list``, ``next`` and ``page``."""
    from collective_ai.campaign.steps import KINDS, REPLY_STATUSES, ROLES, STATUSES

    campaign = subparsers.add_parser(
        "campaign",
        help=_("a campaign's steps, the next rung and a page for the committee's meeting"),
        description=_("Keep a campaign's steps in the evidence log and print where it stands."),
    )
    commands = campaign.add_subparsers(dest="campaign_command", required=True)

    def common(parser, *, name_required=True):
        parser.add_argument(
            "--campaign",
            required=name_required,
            metavar="NAME",
            help=_("the campaign's name, such as 'PickRate targets'"),
        )
        parser.add_argument(
            "--db",
            metavar="PATH",
            help=_("the evidence log (default: $COLLECTIVE_AI_HOME/evidence.sqlite)"),
        )

    add = commands.add_parser("add", help=_("record a step; prints its id"))
    common(add)
    add.add_argument(
        "--kind",
        required=True,
        metavar="KIND",
        help=_("one of: {choices}").format(choices=", ".join(KINDS)),
    )
    add.add_argument("--date", required=True, metavar="DATE", help=_('such as "3 March 2026"'))
    add.add_argument(
        "--lead",
        required=True,
        metavar="ROLE",
        help=_("a role, never a name: {roles}").format(roles=", ".join(ROLES)),
    )
    add.add_argument(
        "--status",
        default="done",
        metavar="STATUS",
        help=_("{statuses}; for a reply {replies}").format(
            statuses=", ".join(STATUSES), replies=", ".join(REPLY_STATUSES)
        ),
    )
    add.add_argument("--note", default="", metavar="TEXT", help=_("what happened (no names)"))
    add.set_defaults(run=run_add)

    listing = commands.add_parser("list", help=_("list the steps in date order"))
    common(listing, name_required=False)
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(run=run_list)

    nxt = commands.add_parser("next", help=_("the next rung, from what happened"))
    common(nxt)
    nxt.add_argument("--format", choices=("text", "json"), default="text")
    nxt.set_defaults(run=run_next)

    page = commands.add_parser("page", help=_("one printable page for the meeting (.html or .pdf)"))
    common(page)
    page.add_argument("--out", required=True, metavar="PATH", help=_("a file ending .html or .pdf"))
    page.add_argument("--paper", choices=("letter", "a4"), default="letter")
    page.set_defaults(run=run_page)

    from collective_ai.cli import add_lang_options  # deferred: that module imports this one

    add_lang_options(campaign, *commands.choices.values())


def _log(args, *, read_only: bool):
    from collective_ai.campaign.store import CampaignLog

    return CampaignLog(args.db, read_only=read_only)


def run_add(args) -> int:
    from collective_ai.campaign.steps import KINDS
    from collective_ai.errors import InputError

    if args.kind not in KINDS:  # named before the log is touched
        raise InputError(
            _("choose one of {choices}, not {value!r}").format(
                choices=", ".join(KINDS), value=args.kind
            ),
            field="kind",
        )
    print(
        _log(args, read_only=False).add(
            campaign=args.campaign,
            kind=args.kind,
            date=args.date,
            lead=args.lead,
            status=args.status,
            note=args.note,
        )
    )
    return 0


def run_list(args) -> int:
    from collective_ai.campaign.steps import KINDS, show_role, show_status
    from collective_ai.dates import show_date
    from collective_ai.escaping import show_invisible

    steps = _log(args, read_only=True).steps(args.campaign)
    if args.format == "json":
        sys.stdout.write(
            json.dumps([s.to_dict() for s in steps], indent=1, ensure_ascii=False) + "\n"
        )
        return 0
    for s in steps:
        note = f"  {show_invisible(s.note)}" if s.note else ""
        print(
            f"{s.id:>4}  {show_date(s.date):<18} {show_invisible(s.campaign)}: "
            f"{_(KINDS[s.kind])} [{show_role(s.lead)}, {show_status(s.status)}]{note}"
        )
    return 0


def run_next(args) -> int:
    from collective_ai.campaign.steps import KINDS, next_rung

    suggestion = next_rung(_log(args, read_only=True).steps(args.campaign), today=dt.date.today())
    if args.format == "json":
        sys.stdout.write(json.dumps(suggestion.to_dict(), ensure_ascii=False) + "\n")
        return 0
    head = _("Next: {step}. ").format(step=_(KINDS[suggestion.kind])) if suggestion.kind else ""
    print(head + suggestion.why)
    return 0


def run_page(args) -> int:
    from collective_ai.campaign.page import page_html, page_pdf
    from collective_ai.errors import InputError
    from collective_ai.files import write_atomic

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".html", ".pdf"):
        raise InputError(_("the file name should end in .html or .pdf"), field="out")
    if not out.parent.is_dir():
        raise InputError(
            _("the folder {folder} does not exist").format(folder=out.parent), field="out"
        )
    steps = _log(args, read_only=True).steps(args.campaign)
    today = dt.date.today()
    if suffix == ".pdf":
        content = page_pdf(args.campaign, steps, today=today, paper=args.paper)
    else:
        content = page_html(args.campaign, steps, today=today)
    write_atomic(out, content)
    print(_("wrote {path}").format(path=out), file=sys.stderr)
    return 0
