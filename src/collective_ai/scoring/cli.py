"""``python -m collective_ai simulate hiring --set proxy_weight=0.3 [--handout FILE.pdf]``

For a facilitator without Jupyter: print one simulation's summary and audit table, and
optionally write the small-multiples handout (PDF, PNG or SVG) with its description
beside it. Nothing heavy is imported until the subcommand runs.
"""

from __future__ import annotations

import math

from collective_ai.errors import InputError
from collective_ai.i18n import _

SCENARIO_NAMES = ("hiring", "warehouse", "call_centre")


def add_parser(subparsers) -> None:
    """Register ``simulate`` on the top-level parser's ``subparsers``."""
    parser = subparsers.add_parser(
        "simulate",
        help=_("run a simulated scoring system and audit it (optionally write a handout)"),
        description=_("Simulate a scoring system from the course's labs and audit its outcome."),
    )
    parser.add_argument("scenario", choices=SCENARIO_NAMES, help=_("which workplace to simulate"))
    parser.add_argument("--seed", type=int, default=2024, help=_("random seed (default 2024)"))
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=_("a parameter, e.g. proxy_weight=0.3 or n=100000 (repeatable)"),
    )
    parser.add_argument(
        "--handout",
        metavar="PATH",
        help=_("also write the print figure here (.pdf, .png or .svg) and its text beside it"),
    )
    parser.add_argument(
        "--across",
        default="proxy_weight",
        metavar="NAME",
        help=_("the parameter the handout's panels vary (default proxy_weight)"),
    )
    parser.set_defaults(run=run)


def parse_settings(settings: list[str]) -> dict[str, float]:
    """``["proxy_weight=0.3", "n=1000"]`` to ``{"proxy_weight": 0.3, "n": 1000}``."""
    params = {}
    for setting in settings:
        name, sep, text = setting.partition("=")
        if not sep or not name.strip():
            message = _("write NAME=VALUE, got {setting}").format(setting=repr(setting))
            raise InputError(message, field="--set")
        try:
            number = float(text)
        except ValueError:
            message = _("{text} is not a number").format(text=repr(text))
            raise InputError(message, field=name.strip()) from None
        if not math.isfinite(number):
            message = _("{text} is not a finite number").format(text=repr(text))
            raise InputError(message, field=name.strip())
        whole = number.is_integer() and abs(number) < 2**53  # exactly representable
        params[name.strip()] = int(number) if whole else number
    return params


def run(args) -> int:
    from collective_ai.audit.report import text_table
    from collective_ai.scoring import simulate
    from collective_ai.scoring.figures import handout_path, print_figure

    params = parse_settings(args.set)
    if args.handout:
        try:
            handout_path(args.handout)  # a wrong name fails before the simulation runs
        except InputError as error:
            raise InputError(error.message, field="--handout") from None
    result = simulate(args.scenario, seed=args.seed, **params)
    print(result.summary)
    print(text_table(result.table))
    if args.handout:
        params.pop(args.across, None)
        handout = print_figure(args.scenario, seed=args.seed, parameter=args.across, **params)
        handout.save(args.handout)
        print(_("handout written to {path}").format(path=args.handout))
    return 0
