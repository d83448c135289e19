"""F1: the keys of the screen you came from, and a short guide to the method."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.app.widgets.footer import Footer
from secsc_tui.i18n import N_, _

GUIDE = [
    (
        N_("The idea"),
        N_(
            "Security is often judged only as a cost, so it loses every budget discussion. The Security "
            "Scorecard looks at it the way a Balanced Scorecard looks at a business: from four perspectives — "
            "financial, customer, internal processes, learning & growth — so that security can be argued as an "
            "investment in what the business wants to achieve."
        ),
    ),
    (
        N_("1 Context"),
        N_(
            "Who is the organisation (sector, size, regulation, partner requests) and who is in the room. "
            "Get all three layers: executives, operational staff and security people."
        ),
    ),
    (
        N_("2 Gap analysis"),
        N_(
            "For each perspective, write how the business side sees it and how the security side "
            "sees it, why they differ, and what could close the gap. Rate how serious each gap is (1–5)."
        ),
    ),
    (N_("3 Strategic goal"), N_("One goal the whole scorecard serves, e.g. “enhance brand image”.")),
    (
        N_("4 Approach"),
        N_(
            "How to bridge the two strategies: (i) align security to the business, (ii) develop both "
            "with equal weight, or (iii) steer the business from the security side. secsc suggests one from the "
            "profile; the team decides and writes why."
        ),
    ),
    (
        N_("5 Scorecard"),
        N_(
            "Per perspective: strategy goals, the critical success factors that make them happen, "
            "KPIs that measure those factors (with a target, unit and owner), and action plans that move the KPIs. "
            "Link them: a CSF supports a goal, a KPI measures a CSF, an action moves a KPI. Each item has a label "
            "such as F-G2 (perspective F, Cu, P or L; G goal, C CSF, K KPI, A action; its number) that never changes "
            "and is the same in the grid, on the map, in warnings and in reports."
        ),
    ),
    (
        N_("Catalogue"),
        N_(
            "On the scorecard, c opens a catalogue of vetted goals, CSFs, KPIs and action plans for the cell "
            "under the cursor, in English and Japanese, best first for the team's goal, approach and gaps, each "
            "with the METI directives and NIST CSF categories it serves. Type to filter, ↑↓ to choose, Enter "
            "copies it into the cell; edit it from there. A trainer adds entries of their own with "
            "'secsc catalog import'."
        ),
    ),
    (
        N_("6 Strategy map"),
        N_(
            "Draw cause → effect between goals, usually from learning & growth up through internal "
            "processes and customer to financial. Select a goal to see its chain up to the financial outcome."
        ),
    ),
    (N_("7 Evaluation"), N_("Each participant rates how useful the exercise was and how usable the result is (1–5).")),
    (
        N_("8 Review & export"),
        N_(
            "Check the warnings (KPIs without targets or owners, goals without actions, too many "
            "goals), then export the session as YAML."
        ),
    ),
    (
        N_("Saving"),
        N_(
            "Every change is saved as you go; the top right says saved / saving / not saved. Undo with F3 "
            "(or Ctrl+Z); F3 right after F8 takes you back to the step you left. If someone else saved the same "
            "session meanwhile, your changes stay here and F5 asks what to do with them."
        ),
    ),
    (
        N_("Timebox"),
        N_(
            "The top right also shows the time left on this step, from the workshop's agenda. Ctrl+T or "
            "F12: pause the clock, give more minutes, or start the step's time again."
        ),
    ),
    (
        N_("Workshops"),
        N_(
            "On the session list, w opens the trainer's console: workshops with their agenda, a dashboard "
            "of the teams that refreshes by itself, a present view for the projector, comparison, results and "
            "reports."
        ),
    ),
    (
        N_("Keys"),
        N_("Keys can be remapped in keys.toml in the secsc config folder, using the binding ids listed above."),
    ),
]


class HelpScreen(ModalScreen[None], StyledOnce[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "dismiss_help", N_("Close"), id="help.close")]

    def __init__(self, origin: Screen[Any]):
        super().__init__()
        self.keys_table = self._keys_of(origin)

    def _keys_of(self, origin: Screen[Any]) -> Table:
        """secsc's own keys first (they have ids, so they can be remapped), then the widgets' usual ones."""
        table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
        table.add_column(_("Key"), no_wrap=True)
        table.add_column(_("Does"))
        table.add_column(_("Binding id"), no_wrap=True)
        seen: set[int] = set()
        ours: list[tuple[str, str, str]] = []
        usual: list[tuple[str, str, str]] = []
        for _key, active in origin.active_bindings.items():
            binding = active.binding
            if id(binding) in seen or not binding.description or binding.action == "help":
                continue
            seen.add(id(binding))
            keys = " / ".join(
                self.app.get_key_display(Binding(k.strip(), binding.action)) for k in binding.key.split(",")
            )
            (ours if binding.id else usual).append((keys, _(binding.description), binding.id or ""))
        for keys, description, binding_id in ours:
            table.add_row(Text(keys, style="bold"), Text(description), Text(binding_id, style="italic"))
        if usual:
            table.add_row("", "", "")
            table.add_row(Text(_("Also"), style="bold underline"), "", "")
            for keys, description, _binding_id in usual:
                table.add_row(Text(keys, style="bold"), Text(description), "")
        return table

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog wide"):
            yield Static(_("Help — F1 or Escape closes, ↑↓ scroll"), classes="dialog-title")
            yield Static(Text(_("Keys on this screen"), style="bold underline"))
            yield Static(self.keys_table)
            yield Static(Text(_("F1 help · Ctrl+P or F9 commands (go to a step, export, theme…)")))
            yield Static(Text(_("The method in short"), style="bold underline"))
            for title, body in GUIDE:
                yield Static(Text.assemble((_(title), "bold"), "\n", _(body)), classes="guide")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_dismiss_help(self) -> None:
        self.dismiss()
