"""Where a committee can take a complaint or a charge: one registry, one entry per venue.

Each :class:`Venue` names the agency, the law, the grounds a pack can state, the official
way to file (named, never fetched: a pack holds no link that loads anything), and the time
limit as the primary source words it. The limits are worked out in
:mod:`collective_ai.complaints.limits`; every statement here is listed with its source in
``docs/fact-checking.md`` ("Complaints and campaign (issue 25)"). The law is as of
:data:`AS_OF`.
"""

from __future__ import annotations

from dataclasses import dataclass

from collective_ai.errors import InputError
from collective_ai.i18n import N_, _

AS_OF = "December 2026"


@dataclass(frozen=True)
class Ground:
    """One thing a pack can say went wrong, in the venue's own terms."""

    id: str
    label: str
    says: str  # the sentence the pack prints for it


@dataclass(frozen=True)
class Venue:
    """A regulator or agency a pack can be prepared for.

    Parameters
    ----------
    id : str
        The name used on the command line (``--venue``).
    name, agency, law : str
        What the pack is, who receives it, and the law it rests on.
    grounds : tuple of Ground
        What the pack can state (``--ground``); the first is the default.
    route : tuple of str
        How to file, step by step, with the official route named.
    limit : str
        The time limit in words, with its source.
    rule : str
        How :func:`~collective_ai.complaints.limits.deadline` counts: ``"eeoc"``,
        ``"nlrb"`` or ``"none"`` (no limit stated for a complaint).
    sources : tuple of str
        The primary sources the pack's statements rest on.
    """

    id: str
    name: str
    agency: str
    law: str
    grounds: tuple[Ground, ...]
    route: tuple[str, ...]
    limit: str
    rule: str
    sources: tuple[str, ...]

    def ground(self, ground_id: str | None) -> Ground:
        """The ground called ``ground_id`` (the first when None), or an InputError."""
        if not ground_id:
            return self.grounds[0]
        for ground in self.grounds:
            if ground.id == ground_id:
                return ground
        known = ", ".join(g.id for g in self.grounds)
        raise InputError(
            _("{ground!r} is not a ground for {venue}; choose one of {known}").format(
                ground=ground_id, venue=self.id, known=known
            ),
            field="ground",
        )


_NYC = Venue(
    id="nyc-dcwp",
    name=N_("Complaint to New York City's Department of Consumer and Worker Protection"),
    agency=N_("NYC Department of Consumer and Worker Protection (DCWP)"),
    law=N_(
        "Local Law 144 of 2021, NYC Administrative Code sections 20-870 to 20-874, and "
        "DCWP's rules, 6 RCNY 5-300 to 5-304"
    ),
    grounds=(
        Ground(
            "no-audit",
            N_("No bias audit published"),
            N_(
                "The employer uses an automated employment decision tool, but we could find no "
                "summary of a bias audit done in the year before its use on the employer's "
                "website (Admin. Code 20-871(a))."
            ),
        ),
        Ground(
            "no-notice",
            N_("No notice given"),
            N_(
                "Candidates or employees were not told, at least ten business days before the "
                "tool was used, that it would be used and what it assesses (Admin. Code "
                "20-871(b); 6 RCNY 5-304)."
            ),
        ),
        Ground(
            "summary-does-not-add-up",
            N_("The published summary does not add up"),
            N_(
                "The bias audit summary the employer published does not add up: its rates or "
                "impact ratios do not follow from its own counts, or required figures are "
                "missing (6 RCNY 5-301). The attached check recomputes every figure."
            ),
        ),
    ),
    route=(
        N_(
            "Call 311 (212-639-9675 from outside the city) or use NYC311 online, and ask for "
            "a complaint to DCWP about an automated employment decision tool under Local Law "
            "144."
        ),
        N_(
            "Say those words: in a December 2025 audit, the State Comptroller found that 75% of "
            "test calls to 311 about these tools were sent to the wrong place, and that DCWP "
            "had received 2 complaints about them in about two years."
        ),
        N_(
            "The 311 page asks for: the date of the suspected violation; the job or position, "
            "with the employer's name and location; the tool's name and type, if known; any "
            "notice given; and what went wrong."
        ),
        N_("Write down the complaint number 311 gives you, and the date."),
    ),
    limit=N_(
        "No time limit for a complaint is stated on the 311 page or in the law; "
        "complain while the tool is in use and the facts are fresh."
    ),
    rule="none",
    sources=("nyc2021ll144", "dcwp2023aedtrules", "nyc311aedt", "nyosc2025ll144"),
)

_EEOC = Venue(
    id="eeoc",
    name=N_("Preparing a charge of discrimination for the EEOC"),
    agency=N_("U.S. Equal Employment Opportunity Commission (EEOC)"),
    law=N_(
        "Title VII of the Civil Rights Act of 1964 (42 U.S.C. 2000e-5(e)(1)); for age, "
        "the Age Discrimination in Employment Act (29 U.S.C. 626(d))"
    ),
    grounds=(
        Ground(
            "disparate-impact",
            N_("A scoring system falls harder on one group"),
            N_(
                "The employer's automated system screens or scores workers, and its results fall "
                "harder on one protected group than on others (see the evidence attached)."
            ),
        ),
        Ground(
            "disparate-treatment",
            N_("Treated worse because of who they are"),
            N_(
                "Workers were treated worse because of a protected characteristic, and the "
                "automated system was part of how it was done."
            ),
        ),
    ),
    route=(
        N_(
            "Start an inquiry in the EEOC Public Portal, call 1-800-669-4000, or visit an EEOC "
            "field office."
        ),
        N_(
            "An EEOC staff member holds an intake interview by phone, video or in person. "
            "Bring this pack, the dates and the log."
        ),
        N_(
            "The worker signs the charge. A committee can help prepare it; this pack is that "
            "help, not the charge."
        ),
        N_(
            "Where a state or local agency enforces a similar law, a charge filed with one is "
            "usually filed with both."
        ),
    ),
    limit=N_(
        "180 calendar days from the act, or 300 where a state or local agency enforces a "
        "law against the same discrimination; for age, 300 only where a state law and a state "
        "agency do. Weekends and holidays count; a last day on a weekend or holiday moves to "
        "the next business day. A union grievance does not pause the clock."
    ),
    rule="eeoc",
    sources=(
        "usc42s2000e5",
        "usc29s626b",
        "eeocndtimelimits",
        "eeocjacksoncharge",
        "eeocstatelocal",
    ),
)

_NLRB = Venue(
    id="nlrb",
    name=N_("Preparing an unfair labor practice charge for the NLRB"),
    agency=N_("National Labor Relations Board (NLRB), the Regional Office for the workplace"),
    law=N_(
        "National Labor Relations Act, sections 7, 8(a)(1) and 10(b) (29 U.S.C. 157, "
        "158(a)(1), 160(b))"
    ),
    grounds=(
        Ground(
            "concerted-activity",
            N_("Punished for acting together about the system"),
            N_(
                "Workers acted together about the automated system (asking about it, "
                "complaining about it, pooling their evidence), which section 7 protects, and "
                "the employer disciplined, threatened or questioned them for it."
            ),
        ),
        Ground(
            "refusal-to-bargain",
            N_("Changed the system without bargaining"),
            N_(
                "The employer brought in or changed the system, which affects terms of "
                "employment, without notice to the union or a chance to bargain."
            ),
        ),
    ),
    route=(
        N_(
            "Contact the NLRB Regional Office for the workplace. Charges are filed there, "
            "usually with the help of an Information Officer."
        ),
        N_(
            "A charge against an employer is made on the NLRB's charge form (NLRB-501); a "
            "worker, a group of workers or a union can file one."
        ),
        N_("The charge must be filed and a copy served on the employer within the six months."),
    ),
    limit=N_(
        "Six months: no complaint may issue for an unfair labor practice that happened "
        "more than six months before the charge was filed and served (section 10(b)). The pack "
        "does not move a last day that falls on a weekend: file well before it."
    ),
    rule="nlrb",
    sources=("usc29s160", "usc29s157", "nlrbfaqcharge"),
)

_CPPA = Venue(
    id="cppa",
    name=N_("Complaint to the California Privacy Protection Agency"),
    agency=N_("California Privacy Protection Agency (CalPrivacy)"),
    law=N_(
        "California Consumer Privacy Act (Cal. Civ. Code 1798.100 and following) and the "
        "agency's regulations, including those on automated decisionmaking technology"
    ),
    grounds=(
        Ground(
            "request-ignored",
            N_("A request for our data went unanswered"),
            N_(
                "Workers asked the employer for the personal information it holds about them, "
                "and the employer did not answer in full within the time the law allows "
                "(45 days, extendable once by 45)."
            ),
        ),
        Ground(
            "no-admt-notice",
            N_("No notice before automated decisions"),
            N_(
                "The employer uses automated decisionmaking technology for significant "
                "employment decisions without the notice before use that the agency's rules "
                "require from 1 January 2027."
            ),
        ),
    ),
    route=(
        N_(
            "Use the agency's online complaint form, or print its paper form and mail it to "
            "the address on the form."
        ),
        N_(
            "Say who the business is, which right was not respected, what happened and when. "
            "Describe the evidence you have; the agency may ask for it later."
        ),
        N_("The agency does not act as anyone's lawyer; complaints guide its investigations."),
    ),
    limit=N_(
        "No time limit for a complaint is stated on the agency's complaint pages; "
        "complain soon, while the facts are fresh."
    ),
    rule="none",
    sources=("ccpastatute", "cppa2025admt", "cppacomplaint"),
)

#: Every venue a pack can be made for, by its command-line name.
VENUES: dict[str, Venue] = {v.id: v for v in (_NYC, _EEOC, _NLRB, _CPPA)}


def venue(venue_id: str) -> Venue:
    """The venue called ``venue_id``, or an InputError naming the known ones."""
    try:
        return VENUES[venue_id]
    except KeyError:
        raise InputError(
            _("{venue!r} is not a venue; choose one of {known}").format(
                venue=venue_id, known=", ".join(VENUES)
            ),
            field="venue",
        ) from None
