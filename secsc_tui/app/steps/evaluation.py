"""Step 7: what the participants thought of the exercise (usefulness, availability).

Built for typing in a stack of paper forms quickly. In the responses table the
highlighted cell says what the next digit sets: a digit on the usefulness cell
sets it and moves to availability; a digit there sets it and moves on to the
next response. The last line of the table is a blank "new response" line, so
typing "5 4 4 4 5 3" enters three responses. Averages and the distribution of
the ratings update as you type.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, Static, TextArea

from secsc_tui import marks
from secsc_tui.app.screens.item_forms import SAVE_HINT, ItemForm, form_text
from secsc_tui.app.steps.base import StepView
from secsc_tui.app.widgets.text_box import TextBox
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.core.editing import SessionEditor
from secsc_tui.core.ids import new_id
from secsc_tui.core.model import Response, Session, Step
from secsc_tui.core.parsing import ParseError, parse_date, parse_number
from secsc_tui.core.results import format_average
from secsc_tui.core.rules import averages
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.textwidth import printable, truncate

NEW_ROW = "__new__"
# Table columns, left to right.
USEFULNESS, AVAILABILITY, RESPONDENT, COMMENT = range(4)
MEASURES = (("usefulness", N_("Usefulness")), ("availability", N_("Availability")))


def one_decimal(value: float | None) -> str:
    """4.545 -> "4.5", 4.25 -> "4.3" (half up, as everywhere), as the paper reports averages; None -> "–"."""
    return format_average(value)


def distribution_lines(values: list[int], width: int) -> list[Text]:
    """One line per rating 5..1: the rating, a bar of ▬ and the count."""
    counts = {rating: values.count(rating) for rating in range(1, 6)}
    most = max(counts.values())
    count_width = max(len(str(n)) for n in counts.values())
    room = max(1, width - 3 - count_width)  # "5 " + bar + " " + count
    lines = []
    for rating in range(5, 0, -1):
        n = counts[rating]
        # Up to four cells per rating, fewer when many ratings must fit the room.
        unit = min(4.0, room / most) if most else 1.0
        bar = marks.CHART_BAR * (max(1, round(n * unit)) if n else 0)
        line = Text(no_wrap=True)
        line.append(f"{rating} ", style="bold")
        line.append(bar)
        line.append(" " * (room - len(bar) + 1))
        line.append(str(n).rjust(count_width), style="" if n else "dim")
        lines.append(line)
    return lines


class ResponseForm(ItemForm[Response]):
    """The respondent and comment of one response.

    It opens on its first field, the respondent, unless it was opened from the
    comment cell: then on the comment, with the cursor after what is written.
    """

    def __init__(self, title: str, response: Response, focus_comment: bool, names: list[str]):
        super().__init__()
        self.title_text = title
        self.response = response
        self.focus_comment = focus_comment
        self.names = names

    def compose(self) -> ComposeResult:
        r = self.response
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            with Horizontal(classes="field-row"):
                yield Label(_("Respondent"), classes="field-label")
                yield TextField(
                    r.respondent,
                    id="response-respondent",
                    max_length=500,
                    compact=True,
                    placeholder=_("optional: who filled in the form"),
                    select_on_focus=False,
                    suggester=SuggestFromList(self.names, case_sensitive=False) if self.names else None,
                )
            yield form_text(
                r.comment, id="response-comment", label=_("Comment"), placeholder=_("what the participant wrote")
            )
            yield Label("", id="form-error", classes="dialog-error", markup=False)
            yield Static(_(SAVE_HINT), classes="dialog-detail")

    def on_mount(self) -> None:
        if self.focus_comment:
            self.query_one("#response-comment", TextArea).focus()
        else:
            self.query_one("#response-respondent", Input).focus()

    def action_save(self) -> None:
        self.dismiss(
            self.response.model_copy(
                update={
                    "respondent": self.query_one("#response-respondent", Input).value.strip(),
                    "comment": self.query_one("#response-comment", TextArea).text.strip(),
                }
            )
        )


class ResponseTable(DataTable[Text]):
    """The responses; the highlighted cell is where the next digit goes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "rate(1)", N_("Rate"), id="responses.rate_1", key_display="1-5"),
        Binding("2", "rate(2)", N_("Rate 2"), id="responses.rate_2", show=False),
        Binding("3", "rate(3)", N_("Rate 3"), id="responses.rate_3", show=False),
        Binding("4", "rate(4)", N_("Rate 4"), id="responses.rate_4", show=False),
        Binding("5", "rate(5)", N_("Rate 5"), id="responses.rate_5", show=False),
        Binding("0,backspace", "clear_rating", N_("Clear rating"), id="responses.clear", show=False),
        Binding("a,insert", "add", N_("Add"), id="responses.add"),
        Binding("enter", "edit", N_("Edit"), id="responses.edit", key_display="⏎", show=False),
        Binding("c", "edit", N_("Respondent and comment"), id="responses.comment", show=False),
        Binding("d,delete", "remove", N_("Delete"), id="responses.delete"),
    ]

    def parent_view(self) -> View:
        return self.query_ancestor(View)

    def action_rate(self, value: int) -> None:
        self.parent_view().rate(self.cursor_row, self.cursor_column, value)

    def action_clear_rating(self) -> None:
        self.parent_view().rate(self.cursor_row, self.cursor_column, None)

    def action_add(self) -> None:
        self.parent_view().go_to_new_row()

    def action_edit(self) -> None:
        self.parent_view().edit_response(self.cursor_row, focus_comment=self.cursor_column == COMMENT)

    def action_remove(self) -> None:
        self.parent_view().remove_response(self.cursor_row)


class View(StepView):
    STEP = Step.EVALUATION
    PURPOSE = N_("How useful the exercise was, and how usable its result is (1–5).")

    DEFAULT_CSS = """
    #eval-top { height: 1; margin: 0 1; }
    #eval-top Label { width: auto; text-style: bold; margin-right: 1; }
    #eval-date { width: 13; margin-right: 2; }
    #eval-participants { width: 9; margin-right: 2; }
    #eval-error { margin: 0 1; color: $error; text-style: bold; }
    #eval-note-row { height: 2; margin: 0 1; }
    View.roomy #eval-note-row { height: 4; }
    #eval-note-row Label { width: 14; text-style: bold; }
    #eval-note { scrollbar-size-vertical: 1; }
    #eval-main { height: 1fr; margin: 0 1; }
    #eval-left { width: 1fr; }
    /* Two lines: what the next key does is never cut, even beside the summary at 80 columns. */
    #eval-prompt { color: $text-muted; width: 1fr; height: 2; }
    #responses { height: 1fr; }
    #eval-detail { height: 2; color: $text-muted; }
    View.roomy #eval-detail { height: 3; }
    #eval-summary { width: 30; height: auto; padding: 0 0 0 2; }
    View.wide #eval-summary { width: 42; }
    """

    def __init__(self, editor: SessionEditor) -> None:
        super().__init__(editor)
        self._errors: dict[str, str] = {}  # field -> message, shown under the fields

    def compose(self) -> ComposeResult:
        ev = self.session.evaluation
        with Horizontal(id="eval-top"):
            yield Label(_("Date"))
            yield TextField(
                ev.date.isoformat() if ev.date else "",
                id="eval-date",
                placeholder="YYYY-MM-DD",
                select_on_focus=False,
                compact=True,
                max_length=20,
            )
            yield Label(_("Participants"))
            yield TextField(
                "" if ev.participants is None else str(ev.participants),
                id="eval-participants",
                placeholder=_("e.g. 31"),
                select_on_focus=False,
                compact=True,
                max_length=9,
            )
        yield Label("", id="eval-error", classes="hidden", markup=False)
        with Horizontal(id="eval-note-row"):
            yield Label(_("Note"))
            yield TextBox(
                ev.note,
                id="eval-note",
                soft_wrap=True,
                compact=True,
                placeholder=_("optional: anything about the evaluation"),
            )
        with Horizontal(id="eval-main"):
            with Vertical(id="eval-left"):
                yield Label("", id="eval-prompt", markup=False)
                yield ResponseTable(id="responses", cursor_type="cell", zebra_stripes=True)
                yield Static("", id="eval-detail")
            yield Static("", id="eval-summary")

    def on_mount(self) -> None:
        self._fill()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height >= 30, "roomy")
        self.set_class(event.size.width >= 110, "wide")
        self.call_after_refresh(self._fill)

    def focus_first(self) -> None:
        self.query_one(ResponseTable).focus()

    # -- date, participants, note ---------------------------------------------

    def _read_date(self, text: str) -> tuple[dt.date | None, str | None]:
        try:
            return parse_date(text), None
        except ParseError as exc:
            return None, _("Date: {problem}", problem=str(exc))

    def _read_participants(self, text: str) -> tuple[int | None, str | None]:
        try:
            value = parse_number(text)
        except ParseError:
            value = -1
        if value is None:
            return None, None
        if not isinstance(value, int) or value < 0:
            return None, _(
                "Participants: “{text}” is not a whole number; write how many took part, e.g. 31", text=text.strip()
            )
        return value, None

    def on_input_changed(self, event: Input.Changed) -> None:
        ev = self.session.evaluation
        if event.input.id == "eval-date":
            event.stop()
            date, error = self._read_date(event.value)
            if error is None:
                self._set_error("date", None)
                if date != ev.date:
                    self.change("date", lambda s: setattr(s.evaluation, "date", date), label=_("evaluation date"))
            elif "date" in self._errors:
                self._set_error("date", error)  # keep the message current while it is shown
        elif event.input.id == "eval-participants":
            event.stop()
            participants, error = self._read_participants(event.value)
            if error is None:
                self._set_error("participants", None)
                if participants != ev.participants:
                    self.change(
                        "participants",
                        lambda s: setattr(s.evaluation, "participants", participants),
                        label=_("number of participants"),
                    )
                    self._fill_summary()
            else:
                self._set_error("participants", error)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        self._check_input(event.input)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._check_input(event.input):
            self.query_one(ResponseTable).focus()

    def _check_input(self, field: Input) -> bool:
        """Show the problem with a date or number left behind; tidy a good date."""
        if field.id == "eval-date":
            date, error = self._read_date(field.value)
            self._set_error("date", error)
            if error is None and date is not None and field.value != date.isoformat():
                field.value = date.isoformat()
            return error is None
        if field.id == "eval-participants":
            participants, error = self._read_participants(field.value)
            self._set_error("participants", error)
            if error is None and participants is not None and field.value != str(participants):
                field.value = str(participants)
            return error is None
        return True

    def _set_error(self, field: str, message: str | None) -> None:
        if message is None:
            self._errors.pop(field, None)
        else:
            self._errors[field] = message
        label = self.query_one("#eval-error", Label)
        label.update("\n".join(f"✗ {text}" for text in self._errors.values()))
        label.set_class(not self._errors, "hidden")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "eval-note":
            event.stop()
            value = event.text_area.text
            if value != self.session.evaluation.note:
                self.change("note", lambda s: setattr(s.evaluation, "note", value), label=_("evaluation note"))

    # -- responses --------------------------------------------------------------

    @property
    def responses(self) -> list[Response]:
        return self.session.evaluation.responses

    def rate(self, row: int, column: int, value: int | None) -> None:
        """A digit (or a clear) on a cell of the table."""
        responses = self.responses
        if row >= len(responses):  # the "new response" line
            if value is None:
                return
            response = Response(id=new_id("response"), usefulness=value)
            self.editor.seal()
            self.change(
                f"responses:add:{response.id}",
                lambda s: s.evaluation.responses.append(response),
                label=_("add response {n}", n=len(responses) + 1),
            )
            self.editor.seal()
            self._fill(row=row, column=AVAILABILITY)
            return
        field = "availability" if column == AVAILABILITY else "usefulness"
        response = responses[row]
        if getattr(response, field) != value:
            response_id = response.id

            def set_rating(s: Session) -> None:
                target = next(r for r in s.evaluation.responses if r.id == response_id)
                setattr(target, field, value)

            self.editor.seal()
            self.change(
                f"responses:{response_id}:{field}",
                set_rating,
                label=_("{measure} of response {n}", measure=_(dict(MEASURES)[field]).lower(), n=row + 1),
            )
            self.editor.seal()
        if value is None:
            self._fill(row=row, column=column)
        elif field == "usefulness":
            self._fill(row=row, column=AVAILABILITY)
        else:
            self._fill(row=row + 1, column=USEFULNESS)

    def go_to_new_row(self) -> None:
        table = self.query_one(ResponseTable)
        table.move_cursor(row=len(self.responses), column=USEFULNESS)
        table.focus()

    def edit_response(self, row: int, *, focus_comment: bool) -> None:
        responses = self.responses
        is_new = row >= len(responses)
        original = Response(id=new_id("response")) if is_new else responses[row]
        if is_new:
            title = _("New response")
        else:

            def rated(value: int | None) -> str:
                return marks.NO_VALUE if value is None else str(value)

            title = _(
                "Response {n} · usefulness {u} · availability {a}",
                n=row + 1,
                u=rated(original.usefulness),
                a=rated(original.availability),
            )
        names = [p.name for p in self.session.people.participants]

        def saved(response: Response | None) -> None:
            if response is None or response == original:
                return
            self.editor.seal()
            if is_new:
                self.change(
                    f"responses:add:{response.id}",
                    lambda s: s.evaluation.responses.append(response),
                    label=_("add response {n}", n=len(self.responses) + 1),
                )
                self._fill(row=len(self.responses) - 1, column=USEFULNESS)
            else:

                def replace(s: Session) -> None:
                    index = next(i for i, r in enumerate(s.evaluation.responses) if r.id == response.id)
                    s.evaluation.responses[index] = response

                self.change(f"responses:edit:{response.id}", replace, label=_("edit response {n}", n=row + 1))
                self._fill()
            self.editor.seal()

        self.app.push_screen(ResponseForm(title, original, focus_comment, names), saved)

    def remove_response(self, row: int) -> None:
        responses = self.responses
        if not 0 <= row < len(responses):
            return
        removed = responses[row]
        self.editor.seal()
        self.change(
            f"responses:delete:{removed.id}",
            lambda s: s.evaluation.responses.pop(row),
            label=_("delete response {n}", n=row + 1),
        )
        self.editor.seal()
        self._fill(row=row)
        self.say(_("Deleted response {n} — F3 undoes", n=row + 1))

    # -- drawing ------------------------------------------------------------------

    def _fill(self, row: int | None = None, column: int | None = None) -> None:
        table = self.query_one(ResponseTable)
        row = table.cursor_row if row is None else row
        column = table.cursor_column if column is None else column
        responses = self.responses
        names = [printable(r.respondent) for r in responses]
        name_width = max([cell_len(_("Respondent"))] + [min(18, cell_len(n)) for n in names])
        rating_width = max(6, cell_len(_("Useful")), cell_len(_("Avail.")))
        # The table's width follows from the view's (the summary beside it has a fixed width).
        available = (self.size.width or 80) - 2 - self._summary_width()
        # Each column has one cell of padding on both sides; keep two for the scrollbar.
        comment_width = max(10, available - 2 * rating_width - name_width - 8 - 2)

        table.clear(columns=True)
        table.add_column(Text(_("Useful")), width=rating_width, key="usefulness")
        table.add_column(Text(_("Avail.")), width=rating_width, key="availability")
        table.add_column(Text(_("Respondent")), width=name_width, key="respondent")
        table.add_column(Text(_("Comment")), width=comment_width, key="comment")

        def rating(value: int | None) -> Text:
            return Text(f"  {value}", style="bold") if value else Text("  ·", style="dim")

        for response, name in zip(responses, names, strict=True):
            table.add_row(
                rating(response.usefulness),
                rating(response.availability),
                Text(truncate(name, name_width)) if name else Text(marks.NO_VALUE, style="dim"),
                Text(truncate(printable(response.comment), comment_width)),
                key=response.id,
            )
        table.add_row(
            Text("  +", style="dim"),
            Text(""),
            Text(truncate(_("(new)"), name_width), style="dim italic"),
            Text(truncate(_("type 1–5 to rate"), comment_width), style="dim italic"),
            key=NEW_ROW,
        )
        table.move_cursor(row=max(0, min(row, table.row_count - 1)), column=max(0, min(column, 3)))
        self._fill_summary()
        self._show_cursor_help()

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        self._show_cursor_help()

    def _show_cursor_help(self) -> None:
        table = self.query_one(ResponseTable)
        row, column = table.cursor_row, table.cursor_column
        responses = self.responses
        prompt = self.query_one("#eval-prompt", Label)
        detail = self.query_one("#eval-detail", Static)
        if row >= len(responses):
            prompt.update(_("Type 1–5 to add a response (usefulness, then availability) · ⏎ opens a form"))
            detail.update(
                Text(
                    ngettext("{n} response so far.", "{n} responses so far.", len(responses))
                    + " "
                    + _("⏎ or c: respondent and comment · d deletes · F3 undoes"),
                    style="dim",
                )
            )
            return
        response = responses[row]
        if column == AVAILABILITY:
            what = _("Next digit: availability of response {n}", n=row + 1)
        elif column == USEFULNESS:
            what = _("Next digit: usefulness of response {n}", n=row + 1)
        elif column == RESPONDENT:
            what = _("⏎ edits the respondent of response {n} · digits rate usefulness", n=row + 1)
        else:
            what = _("⏎ or c edits the comment of response {n} · digits rate usefulness", n=row + 1)
        prompt.update(what)
        text = Text()
        if response.respondent:
            text.append(printable(response.respondent), style="bold")
            text.append(": ")
        text.append(response.comment.strip() or _("(no comment)"))
        detail.update(text)

    def _summary_width(self) -> int:
        return 42 if self.size.width >= 110 else 30

    def _fill_summary(self) -> None:
        ev = self.session.evaluation
        summary = self.query_one("#eval-summary", Static)
        width = self._summary_width() - 2
        averages_ = averages(self.session)
        text = Text(no_wrap=True, overflow="ellipsis")
        count = len(ev.responses)
        if ev.participants:
            text.append(_("{n} of {total} responded", n=count, total=ev.participants))
        else:
            text.append(ngettext("{n} response", "{n} responses", count))
        for (field, name), average in zip(MEASURES, averages_, strict=True):
            values = [getattr(r, field) for r in ev.responses if getattr(r, field) is not None]
            text.append("\n\n" if field == "availability" else "\n")
            head = _("{measure} ({n})", measure=_(name), n=len(values))
            avg = _("avg {value}", value=one_decimal(average))
            text.append(head, style="bold")
            text.append(" " * max(1, width - cell_len(head) - cell_len(avg)))
            text.append(avg, style="bold reverse" if average is not None else "dim")
            for line in distribution_lines(values, width):
                text.append("\n")
                text.append_text(line)
        summary.update(text)

    def show_session(self) -> None:
        ev = self.session.evaluation
        date = self.query_one("#eval-date", Input)
        if date.value != (ev.date.isoformat() if ev.date else ""):
            date.value = ev.date.isoformat() if ev.date else ""
        participants = self.query_one("#eval-participants", Input)
        text = "" if ev.participants is None else str(ev.participants)
        if participants.value != text:
            participants.value = text
        self._errors.clear()
        self._set_error("date", None)
        note = self.query_one("#eval-note", TextArea)
        if note.text != ev.note:
            note.load_text(ev.note)
        self._fill()
