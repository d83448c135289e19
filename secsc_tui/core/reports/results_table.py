"""Workshops' evaluation results in the shape of the paper's Table 1: as a text table, or as CSV.

The table is what `secsc results` prints: one row per workshop (date, participants,
ratings, average usefulness and availability), then per workshop the distribution
of each rating as text bars and every comment with its team. The CSV holds the
table only, one row per workshop with the count of each rating value in its own
column, written by the one CSV writer (BOM, CRLF, formulas made harmless).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from secsc_tui.core.reports.csv_writer import csv_bytes
from secsc_tui.core.results import RATING_VALUES, Results, format_average
from secsc_tui.i18n import _, ngettext
from secsc_tui.textwidth import format_table, printable

# Column names are a data format (README, spreadsheets that read them): not translated.
CSV_HEADER = [
    "workshop",
    "date",
    "participants",
    "ratings",
    "usefulness_avg",
    "availability_avg",
    *(f"usefulness_{v}" for v in RATING_VALUES),
    *(f"availability_{v}" for v in RATING_VALUES),
    "teams",
]
BAR_WIDTH = 30
NONE = "–"


def oldest_first(results: Iterable[Results]) -> list[Results]:
    """Workshops' results as a table of exercises reads: oldest first by the date each row shows
    (the workshop's, else its teams' earliest evaluation), workshops with no date at all last."""
    return sorted(results, key=lambda r: (r.date is None, r.date or dt.date.min, r.workshop.casefold()))


def results_csv(results: list[Results]) -> bytes:
    """Table 1 as CSV: one header row, one row per workshop."""

    def average(value: float | None) -> str | None:
        return None if value is None else format_average(value)

    return csv_bytes(
        CSV_HEADER,
        (
            [
                r.workshop,
                r.date,
                r.participants,
                r.ratings,
                average(r.usefulness_avg),
                average(r.availability_avg),
                *(r.usefulness[v] for v in RATING_VALUES),
                *(r.availability[v] for v in RATING_VALUES),
                r.teams,
            ]
            for r in results
        ),
    )


def results_table(results: list[Results], *, narrow: bool = False) -> str:
    """Table 1 as text for a terminal or a file; ``narrow`` cuts long names to keep comments readable."""
    out: list[str] = []
    rows = [
        [
            printable(r.workshop),
            r.date.isoformat() if r.date else NONE,
            NONE if r.participants is None else str(r.participants),
            str(r.ratings),
            format_average(r.usefulness_avg),
            format_average(r.availability_avg),
        ]
        for r in results
    ]
    out.extend(
        format_table(
            [_("WORKSHOP"), _("DATE"), _("PARTICIPANTS"), _("RATINGS"), _("USEFULNESS AVG"), _("AVAILABILITY AVG")],
            rows,
            max_widths={0: 40} if narrow else None,
            right_align=frozenset({2, 3, 4, 5}),
        )
    )
    for r in results:
        out.append("")
        teams = ngettext("{n} team", "{n} teams", r.teams)
        out.append(f"== {printable(r.workshop)} ({teams}) ==")
        biggest = max([*r.usefulness.values(), *r.availability.values(), 0])
        for label, counts in ((_("Usefulness"), r.usefulness), (_("Availability"), r.availability)):
            given = sum(counts.values())
            ratings = ngettext("{n} rating", "{n} ratings", given)
            out.append(_("{label} ({ratings}, 5 = best)", label=label, ratings=ratings))
            for value in reversed(RATING_VALUES):
                n = counts[value]
                bar = "█" * max(1, round(n * BAR_WIDTH / biggest)) if n else ""
                out.append(f"  {value} {bar} {n}" if bar else f"  {value} {n}")
        if r.comments:
            out.append(_("Comments ({n})", n=len(r.comments)))
            out.extend(
                format_table(
                    ["  " + _("TEAM"), _("RESPONDENT"), _("COMMENT")],
                    [
                        ["  " + printable(c.team), printable(c.respondent) or NONE, printable(c.text)]
                        for c in r.comments
                    ],
                    max_widths={0: 30, 1: 20} if narrow else None,
                )
            )
        else:
            out.append(_("Comments: none"))
    return "\n".join(out) + "\n"
