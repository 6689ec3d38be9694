"""``python -m collective_ai evidence add|list|export|backup|check`` and ``survey ...``.

Nothing heavy is imported until a subcommand runs. Bad input raises InputError, which the
top-level command turns into exit code 2 and one line naming the field; a log that cannot
be used raises a :class:`~collective_ai.evidence.faults.LogFault` saying what is wrong with
it. Only ``add`` writes to the log (and starts one at a new or empty path); ``list``,
``export``, ``backup`` and ``check`` open it read-only, so they work from a read-only
medium and leave another program's database as it was.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from collective_ai.dates import ORDERS, iso_date, show_date
from collective_ai.i18n import _, ngettext


def add_parser(subparsers) -> None:
    """Register ``evidence`` and ``survey`` on the top-level parser's ``subparsers``."""
    _add_evidence(subparsers)
    from collective_ai.evidence.survey_cli import add_parser as add_survey

    add_survey(subparsers)


def _db(parser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=_("the evidence log file (default: $COLLECTIVE_AI_HOME/evidence.sqlite)"),
    )


def _add_evidence(subparsers) -> None:
    evidence = subparsers.add_parser(
        "evidence",
        help=_("a group's log of AI systems at work and what they did"),
        description=_("Record AI systems and incidents, list them, export an evidence summary."),
    )
    commands = evidence.add_subparsers(dest="evidence_command", required=True)

    add = commands.add_parser("add", help=_("record an incident (and its system); prints its id"))
    add.add_argument("--system", required=True, metavar="NAME", help=_("what the system is called"))
    add.add_argument(
        "--decides", required=True, metavar="TEXT", help=_("what it decides or measures")
    )
    add.add_argument("--where", required=True, metavar="TEXT", help=_("site, department or shift"))
    add.add_argument(
        "--date", required=True, metavar="DATE", help=_('when it happened, such as "3 March 2026"')
    )
    add.add_argument(
        "--date-order",
        choices=list(ORDERS),
        help=_("how to read a date in numbers only, such as 03/04/2026"),
    )
    add.add_argument(
        "--effect", required=True, metavar="TEXT", help=_("what it did, e.g. written up")
    )
    add.add_argument(
        "--group", metavar="TEXT", default="", help=_("who was affected, e.g. night shift")
    )
    add.add_argument("--source", metavar="TEXT", default="", help=_("how workers know"))
    add.add_argument(
        "--reporter",
        metavar="CODE",
        default="",
        help=_("the group's code for the reporter (never a name)"),
    )
    _db(add)
    add.set_defaults(run=run_add)

    listing = commands.add_parser("list", help=_("list the incidents, oldest first"))
    listing.add_argument("--format", choices=("json", "markdown"), default="json")
    _db(listing)
    listing.set_defaults(run=run_list)

    export = commands.add_parser("export", help=_("write the evidence summary for a committee"))
    export.add_argument("--format", choices=("markdown", "html", "docx", "csv"), required=True)
    export.add_argument("--out", required=True, metavar="PATH", help=_("the file to write"))
    export.add_argument(
        "--include-text",
        action="store_true",
        help=_("include what happened in workers' own words (left out by default)"),
    )
    _db(export)
    export.set_defaults(run=run_export)

    backup = commands.add_parser(
        "backup", help=_("copy the log safely, even while others are adding to it")
    )
    backup.add_argument("--out", required=True, metavar="FILE", help=_("the copy to write"))
    _db(backup)
    backup.set_defaults(run=run_backup)

    check = commands.add_parser(
        "check", help=_("check the log for damage and count the incidents that can be read")
    )
    _db(check)
    check.set_defaults(run=run_check)


def _store(args, *, read_only: bool = True):
    from collective_ai.evidence.store import EvidenceStore

    return EvidenceStore(args.db, read_only=read_only)


def run_add(args) -> int:
    store = _store(args, read_only=False)
    new_id = store.add_incident(
        system=args.system,
        date=iso_date(args.date, order=args.date_order),
        effect=args.effect,
        decides=args.decides,
        location=args.where,
        affects=args.group,
        affected_group=args.group,
        source=args.source,
        reporter=args.reporter,
    )
    print(new_id)
    return 0


def run_list(args) -> int:
    from collective_ai.evidence import documents

    incidents = _store(args).incidents()
    if args.format == "json":
        sys.stdout.write(
            json.dumps([i.to_dict() for i in incidents], indent=2, ensure_ascii=False) + "\n"
        )
        return 0
    rows = [[i.id, show_date(i.date), i.system, i.effect, i.affected_group] for i in incidents]
    sys.stdout.write(
        documents.markdown_table(
            [_("Id"), _("Date"), _("System"), _("Effect"), _("Group affected")], rows
        )
        + "\n"
    )
    return 0


def run_export(args) -> int:
    from collective_ai.evidence import documents
    from collective_ai.evidence.summary import export

    content = export(_store(args), fmt=args.format, include_text=args.include_text)
    documents.write(content, args.out)
    return 0


def run_backup(args) -> int:
    from collective_ai.evidence.backup import backup

    store = _store(args)
    written = backup(store, args.out)
    print(_("backed up {path} to {copy}").format(path=store.path, copy=written))
    return 0


def run_check(args) -> int:
    from collective_ai.evidence import faults
    from collective_ai.evidence.backup import check, ranges
    from collective_ai.evidence.store import default_path

    health = check(Path(args.db) if args.db else default_path())
    count = len(health.readable)
    if health.sound:
        incidents = ngettext("{count} incident", "{count} incidents", count).format(count=count)
        systems = ngettext("{count} system", "{count} systems", health.systems).format(
            count=health.systems
        )
        print(
            _(
                "{path}: no damage found (schema {version}); {incidents} and {systems} can be read"
            ).format(path=health.path, version=health.version, incidents=incidents, systems=systems)
        )
        return 0
    for problem in health.problems:
        print(_("integrity check: {problem}").format(problem=problem))
    if count:
        print(_("incidents that can still be read: {ids}").format(ids=ranges(health.readable)))
    if count:
        readable = ngettext(
            "{count} incident can still be read (listed above)",
            "{count} incidents can still be read (listed above)",
            count,
        )
    else:
        readable = _("0 incidents can still be read")
    raise faults.LogFault(
        "damaged",
        _("{path} is a damaged evidence log: {readable}; restore a backup").format(
            path=health.path, readable=readable.format(count=count)
        ),
    )
