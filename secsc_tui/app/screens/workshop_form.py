"""The workshop form: name, date, venue, trainer, participants, and the agenda.

The agenda is a timebox in minutes for each of the eight steps. Numbers and
dates are read the way people type them (full-width digits, 2026/3/31); every
refusal says which field and what it needs, and puts the cursor there.

The form saves by itself (in a thread, through the ``save`` callable it is
given) and closes only once the database has the workshop, so a refusal from the
database (a name already taken) is shown here, next to the field to fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.app.threads import in_thread
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.core.ids import new_id
from secsc_tui.core.labels import step_name
from secsc_tui.core.model import Step, now_utc
from secsc_tui.core.parsing import ParseError, parse_date, parse_number
from secsc_tui.core.workshop import DEFAULT_MINUTES, AgendaItem, Workshop
from secsc_tui.i18n import N_, _

MAX_MINUTES = 600
SAVE_HINT = N_("F2 or Enter saves · Tab next field · Escape cancels")


def format_duration(minutes: int) -> str:
    """150 -> "2 h 30 min"; 45 -> "45 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{m} min", m=rest)
    if not rest:
        return _("{h} h", h=hours)
    return _("{h} h {m} min", h=hours, m=rest)


class WorkshopForm(ModalScreen[Workshop | None], StyledOnce[Workshop | None]):
    """Create (``workshop=None``) or edit a workshop; answers the saved workshop, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2,ctrl+s", "save", N_("Save"), id="workshop_form.save", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="workshop_form.cancel"),
    ]

    DEFAULT_CSS = """
    WorkshopForm .dialog { width: 78; }
    WorkshopForm .field-label { width: 14; }
    WorkshopForm .wf-row { height: 1; margin: 0 1; }
    WorkshopForm .wf-row Input { width: 1fr; }
    WorkshopForm .wf-row #wf-date, WorkshopForm .wf-row #wf-participants { width: 12; }
    WorkshopForm .wf-note { width: 1fr; margin-left: 2; color: $text-muted; }
    WorkshopForm #wf-agenda-title { height: 1; margin: 1 1 0 1; }
    WorkshopForm #wf-agenda-heading { width: auto; text-style: bold underline; color: $primary; }
    WorkshopForm #wf-total { width: 1fr; text-align: right; color: $text-muted; }
    WorkshopForm #wf-agenda { height: 4; margin: 0 1; }
    WorkshopForm .wf-agenda-col { width: 1fr; height: 4; }
    WorkshopForm .wf-step { height: 1; }
    WorkshopForm .wf-step Label.wf-step-name { width: 19; }
    WorkshopForm .wf-step Input { width: 6; }
    WorkshopForm .wf-step .wf-unit { width: auto; margin-left: 1; color: $text-muted; }
    WorkshopForm Input.-invalid { background: $error 30%; }
    WorkshopForm #form-error { height: auto; margin-top: 1; }
    """

    def __init__(self, workshop: Workshop | None, save: Callable[[Workshop], Workshop]):
        """``save`` runs in a worker thread: it stores the workshop and returns what was stored."""
        super().__init__()
        self.workshop = workshop
        self._save = save
        self._saving = False

    # -- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        w = self.workshop
        title = _("New workshop") if w is None else _("Edit workshop")
        date = w.date if w is not None else dt.date.today()
        with Vertical(classes="dialog"):
            yield Static(title, classes="dialog-title")
            yield self._row(
                _("Name"),
                TextField(
                    w.name if w else "",
                    id="wf-name",
                    compact=True,
                    max_length=500,
                    placeholder=_("e.g. Nagoya exercise, spring"),
                    select_on_focus=False,
                ),
            )
            yield self._row(
                _("Date"),
                TextField(
                    date.isoformat() if date else "",
                    id="wf-date",
                    compact=True,
                    placeholder="YYYY-MM-DD",
                    select_on_focus=False,
                ),
                _("YYYY-MM-DD, or empty"),
            )
            yield self._row(
                _("Venue"),
                TextField(
                    w.venue if w else "",
                    id="wf-venue",
                    compact=True,
                    max_length=500,
                    placeholder=_("where it takes place"),
                    select_on_focus=False,
                ),
            )
            yield self._row(
                _("Trainer"),
                TextField(
                    w.trainer if w else "",
                    id="wf-trainer",
                    compact=True,
                    max_length=500,
                    placeholder=_("who facilitates"),
                    select_on_focus=False,
                ),
            )
            participants = "" if w is None or w.participants is None else str(w.participants)
            yield self._row(
                _("Participants"),
                TextField(participants, id="wf-participants", compact=True, placeholder=_("e.g. 31")),
                _("empty: counted from the teams"),
            )
            with Horizontal(id="wf-agenda-title"):
                yield Label(_("Agenda: minutes per step"), id="wf-agenda-heading")
                yield Label("", id="wf-total", markup=False)
            steps = list(Step)
            with Horizontal(id="wf-agenda"):
                for half in (steps[:4], steps[4:]):
                    with Vertical(classes="wf-agenda-col"):
                        for step in half:
                            minutes = w.minutes_for(step) if w is not None else DEFAULT_MINUTES[step]
                            yield Horizontal(
                                Label(f"{step.number} {step_name(step)}", classes="wf-step-name", markup=False),
                                TextField(str(minutes), id=f"wf-min-{step.value}", compact=True, max_length=6),
                                Label(_("min"), classes="wf-unit"),
                                classes="wf-step",
                            )
            error = Label("", id="form-error", classes="dialog-error", markup=False)
            error.display = False
            yield error
            yield Static(_(SAVE_HINT), classes="dialog-detail")

    @staticmethod
    def _row(label: str, field: Input, note: str = "") -> Horizontal:
        children = [Label(label, classes="field-label"), field]
        if note:
            children.append(Label(note, classes="wf-note", markup=False))
        return Horizontal(*children, classes="wf-row")

    def on_mount(self) -> None:
        self.query_one("#wf-name", Input).focus()
        self._show_total()

    # -- reading ------------------------------------------------------------

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def _read(self) -> Workshop:
        """The workshop as typed; raises _Refused naming the field to fix."""
        name = self._value("#wf-name").strip()
        if not name:
            raise _Refused("#wf-name", _("The workshop needs a name, e.g. “Nagoya exercise, spring”."))
        try:
            date = parse_date(self._value("#wf-date"))
        except ParseError as exc:
            raise _Refused("#wf-date", _("Date: {problem}", problem=str(exc))) from None
        participants = self._whole_number("#wf-participants", _("Participants"), minimum=0, maximum=100_000)
        agenda = []
        for step in Step:
            minutes = self._whole_number(
                f"#wf-min-{step.value}",
                _("Minutes for step {n} ({name})", n=step.number, name=step_name(step)),
                minimum=1,
                maximum=MAX_MINUTES,
                required=True,
            )
            assert minutes is not None  # required: a missing number is refused
            agenda.append(AgendaItem(step=step, minutes=minutes))
        now = now_utc()
        fields: dict[str, object] = {
            "name": name,
            "date": date,
            "venue": self._value("#wf-venue").strip(),
            "trainer": self._value("#wf-trainer").strip(),
            "participants": participants,
            "agenda": agenda,
            "updated": now,
        }
        if self.workshop is None:
            return Workshop.model_validate({"id": new_id("workshop", 10), "created": now, **fields})
        return Workshop.model_validate({**self.workshop.model_dump(), **fields})

    def _whole_number(
        self, selector: str, name: str, *, minimum: int, maximum: int, required: bool = False
    ) -> int | None:
        text = self._value(selector)
        value: int | float | str | None
        try:
            value = parse_number(text)
        except ParseError:
            value = "bad"
        if value is None and not required:
            return None
        if not isinstance(value, int) or not minimum <= value <= maximum:
            raise _Refused(
                selector,
                _(
                    "{name}: write a whole number from {low} to {high} (not “{text}”).",
                    name=name,
                    low=minimum,
                    high=f"{maximum:,}",
                    text=text.strip(),
                ),
            )
        return value

    def _show_total(self) -> None:
        total = 0
        for step in Step:
            try:
                value = parse_number(self._value(f"#wf-min-{step.value}"))
            except ParseError:
                value = None
            if isinstance(value, int) and value > 0:
                total += value
        self.query_one("#wf-total", Label).update(_("total {duration}", duration=format_duration(total)))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.input.remove_class("-invalid")
        if event.input.id and event.input.id.startswith("wf-min-"):
            self._show_total()

    # -- saving -------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _error(self, message: str, selector: str | None = None) -> None:
        error = self.query_one("#form-error", Label)
        error.update(message)
        error.display = bool(message)
        if selector:
            field = self.query_one(selector, Input)
            field.add_class("-invalid")
            field.focus()
            field.select_all()  # typing replaces what was refused

    def action_save(self) -> None:
        if self._saving:
            return
        try:
            workshop = self._read()
        except _Refused as refused:
            self._error(refused.message, refused.selector)
            return
        except ValueError as exc:  # the model refused it (a value too long, say)
            self._error(str(exc).splitlines()[-1] if str(exc) else _("This workshop cannot be saved."))
            return
        self._saving = True
        self._error(_("Saving…"))
        in_thread(self, lambda: self._save(workshop), done=self._saved, failed=self._failed, group="workshop-form")

    def _saved(self, workshop: Workshop) -> None:
        self._saving = False
        self.dismiss(workshop)

    def _failed(self, error: Exception) -> None:
        self._saving = False
        message = str(error) or error.__class__.__name__
        name_taken = "exist" in message.lower() and "name" in message.lower()
        self._error(_("Not saved: {error}", error=message), "#wf-name" if name_taken else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class _Refused(Exception):
    def __init__(self, selector: str, message: str):
        super().__init__(message)
        self.selector = selector
        self.message = message
