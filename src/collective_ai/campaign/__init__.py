"""A campaign timeline: steps a committee takes, the next rung, and a page for its meeting.

- :mod:`~collective_ai.campaign.steps`: the kinds of step, the ladder and the next-rung rules;
- :mod:`~collective_ai.campaign.store`: the steps, kept in the committee's evidence log;
- :mod:`~collective_ai.campaign.page`: one printable page (HTML, and PDF by Chromium).

Submodules load on first use.
"""

from __future__ import annotations

from collective_ai.lazy import exports

_EXPORTS = {
    "KINDS": "collective_ai.campaign.steps",
    "LADDER": "collective_ai.campaign.steps",
    "ROLES": "collective_ai.campaign.steps",
    "Step": "collective_ai.campaign.steps",
    "next_rung": "collective_ai.campaign.steps",
    "CampaignLog": "collective_ai.campaign.store",
    "page_html": "collective_ai.campaign.page",
    "page_pdf": "collective_ai.campaign.page",
}

__all__ = sorted(_EXPORTS)

__getattr__ = exports(__name__, _EXPORTS)
