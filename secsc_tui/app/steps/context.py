"""Step 1: the organisation's profile and the people in the room."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static, TextArea

from secsc_tui.app.steps.base import StepView
from secsc_tui.app.widgets.choice_field import ChoiceField
from secsc_tui.app.widgets.text_box import TextBox
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.app.widgets.toggles import ChoiceSet, TickBox, TickRadio
from secsc_tui.core.currency import COMMON, ISO_4217
from secsc_tui.core.ids import new_id
from secsc_tui.core.labels import layer_name, sector_name, size_name
from secsc_tui.core.model import Layer, OrgSize, Participant, Regulation, Sector, Session, Step
from secsc_tui.i18n import N_, _
from secsc_tui.textwidth import printable

REGULATION_HELP = {
    Regulation.NONE: N_("none: no security rules of its own"),
    Regulation.SOME: N_("some rules apply (e.g. privacy law, an industry guideline)"),
    Regulation.HEAVY: N_("heavy: security is prescribed and audited (a supervised sector)"),
}


def regulation_choice(regulation: Regulation) -> str:
    return _(REGULATION_HELP[regulation])


def currency_choices() -> list[tuple[str, str]]:
    """The common currencies first, then every other ISO 4217 code; "not stated" for a session that says none."""
    codes = [*COMMON, *sorted(ISO_4217 - set(COMMON))]
    return [(_("not stated"), ""), *((code, code) for code in codes)]


class ParticipantForm(ModalScreen[Participant | None]):
    """Add or edit one participant. Enter saves from any field, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="participant.cancel"),
        # Every field is one line, so Enter saves from anywhere (arrows choose the layer).
        Binding("enter,f2", "save", N_("Save"), id="participant.save", priority=True),
    ]

    def __init__(self, participant: Participant | None):
        super().__init__()
        self.original = participant

    def compose(self) -> ComposeResult:
        p = self.original
        with Vertical(classes="dialog"):
            yield Static(_("Edit participant") if p else _("Add participant"), classes="dialog-title")
            yield Label(_("Name"))
            yield TextField(p.name if p else "", id="p-name", max_length=500, select_on_focus=False)
            yield Label("", id="p-error", classes="dialog-error", markup=False)
            yield Label(_("Layer"))
            with ChoiceSet(id="p-layer"):
                for layer in Layer:
                    yield TickRadio(
                        layer_name(layer),
                        value=(p.layer if p else Layer.OPERATIONAL) == layer,
                        id=f"layer-{layer.value}",
                    )
            with Horizontal(classes="form-row"):
                with Vertical():
                    yield Label(_("Team (optional)"))
                    yield TextField(p.team if p else "", id="p-team", max_length=500, select_on_focus=False)
                with Vertical():
                    yield Label(_("Role (optional)"))
                    yield TextField(p.role if p else "", id="p-role", max_length=500, select_on_focus=False)
            yield Static(_("Enter saves · Tab moves · ↑↓ choose the layer · Escape cancels"), classes="dialog-detail")

    def on_mount(self) -> None:
        self.query_one("#p-name", Input).focus()

    def action_save(self) -> None:
        name = self.query_one("#p-name", Input).value.strip()
        if not name:
            self.query_one("#p-error", Label).update(_("A participant needs a name."))
            self.query_one("#p-name", Input).focus()
            return
        layer = next(
            (layer for layer in Layer if self.query_one(f"#layer-{layer.value}", TickRadio).value), Layer.OPERATIONAL
        )
        self.dismiss(
            Participant(
                id=self.original.id if self.original else new_id("participant"),
                name=name,
                layer=layer,
                team=self.query_one("#p-team", Input).value.strip(),
                role=self.query_one("#p-role", Input).value.strip(),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class ParticipantTable(DataTable[Text]):
    """The participants; a/Insert add, Enter edits, d/Delete removes, K/J move."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a,insert", "add", N_("Add"), id="participants.add"),
        Binding("enter", "edit", N_("Edit"), id="participants.edit", key_display="⏎"),
        Binding("d,delete", "remove", N_("Delete"), id="participants.delete"),
        Binding("K,shift+up", "move(-1)", N_("Move up"), id="participants.move_up", show=False),
        Binding("J,shift+down", "move(1)", N_("Move down"), id="participants.move_down", show=False),
    ]

    def action_add(self) -> None:
        self.parent_view().add_participant()

    def action_edit(self) -> None:
        self.parent_view().edit_participant(self.cursor_row)

    def action_remove(self) -> None:
        self.parent_view().remove_participant(self.cursor_row)

    def action_move(self, delta: int) -> None:
        self.parent_view().move_participant(self.cursor_row, delta)

    def parent_view(self) -> View:
        return self.query_ancestor(View)


class View(StepView):
    STEP = Step.CONTEXT
    PURPOSE = N_("The organisation, and who is in the room from all three layers.")

    DEFAULT_CSS = """
    #participants { height: auto; max-height: 12; margin: 0 1; }
    #layer-summary { margin: 0 1; }
    """

    def compose(self) -> ComposeResult:
        org = self.session.organisation
        with VerticalScroll(id="context-page", classes="focus-bar"):
            yield Label(_("Organisation"), classes="section-title")
            with Horizontal(classes="field-row"):
                yield Label(_("Name"), classes="field-label")
                yield TextField(
                    org.name,
                    id="org-name",
                    max_length=500,
                    placeholder=_("name of the organisation"),
                    select_on_focus=False,
                    compact=True,
                )
            with Horizontal(classes="field-row"):
                yield Label(_("Sector"), classes="field-label")
                yield ChoiceField(
                    [(sector_name(sector), sector) for sector in Sector],
                    org.sector,
                    allow_blank=False,
                    id="org-sector",
                )
            with Horizontal(classes="field-row"):
                yield Label(_("Size"), classes="field-label")
                yield ChoiceField(
                    [(size_name(size), size) for size in OrgSize],
                    org.size,
                    allow_blank=False,
                    id="org-size",
                )
            with Horizontal(classes="field-row"):
                yield Label(_("Regulation"), classes="field-label")
                yield ChoiceField(
                    [(regulation_choice(r), r) for r in Regulation],
                    org.regulation,
                    allow_blank=False,
                    id="org-regulation",
                )
            yield TickBox(
                _("Operates critical infrastructure (energy, telecom, finance, health…)"),
                org.critical_infrastructure,
                id="org-critical",
                compact=True,
            )
            yield TickBox(
                _("Customers or partners request security measures"),
                org.partners_request_security,
                id="org-partners",
                compact=True,
            )
            with Horizontal(classes="field-row"):
                yield Label(_("Currency"), classes="field-label")
                yield ChoiceField(
                    currency_choices(),
                    self.session.currency,
                    allow_blank=False,
                    id="session-currency",
                )
            with Horizontal(classes="field-row tall"):
                yield Label(_("Notes"), classes="field-label")
                yield TextBox(org.notes, id="org-notes", soft_wrap=True, compact=True)
            yield Label(_("People"), classes="section-title")
            with Horizontal(classes="field-row"):
                yield Label(_("Facilitator"), classes="field-label")
                yield TextField(
                    self.session.people.facilitator,
                    id="facilitator",
                    max_length=500,
                    select_on_focus=False,
                    compact=True,
                    placeholder=_("who runs the exercise"),
                )
            yield Label(_("Participants — a adds, Enter edits, d deletes, K/J move"), classes="field-help")
            table = ParticipantTable(id="participants", cursor_type="row", zebra_stripes=True)
            table.add_column(_("Name"), key="name")
            table.add_column(_("Layer"), key="layer")
            table.add_column(_("Team"), key="team")
            table.add_column(_("Role"), key="role")
            yield table
            yield Label("", id="layer-summary", markup=False)

    def on_mount(self) -> None:
        self._fill_participants()

    def focus_first(self) -> None:
        self.query_one("#org-name", Input).focus()

    # -- organisation fields --------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        value = event.value
        if event.input.id == "org-name" and value != self.session.organisation.name:
            self.change(
                "organisation.name", lambda s: setattr(s.organisation, "name", value), label=_("organisation name")
            )
        elif event.input.id == "facilitator" and value != self.session.people.facilitator:
            self.change("facilitator", lambda s: setattr(s.people, "facilitator", value), label=_("facilitator"))

    def on_choice_field_changed(self, event: ChoiceField.Changed) -> None:
        org = self.session.organisation
        if event.value is None:
            return
        chosen = str(event.value)  # the option's value: a Sector, OrgSize, Regulation or currency code
        field = event.choice_field.id
        if field == "org-sector" and chosen != org.sector:
            sector = Sector(chosen)
            self.change("organisation.sector", lambda s: setattr(s.organisation, "sector", sector), label=_("sector"))
        elif field == "org-size" and chosen != org.size:
            size = OrgSize(chosen)
            self.change("organisation.size", lambda s: setattr(s.organisation, "size", size), label=_("size"))
        elif field == "org-regulation" and chosen != org.regulation:
            regulation = Regulation(chosen)
            self.change(
                "organisation.regulation",
                lambda s: setattr(s.organisation, "regulation", regulation),
                label=_("regulation"),
            )
        elif field == "session-currency" and chosen != self.session.currency:
            code = chosen
            self.change("currency", lambda s: setattr(s, "currency", code), label=_("currency"))

    def on_checkbox_changed(self, event: TickBox.Changed) -> None:
        org = self.session.organisation
        value = event.value
        if event.checkbox.id == "org-critical" and value != org.critical_infrastructure:
            self.change(
                "organisation.critical_infrastructure",
                lambda s: setattr(s.organisation, "critical_infrastructure", value),
                label=_("critical infrastructure"),
            )
        elif event.checkbox.id == "org-partners" and value != org.partners_request_security:
            self.change(
                "organisation.partners",
                lambda s: setattr(s.organisation, "partners_request_security", value),
                label=_("partner requests"),
            )

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "org-notes":
            value = event.text_area.text
            if value != self.session.organisation.notes:
                self.change(
                    "organisation.notes",
                    lambda s: setattr(s.organisation, "notes", value),
                    label=_("organisation notes"),
                )

    # -- participants ---------------------------------------------------------

    def _fill_participants(self, cursor: int | None = None) -> None:
        table = self.query_one(ParticipantTable)
        row = table.cursor_row if cursor is None else cursor
        table.clear()
        for p in self.session.people.participants:
            table.add_row(
                Text(printable(p.name)),
                Text(layer_name(p.layer)),
                Text(printable(p.team)),
                Text(printable(p.role)),
                key=p.id,
            )
        if table.row_count:
            table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        counts = {layer: 0 for layer in Layer}
        for p in self.session.people.participants:
            counts[p.layer] += 1
        summary = " · ".join(f"{layer_name(layer)} {n}" for layer, n in counts.items())
        missing = [layer_name(layer) for layer, n in counts.items() if n == 0]
        if not self.session.people.participants:
            summary = _("No participants yet: press a in the table to add one.")
        elif missing:
            summary += "  " + _("⚠ no one from: {layers}", layers=", ".join(missing))
        self.query_one("#layer-summary", Label).update(summary)

    def add_participant(self) -> None:
        def added(participant: Participant | None) -> None:
            if participant is None:
                return
            self.editor.seal()
            self.change(
                f"participants:add:{participant.id}",
                lambda s: s.people.participants.append(participant),
                label=_("add participant {name}", name=participant.name),
            )
            self._fill_participants(cursor=len(self.session.people.participants) - 1)

        self.app.push_screen(ParticipantForm(None), added)

    def edit_participant(self, row: int) -> None:
        people = self.session.people.participants
        if not 0 <= row < len(people):
            self.add_participant()
            return
        original = people[row]

        def edited(participant: Participant | None) -> None:
            if participant is None or participant == original:
                return
            self.editor.seal()

            def replace(s: Session) -> None:
                index = next(i for i, p in enumerate(s.people.participants) if p.id == participant.id)
                s.people.participants[index] = participant

            self.change(
                f"participants:edit:{participant.id}",
                replace,
                label=_("edit participant {name}", name=participant.name),
            )
            self._fill_participants(cursor=row)

        self.app.push_screen(ParticipantForm(original), edited)

    def remove_participant(self, row: int) -> None:
        people = self.session.people.participants
        if not 0 <= row < len(people):
            return
        removed = people[row]
        self.editor.seal()
        self.change(
            f"participants:delete:{removed.id}",
            lambda s: s.people.participants.pop(row),
            label=_("delete participant {name}", name=removed.name),
        )
        self._fill_participants(cursor=row)
        self.say(_("Deleted {name} — F3 undoes", name=printable(removed.name)))

    def move_participant(self, row: int, delta: int) -> None:
        people = self.session.people.participants
        target = row + delta
        if not (0 <= row < len(people) and 0 <= target < len(people)):
            return

        def move(s: Session) -> None:
            items = s.people.participants
            items[row], items[target] = items[target], items[row]

        self.change(f"participants:move:{people[row].id}", move, label=_("move participant"))
        self._fill_participants(cursor=target)

    # -- redraw -----------------------------------------------------------------

    def show_session(self) -> None:
        org = self.session.organisation
        for selector, value in (("#org-name", org.name), ("#facilitator", self.session.people.facilitator)):
            field = self.query_one(selector, Input)
            if field.value != value:
                field.value = value
        self.query_one("#org-sector", ChoiceField).value = org.sector
        self.query_one("#org-size", ChoiceField).value = org.size
        self.query_one("#org-regulation", ChoiceField).value = org.regulation
        self.query_one("#org-critical", TickBox).value = org.critical_infrastructure
        self.query_one("#session-currency", ChoiceField).value = self.session.currency
        self.query_one("#org-partners", TickBox).value = org.partners_request_security
        notes = self.query_one("#org-notes", TextArea)
        if notes.text != org.notes:
            notes.load_text(org.notes)
        self._fill_participants()
