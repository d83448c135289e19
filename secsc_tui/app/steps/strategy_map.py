"""Step 6: the strategy map — how the strategy goals lead to each other.

The goals come from the scorecard (step 5). Here the team draws cause→effect
links between them, from learning & growth at the bottom up to the financial
outcome at the top, and sees each goal's chain(s) up to that outcome.

Keys on the map: arrows move, ``l`` starts a link from the goal under the
cursor, ``l``/Enter on another goal makes it the effect, Escape cancels;
``x`` removes one of the goal's links; Enter shows a goal's full details.
Self-links and duplicates are refused; cycles are allowed but reported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from secsc_tui.app.steps.base import StepView
from secsc_tui.app.widgets.map_view import (
    MARK_CAUSE,
    MARK_CURSOR,
    MARK_EFFECT,
    MARK_FROM,
    MARK_LONE,
    GoalInfo,
    MapView,
    causes_of,
    effects_of,
    goal_index,
)
from secsc_tui.core.editing import SessionEditor
from secsc_tui.core.labels import perspective_name
from secsc_tui.core.model import MapLink, Perspective, Session, Step
from secsc_tui.core.strategy_map import chains_from, find_cycles
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.textwidth import printable, truncate

WIDE = 110  # from this width on, the details sit in a side panel
SIDE_WIDTH = 44
MAX_CHAINS_SHOWN = 6

EMPTY_MAP = N_(
    "No strategy goals yet.\n\n"
    "The map links the strategy goals of the scorecard: each perspective's goals are written in step 5. "
    "Press 5 to go to the scorecard, add goals to the perspectives, then come back with 6."
)
INTRO = N_(
    "The strategy map shows how the goals lead to each other: learning & growth enables internal "
    "processes, which serve the customer, which brings the financial outcome."
)
NO_LINKS = N_("No links yet: on a goal press l, move to the goal it leads to (usually in the band above), press Enter.")


# The chains from one goal, shared beginnings merged: goal id -> the rest of the tree.
_Trie = dict[str, "_Trie"]


def _name(goal: GoalInfo, width: int | None = None) -> str:
    """ "P1 Build security in…": the label and the goal's text, cut to ``width`` cells if given."""
    text = printable(goal.text).strip() or "—"
    return f"{goal.label} {truncate(text, width) if width else text}"


def _valid_links(session: Session, goals: dict[str, GoalInfo]) -> list[MapLink]:
    return [link for link in session.strategy_map if link.cause in goals and link.effect in goals]


def _map_order(goals: dict[str, GoalInfo]) -> Callable[[MapLink], tuple[int, int, int, int]]:
    """Sort key for links: read bottom-up, like the map (causes first)."""

    def key(link: MapLink) -> tuple[int, int, int, int]:
        cause, effect = goals[link.cause], goals[link.effect]
        return (-cause.band, cause.index, -effect.band, effect.index)

    return key


def chain_text(chain: list[str], goals: dict[str, GoalInfo], width: int | None, *, lines: int = 2) -> Text:
    """One chain as "L1 … → P1 … → F2 …", each goal cut so the chain fits in about ``lines`` lines."""
    text = Text()
    end = goals[chain[-1]]
    tail = " ✓" if end.perspective is Perspective.FINANCIAL else " ⚠ " + _("stops before a financial goal")
    budget = None
    if width is not None:
        n = len(chain)
        label = max(cell_len(goals[g].label) for g in chain)
        budget = max(6, (width * lines - 3 * (n - 1) - cell_len(tail)) // n - label - 1)
    for i, goal_id in enumerate(chain):
        goal = goals[goal_id]
        if i:
            text.append(" → ", style="bold")
        text.append(goal.label, style="bold")
        body = printable(goal.text).strip() or "—"
        text.append(" " + (truncate(body, budget) if budget else body))
    text.append(tail)
    return text


def chain_tree(
    goal_id: str, paths: list[list[str]], goals: dict[str, GoalInfo], width: int | None, *, upward: bool
) -> Text:
    """The chains from one goal as a tree, shared beginnings drawn once.

    ``paths`` all start at ``goal_id``. Upward trees (→) end at financial goals, marked ✓,
    or stop early, marked ⚠; downward trees (←) show what leads to a financial outcome.
    """
    arrow = "→" if upward else "←"
    trie: _Trie = {}
    for path in paths:
        node = trie
        for step in path[1:]:
            node = node.setdefault(step, {})
    text = Text()
    stops_early = False

    def walk(node: _Trie, prefix: str) -> None:
        nonlocal stops_early
        items = list(node.items())
        for i, (step, children) in enumerate(items):
            last = i == len(items) - 1
            head = f"{prefix}{'└' if last else '├'}{arrow} "
            goal = goals[step]
            end = ""
            if upward and not children:
                if goal.perspective is Perspective.FINANCIAL:
                    end = " ✓"
                else:
                    end = " ⚠"
                    stops_early = True
            text.append(head, style="dim")
            text.append(goal.label, style="bold")
            body = printable(goal.text).strip() or "—"
            if width is not None:
                body = truncate(body, max(4, width - cell_len(head) - cell_len(goal.label) - 1 - cell_len(end)))
            text.append(f" {body}{end}\n")
            walk(children, prefix + ("   " if last else "│  "))

    walk(trie, " ")
    if stops_early:
        text.append(" ⚠ " + _("stops before a financial goal") + "\n", style="italic")
    return text


class GoalDetails(ModalScreen[None]):
    """Everything about one goal: its full text, causes, effects and every chain."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", N_("Close"), id="map_details.close"),
    ]

    DEFAULT_CSS = """
    GoalDetails #details-scroll { height: 1fr; }
    """

    def __init__(self, title: str, body: Text):
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text(self.title_text), classes="dialog-title")
            with VerticalScroll(id="details-scroll"):
                yield Static(self.body, id="details-body")
            yield Static(_("↑↓ scroll · Escape or Enter closes"), classes="dialog-detail")

    def on_mount(self) -> None:
        self.query_one("#details-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)


class UnlinkPicker(ModalScreen[MapLink | None]):
    """Pick one of a goal's links to remove: ↑↓ chooses, Enter removes, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="unlink.cancel")]

    DEFAULT_CSS = """
    UnlinkPicker OptionList { height: auto; max-height: 14; }
    """

    def __init__(self, title: str, links: list[tuple[MapLink, Text]]):
        super().__init__()
        self.title_text = title
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield OptionList(
                *(Option(label, id=str(i)) for i, (_link, label) in enumerate(self.links)), id="unlink-choices"
            )
            yield Static(_("Enter removes the chosen link (F3 undoes) · Escape cancels"), classes="dialog-detail")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.links[int(event.option.id)][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


class View(StepView):
    STEP = Step.STRATEGY_MAP
    PURPOSE = N_("Link goals cause → effect, from learning & growth up to financial.")

    DEFAULT_CSS = """
    #map-status { height: 1; padding: 0 1; background: $panel; }
    #map-status.-linking { background: $warning 30%; }
    #map-body { height: 1fr; layout: vertical; }
    #map-side { height: 7; border-top: solid $panel-lighten-2; padding: 0 1; scrollbar-size-vertical: 1; }
    #map-side:focus { border-top: heavy $accent; }
    View.-wide #map-body { layout: horizontal; }
    View.-wide #map { width: 1fr; height: 1fr; }
    View.-wide #map-side { width: 44; height: 1fr; border-top: none; border-left: solid $panel-lighten-2; }
    View.-wide #map-side:focus { border-left: heavy $accent; }
    """

    def __init__(self, editor: SessionEditor) -> None:
        super().__init__(editor)
        self.link_from: str | None = None
        self.message: Text | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="map-status")
        with Container(id="map-body"):
            yield MapView(id="map")
            with VerticalScroll(id="map-side"):
                yield Static("", id="map-details")

    @property
    def map(self) -> MapView:
        return self.query_one(MapView)

    def on_mount(self) -> None:
        self.map.empty_message = _(EMPTY_MAP)
        self.refresh_map()

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE
        self.set_class(wide, "-wide")
        side = self.query_one("#map-side")
        if wide:
            side.styles.height = None
        else:
            side.styles.height = max(7, min(14, self.size.height * 3 // 10))
        self._show_status()
        self._show_details()

    def focus_first(self) -> None:
        # Goals may have changed in step 5 since this view was last shown.
        self.refresh_map()
        self.map.focus()

    def show_session(self) -> None:
        self.message = None
        self.refresh_map()

    def show_others_changes(self) -> None:
        self.refresh_map()  # a link being made, and what was just said about it, stay

    # -- showing -------------------------------------------------------------------------

    @property
    def goals(self) -> dict[str, GoalInfo]:
        return goal_index(self.session)

    def refresh_map(self, select: str | None = None) -> None:
        goals = self.goals
        if self.link_from not in goals:
            self.link_from = None
        self.map.sync(self.session, link_from=self.link_from, select=select)
        self._show_status()
        self._show_details()

    def on_map_view_moved(self, message: MapView.Moved) -> None:
        message.stop()
        self.message = None
        self._show_status()
        self._show_details()

    def _say(self, text: str, *, ok: bool) -> None:
        self.message = Text.assemble((("✓ " if ok else "✗ ") + text, "bold" if ok else "bold reverse"))
        self._show_status()

    def _show_status(self) -> None:
        status = self.query_one("#map-status", Static)
        status.set_class(self.link_from is not None, "-linking")
        width = max(20, self.size.width - 2)
        goals = self.goals
        links = _valid_links(self.session, goals)
        if self.link_from is not None:
            line = self._linking_status(self.link_from, goals, links, width)
            if self.message is not None:
                line = self._linking_badge() + self.message
        elif self.message is not None:
            line = self.message.copy()
        elif not goals:
            line = Text(_("No goals to link yet — press 5 for the scorecard"))
        elif not links:
            line = Text(_(NO_LINKS))
        else:
            cycles = find_cycles(links)
            counts = (
                ngettext("{n} goal", "{n} goals", len(goals)) + " · " + ngettext("{n} link", "{n} links", len(links))
            )
            line = Text.assemble((counts, "bold"))
            if cycles:
                line.append("  ⚠ " + ngettext("{n} cycle", "{n} cycles", len(cycles)))
            line.append("  ·  " + _("←→↑↓ move · l link · x unlink · ⏎ details"))
        line.truncate(width, overflow="ellipsis")
        status.update(line)

    def _linking_badge(self) -> Text:
        return Text.assemble((f" {MARK_FROM} " + _("LINKING") + " ", "bold reverse"), " ")

    def _linking_status(self, cause_id: str, goals: dict[str, GoalInfo], links: list[MapLink], width: int) -> Text:
        cause = goals[cause_id]
        target = goals.get(self.map.cursor or "")
        line = self._linking_badge()
        if target is None or target.id == cause.id:
            verdict = _("now move to the goal it leads to")
        elif any(link.cause == cause.id and link.effect == target.id for link in links):
            verdict = "✗ " + _("already linked")
        else:
            verdict = _("l/⏎ links")
        tail = "  " + verdict + " · " + _("Esc cancels")
        # The goals' texts only where they fit; the labels always.
        fixed = cell_len(line.plain) + cell_len(tail) + 4
        name_width = (width - fixed) // 2 - cell_len(cause.label) - 1
        show_text = name_width >= 10
        line.append(_name(cause, name_width) if show_text else cause.label)
        line.append(" → ")
        if target is not None and target.id != cause.id:
            line.append(_name(target, name_width) if show_text else target.label, style="bold")
        else:
            line.append("?", style="bold")
        line.append(tail)
        return line

    def _panel_width(self) -> int:
        # Known from the CSS, so that it is right before the first layout: padding, border, scrollbar.
        if self.has_class("-wide"):
            return SIDE_WIDTH - 4
        return max(20, self.size.width - 3)

    def _show_details(self) -> None:
        wide = self.has_class("-wide")
        text = self.details(self.map.cursor, self._panel_width(), wide=wide)
        self.query_one("#map-details", Static).update(text)

    # -- the details text ---------------------------------------------------------------

    def details(self, goal_id: str | None, width: int, *, wide: bool, full: bool = False) -> Text:
        """What the panel (or, with ``full``, the details dialog) says about a goal and the map."""
        goals = self.goals
        links = _valid_links(self.session, goals)
        text = Text()
        if not goals:
            text.append(_(INTRO))
            return text
        goal = goals.get(goal_id or "")
        if goal is not None:
            self._goal_part(text, goal, goals, links, width, wide=wide, full=full)
        if not full:
            self._warnings_part(text, goals, links, width, wide=wide)
            self._links_part(text, goal, goals, links, width, wide=wide)
        return text

    def _goal_part(
        self,
        text: Text,
        goal: GoalInfo,
        goals: dict[str, GoalInfo],
        links: list[MapLink],
        width: int,
        *,
        wide: bool,
        full: bool,
    ) -> None:
        text.append(f"{MARK_CURSOR} {goal.label} ", style="bold")
        text.append(perspective_name(goal.perspective), style="italic")
        text.append("\n")
        body = printable(goal.text).strip() or "—"
        text.append((body if (wide or full) else truncate(body, width * 2 - 2)) + "\n")
        causes = [goals[c] for c in causes_of(goal.id, links)]
        effects = [goals[e] for e in effects_of(goal.id, links)]
        if wide or full:
            for mark, word, items in ((MARK_CAUSE, _("Causes"), causes), (MARK_EFFECT, _("Effects"), effects)):
                text.append(f"{mark} {word}: ", style="bold")
                if not items:
                    text.append(_("none") + "\n")
                    continue
                text.append("\n")
                for item in items:
                    text.append("  " + (_name(item) if full else _name(item, width - 6)) + "\n")
        else:
            text.append(f"{MARK_CAUSE} " + _("causes") + " ", style="bold")
            text.append((" ".join(c.label for c in causes) or _("none")) + "   ")
            text.append(f"{MARK_EFFECT} " + _("effects") + " ", style="bold")
            text.append((" ".join(e.label for e in effects) or _("none")) + "\n")

        chain_width = None if full else width
        if goal.perspective is Perspective.FINANCIAL:
            reversed_links = [MapLink(cause=link.effect, effect=link.cause) for link in links]
            chains = [list(reversed(chain)) for chain in chains_from(goal.id, reversed_links)]
            if wide or full:
                text.append("\n" + _("Chains that lead to this outcome:"), style="bold")
                text.append("\n")
            if not chains:
                text.append(_("A financial outcome that no goal leads to yet.") + "\n")
        else:
            chains = chains_from(goal.id, links)
            if wide or full:
                text.append("\n" + _("Chains up to the financial outcome:"), style="bold")
                text.append("\n")
            if not chains:
                text.append(_("No effect yet: press l here, then pick the goal this one leads to.") + "\n")
        if wide or full:
            upward = goal.perspective is not Perspective.FINANCIAL
            paths = chains if upward else [list(reversed(chain)) for chain in chains]
            text.append_text(chain_tree(goal.id, paths, goals, chain_width, upward=upward))
            return
        shown = chains[:MAX_CHAINS_SHOWN]
        for chain in shown:
            text.append("  ")
            text.append_text(chain_text(chain, goals, width - 2, lines=1))  # not full: the whole width
            text.append("\n")
        if len(chains) > len(shown):
            text.append("  " + _("… and {n} more (⏎ shows all)", n=len(chains) - len(shown)) + "\n")

    def _warnings_part(
        self, text: Text, goals: dict[str, GoalInfo], links: list[MapLink], width: int, *, wide: bool
    ) -> None:
        if wide:
            text.append("\n")
        for cycle in find_cycles(links):
            path = " → ".join(goals[g].label for g in cycle + cycle[:1])
            text.append(
                "⚠ " + _("Cycle: {path} — a link may run the wrong way (x removes it)", path=path) + "\n", style="bold"
            )
        for link in links:
            cause, effect = goals[link.cause], goals[link.effect]
            if effect.band > cause.band:
                text.append(
                    "↓ "
                    + _(
                        "{cause} → {effect} runs downward: effects usually sit above their causes",
                        cause=cause.label,
                        effect=effect.label,
                    )
                    + "\n"
                )
        linked = {link.cause for link in links} | {link.effect for link in links}
        lone = [g.label for g in goals.values() if g.id not in linked]
        if lone and links:
            text.append(f"{MARK_LONE} " + _("Not linked yet: {labels}", labels=", ".join(lone)) + "\n")

    def _links_part(
        self,
        text: Text,
        goal: GoalInfo | None,
        goals: dict[str, GoalInfo],
        links: list[MapLink],
        width: int,
        *,
        wide: bool,
    ) -> None:
        if not links:
            text.append(_(NO_LINKS) + "\n")
            return
        ordered = sorted(links, key=_map_order(goals))
        text.append(
            ("\n" if wide else "") + _("All links ({n}):", n=len(links)) + ("\n" if wide else " "), style="bold"
        )
        if not wide:
            text.append(" · ".join(f"{goals[link.cause].label}→{goals[link.effect].label}" for link in ordered) + "\n")
            return
        side = max(6, (width - 9) // 2)
        for link in ordered:
            mark = " "
            if goal is not None and link.effect == goal.id:
                mark = MARK_CAUSE
            elif goal is not None and link.cause == goal.id:
                mark = MARK_EFFECT
            text.append(f"{mark} {_name(goals[link.cause], side - 3)} → {_name(goals[link.effect], side - 3)}\n")

    # -- requests from the map ----------------------------------------------------------

    def on_map_view_request(self, request: MapView.Request) -> None:
        request.stop()
        goal_id = request.goal_id
        if goal_id is None:
            self._say(_("There are no goals here yet: press 5 to add them in the scorecard."), ok=False)
            return
        if request.action == "start":
            self.start_link(goal_id)
        elif request.action == "confirm":
            self.confirm_link(goal_id)
        elif request.action == "cancel":
            self.cancel_link()
        elif request.action == "unlink":
            self.unlink(goal_id)
        elif request.action == "details":
            self.show_goal_details(goal_id)

    def start_link(self, goal_id: str) -> None:
        self.link_from = goal_id
        self.message = None
        self.map.sync(self.session, link_from=goal_id)
        self._show_status()

    def cancel_link(self) -> None:
        self.link_from = None
        self.message = Text(_("Link cancelled."))
        self.map.sync(self.session, link_from=None)
        self._show_status()

    def confirm_link(self, effect_id: str) -> None:
        cause_id = self.link_from
        goals = self.goals
        if cause_id is None or cause_id not in goals or effect_id not in goals:
            return
        cause, effect = goals[cause_id], goals[effect_id]
        if cause_id == effect_id:
            self._say(_("A goal cannot lead to itself: move to another goal, or Esc cancels."), ok=False)
            return
        if any(link.cause == cause_id and link.effect == effect_id for link in self.session.strategy_map):
            self._say(
                _(
                    "{cause} → {effect} is already on the map: pick another goal, or Esc cancels.",
                    cause=cause.label,
                    effect=effect.label,
                ),
                ok=False,
            )
            return
        link = MapLink(cause=cause_id, effect=effect_id)
        self.editor.seal()
        self.change(
            f"link:{cause_id}>{effect_id}",
            lambda s: s.strategy_map.append(link),
            label=_("link {cause} → {effect}", cause=cause.label, effect=effect.label),
        )
        self.editor.seal()
        self.link_from = None
        notes = []
        if any(cause_id in cycle and effect_id in cycle for cycle in find_cycles(self.session.strategy_map)):
            notes.append("⚠ " + _("this closes a cycle"))
        if effect.band > cause.band:
            notes.append("↓ " + _("it runs downward"))
        said = _("Linked {cause} → {effect} (F3 undoes)", cause=cause.label, effect=effect.label)
        self.refresh_map()
        self._say("  ".join([said, *notes]), ok=True)

    def _links_of(self, goal_id: str) -> list[MapLink]:
        return [link for link in self.session.strategy_map if goal_id in (link.cause, link.effect)]

    def unlink(self, goal_id: str) -> None:
        goals = self.goals
        if self.link_from is not None and self.link_from != goal_id:
            # In link mode x removes the link between the marked goal and this one, if there is one.
            pair = [
                link for link in self.session.strategy_map if {link.cause, link.effect} == {self.link_from, goal_id}
            ]
            if pair:
                self.link_from = None
                self.remove_link(pair[0])
                return
        links = [link for link in self._links_of(goal_id) if link.cause in goals and link.effect in goals]
        goal = goals[goal_id]
        if not links:
            self._say(_("{goal} has no links to remove.", goal=goal.label), ok=False)
            return
        width = 60
        choices = []
        for link in sorted(links, key=_map_order(goals)):
            mark = MARK_EFFECT if link.cause == goal_id else MARK_CAUSE
            label = Text(f"{mark} ")
            label.append(_name(goals[link.cause], width // 2 - 7))
            label.append(" → ", style="bold")
            label.append(_name(goals[link.effect], width // 2 - 7))
            choices.append((link, label))

        def picked(link: MapLink | None) -> None:
            if link is not None:
                self.remove_link(link)
            self.map.focus()

        self.app.push_screen(UnlinkPicker(_("Remove which link of {goal}?", goal=_name(goal, 40)), choices), picked)

    def remove_link(self, link: MapLink) -> None:
        goals = self.goals
        cause = goals[link.cause].label if link.cause in goals else link.cause
        effect = goals[link.effect].label if link.effect in goals else link.effect

        def remove(session: Session) -> None:
            for i, existing in enumerate(session.strategy_map):
                if existing.cause == link.cause and existing.effect == link.effect:
                    del session.strategy_map[i]
                    return

        self.editor.seal()
        self.change(
            f"unlink:{link.cause}>{link.effect}",
            remove,
            label=_("remove link {cause} → {effect}", cause=cause, effect=effect),
        )
        self.editor.seal()
        self.refresh_map()
        self._say(_("Removed {cause} → {effect} (F3 undoes)", cause=cause, effect=effect), ok=True)

    def show_goal_details(self, goal_id: str) -> None:
        goals = self.goals
        if goal_id not in goals:
            return
        body = self.details(goal_id, 94, wide=True, full=True)
        goal = goals[goal_id]
        title = _("Goal {label} · {perspective}", label=goal.label, perspective=perspective_name(goal.perspective))

        def closed(_result: None) -> None:
            self.map.focus()

        self.app.push_screen(GoalDetails(title, body), closed)
