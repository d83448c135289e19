"""The Markdown report: GitHub-flavoured, readable as plain text too.

Typed text is escaped so that it shows literally: Markdown and HTML characters
get a backslash, ``|`` cannot end a table cell, and line breaks inside a cell
become ``<br>``. The strategy map is a Mermaid ``flowchart BT`` (learning &
growth at the bottom, financial at the top) followed by a plain list of the same
links for readers whose viewer does not draw Mermaid.
"""

from __future__ import annotations

import re
from collections.abc import Container

from secsc_tui.core import labels
from secsc_tui.core.model import Column, Perspective, Session
from secsc_tui.core.reports import content as c
from secsc_tui.core.results import RATING_VALUES, Results
from secsc_tui.core.workshop import Workshop
from secsc_tui.i18n import _

# Characters that can start Markdown or HTML inline syntax anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# "&amp;", "&#60;": an entity would be decoded, so its ampersand is escaped.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What makes a line a heading, quote, list, rule or table when it starts it.
_LEADING = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")
BAR_WIDTH = 20


def inline(text: str) -> str:
    """One line of typed text, escaped for use inside a paragraph or table cell."""
    text = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))
    return _LEADING.sub(
        lambda m: (
            f"{m.group(1)}\\{m.group(2)}"
            if m.group(2)[0] in "#>+-="
            else f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}"
        ),
        text,
    )


def heading(text: str) -> str:
    """Typed text for a heading: one line, escaped."""
    return inline(" ".join(c.clean(text).split()))


def cell(text: str) -> str:
    """Typed text for a table cell: escaped, ``|`` safe, line breaks as ``<br>``."""
    lines = [inline(line.strip()) for line in c.clean(text).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "<br>".join(lines) if lines else ""


def block(text: str) -> list[str]:
    """Multi-line typed text as Markdown lines: paragraphs kept, "- " lines as a list."""
    out: list[str] = []
    previous_was_list = False
    for raw in c.clean(text).strip("\n").split("\n"):
        line = raw.rstrip()
        stripped = line.lstrip()
        if not stripped:
            out.append("")
            previous_was_list = False
            continue
        bullet = next((b for b in ("- ", "* ", "• ", "・") if stripped.startswith(b)), None)
        if bullet:
            if out and out[-1] and not previous_was_list:
                out.append("")
            out.append(f"- {inline(stripped[len(bullet) :].strip())}")
            previous_was_list = True
            continue
        if previous_was_list:
            out.append("")
            previous_was_list = False
        if out and out[-1] and not out[-1].startswith("- "):
            out[-1] += "  "  # a hard line break, as typed
        out.append(inline(stripped))
    return out


def table(header: list[str], rows: list[list[str]], *, right: Container[int] = frozenset()) -> list[str]:
    """A GFM table; cells must already be escaped."""
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|")
    lines.extend("| " + " | ".join(value or " " for value in row) + " |" for row in rows)
    return lines


def _mermaid_label(text: str) -> str:
    """Text for a Mermaid node label in double quotes: entity codes for the risky characters."""
    replacements = {
        "#": "#35;",
        '"': "#quot;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        "`": "#96;",
        "[": "#91;",
        "]": "#93;",
        "{": "#123;",
        "}": "#125;",
        "|": "#124;",
        "*": "#42;",
        "_": "#95;",
        "~": "#126;",
        "\\": "#92;",
    }
    return "".join(replacements.get(ch, ch) for ch in text).replace("\n", "<br>")


def mermaid(smap: c.StrategyMap) -> list[str]:
    ids: dict[str, str] = {}
    lines = ["```mermaid", "flowchart BT"]
    for p_index, perspective in enumerate(Perspective):
        goals = smap.goals[perspective]
        if not goals:
            continue
        lines.append(f'  subgraph P{p_index}["{_mermaid_label(labels.perspective_name(perspective))}"]')
        for goal in goals:
            node = f"g{len(ids) + 1}"
            ids[goal.id] = node
            lines.append(f'    {node}["{_mermaid_label(goal.label + " " + goal.text)}"]')
        lines.append("  end")
    for link in smap.links:
        arrow = "-.->" if link.in_cycle else "-->"
        lines.append(f"  {ids[link.cause]} {arrow} {ids[link.effect]}")
    lines.append("```")
    return lines


def _session(out: list[str], session: Session, *, level: int, in_workshop: bool) -> None:
    h, hh = "#" * level, "#" * (level + 1)
    out += [f"{h} {heading(session.title)}", ""]
    out += [
        (
            f"*{_('Session')} `{session.id}` · {_('revision')} {session.revision} · "
            f"{_('updated')} {c.format_timestamp(session.updated)}*"
        ),
        "",
    ]

    out += [f"{hh} {_('Organisation and people')}", ""]
    facts = c.organisation_facts(session)
    facts.append((_("Facilitator"), c.clean(session.people.facilitator) or c.NONE))
    out += [*table([_("Item"), _("Value")], [[k, cell(v)] for k, v in facts]), ""]
    if session.organisation.notes.strip():
        out += [*block(session.organisation.notes), ""]
    if session.people.participants:
        out += [
            *table(
                [_("Participant"), _("Layer"), _("Team"), _("Role")],
                [
                    [cell(p.name), labels.layer_name(p.layer), cell(p.team), cell(p.role)]
                    for p in session.people.participants
                ],
            ),
            "",
        ]

    out += [f"{hh} {_('Gap analysis')}", ""]
    rows = []
    for perspective in Perspective:
        gap = session.gap_analysis[perspective]
        rows.append(
            [
                f"**{labels.perspective_name(perspective)}**",
                cell(gap.business_view),
                cell(gap.security_view),
                cell(gap.cause),
                cell(gap.countermeasure),
                f"{gap.severity}/5" if gap.severity is not None else c.NONE,
            ]
        )
    out += [
        *table(
            [
                _("Perspective"),
                _("Business view"),
                _("Security view"),
                _("Cause of the gap"),
                _("Countermeasure"),
                _("Severity"),
            ],
            rows,
            right={5},
        ),
        "",
    ]

    out += [f"{hh} {_('Strategic goal')}", ""]
    goal = session.strategic_goal
    out += [f"**{inline(c.clean(goal.title))}**" if goal.title.strip() else _("(not chosen yet)"), ""]
    if goal.description.strip():
        out += [*block(goal.description), ""]

    out += [f"{hh} {_('Approach')}", ""]
    approach = c.approach_summary(session)
    out += [
        *table(
            [_("Item"), _("Value")],
            [
                [_("Chosen approach"), cell(approach.chosen) or _("(not chosen yet)")],
                [_("Rationale"), cell(approach.rationale) or c.NONE],
                [_("Recommended approach"), cell(approach.recommended)],
                [_("Why"), cell(approach.reason)],
            ],
        ),
        "",
        c.follows_text(approach),
        "",
    ]

    out += [f"{hh} {_('Security scorecard')}", ""]
    rows = []
    for row in c.scorecard_rows(session):
        cells = [f"**{row.name}**"]
        for column in Column:
            entries = [
                f"**{item.label}** {cell(item.text)}"
                + (f" *{item.marker}*" if item.marker else "")
                + (f" · *{cell(item.detail)}*" if column is Column.KPIS and item.detail else "")
                for item in row.cells[column]
            ]
            cells.append("<br>".join(entries) or c.NONE)
        rows.append(cells)
    out += [*table([_("Perspective"), *(labels.column_name(col) for col in Column)], rows), ""]
    out += [
        _(
            "G = strategy goal, C = critical success factor, K = KPI, A = action plan; numbered within "
            "each perspective. “→ G1” names the items on the left that an item serves; a prefix such "
            "as “F:” points to another perspective (F, C, P, L)."
        ),
        "",
    ]

    out += [f"{hh} {_('Strategy map')}", ""]
    smap = c.strategy_map(session)
    if any(smap.goals.values()):
        out += [*mermaid(smap), ""]
        if smap.cycles:
            out += [_("Dashed arrows are part of a cycle."), ""]
        if smap.links:
            out += [f"{_('Cause → effect links')}:", ""]
            for link in smap.links:
                cause, effect = smap.goal(link.cause), smap.goal(link.effect)
                cycle = f" ({_('part of a cycle')})" if link.in_cycle else ""
                out.append(f"- **{cause.label}** {cell(cause.text)} → **{effect.label}** {cell(effect.text)}{cycle}")
            out.append("")
        else:
            out += [_("No cause→effect links have been drawn yet."), ""]
    else:
        out += [_("No strategy goals yet."), ""]

    out += [f"{hh} {_('Action plans')}", ""]
    actions = c.action_rows(session)
    if actions:
        out += [
            *table(
                ["", _("Action"), _("Perspective"), _("Owner"), _("Due"), _("Status"), _("Budget"), _("KPI")],
                [
                    [
                        f"**{a.label}**",
                        cell(a.text),
                        a.perspective_name,
                        cell(a.owner) or c.NONE,
                        c.format_date(a.due),
                        a.status_name,
                        c.format_budget(a.budget, a.currency),
                        "<br>".join(f"**{label}** {cell(text)}" for _id, label, text in a.kpis) or c.NONE,
                    ]
                    for a in actions
                ],
                right={6},
            ),
            "",
        ]
    else:
        out += [_("No action plans yet."), ""]

    _coverage(out, session, hh)

    out += [f"{hh} {_('Review')}", ""]
    warnings = c.warnings(session)
    if warnings:
        out += [f"- ⚠ {cell(message)}" for message in warnings] + [""]
    else:
        out += [_("The review found nothing to look at."), ""]

    out += [f"{hh} {_('Evaluation')}", ""]
    ev = c.evaluation_summary(session)
    out += [
        *table(
            [_("Date"), _("Participants"), _("Ratings"), _("Usefulness avg."), _("Availability avg.")],
            [[ev.date, ev.participants, str(ev.ratings), ev.usefulness, ev.availability]],
            right={1, 2, 3, 4},
        ),
        "",
    ]
    if ev.note:
        out += [*block(ev.note), ""]
    responses = session.evaluation.responses
    if responses and not in_workshop:
        out += [
            *table(
                [_("Respondent"), _("Usefulness"), _("Availability"), _("Comment")],
                [
                    [cell(r.respondent) or c.NONE, c.rating(r.usefulness), c.rating(r.availability), cell(r.comment)]
                    for r in responses
                ],
                right={1, 2},
            ),
            "",
        ]


def _coverage(out: list[str], session: Session, hh: str) -> None:
    """What the scorecard serves of METI's ten directives and NIST CSF 2.0, the gaps, and those that matter."""
    out += [f"{hh} {_('Framework coverage')}", ""]
    summary = c.coverage_summary(session)
    out += [c.coverage_headline(summary), ""]
    if summary.tagged:
        out += [
            *table(
                [_("METI directive"), _("Name"), _("Items")],
                [[row.id, row.name, ", ".join(row.items) or c.NONE] for row in summary.meti],
            ),
            "",
            *table(
                [_("NIST CSF 2.0"), _("Name"), _("Items")],
                [
                    [f"**{row.id}**", f"**{row.name}**", ", ".join(row.items) or c.NONE]
                    if row.function
                    else [row.id, row.name, ", ".join(row.items) or c.NONE]
                    for row in summary.nist
                ],
            ),
            "",
        ]
        gaps = c.coverage_gaps(summary)
        if gaps:
            out += [f"{_('Served by no item')}:", ""]
            out += [f"- {what}: {ids}" for what, ids in gaps] + [""]
    if summary.warnings:
        out += [f"- ⚠ {cell(message)}" for message in summary.warnings] + [""]


def _bar(n: int, most: int) -> str:
    filled = round(BAR_WIDTH * n / most) if most else 0
    if n and not filled:
        filled = 1
    return "█" * filled + "·" * (BAR_WIDTH - filled)


def _workshop(out: list[str], report: c.Report) -> None:
    workshop, results = report.workshop_and_results()
    out += [f"## {_('Results')}", ""]
    out += [*table([_("Item"), _("Value")], [[k, cell(v)] for k, v in c.workshop_facts(workshop, results)]), ""]
    out += [*table(c.results_header(), [c.results_row(results)], right={1, 2, 3, 4}), ""]
    out += [f"### {_('Distribution of ratings')}", ""]
    out += [*_distribution(results), ""]
    if report.sessions:
        _teams(out, report.sessions, level=3)
    out += [f"### {_('Comments')}", ""]
    if results.comments:
        out += [
            *table(
                [_("Team"), _("Respondent"), _("Comment")],
                [[cell(m.team), cell(m.respondent) or c.NONE, cell(m.text)] for m in results.comments],
            ),
            "",
        ]
    else:
        out += [_("No comments."), ""]


def _teams(out: list[str], sessions: list[Session], *, level: int) -> None:
    out += [f"{'#' * level} {_('Teams')}", ""]
    out += [
        *table(
            [
                _("Session"),
                _("Organisation"),
                _("Strategic goal"),
                _("Approach"),
                _("Ratings"),
                _("Usefulness avg."),
                _("Availability avg."),
                _("Framework coverage"),
            ],
            [
                [
                    cell(s.title),
                    cell(s.organisation.name) or c.NONE,
                    cell(s.strategic_goal.title) or c.NONE,
                    f"({s.approach.choice.value})" if s.approach.choice else c.NONE,
                    str(ev.ratings),
                    ev.usefulness,
                    ev.availability,
                    c.coverage_brief(s),
                ]
                for s in sessions
                for ev in [c.evaluation_summary(s)]
            ],
            right={4, 5, 6},
        ),
        "",
    ]


def _distribution(results: Results) -> list[str]:
    most = max([*results.usefulness.values(), *results.availability.values(), 1])
    lines = ["```text"]
    for name, counts in ((_("Usefulness"), results.usefulness), (_("Availability"), results.availability)):
        lines.append(name)
        for value in reversed(RATING_VALUES):
            n = counts.get(value, 0)
            lines.append(f"  {value} {_bar(n, most)} {n}")
    lines.append("```")
    return lines


def render_text(sessions: list[Session], workshop: Workshop | None) -> str:
    report = c.build(sessions, workshop)
    out: list[str] = []
    if report.is_workshop:
        out += [f"# {heading(report.title)}", "", f"*{_('Security Scorecard workshop report')}*", ""]
        if report.workshop is not None:
            _workshop(out, report)
        elif report.sessions:
            _teams(out, report.sessions, level=2)
        for session in report.sessions:
            out += ["---", ""]
            _session(out, session, level=2, in_workshop=True)
    else:
        _session(out, report.sessions[0], level=1, in_workshop=False)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def render(sessions: list[Session], workshop: Workshop | None) -> bytes:
    return render_text(sessions, workshop).encode("utf-8")
