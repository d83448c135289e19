"""The strategy map widget: the strategy goals as boxes in four bands.

Financial sits at the top and learning & growth at the bottom, so cause→effect
runs upwards, as on a Balanced Scorecard strategy map. The widget lays the
boxes out for the room it has (bordered boxes when there is room, compact
blocks when there is not, scrolling as a last resort), draws them with the Line
API, moves a cursor between them and asks its step view to act. It never
changes the session itself.

What a box is to the selected goal is told by a mark, never by colour alone:
► the cursor, ◊ the goal a new link starts from, ▾ a cause, ▴ an effect. While
the map has the keys its cursor box has a heavy frame and ►; while the keys are
elsewhere (the side panel, a dialog) a plain frame and ▻.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from secsc_tui import marks
from secsc_tui.core.labels import item_labels, perspective_name
from secsc_tui.core.model import MapLink, Perspective, Session
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.linebreak import wrap
from secsc_tui.textwidth import ELLIPSIS, printable, truncate

PERSPECTIVES = list(Perspective)

MARK_CURSOR = marks.MAP_CURSOR
MARK_CURSOR_IDLE = marks.MAP_CURSOR_IDLE
MARK_FROM = marks.MAP_LINK_FROM
MARK_CAUSE = marks.MAP_CAUSE
MARK_EFFECT = marks.MAP_EFFECT
MARK_BOTH = marks.MAP_BOTH
MARK_LONE = marks.MAP_LONE

# Layouts tried in turn, roomiest first: (bordered, at most this many text lines per box).
LAYOUTS = [(True, 4), (True, 3), (True, 2), (False, 3), (False, 2)]
FALLBACK = (False, 2)
MIN_BOX = {True: 22, False: 20}
MAX_BOX = 46
GAP = {True: 1, False: 2}

BORDERS = {
    # top-left, top, top-right, side, bottom-left, bottom, bottom-right
    "normal": "┌─┐│└─┘",
    "cursor": "┏━┓┃┗━┛",
    "from": "╔═╗║╚═╝",
}


# -- the goals, as the map sees them ------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoalInfo:
    id: str
    text: str
    perspective: Perspective
    band: int  # 0 = financial (top) … 3 = learning & growth (bottom)
    index: int  # position within its perspective
    label: str  # "F-G1", "Cu-G2": the goal's label, as in the grid


def goal_index(session: Session) -> dict[str, GoalInfo]:
    """Every strategy goal by id, in map order: top band first, left to right."""
    labels = item_labels(session.scorecard)
    goals: dict[str, GoalInfo] = {}
    for band, perspective in enumerate(PERSPECTIVES):
        for index, goal in enumerate(session.scorecard[perspective].goals):
            goals[goal.id] = GoalInfo(goal.id, goal.text, perspective, band, index, labels[goal.id])
    return goals


def causes_of(goal_id: str, links: list[MapLink]) -> list[str]:
    return [link.cause for link in links if link.effect == goal_id]


def effects_of(goal_id: str, links: list[MapLink]) -> list[str]:
    return [link.effect for link in links if link.cause == goal_id]


# -- layout -----------------------------------------------------------------------------


@dataclass(slots=True)
class Box:
    goal: GoalInfo
    row: int  # visual row of boxes, top to bottom, over all bands
    x: int
    y: int
    width: int
    height: int
    lines: list[Text] = field(default_factory=list)

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(slots=True)
class Layout:
    width: int
    bordered: bool
    max_lines: int
    boxes: dict[str, Box]
    rows: list[list[Box]]  # visual rows of boxes, top to bottom
    band_top: list[int]  # y of each band's title line
    empty_bands: list[tuple[int, int]]  # (band, y) of the "no goals" line of an empty band
    height: int


class MapView(ScrollView, can_focus=True):
    """The four bands of goals. Arrow keys move, l links, x unlinks, Enter shows details."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "map-view--band",
        "map-view--band-note",
        "map-view--box",
        "map-view--border",
        "map-view--cursor",
        "map-view--cursor-blur",
        "map-view--linked",
        "map-view--from",
        "map-view--muted",
        "map-view--block",
    }

    DEFAULT_CSS = """
    MapView { height: 1fr; overflow-x: hidden; scrollbar-gutter: stable; scrollbar-size-vertical: 1; }
    MapView > .map-view--band { background: $panel; color: $text; text-style: bold; }
    MapView > .map-view--band-note { background: $panel; color: $text-muted; }
    MapView > .map-view--box { color: $text; }
    MapView > .map-view--border { color: $text-muted; }
    MapView > .map-view--cursor { background: $primary 35%; color: $text; text-style: bold; }
    MapView > .map-view--cursor-blur { background: $primary 15%; color: $text; }
    MapView > .map-view--linked { color: $accent; text-style: bold; }
    MapView > .map-view--from { background: $warning 25%; color: $text; text-style: bold; }
    MapView > .map-view--muted { color: $text-muted; }
    MapView > .map-view--block { background: $foreground 10%; color: $text; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move_across(-1)", N_("Goal to the left"), show=False, id="map.left"),
        Binding("right", "move_across(1)", N_("Goal to the right"), show=False, id="map.right"),
        Binding("up", "move_up_down(-1)", N_("Nearest goal above"), show=False, id="map.up"),
        Binding("down", "move_up_down(1)", N_("Nearest goal below"), show=False, id="map.down"),
        Binding("home", "band_edge(-1)", N_("First goal of the band"), show=False, id="map.band_start"),
        Binding("end", "band_edge(1)", N_("Last goal of the band"), show=False, id="map.band_end"),
        Binding(
            "l",
            "request('start')",
            N_("Link"),
            id="map.link_start",
            tooltip=N_("Start a link from this goal (its cause)"),
        ),
        Binding("l,enter", "request('confirm')", N_("Link here"), id="map.link_confirm", key_display="l/⏎"),
        Binding("enter", "request('details')", N_("Details"), id="map.details", key_display="⏎"),
        Binding("x,delete", "request('unlink')", N_("Unlink"), id="map.unlink"),
        Binding("escape", "request('cancel')", N_("Cancel"), id="map.cancel", key_display="Esc"),
    ]

    class Moved(Message):
        """The cursor is on another goal (or on none: the map is empty)."""

        def __init__(self, goal_id: str | None):
            super().__init__()
            self.goal_id = goal_id

    class Request(Message):
        """The person asked for something at the cursor: link, confirm, details, unlink, cancel."""

        def __init__(self, action: str, goal_id: str | None):
            super().__init__()
            self.action = action
            self.goal_id = goal_id

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.goals: dict[str, GoalInfo] = {}
        self.links: list[MapLink] = []
        self.cursor: str | None = None
        self.link_from: str | None = None
        self.empty_message = ""
        self._layout: Layout | None = None
        self._lines: list[Strip] = []
        self._lines_width = 0

    # -- what to show ------------------------------------------------------------------

    def sync(self, session: Session, *, link_from: str | None = None, select: str | None = None) -> None:
        """Show ``session``; keep the cursor on its goal, or put it on ``select``."""
        self.goals = goal_index(session)
        self.links = [link for link in session.strategy_map if link.cause in self.goals and link.effect in self.goals]
        self.link_from = link_from if link_from in self.goals else None
        if select in self.goals:
            self.cursor = select
        elif self.cursor not in self.goals:
            self.cursor = self._nearest_after_removal()
        self._layout = None
        self.refresh_bindings()
        self._redraw()

    def _nearest_after_removal(self) -> str | None:
        # The cursor's goal went away (or there was none): take the first goal of the lowest band
        # that has one, where a map is usually started from.
        for band in reversed(range(len(PERSPECTIVES))):
            for goal in self.goals.values():
                if goal.band == band:
                    return goal.id
        return None

    @property
    def layout_info(self) -> Layout | None:
        return self._layout

    def text_lines(self) -> list[str]:
        """The whole map as plain text, one string per line (what a screen reader or a test sees)."""
        return [strip.text for strip in self._lines]

    # -- layout ------------------------------------------------------------------------

    def _content_width(self) -> int:
        return max(10, self.scrollable_content_region.width)

    def _compute_layout(self) -> Layout:
        width = self._content_width()
        height = max(1, self.scrollable_content_region.height)
        for bordered, max_lines in LAYOUTS:
            layout = self._layout_with(width, bordered, max_lines)
            if layout.height <= height:
                return layout
        return self._layout_with(width, *FALLBACK)

    def _layout_with(self, width: int, bordered: bool, max_lines: int) -> Layout:
        gap = GAP[bordered]
        boxes: dict[str, Box] = {}
        rows: list[list[Box]] = []
        band_top: list[int] = []
        empty_bands: list[tuple[int, int]] = []
        y = 0
        for band, _perspective in enumerate(PERSPECTIVES):
            band_top.append(y)
            y += 1  # the band's title line
            goals = [g for g in self.goals.values() if g.band == band]
            if not goals:
                empty_bands.append((band, y))
                y += 1
                continue
            fit = max(1, min(len(goals), (width + gap) // (MIN_BOX[bordered] + gap)))
            row_count = -(-len(goals) // fit)
            per_row = -(-len(goals) // row_count)  # spread evenly: 5 goals in rows of 3 and 2, not 4 and 1
            box_width = min(MAX_BOX, (width - gap * (per_row - 1)) // per_row)
            text_width = box_width - (4 if bordered else 1)
            for start in range(0, len(goals), per_row):
                row_goals = goals[start : start + per_row]
                wrapped = [self._wrap(goal, text_width, max_lines, bordered) for goal in row_goals]
                text_lines = max(len(lines) for lines in wrapped)
                box_height = text_lines + (2 if bordered else 0)
                used = len(row_goals) * box_width + gap * (len(row_goals) - 1)
                x = (width - used) // 2
                row: list[Box] = []
                for goal, lines in zip(row_goals, wrapped, strict=True):
                    box = Box(goal, len(rows), x, y, box_width, box_height, lines)
                    boxes[goal.id] = box
                    row.append(box)
                    x += box_width + gap
                rows.append(row)
                y += box_height
                if not bordered and start + per_row < len(goals):
                    y += 1  # compact blocks would touch the next row
        return Layout(width, bordered, max_lines, boxes, rows, band_top, empty_bands, y)

    @staticmethod
    def _wrap(goal: GoalInfo, width: int, max_lines: int, bordered: bool) -> list[Text]:
        # Compact blocks carry their label in the text; bordered boxes carry it in the border.
        body = printable(goal.text).strip() or "—"
        if not bordered:
            body = f"{goal.label} {body}"
        width = max(4, width)
        lines = wrap(body, width)
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            last = lines[-1]
            while last and cell_len(last) > width - 1:
                last = last[:-1]
            lines[-1] = last.rstrip() + ELLIPSIS
        texts = [Text(line) for line in lines]
        if not bordered:
            texts[0].stylize("bold", 0, len(goal.label))
        return texts

    # -- drawing -----------------------------------------------------------------------

    def _redraw(self) -> None:
        if not self.is_mounted or self.size.width == 0:
            return
        if self._layout is None or self._layout.width != self._content_width():
            self._layout = self._compute_layout()
        self._lines = self._render_lines(self._layout) if self.goals else self._render_empty()
        self._lines_width = self._content_width()
        self.virtual_size = Size(self._lines_width, len(self._lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._layout = None
        self._redraw()
        self.call_after_refresh(self.scroll_to_cursor)

    def on_mount(self) -> None:
        self._redraw()

    def watch_has_focus(self, focused: bool) -> None:
        # The cursor is drawn differently with and without focus. A Focus event
        # reaches this class before Widget has set has_focus, so watch the value.
        self._redraw()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name)

    def _render_empty(self) -> list[Strip]:
        width = self._content_width()
        base = self.rich_style
        text = Text(self.empty_message)
        lines = [Strip.blank(width, base)]
        for line in text.wrap(self.app.console, max(10, width - 4)):
            lines.append(self._strip(Text("  ") + line, width, base))
        return lines

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text = text.copy()
        text.end = ""
        text.no_wrap = True
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        return Strip(Segment.apply_style(segments, style), width).adjust_cell_length(width, style)

    def _role(self, goal_id: str) -> str:
        """What the goal is to the selected one: cursor, from, cause, effect, both or ""."""
        if goal_id == self.cursor:
            return "cursor"
        if goal_id == self.link_from:
            return "from"
        if self.cursor is None:
            return ""
        cause = any(link.cause == goal_id and link.effect == self.cursor for link in self.links)
        effect = any(link.effect == goal_id and link.cause == self.cursor for link in self.links)
        if cause and effect:
            return "both"
        return "cause" if cause else "effect" if effect else ""

    def _render_lines(self, layout: Layout) -> list[Strip]:
        width = layout.width
        base = self.rich_style
        canvas: list[list[tuple[int, Strip]]] = [[] for _ in range(layout.height)]
        band_style = base + self._style("map-view--band")
        note_style = base + self._style("map-view--band-note")
        counts = [0] * len(PERSPECTIVES)
        for goal in self.goals.values():
            counts[goal.band] += 1
        for band, perspective in enumerate(PERSPECTIVES):
            title = Text.assemble((" " + perspective_name(perspective).upper(), band_style))
            note = _("outcome") if band == 0 else _("enablers") if band == len(PERSPECTIVES) - 1 else ""
            count = ngettext("{n} goal", "{n} goals", counts[band])
            title.append("  " + count + (f" · {note}" if note else ""), style=note_style)
            canvas[layout.band_top[band]].append((0, self._strip(title, width, band_style)))
        muted = base + self._style("map-view--muted")
        for _band, y in layout.empty_bands:
            message = Text.assemble(("  " + _("(no goals in this perspective: add them in step 5)"), muted))
            canvas[y].append((0, self._strip(message, width, muted)))
        linked_from = {link.cause for link in self.links} | {link.effect for link in self.links}
        for box in layout.boxes.values():
            role = self._role(box.goal.id)
            lone = box.goal.id not in linked_from
            strips = (
                self._bordered_box(box, role, lone, base) if layout.bordered else self._compact_box(box, role, base)
            )
            for offset, strip in enumerate(strips):
                canvas[box.y + offset].append((box.x, strip))
        lines: list[Strip] = []
        for pieces in canvas:
            pieces.sort(key=lambda piece: piece[0])
            parts: list[Strip] = []
            x = 0
            for start, strip in pieces:
                if start > x:
                    parts.append(Strip.blank(start - x, base))
                parts.append(strip)
                x = start + strip.cell_length
            if x < width:
                parts.append(Strip.blank(width - x, base))
            lines.append(Strip.join(parts).crop(0, width))
        return lines

    def _box_styles(self, role: str, base: Style) -> tuple[Style, Style]:
        """(border style, text style) for a box in a role."""
        text = base + self._style("map-view--box")
        border = base + self._style("map-view--border")
        if role == "cursor":
            cursor = base + self._style("map-view--cursor" if self.has_focus else "map-view--cursor-blur")
            return cursor, cursor
        if role == "from":
            chosen = base + self._style("map-view--from")
            return chosen, chosen
        if role in ("cause", "effect", "both"):
            return base + self._style("map-view--linked"), text
        return border, text

    def _cursor_mark(self) -> str:
        return MARK_CURSOR if self.has_focus else MARK_CURSOR_IDLE

    def _title(self, box: Box, role: str, lone: bool) -> str:
        label = box.goal.label
        if role == "cursor":
            return f" {self._cursor_mark()} {label} "
        if role == "from":
            return f" {MARK_FROM} {label} {_('link from')} "
        if role == "cause":
            return f" {MARK_CAUSE} {label} {_('cause')} "
        if role == "effect":
            return f" {MARK_EFFECT} {label} {_('effect')} "
        if role == "both":
            return f" {MARK_BOTH} {label} {_('cause and effect')} "
        if lone:
            return f" {label} {MARK_LONE} {_('no links')} "
        return f" {label} "

    def _bordered_box(self, box: Box, role: str, lone: bool, base: Style) -> list[Strip]:
        border_style, text_style = self._box_styles(role, base)
        frame = (
            ("cursor" if self.has_focus else "normal") if role == "cursor" else "from" if role == "from" else "normal"
        )
        tl, top, tr, side, bl, bottom, br = tuple(BORDERS[frame])  # seven characters
        inner = box.width - 2
        title = truncate(self._title(box, role, lone), inner - 1)
        top_line = Text.assemble((tl + top, border_style))
        top_line.append(title, style=border_style + Style(bold=True))
        top_line.append(top * max(0, inner - 1 - cell_len(title)) + tr, style=border_style)
        strips = [self._strip(top_line, box.width, border_style)]
        text_lines = box.height - 2
        for i in range(text_lines):
            line = Text.assemble((side + " ", border_style))
            content = box.lines[i].copy() if i < len(box.lines) else Text("")
            content.truncate(inner - 2, overflow="ellipsis", pad=True)
            content.stylize(text_style, 0, len(content))
            line.append_text(content)
            line.append(" " + side, style=border_style)
            strips.append(self._strip(line, box.width, text_style))
        effects = [self.goals[e].label for e in effects_of(box.goal.id, self.links)]
        tail = truncate(f" → {' '.join(effects)} ", inner - 2) if effects else ""
        bottom_line = Text.assemble((bl + bottom * max(0, inner - 1 - cell_len(tail)), border_style))
        bottom_line.append(tail, style=border_style)
        bottom_line.append(bottom + br, style=border_style)
        strips.append(self._strip(bottom_line, box.width, border_style))
        return strips

    def _compact_box(self, box: Box, role: str, base: Style) -> list[Strip]:
        mark = {
            "cursor": self._cursor_mark(),
            "from": MARK_FROM,
            "cause": MARK_CAUSE,
            "effect": MARK_EFFECT,
            "both": MARK_BOTH,
        }.get(role, " ")
        block = base + self._style("map-view--block")
        if role == "cursor":
            style = base + self._style("map-view--cursor" if self.has_focus else "map-view--cursor-blur")
        elif role == "from":
            style = base + self._style("map-view--from")
        elif role:
            # Only the linked colour: the block keeps its own background.
            linked = self._style("map-view--linked")
            style = block + Style(color=linked.color, bold=linked.bold)
        else:
            style = block
        strips = []
        for i in range(box.height):
            content = box.lines[i].copy() if i < len(box.lines) else Text("")
            line = Text.assemble((mark if i == 0 else " ", style))
            content.stylize(style, 0, len(content))
            line.append_text(content)
            strips.append(self._strip(line, box.width, style))
        return strips

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width
        if self._lines_width != self._content_width():
            self._layout = None
            self._redraw()
        if 0 <= index < len(self._lines):
            return self._lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style)
        return Strip.blank(width, self.rich_style)

    # -- the cursor ----------------------------------------------------------------------

    def _box(self, goal_id: str | None) -> Box | None:
        if self._layout is None or goal_id is None:
            return None
        return self._layout.boxes.get(goal_id)

    def scroll_to_cursor(self) -> None:
        box = self._box(self.cursor)
        if box is None or self._layout is None:
            return
        band_top = self._layout.band_top[box.goal.band]
        first_row = min(b.row for b in self._layout.boxes.values() if b.goal.band == box.goal.band)
        top = band_top if box.row == first_row else box.y
        self.scroll_to_region(Region(0, top, 1, box.y + box.height - top), animate=False, force=True)

    def select(self, goal_id: str) -> None:
        if goal_id in self.goals and goal_id != self.cursor:
            self.cursor = goal_id
            self._cursor_moved()

    def _cursor_moved(self) -> None:
        self._redraw()
        self.scroll_to_cursor()
        self.post_message(self.Moved(self.cursor))

    def action_move_across(self, delta: int) -> None:
        current = self.goals.get(self.cursor or "")
        if current is None:
            return
        band = [g for g in self.goals.values() if g.band == current.band]
        index = band.index(current) + delta
        if 0 <= index < len(band):
            self.select(band[index].id)

    def action_move_up_down(self, delta: int) -> None:
        box = self._box(self.cursor)
        if box is None or self._layout is None:
            return
        rows = self._layout.rows
        target = box.row + delta
        if not 0 <= target < len(rows):
            return
        nearest = min(rows[target], key=lambda other: (abs(other.centre - box.centre), other.x))
        self.select(nearest.goal.id)

    def action_band_edge(self, side: int) -> None:
        current = self.goals.get(self.cursor or "")
        if current is None:
            return
        band = [g for g in self.goals.values() if g.band == current.band]
        self.select(band[0 if side < 0 else -1].id)

    def action_request(self, action: str) -> None:
        self.post_message(self.Request(action, self.cursor))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "request":
            if not self.goals:
                return False
            linking = self.link_from is not None
            if parameters and parameters[0] in ("confirm", "cancel"):
                return linking
            if parameters and parameters[0] in ("start", "details"):
                return not linking
        return True

    def on_click(self, event: events.Click) -> None:
        if self._layout is None:
            return
        x, y = event.x + int(self.scroll_x), event.y + int(self.scroll_y)
        for box in self._layout.boxes.values():
            if box.x <= x < box.x + box.width and box.y <= y < box.y + box.height:
                self.focus()
                self.select(box.goal.id)
                return
