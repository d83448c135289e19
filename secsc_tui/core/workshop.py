"""A workshop (one exercise day): the team sessions it groups, and its agenda.

A trainer runs several teams at once. The workshop holds what they share — name,
date, venue, trainer, how many people took part — and the agenda: a timebox for
each of the eight steps.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from secsc_tui.core.model import (
    Count,
    Date,
    ItemId,
    ShortText,
    Step,
    Timestamp,
    _Model,
)
from secsc_tui.i18n import _

Minutes = Annotated[int, Field(ge=1, le=600, strict=True)]

# A half-day exercise: about two and a half hours of work, most of it on the scorecard.
DEFAULT_MINUTES: dict[Step, int] = {
    Step.CONTEXT: 15,
    Step.GAP_ANALYSIS: 30,
    Step.STRATEGIC_GOAL: 10,
    Step.APPROACH: 10,
    Step.SCORECARD: 45,
    Step.STRATEGY_MAP: 20,
    Step.EVALUATION: 10,
    Step.REVIEW: 10,
}


class AgendaItem(_Model):
    step: Step
    minutes: Minutes


def default_agenda() -> list[AgendaItem]:
    return [AgendaItem(step=step, minutes=minutes) for step, minutes in DEFAULT_MINUTES.items()]


class Workshop(_Model):
    id: ItemId
    name: ShortText
    date: Date | None = None
    venue: ShortText = ""
    trainer: ShortText = ""
    participants: Count | None = None  # people who took part, as in the paper's Table 1
    agenda: list[AgendaItem] = Field(default_factory=default_agenda)
    created: Timestamp
    updated: Timestamp

    def minutes_for(self, step: Step) -> int:
        for item in self.agenda:
            if item.step is step:
                return item.minutes
        return DEFAULT_MINUTES[step]


def parse_agenda(text: str, current: list[AgendaItem] | None = None) -> list[AgendaItem]:
    """ "context=15, gap_analysis=30" (or by step number, "1=15,2=30") -> agenda items, in step order.

    Steps not named keep their minutes in ``current`` (else the default). Raises
    ValueError with a message for a person.
    """
    by_name = {step.value: step for step in Step} | {str(step.number): step for step in Step}
    minutes = dict(DEFAULT_MINUTES) | {item.step: item.minutes for item in current or ()}
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        name, sep, value = part.partition("=")
        step = by_name.get(name.strip().lower())
        if not sep or step is None:
            known = ", ".join(s.value for s in Step)
            raise ValueError(
                _("'{part}' is not STEP=MINUTES (steps: {known}, or their numbers 1-8)", part=part, known=known)
            )
        try:
            minutes[step] = int(value.strip())
        except ValueError:
            raise ValueError(_("'{part}': minutes must be a whole number", part=part)) from None
        if not 1 <= minutes[step] <= 600:
            raise ValueError(_("'{part}': minutes must be between 1 and 600", part=part))
    return [AgendaItem(step=step, minutes=minutes[step]) for step in Step]
