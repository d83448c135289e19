"""Step 5: the Security Scorecard grid — goals, CSFs, KPIs and action plans per perspective."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from secsc_tui.app.screens.item_forms import ActionForm, ItemForm, KpiForm, LinkPicker, TextItemForm
from secsc_tui.app.steps.base import StepView
from secsc_tui.app.widgets.scorecard_grid import ScorecardGrid
from secsc_tui.core import scorecard_ops as ops
from secsc_tui.core.ids import new_id
from secsc_tui.core.labels import (
    an_item,
    column_name,
    frequency_name,
    indicator_name,
    item_labels,
    item_name,
    perspective_name,
)
from secsc_tui.core.model import (
    ActionPlan,
    Column,
    CriticalSuccessFactor,
    Goal,
    Kpi,
    Perspective,
    Session,
    Step,
)
from secsc_tui.i18n import N_, _
from secsc_tui.textwidth import printable, truncate

if TYPE_CHECKING:
    from secsc_tui.core.catalogue import Entry
    from secsc_tui.core.model import ScorecardItem

# What an item's form answers: the item as edited.
FormResult = Goal | CriticalSuccessFactor | Kpi | ActionPlan

# What a link from each column means, read from the item that holds it.
LINK_VERB = {Column.CSFS: N_("supports"), Column.KPIS: N_("measures"), Column.ACTIONS: N_("moves")}
REVERSE_VERB = {Column.GOALS: N_("supported by"), Column.CSFS: N_("measured by"), Column.KPIS: N_("moved by")}
# What to write in a goal's or CSF's text box, and an example from the paper.
TEXT_PROMPTS = {
    Column.GOALS: (N_("What this perspective must achieve"), N_("e.g. Quick response when an attack happens")),
    Column.CSFS: (N_("What must go right to reach its goals"), N_("e.g. Early detection by the SOC")),
}

DETAIL_LINES = 3  # the height of the box under the grid


class View(StepView):
    STEP = Step.SCORECARD
    PURPOSE = N_("Per perspective: goals, what makes them happen, measures, actions.")
    SHORT_TITLES_BELOW: ClassVar[int] = 110  # columns of the screen; at 80 each column has about 19 cells

    DEFAULT_CSS = """
    #grid-header { height: 1; padding: 0 2 0 0; background: $panel; }
    #grid-header Label { width: 1fr; text-style: bold; padding: 0 1; }
    #item-details { height: 3; padding: 0 1; background: $panel; }
    """

    def compose(self) -> ComposeResult:
        # The step fills the screen's width: the titles fit it from the first frame, not only
        # after the first resize (a snapshot, or a loaded machine, could show the long ones at 80).
        short = self.app.size.width < self.SHORT_TITLES_BELOW
        with Horizontal(id="grid-header"):
            for column in Column:
                yield Label(column_name(column, short=short), markup=False, classes=f"head-{column.value}")
        yield ScorecardGrid(self.session, id="grid")
        yield Static("", id="item-details", markup=False)

    def on_resize(self) -> None:
        short = self.size.width < self.SHORT_TITLES_BELOW
        for column in Column:
            # Short titles when a column is narrow (80 columns: about 19 cells each).
            self.query_one(f".head-{column.value}", Label).update(column_name(column, short=short))
        self.call_after_refresh(self._refresh_details)  # fitted to the new width

    @property
    def grid(self) -> ScorecardGrid:
        return self.query_one(ScorecardGrid)

    def focus_first(self) -> None:
        self.grid.focus()

    def show_session(self) -> None:
        self.grid.sync(self.session)

    def show_others_changes(self) -> None:
        # On the same item, even if others added or removed items above it.
        item = self.grid.current_item
        self.grid.sync(self.session, select=item.id if item is not None else None)

    # -- details of the item under the cursor -------------------------------------

    def on_scorecard_grid_cursor_moved(self, message: ScorecardGrid.CursorMoved) -> None:
        # A fixed-height line: updating it needs a repaint, not a new layout.
        self.query_one("#item-details", Static).update(self._details(message), layout=False)

    def _details(self, message: ScorecardGrid.CursorMoved) -> Text:
        column, perspective = message.column, message.perspective
        where = f"{perspective_name(perspective)} › {column_name(column)}"
        if message.item_id is None:
            return Text(
                _(
                    "{where}: empty — a adds {an_item}, c picks one from the catalogue",
                    where=where,
                    an_item=an_item(column),
                )
            )
        found = ops.find(self.session.scorecard, message.item_id)
        if found is None:
            return Text(where)
        _place, item = found
        labels = item_labels(self.session.scorecard)
        text = Text(f"{labels[item.id]} · {where}", style="bold")
        facts: list[str] = []
        if isinstance(item, Kpi):
            facts = [
                frequency_name(item.frequency) if item.frequency else "",
                _("owner {owner}", owner=printable(item.owner)) if item.owner else _("no owner"),
                _("no target") if item.target is None else "",
            ]
            if item.indicator is not None:
                facts.append(indicator_name(item.indicator))
            if item.baseline is not None:
                since = f" ({item.baseline_on})" if item.baseline_on else ""
                facts.append(_("baseline {v}", v=item.baseline) + since)
            if item.current is not None:
                facts.append(_("current {v}", v=item.current) + (f" ({item.current_on})" if item.current_on else ""))
        if any(facts):
            fact_line = " · ".join(f for f in facts if f)
            width = self.query_one("#item-details", Static).content_size.width or 78
            if text.cell_len + 2 + Text(fact_line).cell_len > width:
                # The grid already shows where the cursor is: the facts need the room more.
                text = Text(labels[item.id], style="bold")
            text.append("  " + fact_line)
        relations: list[str] = []
        field = ops.LINK_FIELD.get(column)
        if field:
            targets = getattr(item, field)
            names = [self._describe(labels, t) for t in targets]
            relations.append(f"{_(LINK_VERB[column])} " + (", ".join(names) if names else _("nothing yet")))
        if column in REVERSE_VERB:
            sources = ops.linked_down(self.session, item.id, column)
            names = [self._describe(labels, s) for s in sources]
            relations.append(f"{_(REVERSE_VERB[column])} " + (", ".join(names) if names else _("nothing yet")))
        return self._fit(text, Text("\n".join(relations)))

    def _fit(self, head: Text, links: Text) -> Text:
        """The item on one line and its links on the other two, each line ending in "…" when
        it would be cut: the box has three lines (the footer says l edits links)."""
        width = self.query_one("#item-details", Static).content_size.width or 78
        head.truncate(width, overflow="ellipsis")
        lines = list(links.wrap(self.app.console, width))
        if len(lines) > DETAIL_LINES - 1:
            lines = lines[: DETAIL_LINES - 1]
            lines[-1].truncate(width - 1)
            lines[-1].rstrip()
            lines[-1].append("…")
        return Text("\n").join([head, *lines])

    def _describe(self, labels: dict[str, str], item_id: str) -> str:
        found = ops.find(self.session.scorecard, item_id)
        label = labels.get(item_id, "?")
        if found is None:
            return label
        return f"{label} {truncate(printable(found[1].text), 28)}"

    def _refresh_details(self) -> None:
        grid = self.grid
        perspective, column = grid.cursor.place
        item = grid.current_item
        self.query_one("#item-details", Static).update(
            self._details(ScorecardGrid.CursorMoved(item.id if item else None, perspective, column)), layout=False
        )

    # -- requests from the grid ---------------------------------------------------

    def on_scorecard_grid_request(self, request: ScorecardGrid.Request) -> None:
        request.stop()
        handler = {
            "edit": self._edit,
            "add": self._add,
            "catalogue": self._from_catalogue,
            "delete": self._delete,
            "reorder": self._reorder,
            "links": self._links,
        }[request.action]
        handler(request)

    def _form_for(
        self, column: Column, item: ScorecardItem, perspective: Perspective
    ) -> ItemForm[Goal | CriticalSuccessFactor] | ItemForm[Kpi] | ItemForm[ActionPlan]:
        where = perspective_name(perspective)
        if isinstance(item, Kpi):
            return KpiForm(item)
        if isinstance(item, ActionPlan):
            return ActionForm(item, self.session.currency)
        verb = _("Edit") if item.text else _("New")
        label, example = TEXT_PROMPTS[column]
        return TextItemForm(f"{verb} {item_name(column)} — {where}", item, label=_(label), placeholder=_(example))

    def _blank(self, column: Column) -> ScorecardItem:
        if column is Column.GOALS:
            return Goal(id=new_id("goal"), text="")
        if column is Column.CSFS:
            return CriticalSuccessFactor(id=new_id("csf"), text="")
        if column is Column.KPIS:
            return Kpi(id=new_id("kpi"), measure="")
        return ActionPlan(id=new_id("action"), text="")

    def _apply_form_result(
        self, column: Column, item: ScorecardItem, result: FormResult | None
    ) -> ScorecardItem | None:
        """The item as the form returned it."""
        return result

    def _add(self, request: ScorecardGrid.Request) -> None:
        column, perspective = request.column, request.perspective
        blank = self._blank(column)
        items = self.session.scorecard[perspective].column(column)
        index = request.index + 1 if items else 0

        def added(result: FormResult | None) -> None:
            item = self._apply_form_result(column, blank, result)
            if item is None:
                return
            self.editor.seal()
            self.change(
                f"add:{item.id}",
                lambda s: ops.insert_item(s, perspective, column, index, item),
                label=_("add {item}", item=item_name(column)),
            )
            self.grid.sync(self.session, select=item.id)
            self._refresh_details()

        self.app.push_screen(self._form_for(column, blank, perspective), added)

    def _from_catalogue(self, request: ScorecardGrid.Request) -> None:
        """c: a new item for the cell, copied from the catalogue entry the team picks."""
        from secsc_tui.app.screens.catalogue_picker import CataloguePicker
        from secsc_tui.core.suggestions import to_item

        column, perspective = request.column, request.perspective

        def picked(entry: Entry | None) -> None:
            if entry is None:
                return
            item = to_item(entry, self.session)
            items = self.session.scorecard[perspective].column(column)
            # After the item under the cursor, as a hand-made one would go (the cursor may have moved).
            current = self.grid.current_item
            index = next(
                (i + 1 for i, it in enumerate(items) if current is not None and it.id == current.id), len(items)
            )
            self.editor.seal()
            self.change(
                f"add:{item.id}",
                lambda s: ops.insert_item(s, perspective, column, index, item),
                label=_("add {item}", item=item_name(column)),
            )
            self.grid.sync(self.session, select=item.id)
            self._refresh_details()
            self.say(_("Added from the catalogue — Enter edits it, F3 undoes"), timeout=4)

        self.app.push_screen(CataloguePicker(self.session, perspective, column), picked)

    def _edit(self, request: ScorecardGrid.Request) -> None:
        found = ops.find(self.session.scorecard, request.item_id) if request.item_id is not None else None
        if found is None:
            return
        _place, original = found
        column = request.column

        def edited(result: FormResult | None) -> None:
            item = self._apply_form_result(column, original, result)
            if item is None or item == original:
                return
            self.editor.seal()
            self.change(
                f"edit:{item.id}", lambda s: ops.replace_item(s, item), label=_("edit {item}", item=item_name(column))
            )
            self.grid.sync(self.session, select=item.id)
            self._refresh_details()

        self.app.push_screen(self._form_for(column, original, request.perspective), edited)

    def _delete(self, request: ScorecardGrid.Request) -> None:
        if request.item_id is None:
            self.say(_("This cell is empty."), timeout=2)
            return
        item_id = request.item_id
        found = ops.find(self.session.scorecard, item_id)
        name = truncate(printable(found[1].text), 40) if found else item_id
        self.editor.seal()
        self.change(
            f"delete:{item_id}",
            lambda s: ops.delete_item(s, item_id),
            label=_("delete {item}", item=item_name(request.column)),
        )
        self.grid.sync(self.session)
        self._refresh_details()
        self.say(_("Deleted “{name}” — F3 undoes", name=name), timeout=4)

    def _reorder(self, request: ScorecardGrid.Request) -> None:
        if request.item_id is None:
            return
        items = self.session.scorecard[request.perspective].column(request.column)
        if not 0 <= request.index + request.delta < len(items):
            return
        item_id = request.item_id
        self.change(
            f"move:{item_id}",
            lambda s: ops.move_item(s, item_id, request.delta),
            label=_("move {item}", item=item_name(request.column)),
        )
        self.grid.sync(self.session, select=item_id)

    def _links(self, request: ScorecardGrid.Request) -> None:
        if request.item_id is None:
            self.say(_("Add an item first, then link it."))
            return
        found = ops.find(self.session.scorecard, request.item_id)
        if found is None:
            return
        place, item = found
        column = place.column
        labels = item_labels(self.session.scorecard)
        name = truncate(printable(item.text), 40)

        if column is Column.GOALS:
            # A goal holds no links itself: choose the CSFs that support it.
            source = Column.CSFS
            chosen = ops.linked_down(self.session, item.id, column)
            title = _("CSFs that support “{name}”", name=name)

            def save(session: Session, ids: list[str]) -> None:
                ops.set_links_down(session, item.id, ids)
        else:
            source = ops.LINK_TARGET[column]
            chosen = list(getattr(item, ops.LINK_FIELD[column]))
            title = _("“{name}” {verb}…", name=name, verb=_(LINK_VERB[column]))

            def save(session: Session, ids: list[str]) -> None:
                ops.set_links_up(session, item.id, ids)

        choices: list[tuple[str, str]] = []
        # This perspective's items first: most links stay within a perspective.
        ordered = [place.perspective] + [p for p in Perspective if p is not place.perspective]
        for perspective in ordered:
            for candidate in self.session.scorecard[perspective].column(source):
                label = labels[candidate.id]
                choices.append((candidate.id, f"{label}  {printable(candidate.text)}"))
        empty = _(
            "There is no {item} to link to yet. Add one in the column “{column}”.",
            item=item_name(source),
            column=column_name(source),
        )

        def picked(ids: list[str] | None) -> None:
            if ids is None or sorted(ids) == sorted(chosen):
                return
            self.editor.seal()
            self.change(
                f"links:{item.id}",
                lambda session: save(session, ids),
                label=_("links of {item}", item=item_name(column)),
            )
            self.grid.sync(self.session, select=item.id)
            self._refresh_details()

        self.app.push_screen(LinkPicker(title, choices, chosen, empty), picked)
