"""``python -m collective_ai complaint draft|venues``: a complaint pack from the command line.

``draft`` reads the evidence log (read-only), a check of a published audit or a saved
audit report, works out the last day to file and writes the pack as Markdown, HTML, .docx
or JSON. Nothing is filed or sent. Bad input (an unknown venue, a date in the future, a
log that is not there) ends with one line naming the field and exit code 2.
"""

from __future__ import annotations

import json
import sys

from collective_ai.i18n import _

FORMATS = ("markdown", "html", "docx", "json")


def add_parser(subparsers) -> None:
    """Register ``complaint`` with its ``draft`` and ``venues`` subcommands."""
    from collective_ai.complaints.limits import AGENCIES, BASES

    complaint = subparsers.add_parser(
        "complaint",
        help=_("prepare a complaint or charge pack (NYC DCWP, EEOC, NLRB, CPPA); files nothing"),
        description=_(
            "Prepare a complaint pack from the evidence log or an audit. It files nothing."
        ),
    )
    commands = complaint.add_subparsers(dest="complaint_command", required=True)

    venues = commands.add_parser("venues", help=_("list the venues a pack can be made for"))
    venues.add_argument("--format", choices=("text", "json"), default="text")
    venues.set_defaults(run=run_venues)

    draft = commands.add_parser("draft", help=_("write a pack: facts, deadline, route, evidence"))
    draft.add_argument(
        "--venue", required=True, metavar="ID", help=_("nyc-dcwp, eeoc, nlrb or cppa")
    )
    draft.add_argument("--ground", metavar="ID", help=_("what went wrong (see `complaint venues`)"))
    draft.add_argument(
        "--log",
        metavar="PATH",
        help=_(
            "the evidence log to take the facts from "
            "(default: $COLLECTIVE_AI_HOME/evidence.sqlite, when there is one)"
        ),
    )
    draft.add_argument("--system", metavar="NAME", help=_("only this system's incidents"))
    draft.add_argument(
        "--audit-check", metavar="CSV", help=_("a published audit table to check and attach")
    )
    draft.add_argument(
        "--audit-report", metavar="REPORT.md", help=_("an audit report in Markdown to attach")
    )
    draft.add_argument("--employer", default="", metavar="TEXT", help=_("who the pack is about"))
    draft.add_argument(
        "--decided", metavar="DATE", help=_("when the decision was made and communicated")
    )
    draft.add_argument(
        "--learned", metavar="DATE", help=_("when it was learned it might be discriminatory")
    )
    draft.add_argument(
        "--agency",
        choices=list(AGENCIES),
        default="none",
        help=_("which agency near the workplace enforces a similar law (EEOC)"),
    )
    draft.add_argument(
        "--basis", choices=BASES, default="other", help=_("age has its own EEOC rule")
    )
    draft.add_argument(
        "--k",
        type=int,
        default=5,
        metavar="N",
        help=_("hide every count under N in the evidence summary (default 5)"),
    )
    draft.add_argument("--format", choices=FORMATS, default="markdown")
    draft.add_argument("--out", metavar="PATH", help=_("where to write (needed for .docx)"))
    draft.set_defaults(run=run_draft)

    from collective_ai.cli import add_lang_options  # deferred: that module imports this one

    add_lang_options(complaint, *commands.choices.values())


def run_venues(args) -> int:
    from collective_ai.complaints.venues import VENUES

    if args.format == "json":
        entries = [
            {
                "id": v.id,
                "name": v.name,
                "agency": v.agency,
                "law": v.law,
                "limit": v.limit,
                "grounds": [{"id": g.id, "label": g.label} for g in v.grounds],
            }
            for v in VENUES.values()
        ]
        sys.stdout.write(json.dumps(entries, indent=1, ensure_ascii=False) + "\n")
        return 0
    for v in VENUES.values():
        grounds = _("grounds: {ids}").format(ids=", ".join(g.id for g in v.grounds))
        print(f"{v.id:<9} {_(v.name)}  [{grounds}]")
    return 0


def _committee_log():
    """The committee's own log, as every other command finds it, when it has been started."""
    from collective_ai.evidence.store import default_path

    path = default_path()
    return path if path.is_file() else None


def make_pack(args):
    """The pack the arguments ask for: facts, notes and attachments from each source given."""
    from collective_ai.complaints import evidence
    from collective_ai.complaints.pack import build_pack
    from collective_ai.complaints.venues import venue

    venue(args.venue)  # an unknown venue is named before any file is read
    facts, notes, attachments = [], [], []
    log = args.log or _committee_log()
    if log:
        store = evidence.open_log(log)
        facts = evidence.log_facts(store, system=args.system)
        attachments.append(evidence.log_attachment(store, system=args.system, k=args.k))
    if args.audit_check:
        from collective_ai.audit.check import check_published

        report = check_published(args.audit_check)
        notes.append(evidence.check_sentence(report))
        attachments.append(evidence.audit_check_attachment(report))
    if args.audit_report:
        from collective_ai.demands.document import Attachment

        report_text = evidence.read_report(args.audit_report)
        attachments.append(Attachment(_("Bias audit report"), report_text))
    return build_pack(
        args.venue,
        facts=facts,
        ground=args.ground,
        employer=args.employer,
        decided=args.decided,
        learned=args.learned,
        agency=args.agency,
        basis=args.basis,
        attachment=evidence.combined(attachments),
        notes=notes,
    )


def run_draft(args) -> int:
    from collective_ai.demands.render import export, render
    from collective_ai.errors import InputError

    pack = make_pack(args)
    if args.format == "json":
        text = json.dumps(pack.to_dict(), indent=1, ensure_ascii=False) + "\n"
        if args.out:
            from collective_ai.files import write_atomic

            write_atomic(args.out, text)
        else:
            sys.stdout.write(text)
        return 0
    if args.out is None:
        if args.format == "docx":
            raise InputError(_("a .docx must be written to a file: add --out PATH"), field="out")
        sys.stdout.write(render(pack.document(), fmt=args.format))
        return 0
    path = export(pack.document(), args.out, fmt=args.format)
    print(_("wrote {path} (nothing was filed)").format(path=path), file=sys.stderr)
    return 0
