"""The HTML report: one self-contained file that reads on screen and prints on A4.

Inline CSS and inline SVG only: no scripts, no external fonts, images or links.
Everything a person typed is escaped, so text such as ``<script>`` or ``[/b]``
shows literally. Meaning never depends on colour alone: statuses and cycles are
written out, and the few grey backgrounds are decoration.
"""

from __future__ import annotations

from html import escape

from secsc_tui.core import labels
from secsc_tui.core.model import Column, Perspective, Session, format_quantity
from secsc_tui.core.reports import content as c
from secsc_tui.core.reports.strategy_svg import render_svg
from secsc_tui.core.results import RATING_VALUES, Results
from secsc_tui.core.workshop import Workshop
from secsc_tui.i18n import N_, _

FONT_STACK = (
    '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", YuGothic, Meiryo, '
    '"Noto Sans CJK JP", "Noto Sans JP", "Source Han Sans JP", "Segoe UI", Arial, sans-serif'
)

CSS = """
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: FONTS; font-size: 10pt; line-height: 1.45; color: #000; background: #fff;
       margin: 0 auto; padding: 8mm; max-width: 210mm; }
h1 { font-size: 17pt; margin: 0 0 2mm; line-height: 1.25; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1.5pt solid #000; padding-bottom: 1mm; }
h3 { font-size: 11pt; margin: 5mm 0 1.5mm; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
p { margin: 1mm 0 2mm; }
.meta { color: #333; font-size: 9pt; }
.subtle { color: #444; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; }
th, td { border: 0.75pt solid #444; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; }  /* a long URL or id never pushes a table off the page */
th { background: #e8e8e8; font-weight: bold; overflow-wrap: normal; }
thead { display: table-header-group; }
tr, li, figure, .keep { break-inside: avoid; page-break-inside: avoid; }
table.facts { width: auto; min-width: 60%; }
table.facts th { width: 16em; }
table.scorecard { font-size: 8.5pt; table-layout: fixed; }
table.scorecard col.persp { width: 13%; }
table.scorecard th.persp { background: #e8e8e8; }
table.scorecard ul { margin: 0; padding: 0; list-style: none; }
table.scorecard li { margin: 0 0 1.4mm; }
table.scorecard li:last-child { margin-bottom: 0; }
.label { font-weight: bold; white-space: nowrap; }
.links { white-space: nowrap; font-style: italic; }
th.n, td.n { text-align: right; }
td.n { white-space: nowrap; }
.gaps td:first-child, .gaps th:first-child { width: 13%; }
table.coverage { font-size: 9pt; }
table.coverage tbody th { background: #f2f2f2; }
table.coverage td:first-child, table.coverage th:first-child { width: 12%; }
table.coverage td:last-child { width: 30%; }
table.coverage tr.gap td { color: #444; }
figure { margin: 2mm 0 3mm; }
figure svg { display: block; width: 100%; height: auto; font-family: FONTS; }
figcaption { font-size: 8.5pt; color: #333; margin-top: 1mm; }
ul.plain { margin: 1mm 0 2mm; padding-left: 5mm; }
.warning::before { content: "⚠ "; }
.bar { display: inline-block; height: 3.2mm; border: 0.75pt solid #000; background: #777;
       vertical-align: middle; min-width: 0; }
.prewrap { white-space: pre-wrap; }
section.team { margin-top: 6mm; }
section.team + section.team { border-top: 1.5pt solid #000; }
blockquote { margin: 1mm 0 2mm 3mm; padding-left: 3mm; border-left: 2pt solid #999; }
td.status, th.status, td.label, .nowrap { white-space: nowrap; overflow-wrap: normal; }
/* The executive summary fits one A4 page: compact tables, a smaller map. */
section.summary h2 { margin-top: 2mm; }
section.summary h3 { margin: 3mm 0 1mm; }
section.summary figure { margin: 1mm 0; }
section.summary figure svg { max-height: 62mm; width: auto; max-width: 100%; margin: 0 auto; }
section.summary table { font-size: 8pt; margin-bottom: 1mm; }
section.summary th, section.summary td { padding: 0.7mm 1.4mm; }
nav.contents ol { margin: 1mm 0 2mm; padding-left: 6mm; }
nav.contents a { color: inherit; text-decoration: none; }
@media print {
  body { padding: 0 1pt; max-width: none; font-size: 9.5pt; }  /* room for the tables' right border */
  .workshop section.team { break-before: page; page-break-before: always; margin-top: 0;
                           border-top: none; }
  section.summary.first, nav.contents { break-after: page; page-break-after: always; }
  a { color: #000; text-decoration: none; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".replace("FONTS", FONT_STACK)


def t(text: str) -> str:
    """Typed text as HTML: escaped, with its line breaks kept."""
    return escape(c.clean(text)).replace("\n", "<br>\n")


def _facts(rows: list[tuple[str, str]]) -> str:
    body = "".join(f'<tr><th scope="row">{escape(k)}</th><td>{t(v)}</td></tr>' for k, v in rows)
    return f'<table class="facts"><tbody>{body}</tbody></table>'


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self._uid = 0

    def add(self, *parts: str) -> None:
        self.parts.extend(parts)

    def uid(self) -> str:
        self._uid += 1
        return f"map{self._uid}"


def _session(w: _Writer, session: Session, *, heading: int, in_workshop: bool) -> None:
    h, hh = f"h{heading}", f"h{heading + 1}"
    lang = session.language.value
    cls = "team" if in_workshop else "session"
    w.add(f'<section class="{cls}" id="session-{escape(session.id)}" lang="{lang}">')
    w.add(f"<{h}>{t(session.title)}</{h}>")
    w.add(
        f'<p class="meta">{escape(_("Session"))} {escape(session.id)} · '
        f"{escape(_('revision'))} {session.revision} · {escape(_('updated'))} "
        f"{c.format_timestamp(session.updated)}</p>"
    )

    # Organisation and people
    w.add(f'<{hh} id="{escape(session.id)}-people">{escape(_("Organisation and people"))}</{hh}>')
    facts = c.organisation_facts(session)
    facts.append((_("Facilitator"), session.people.facilitator or c.NONE))
    w.add(_facts(facts))
    if session.organisation.notes.strip():
        w.add(f'<div class="notes prewrap">{escape(c.clean(session.organisation.notes))}</div>')
    if session.people.participants:
        w.add(
            f'<table class="people"><thead><tr><th>{escape(_("Participant"))}</th>'
            f"<th>{escape(_('Layer'))}</th><th>{escape(_('Team'))}</th><th>{escape(_('Role'))}</th>"
            f"</tr></thead><tbody>"
        )
        for p in session.people.participants:
            w.add(
                f"<tr><td>{t(p.name)}</td><td>{escape(labels.layer_name(p.layer))}</td>"
                f"<td>{t(p.team)}</td><td>{t(p.role)}</td></tr>"
            )
        w.add("</tbody></table>")

    # Gap analysis
    w.add(f'<{hh} id="{escape(session.id)}-gaps">{escape(_("Gap analysis"))}</{hh}>')
    w.add(
        f'<table class="gaps"><thead><tr><th>{escape(_("Perspective"))}</th>'
        f"<th>{escape(_('Business view'))}</th><th>{escape(_('Security view'))}</th>"
        f"<th>{escape(_('Cause of the gap'))}</th><th>{escape(_('Countermeasure'))}</th>"
        f'<th class="n">{escape(_("Severity"))}</th></tr></thead><tbody>'
    )
    for perspective in Perspective:
        gap = session.gap_analysis[perspective]
        severity = f"{gap.severity}/5" if gap.severity is not None else c.NONE
        w.add(
            f'<tr><th scope="row">{escape(labels.perspective_name(perspective))}</th>'
            f"<td>{t(gap.business_view)}</td><td>{t(gap.security_view)}</td>"
            f"<td>{t(gap.cause)}</td><td>{t(gap.countermeasure)}</td>"
            f'<td class="n">{severity}</td></tr>'
        )
    w.add("</tbody></table>")

    # Strategic goal and approach
    w.add(f'<{hh} id="{escape(session.id)}-goal">{escape(_("Strategic goal"))}</{hh}>')
    goal = session.strategic_goal
    w.add(f'<p class="keep"><strong>{t(goal.title) or escape(_("(not chosen yet)"))}</strong></p>')
    if goal.description.strip():
        w.add(f'<p class="prewrap">{escape(c.clean(goal.description))}</p>')

    w.add(f'<{hh} id="{escape(session.id)}-approach">{escape(_("Approach"))}</{hh}>')
    approach = c.approach_summary(session)
    rows = [
        (_("Chosen approach"), approach.chosen or _("(not chosen yet)")),
        (_("Rationale"), approach.rationale or c.NONE),
        (_("Recommended approach"), approach.recommended),
        (_("Why"), approach.reason),
    ]
    w.add(_facts(rows))
    w.add(f"<p>{escape(c.follows_text(approach))}</p>")

    # The scorecard, in the paper's table shape
    w.add(f'<{hh} id="{escape(session.id)}-scorecard">{escape(_("Security scorecard"))}</{hh}>')
    w.add(
        '<table class="scorecard"><colgroup><col class="persp">'
        + "<col>" * len(Column)
        + "</colgroup><thead><tr>"
        + f'<th class="persp">{escape(_("Perspective"))}</th>'
        + "".join(f"<th>{escape(labels.column_name(col))}</th>" for col in Column)
        + "</tr></thead><tbody>"
    )
    for row in c.scorecard_rows(session):
        w.add(f'<tr><th scope="row" class="persp">{escape(row.name)}</th>')
        for column in Column:
            items = row.cells[column]
            if not items:
                w.add(f"<td>{c.NONE}</td>")
                continue
            lis = []
            for item in items:
                marker = f' <span class="links">{escape(item.marker)}</span>' if item.marker else ""
                detail = f'<br><span class="subtle">{escape(item.detail)}</span>' if item.detail else ""
                lis.append(f'<li><span class="label">{escape(item.label)}</span> {t(item.text)}{marker}{detail}</li>')
            w.add(f"<td><ul>{''.join(lis)}</ul></td>")
        w.add("</tr>")
    w.add("</tbody></table>")
    key = _(
        "G = strategy goal, C = critical success factor, K = KPI, A = action plan; numbered within each "
        "perspective. “→ G1” names the items on the left that an item serves; a prefix such as “F:” points to "
        "another perspective (F, C, P, L)."
    )
    w.add(f'<p class="subtle">{escape(key)}</p>')

    # Strategy map
    w.add(f'<{hh} id="{escape(session.id)}-map">{escape(_("Strategy map"))}</{hh}>')
    smap = c.strategy_map(session)
    if any(smap.goals.values()):
        svg = render_svg(smap, uid=w.uid(), title=_("Strategy map: {title}", title=c.clean(session.title)))
        caption = _(
            "Arrows run from cause to effect: learning & growth enables internal processes, "
            "which serve customers, which drive the financial outcome."
        )
        if smap.cycles:
            caption += " " + _("Dashed arrows are part of a cycle.")
        w.add(f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>")
        if smap.links:
            w.add(f'<p class="keep"><strong>{escape(_("Cause → effect links"))}</strong></p><ul class="plain">')
            for link in smap.links:
                cause, effect = smap.goal(link.cause), smap.goal(link.effect)
                cycle = f" ({escape(_('part of a cycle'))})" if link.in_cycle else ""
                w.add(
                    f'<li><span class="label">{escape(cause.label)}</span> {t(cause.text)} → '
                    f'<span class="label">{escape(effect.label)}</span> {t(effect.text)}{cycle}</li>'
                )
            w.add("</ul>")
        else:
            w.add(f"<p>{escape(_('No cause→effect links have been drawn yet.'))}</p>")
    else:
        w.add(f"<p>{escape(_('No strategy goals yet.'))}</p>")

    # Action plans
    w.add(f'<{hh} id="{escape(session.id)}-actions">{escape(_("Action plans"))}</{hh}>')
    actions = c.action_rows(session)
    currency = session.currency
    if actions:
        w.add(
            f'<table class="actions num"><thead><tr><th></th><th>{escape(_("Action"))}</th>'
            f"<th>{escape(_('Perspective'))}</th><th>{escape(_('Owner'))}</th>"
            f'<th>{escape(_("Due"))}</th><th class="status">{escape(_("Status"))}</th>'
            f'<th class="n">{escape(_budget_heading(currency))}</th><th>{escape(_("KPI"))}</th></tr></thead><tbody>'
        )
        for a in actions:
            kpis = "<br>".join(f'<span class="label">{escape(label)}</span> {t(text)}' for _id, label, text in a.kpis)
            w.add(
                f'<tr><td class="label">{escape(a.label)}</td><td>{t(a.text)}</td>'
                f"<td>{escape(a.perspective_name)}</td><td>{t(a.owner) or c.NONE}</td>"
                f'<td class="n">{c.format_date(a.due)}</td><td class="status">{escape(a.status_name)}</td>'
                f'<td class="n">{escape(c.format_budget(a.budget, a.currency))}</td><td>{kpis or c.NONE}</td></tr>'
            )
        w.add("</tbody></table>")
        total = [a.budget for a in actions if a.budget is not None]
        if total:
            w.add(
                f'<p class="subtle">{escape(_("Total budget"))}: '
                f"{escape(c.format_budget(sum(total), session.currency))}</p>"
            )
    else:
        w.add(f"<p>{escape(_('No action plans yet.'))}</p>")

    _coverage(w, session, hh)

    # Review
    w.add(f'<{hh} id="{escape(session.id)}-review">{escape(_("Review"))}</{hh}>')
    warnings = c.warnings(session)
    if warnings:
        w.add('<ul class="plain">' + "".join(f'<li class="warning">{t(m)}</li>' for m in warnings) + "</ul>")
    else:
        w.add(f"<p>{escape(_('The review found nothing to look at.'))}</p>")

    # Evaluation
    w.add(f'<{hh} id="{escape(session.id)}-evaluation">{escape(_("Evaluation"))}</{hh}>')
    ev = c.evaluation_summary(session)
    w.add(
        _facts(
            [
                (_("Date"), ev.date),
                (_("Participants"), ev.participants),
                (_("Ratings"), str(ev.ratings)),
                (_("Usefulness avg."), ev.usefulness),
                (_("Availability avg."), ev.availability),
            ]
        )
    )
    if ev.note:
        w.add(f'<p class="prewrap subtle">{escape(ev.note)}</p>')
    responses = session.evaluation.responses
    if responses and not in_workshop:
        w.add(
            f'<table class="responses num"><thead><tr><th>{escape(_("Respondent"))}</th>'
            f'<th class="n">{escape(_("Usefulness"))}</th><th class="n">{escape(_("Availability"))}</th>'
            f"<th>{escape(_('Comment'))}</th></tr></thead><tbody>"
        )
        for r in responses:
            w.add(
                f'<tr><td>{t(r.respondent) or c.NONE}</td><td class="n">{c.rating(r.usefulness)}</td>'
                f'<td class="n">{c.rating(r.availability)}</td><td>{t(r.comment)}</td></tr>'
            )
        w.add("</tbody></table>")
    w.add("</section>")


def _coverage(w: _Writer, session: Session, hh: str) -> None:
    """What the scorecard serves of METI's ten directives and NIST CSF 2.0, the gaps, and those that matter."""
    w.add(f'<{hh} id="{escape(session.id)}-coverage">{escape(_("Framework coverage"))}</{hh}>')
    summary = c.coverage_summary(session)
    w.add(f"<p>{escape(c.coverage_headline(summary))}</p>")
    if summary.tagged:

        def rows(entries: list[c.CoverageRow]) -> str:
            html = []
            for row in entries:
                items = escape(", ".join(row.items)) if row.items else f"{c.NONE} ({escape(_('gap'))})"
                tag = "th" if row.function else "td"
                cls = ' class="gap"' if not row.served else ""
                html.append(
                    f'<tr{cls}><{tag} class="nowrap">{escape(row.id)}</{tag}><{tag}>{escape(row.name)}</{tag}>'
                    f"<td>{items}</td></tr>"
                )
            return "".join(html)

        for heading, entries in ((_("METI directive"), summary.meti), (_("NIST CSF 2.0"), summary.nist)):
            w.add(
                f'<table class="coverage"><thead><tr><th class="nowrap">{escape(heading)}</th>'
                f"<th>{escape(_('Name'))}</th><th>{escape(_('Items'))}</th></tr></thead>"
                f"<tbody>{rows(entries)}</tbody></table>"
            )
        gaps = c.coverage_gaps(summary)
        if gaps:
            w.add(f'<p class="keep"><strong>{escape(_("Served by no item"))}</strong></p><ul class="plain">')
            w.add("".join(f"<li>{escape(what)}: {escape(ids)}</li>" for what, ids in gaps))
            w.add("</ul>")
    if summary.warnings:
        w.add('<ul class="plain">' + "".join(f'<li class="warning">{t(m)}</li>' for m in summary.warnings) + "</ul>")


# The sections of a session, in order: (anchor suffix, title) for the contents.
_SECTIONS = [
    ("people", N_("Organisation and people")),
    ("gaps", N_("Gap analysis")),
    ("goal", N_("Strategic goal")),
    ("approach", N_("Approach")),
    ("scorecard", N_("Security scorecard")),
    ("map", N_("Strategy map")),
    ("actions", N_("Action plans")),
    ("coverage", N_("Framework coverage")),
    ("review", N_("Review")),
    ("evaluation", N_("Evaluation")),
]


def _budget_heading(currency: str) -> str:
    return _("Budget ({currency})", currency=currency) if currency else _("Budget")


def _summary(w: _Writer, session: Session, *, heading: int, first: bool) -> None:
    """The executive summary: one page a CISO can read on its own."""
    h, hh = f"h{heading}", f"h{heading + 1}"
    summary = c.summary(session)
    w.add(
        f'<section class="summary{" first" if first else ""}" id="summary-{escape(session.id)}" '
        f'lang="{session.language.value}">'
    )
    w.add(f"<{h}>{escape(_('Executive summary'))}</{h}>")
    w.add(
        _facts(
            [
                (_("Strategic goal"), summary.goal or _("(not chosen yet)")),
                (_("Approach"), summary.approach or _("(not chosen yet)")),
                (_("Organisation"), c.clean(session.organisation.name) or c.NONE),
            ]
        )
    )
    smap = c.strategy_map(session)
    if any(smap.goals.values()):
        svg = render_svg(smap, uid=w.uid(), title=_("Strategy map: {title}", title=c.clean(session.title)))
        w.add(f"<figure>{svg}</figure>")
    w.add(f"<{hh}>{escape(_('Key KPIs and their targets'))}</{hh}>")
    if summary.kpis:
        w.add(
            f'<table class="kpis"><thead><tr><th></th><th>{escape(_("KPI"))}</th>'
            f'<th class="nowrap">{escape(_("Target"))}</th><th class="n">{escape(_("Baseline"))}</th>'
            f"<th>{escape(_('Owner'))}</th></tr></thead><tbody>"
        )
        for k in summary.kpis:
            baseline = c.NONE if k.baseline is None else format_quantity(k.baseline, k.unit)
            w.add(
                f'<tr><td class="label">{escape(k.label)}</td><td>{t(k.measure)}</td>'
                f'<td class="nowrap">{t(k.target_text)}</td><td class="n">{t(baseline)}</td>'
                f"<td>{t(k.owner) or c.NONE}</td></tr>"
            )
        w.add("</tbody></table>")
        if summary.more_kpis:
            w.add(f'<p class="subtle">{escape(_("… and {n} more in the scorecard below", n=summary.more_kpis))}</p>')
    else:
        w.add(f"<p>{escape(_('No KPIs yet.'))}</p>")
    w.add(f"<{hh}>{escape(_('Actions, owners and dates'))}</{hh}>")
    if summary.actions:
        w.add(
            f'<table class="actions"><thead><tr><th></th><th>{escape(_("Action"))}</th>'
            f'<th>{escape(_("Owner"))}</th><th class="nowrap">{escape(_("Due"))}</th>'
            f'<th class="status">{escape(_("Status"))}</th>'
            f'<th class="n">{escape(_budget_heading(summary.currency))}</th></tr></thead><tbody>'
        )
        for a in summary.actions:
            w.add(
                f'<tr><td class="label">{escape(a.label)}</td><td>{t(a.text)}</td>'
                f'<td>{t(a.owner) or c.NONE}</td><td class="nowrap">{c.format_date(a.due)}</td>'
                f'<td class="status">{escape(a.status_name)}</td>'
                f'<td class="n">{escape(c.format_budget(a.budget))}</td></tr>'
            )
        w.add("</tbody></table>")
        if summary.more_actions:
            more = _("… and {n} more in the action plans below", n=summary.more_actions)
            w.add(f'<p class="subtle">{escape(more)}</p>')
    else:
        w.add(f"<p>{escape(_('No action plans yet.'))}</p>")
    w.add(f"<{hh}>{escape(_('Open warnings'))}</{hh}>")
    if summary.warnings:
        w.add('<ul class="plain">' + "".join(f'<li class="warning">{t(m)}</li>' for m in summary.warnings) + "</ul>")
        if summary.more_warnings:
            w.add(f'<p class="subtle">{escape(_("… and {n} more in the review below", n=summary.more_warnings))}</p>')
    else:
        w.add(f"<p>{escape(_('None: the review found nothing to look at.'))}</p>")
    w.add("</section>")


def _workshop_summary(w: _Writer, report: c.Report) -> None:
    """A workshop's first page: the day, its results, and each team in one line."""
    w.add(f'<section class="summary first" id="summary" lang="{report.language}">')
    w.add(f"<h2>{escape(_('Executive summary'))}</h2>")
    if report.workshop is not None:
        workshop, results = report.workshop_and_results()
        w.add(_facts(c.workshop_facts(workshop, results)))
        w.add(
            '<table class="results num"><thead><tr>'
            + "".join(f"<th>{escape(h)}</th>" for h in c.results_header())
            + "</tr></thead><tbody><tr>"
            + "".join(f'<td class="n">{escape(v)}</td>' for v in c.results_row(results))
            + "</tr></tbody></table>"
        )
    w.add(
        f'<table class="teams"><thead><tr><th>{escape(_("Team"))}</th><th>{escape(_("Strategic goal"))}</th>'
        f'<th>{escape(_("Approach"))}</th><th class="n">{escape(_("KPIs with targets"))}</th>'
        f'<th class="n">{escape(_("Actions with owner and date"))}</th>'
        f'<th class="n">{escape(_("Open warnings"))}</th>'
        f'<th class="nowrap">{escape(_("Framework coverage"))}</th></tr></thead><tbody>'
    )
    for s in report.sessions:
        kpis = c.kpi_rows(s)
        actions = c.action_rows(s)
        ready = sum(1 for a in actions if a.owner.strip() and a.due is not None)
        choice = f"({s.approach.choice.value})" if s.approach.choice else c.NONE
        w.add(
            f'<tr lang="{s.language.value}"><td><a href="#session-{escape(s.id)}">{t(s.title)}</a></td>'
            f"<td>{t(s.strategic_goal.title) or c.NONE}</td><td>{choice}</td>"
            f'<td class="n">{sum(1 for k in kpis if k.target is not None)}/{len(kpis)}</td>'
            f'<td class="n">{ready}/{len(actions)}</td><td class="n">{len(c.warnings(s))}</td>'
            f'<td class="nowrap">{escape(c.coverage_brief(s))}</td></tr>'
        )
    w.add("</tbody></table>")
    w.add("</section>")


def _contents(w: _Writer, entries: list[tuple[str, str]]) -> None:
    w.add(f'<nav class="contents"><h2>{escape(_("Contents"))}</h2><ol>')
    w.add("".join(f'<li><a href="#{escape(anchor)}">{t(title)}</a></li>' for anchor, title in entries))
    w.add("</ol></nav>")


def _distribution(w: _Writer, results: Results) -> None:
    most = max([*results.usefulness.values(), *results.availability.values(), 1])
    w.add(
        f'<table class="distribution num"><thead><tr><th>{escape(_("Rating"))}</th>'
        f"<th>{escape(_('Usefulness'))}</th><th>{escape(_('Availability'))}</th></tr></thead><tbody>"
    )
    for value in reversed(RATING_VALUES):
        cells = []
        for counts in (results.usefulness, results.availability):
            n = counts.get(value, 0)
            width = 40 * n / most
            bar = f'<span class="bar" style="width: {width:.1f}mm"></span> ' if n else ""
            cells.append(f"<td>{bar}{n}</td>")
        w.add(f'<tr><th scope="row">{value}</th>{"".join(cells)}</tr>')
    w.add("</tbody></table>")


def _workshop(w: _Writer, report: c.Report) -> None:
    workshop, results = report.workshop_and_results()
    w.add(f"<h2>{escape(_('Results'))}</h2>")
    w.add(_facts(c.workshop_facts(workshop, results)))
    w.add(
        '<table class="results num"><thead><tr>'
        + "".join(f"<th>{escape(h)}</th>" for h in c.results_header())
        + "</tr></thead><tbody><tr>"
        + "".join(f'<td class="n">{escape(v)}</td>' for v in c.results_row(results))
        + "</tr></tbody></table>"
    )
    w.add(f"<h3>{escape(_('Distribution of ratings'))}</h3>")
    _distribution(w, results)
    if report.sessions:
        _overview(w, report.sessions, heading=3)
    w.add(f"<h3>{escape(_('Comments'))}</h3>")
    if results.comments:
        w.add(
            f'<table class="comments"><thead><tr><th>{escape(_("Team"))}</th><th>{escape(_("Respondent"))}</th>'
            f"<th>{escape(_('Comment'))}</th></tr></thead><tbody>"
        )
        for comment in results.comments:
            w.add(
                f"<tr><td>{t(comment.team)}</td><td>{t(comment.respondent) or c.NONE}</td>"
                f"<td>{t(comment.text)}</td></tr>"
            )
        w.add("</tbody></table>")
    else:
        w.add(f"<p>{escape(_('No comments.'))}</p>")


def _overview(w: _Writer, sessions: list[Session], *, heading: int = 2) -> None:
    w.add(f"<h{heading}>{escape(_('Teams'))}</h{heading}>")
    w.add(
        f'<table class="overview num"><thead><tr><th>{escape(_("Session"))}</th>'
        f"<th>{escape(_('Organisation'))}</th><th>{escape(_('Strategic goal'))}</th>"
        f'<th>{escape(_("Approach"))}</th><th class="n">{escape(_("Ratings"))}</th>'
        f'<th class="n">{escape(_("Usefulness avg."))}</th><th class="n">{escape(_("Availability avg."))}</th>'
        "</tr></thead><tbody>"
    )
    for s in sessions:
        ev = c.evaluation_summary(s)
        choice = f"({s.approach.choice.value})" if s.approach.choice else c.NONE
        w.add(
            f'<tr lang="{s.language.value}"><td>{t(s.title)}</td><td>{t(s.organisation.name) or c.NONE}</td>'
            f"<td>{t(s.strategic_goal.title) or c.NONE}</td><td>{choice}</td>"
            f'<td class="n">{ev.ratings}</td><td class="n">{ev.usefulness}</td>'
            f'<td class="n">{ev.availability}</td></tr>'
        )
    w.add("</tbody></table>")


def render_text(sessions: list[Session], workshop: Workshop | None) -> str:
    report = c.build(sessions, workshop)
    w = _Writer()
    body_class = "workshop" if report.is_workshop else "single"
    w.add("<!DOCTYPE html>")
    w.add(f'<html lang="{report.language}">')
    w.add('<head><meta charset="utf-8">')
    w.add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w.add(f"<title>{escape(report.title)}</title>")
    w.add(f"<style>{CSS}</style></head>")
    w.add(f'<body class="{body_class}">')
    if report.is_workshop:
        w.add('<header class="report-header">')
        w.add(f"<h1>{escape(report.title)}</h1>")
        w.add(f'<p class="meta">{escape(_("Security Scorecard workshop report"))}</p>')
        w.add("</header>")
        _workshop_summary(w, report)
        entries = [("results", _("Results"))] if report.workshop is not None else [("teams", _("Teams"))]
        entries += [(f"session-{s.id}", s.title) for s in report.sessions]
        _contents(w, entries)
        w.add('<div id="results">' if report.workshop is not None else '<div id="teams">')
        if report.workshop is not None:
            _workshop(w, report)
        elif report.sessions:
            _overview(w, report.sessions)
        w.add("</div>")
        for session in report.sessions:
            _session(w, session, heading=2, in_workshop=True)
    else:
        session = report.sessions[0]
        w.add(f"<h1>{t(session.title)}</h1>")
        _summary(w, session, heading=2, first=True)
        _contents(w, [(f"{session.id}-{key}", _(title)) for key, title in _SECTIONS])
        _session(w, session, heading=1, in_workshop=False)
    w.add("</body></html>")
    return "\n".join(w.parts) + "\n"


def render(sessions: list[Session], workshop: Workshop | None) -> bytes:
    return render_text(sessions, workshop).encode("utf-8")
