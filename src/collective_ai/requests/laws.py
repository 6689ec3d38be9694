"""The laws a member can ask for their data under: one registry, each law dated "as of".

Every legal statement here is listed with its primary source in ``docs/fact-checking.md``
("Data-access requests (issue 25)"). A law says what it gives and does not give, which of
its provisions backs each of the committee's asks
(:data:`~collective_ai.requests.asks.ASKS`), and how its deadline is
counted (:class:`DeadlineRule`, worked out by :mod:`collective_ai.deadlines`). Nothing
here is legal advice; the book says so beside every letter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from collective_ai.deadlines import due_date
from collective_ai.errors import InputError
from collective_ai.i18n import N_, _

AS_OF = "December 2026"
CHECKED = "2026-12-07"


@dataclass(frozen=True)
class DeadlineRule:
    """How long the organisation has, and how the days are counted.

    Parameters
    ----------
    months, days : int
        The first period, counted from the day the request is received.
    extension_months, extension_days : int
        How much longer it may take, at most, when the law allows an extension.
    weekend_moves : bool
        Whether a last day on a Saturday or Sunday moves to the Monday after.
    statutory : bool
        False when no law sets the date: it is the date the letter asks for.
    wording : str
        The rule in words, as the letter prints it.
    """

    months: int = 0
    days: int = 0
    extension_months: int = 0
    extension_days: int = 0
    weekend_moves: bool = True
    statutory: bool = True
    wording: str = ""

    def due(self, received: dt.date, *, extended: bool = False) -> dt.date:
        """The due date for a request received on ``received`` (with the extension, if any).

        Parameters
        ----------
        received : datetime.date
            The day the organisation received the request.
        extended : bool
            Count the extension too (the organisation said it needs it).

        Returns
        -------
        datetime.date
        """
        return due_date(
            start=received,
            months=self.months + (self.extension_months if extended else 0),
            days=self.days + (self.extension_days if extended else 0),
            weekend_moves=self.weekend_moves,
        )

    @property
    def extendable(self) -> bool:
        return bool(self.extension_months or self.extension_days)


@dataclass(frozen=True)
class Law:
    """A law a member can ask under, as of :data:`AS_OF`.

    Parameters
    ----------
    id : str
        Its key in :data:`LAWS` ("eu-gdpr", "uk-gdpr", "ccpa", "cppa-admt", "collective").
    title : str
        Its name in the letter.
    provisions : tuple of str
        The provisions the letter cites.
    cites : dict
        For each ask's key, the provision that backs it ("" when the law gives none).
    gives, does_not_give : tuple of str
        What a committee should know, in plain words.
    rule : DeadlineRule
        How the due date is counted.
    sources : tuple of str
        The primary sources (addresses), also in ``docs/fact-checking.md``.
    in_force_from : datetime.date, optional
        When the law starts to apply; before it, the letter says it is not yet in force.
    not_yet : str
        What the letter says before ``in_force_from``.
    format_cite : str
        The provision behind the machine-readable format the letter asks for.
    as_of, checked : str
        The month the law is stated as of, and the day it was checked.
    extra : tuple of str
        Further notes for the committee (a leading court ruling).
    """

    id: str
    title: str
    provisions: tuple[str, ...]
    cites: dict
    gives: tuple[str, ...]
    does_not_give: tuple[str, ...]
    rule: DeadlineRule
    sources: tuple[str, ...]
    in_force_from: dt.date | None = None
    not_yet: str = ""
    format_cite: str = ""
    as_of: str = AS_OF
    checked: str = CHECKED
    extra: tuple[str, ...] = field(default=())

    def in_force(self, day: dt.date) -> bool:
        """True when the law applies on ``day``.

        Parameters
        ----------
        day : datetime.date
            The day the request is sent.

        Returns
        -------
        bool
        """
        return self.in_force_from is None or day >= self.in_force_from


_GDPR_CITES = {
    "inputs": N_(
        "Article 15(1) and 15(3), a copy of my personal data; Article 15(1)(g), its sources"
    ),
    "scores": N_("Article 15(1) and 15(3): a score about me is personal data about me"),
    "logic": N_(
        "Article 15(1)(h): meaningful information about the logic involved in automated "
        "decision-making, and its significance and envisaged consequences"
    ),
    "decisions": N_("Article 15(1)(c), the recipients; Article 15(1)(h)"),
}
_GDPR_GIVES = (
    N_("A copy of the member's own personal data, free of charge for the first copy"),
    N_("Why it is used, who received it, how long it is kept and where it came from"),
    N_(
        "Where decisions are made by automated means alone, meaningful information about the "
        "logic involved and what the decisions mean for the member"
    ),
)
_GDPR_NOT = (
    N_(
        "Data about other workers: each member asks for their own, and the committee pools "
        "what members choose to share"
    ),
    N_(
        "A copy that would harm other people's rights (Article 15(4)); some trade secrets may "
        "be withheld, but not the whole answer"
    ),
    N_("A right to the system's source code"),
)

LAW_LIST: tuple[Law, ...] = (
    Law(
        id="eu-gdpr",
        title=N_("the General Data Protection Regulation (EU) 2016/679 (GDPR)"),
        provisions=(
            "Article 15",
            "Article 12(3)",
            N_("Article 15(1)(h) with Article 22"),
            "Article 20",
        ),
        cites=_GDPR_CITES,
        gives=_GDPR_GIVES,
        does_not_give=_GDPR_NOT,
        rule=DeadlineRule(
            months=1,
            extension_months=2,
            wording=N_(
                "Article 12(3) gives you one month from the day you receive this request, "
                "which you may extend by two further months where necessary, telling me why "
                "within the first month."
            ),
        ),
        format_cite=N_(
            "Article 15(3), a commonly used electronic form for a request made "
            "electronically, and, for data I provided, Article 20(1), a structured, commonly "
            "used and machine-readable format"
        ),
        sources=(
            "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
            "https://eur-lex.europa.eu/eli/reg/1971/1182/oj",
            "https://www.edpb.europa.eu/our-work-tools/our-documents/guidelines/"
            "guidelines-012022-data-subject-rights-right-access_en",
            "https://curia.europa.eu/juris/liste.jsf?num=C-203/22",
        ),
        extra=(
            N_(
                "The Court of Justice held in Dun & Bradstreet Austria (C-203/22, 27 February "
                "2025) that the logic must be explained so the person can understand and "
                "challenge the decision: the procedure and principles actually applied."
            ),
        ),
    ),
    Law(
        id="uk-gdpr",
        title=N_("the UK GDPR and the Data Protection Act 2018"),
        provisions=("Article 15", N_("Articles 12(3) and 12A"), "Article 15(1)(h)", "Article 20"),
        cites=_GDPR_CITES,
        gives=_GDPR_GIVES,
        does_not_give=(
            *_GDPR_NOT,
            N_(
                "A search beyond what is reasonable and proportionate (a limit the Data (Use "
                "and Access) Act 2025 wrote into the UK GDPR)"
            ),
        ),
        rule=DeadlineRule(
            months=1,
            extension_months=2,
            wording=N_(
                "Articles 12(3) and 12A give you one month from the day you receive this "
                "request, which you may extend by two further months where necessary, telling me "
                "why within the first month. If you need to confirm who I am or to ask what I "
                "mean, the month runs from when I answer."
            ),
        ),
        format_cite=N_("Article 15(3) and, for data I provided, Article 20(1)"),
        sources=(
            "https://www.legislation.gov.uk/eur/2016/679/article/15",
            "https://www.legislation.gov.uk/ukpga/2025/18/contents",
            "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/"
            "individual-rights/subject-access-requests/",
        ),
        extra=(
            N_(
                "Since 5 February 2026, automated decisions are governed by Articles 22A to "
                "22D, which the Data (Use and Access) Act 2025 put in place of Article 22."
            ),
        ),
    ),
    Law(
        id="ccpa",
        title=N_("the California Consumer Privacy Act (Cal. Civ. Code § 1798.100 and following)"),
        provisions=("§ 1798.110", "§ 1798.130(a)(2)", "Cal. Code Regs. tit. 11, § 7021"),
        cites={
            "inputs": N_(
                "§ 1798.110(a)(5), the specific pieces of personal information; "
                "§ 1798.110(a)(2), the categories of sources"
            ),
            "scores": N_(
                "§ 1798.110(a)(5); inferences drawn about me are personal information, "
                "§ 1798.140(v)(1)(K)"
            ),
            "logic": "",
            "decisions": N_("§ 1798.110(a)(4), the categories of third parties who received it"),
        },
        gives=(
            N_(
                "Since January 1, 2023, employees and job applicants of covered businesses can "
                "ask what personal information is held about them, where it came from, why, "
                "and to whom it went"
            ),
            N_("The specific pieces of personal information, in a readily usable format"),
        ),
        does_not_give=(
            N_(
                "The logic of a scoring system: the right to know covers data, not how a system "
                "decides (the CPPA's ADMT rules add that from January 1, 2027)"
            ),
            N_("Anything from a business under the thresholds of § 1798.140(d)"),
            N_("Data about other workers"),
        ),
        rule=DeadlineRule(
            days=45,
            extension_days=45,
            weekend_moves=False,
            wording=N_(
                "Civil Code § 1798.130(a)(2) gives you 45 days from the day you receive "
                "this request, which you may extend once by 45 more days when reasonably "
                "necessary, telling me within the first 45 days. The days are calendar days "
                "(Cal. Code Regs. tit. 11, § 7021(b))."
            ),
        ),
        format_cite=N_(
            "§ 1798.130(a)(2), a readily usable format that lets me move the data to another entity"
        ),
        sources=(
            "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?"
            "lawCode=CIV&sectionNum=1798.130",
            "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?"
            "lawCode=CIV&sectionNum=1798.110",
            "https://cppa.ca.gov/regulations/",
        ),
    ),
    Law(
        id="cppa-admt",
        title=N_(
            "the California Consumer Privacy Act and the CPPA's regulations on automated "
            "decisionmaking technology (Cal. Code Regs. tit. 11, §§ 7200-7222)"
        ),
        provisions=("§ 1798.110", "§ 1798.130(a)(2)", "Cal. Code Regs. tit. 11, § 7222"),
        cites={
            "inputs": N_("Civil Code § 1798.110(a)(5) and (a)(2)"),
            "scores": N_(
                "Civil Code § 1798.110(a)(5); Cal. Code Regs. tit. 11, § 7222, the outcome for me"
            ),
            "logic": N_(
                "Cal. Code Regs. tit. 11, § 7222, the logic of the automated "
                "decisionmaking technology"
            ),
            "decisions": N_(
                "Civil Code § 1798.110(a)(4); Cal. Code Regs. tit. 11, § 7222, the "
                "purpose it was used for and how its output was used in the decision"
            ),
        },
        gives=(
            N_(
                "From January 1, 2027: for a business that uses automated decisionmaking "
                "technology to make a significant decision about the member, such as on work "
                "or pay, the purpose it was used for, its logic and the outcome for the member"
            ),
            N_("Until then, the right to know (see the CCPA) for the data itself"),
        ),
        does_not_give=(
            N_(
                "Anything under the ADMT rules before January 1, 2027: a business already using "
                "such technology must comply by that date"
            ),
            N_("Systems that do not make or substantially help make a significant decision"),
        ),
        rule=DeadlineRule(
            days=45,
            extension_days=45,
            weekend_moves=False,
            wording=N_(
                "This letter is also a request to know, so Civil Code § 1798.130(a)(2) "
                "gives you 45 calendar days from the day you receive it, which you may extend "
                "once by 45 more days, telling me within the first 45 days."
            ),
        ),
        in_force_from=dt.date(2027, 1, 1),
        not_yet=N_(
            "The CPPA's rules on automated decisionmaking technology are not yet in "
            "force: as of December 2026, a business must comply with them from January 1, "
            "2027. I ask you to give this information now, with your answer to my request to "
            "know. From that date the rules give me a right to it."
        ),
        format_cite=N_("Civil Code § 1798.130(a)(2)"),
        sources=(
            "https://cppa.ca.gov/regulations/ccpa_updates.html",
            "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?"
            "lawCode=CIV&sectionNum=1798.130",
        ),
    ),
    Law(
        id="collective",
        title=N_("no particular law: a collective request from workers"),
        provisions=(),
        cites={key: "" for key in ("inputs", "scores", "logic", "decisions")},
        gives=(
            N_("A clear, dated record that workers asked together, and for what"),
            N_("A reply date the committee chose, to follow up on"),
        ),
        does_not_give=(
            N_(
                "Any legal duty to answer: no deadline in law, so the reply date is the one "
                "the letter asks for"
            ),
            N_(
                "Protection a law gives: where a union represents the workers, its own "
                "information request is the stronger route"
            ),
        ),
        rule=DeadlineRule(
            days=30,
            weekend_moves=False,
            statutory=False,
            wording=N_(
                "No law sets a deadline for this request. We ask you to reply within 30 days."
            ),
        ),
        sources=(),
    ),
)
LAWS: dict[str, Law] = {item.id: item for item in LAW_LIST}


def law(law_id: str) -> Law:
    """The law registered as ``law_id``, or an error naming the choices.

    Parameters
    ----------
    law_id : str
        A key of :data:`LAWS`.

    Returns
    -------
    Law

    Raises
    ------
    InputError
        An unknown law.
    """
    found = LAWS.get(str(law_id).strip().lower())
    if found is None:
        raise InputError(
            _("choose one of {choices}, not {value!r}").format(
                choices=", ".join(LAWS), value=law_id
            ),
            field="law",
        )
    return found
