"""The strategy map drawn as an inline SVG picture.

Four horizontal bands, financial at the top and learning & growth at the bottom;
a box per strategy goal with its text wrapped to the box (by ``secsc_tui.linebreak``,
as on screen: Japanese wraps between any two characters, closing punctuation never
starts a line); an arrow per cause→effect link. Links that are part of a cycle are still
drawn, dashed, so a wrong-way link is visible rather than hidden.

The SVG is meant to sit inside an HTML page (no ``xmlns`` needed there) and is
well-formed XML on its own. Sizes are in viewBox units; the picture scales to the
width of the page.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from html import escape

from secsc_tui.core.labels import perspective_name
from secsc_tui.core.model import Perspective
from secsc_tui.core.reports.content import StrategyMap
from secsc_tui.i18n import _
from secsc_tui.linebreak import wrap

WIDTH = 900.0
LABEL_WIDTH = 118.0  # the band titles on the left
MARGIN = 10.0
FONT = 15.0  # goal text
LABEL_FONT = 14.0  # band titles and goal labels
LINE = 1.3 * FONT
BOX_PAD = 8.0
BOX_GAP = 22.0  # between boxes in a row
ROW_GAP = 40.0  # between rows of boxes in one band
BAND_PAD = 34.0  # above and below the boxes of a band: room for the arrows
MAX_PER_ROW = 4
MAX_BOX = 250.0

_THIN = set("iljtfrI.,:;'|!()[]{} ")


def char_width(ch: str) -> float:
    """Approximate advance of a character, in em."""
    kind = unicodedata.east_asian_width(ch)
    if kind in ("W", "F"):
        return 1.0
    if unicodedata.combining(ch):
        return 0.0
    if kind == "A":
        return 0.8
    if ch in _THIN:
        return 0.3
    if ch.isupper() or ch in "mwMW@%&":
        return 0.7
    return 0.54


def text_width(text: str) -> float:
    return sum(char_width(ch) for ch in text)


@dataclass
class _Box:
    id: str
    x: float
    y: float
    w: float
    h: float
    label: str
    lines: list[str]

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h


def _f(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def render_svg(map_: StrategyMap, *, uid: str, title: str = "") -> str:
    """The picture as an ``<svg>`` element. ``uid`` keeps ids unique within a page."""
    content_left = LABEL_WIDTH + MARGIN
    content_width = WIDTH - content_left - MARGIN
    boxes: dict[str, _Box] = {}
    bands: list[tuple[Perspective, float, float]] = []  # perspective, top, height
    y = 0.0
    for perspective in Perspective:
        goals = map_.goals[perspective]
        top = y
        y += BAND_PAD
        rows = [goals[i : i + MAX_PER_ROW] for i in range(0, len(goals), MAX_PER_ROW)] or [[]]
        for r, row in enumerate(rows):
            if r:
                y += ROW_GAP
            if not row:
                y += LINE + 2 * BOX_PAD  # an empty band keeps a readable height
                continue
            per_row = min(len(goals), MAX_PER_ROW)
            w = min(MAX_BOX, (content_width - (per_row - 1) * BOX_GAP) / per_row)
            wrapped = [wrap(goal.text, (w - 2 * BOX_PAD) / FONT, text_width) for goal in row]
            h = 2 * BOX_PAD + LABEL_FONT * 1.3 + max(len(lines) for lines in wrapped) * LINE
            total = len(row) * w + (len(row) - 1) * BOX_GAP
            x = content_left + (content_width - total) / 2
            for goal, lines in zip(row, wrapped, strict=True):
                boxes[goal.id] = _Box(goal.id, x, y, w, h, goal.label, lines)
                x += w + BOX_GAP
            y += h
        y += BAND_PAD
        bands.append((perspective, top, y - top))
    height = y

    # Where each arrow leaves and enters a box: spread along the edge, in the
    # order of the box at the other end, so that arrows do not cross needlessly.
    ends: dict[tuple[str, str], list[tuple[float, int, str]]] = {}
    routes = []
    for n, link in enumerate(map_.links):
        cause, effect = boxes[link.cause], boxes[link.effect]
        if effect.bottom <= cause.y:  # upwards: the normal direction
            out_edge, in_edge = "top", "bottom"
        elif cause.bottom <= effect.y:  # downwards: drawn the wrong way round
            out_edge, in_edge = "bottom", "top"
        else:  # same row: arc over the top
            out_edge, in_edge = "top", "top"
        ends.setdefault((cause.id, out_edge), []).append((effect.cx, n, "out"))
        ends.setdefault((effect.id, in_edge), []).append((cause.cx, n, "in"))
        routes.append((link, cause, effect, out_edge, in_edge))
    anchor: dict[tuple[int, str], float] = {}
    for (box_id, _edge), uses in ends.items():
        box = boxes[box_id]
        uses.sort()
        span = box.w * 0.6
        for i, (_other, n, way) in enumerate(uses):
            anchor[(n, way)] = box.x + box.w * 0.2 + span * (i + 1) / (len(uses) + 1)

    out: list[str] = []
    title_id = f"{uid}-title"
    label = title or _("Strategy map")
    out.append(
        f'<svg class="strategy-map" viewBox="0 0 {_f(WIDTH)} {_f(height)}" '
        f'width="100%" role="img" aria-labelledby="{title_id}" '
        f'font-size="{_f(FONT)}" preserveAspectRatio="xMidYMin meet">'
    )
    out.append(f'<title id="{title_id}">{escape(label)}</title>')
    out.append(
        f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#000"/></marker></defs>'
    )
    out.append('<g class="bands">')
    for i, (perspective, top, band_height) in enumerate(bands):
        fill = "#f2f2f2" if i % 2 == 0 else "#ffffff"
        out.append(
            f'<rect x="0" y="{_f(top)}" width="{_f(WIDTH)}" height="{_f(band_height)}" '
            f'fill="{fill}" stroke="#555" stroke-width="1"/>'
        )
        name_lines = wrap(perspective_name(perspective), (LABEL_WIDTH - 2 * MARGIN) / LABEL_FONT, text_width)
        first = top + band_height / 2 - (len(name_lines) - 1) * LABEL_FONT * 0.65 + LABEL_FONT * 0.35
        band_label = "".join(
            f'<tspan x="{_f(MARGIN)}" y="{_f(first + k * LABEL_FONT * 1.3)}">{escape(line)}</tspan>'
            for k, line in enumerate(name_lines)
        )
        out.append(f'<text class="band-label" font-size="{_f(LABEL_FONT)}" font-weight="bold">{band_label}</text>')
    out.append(
        f'<line x1="{_f(LABEL_WIDTH)}" y1="0" x2="{_f(LABEL_WIDTH)}" y2="{_f(height)}" stroke="#555" stroke-width="1"/>'
    )
    out.append("</g>")

    out.append('<g class="links" fill="none" stroke="#000" stroke-width="1.6">')
    for n, (link, cause, effect, out_edge, in_edge) in enumerate(routes):
        x1 = anchor[(n, "out")]
        x2 = anchor[(n, "in")]
        y1 = cause.y if out_edge == "top" else cause.bottom
        y2 = effect.y if in_edge == "top" else effect.bottom
        if out_edge == in_edge:  # same row: an arc above both boxes
            lift = min(BAND_PAD - 6, 16 + abs(x2 - x1) * 0.08)
            c1, c2 = (x1, y1 - lift * 1.3), (x2, y2 - lift * 1.3)
        else:
            mid = (y2 - y1) / 2
            c1, c2 = (x1, y1 + mid), (x2, y2 - mid)
        dash = ' stroke-dasharray="7 4"' if link.in_cycle else ""
        cls = "link cycle" if link.in_cycle else "link"
        out.append(
            f'<path class="{cls}" data-cause="{escape(link.cause)}" data-effect="{escape(link.effect)}" '
            f'd="M{_f(x1)},{_f(y1)} C{_f(c1[0])},{_f(c1[1])} {_f(c2[0])},{_f(c2[1])} {_f(x2)},{_f(y2)}"'
            f'{dash} marker-end="url(#{uid}-arrow)"/>'
        )
    out.append("</g>")

    out.append('<g class="goals">')
    for box in boxes.values():
        out.append(f'<g class="goal" data-goal="{escape(box.id)}">')
        out.append(
            f'<rect x="{_f(box.x)}" y="{_f(box.y)}" width="{_f(box.w)}" height="{_f(box.h)}" '
            'rx="4" fill="#fff" stroke="#000" stroke-width="1.3"/>'
        )
        label_y = box.y + BOX_PAD + LABEL_FONT
        spans = [
            (
                f'<tspan x="{_f(box.x + BOX_PAD)}" y="{_f(label_y)}" font-weight="bold" '
                f'font-size="{_f(LABEL_FONT)}">{escape(box.label)}</tspan>'
            )
        ]
        for k, line in enumerate(box.lines):
            line_y = label_y + LABEL_FONT * 0.3 + (k + 1) * LINE
            spans.append(f'<tspan x="{_f(box.x + BOX_PAD)}" y="{_f(line_y)}">{escape(line)}</tspan>')
        out.append(f"<text>{''.join(spans)}</text>")
        out.append("</g>")
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
