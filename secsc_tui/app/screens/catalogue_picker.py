"""c on the scorecard: pick an item for the cell from the catalogue.

A filter at the top (words in English or Japanese, an id, a METI directive or a
NIST CSF id), the entries of the cell's column ranked for the session with a short
reason each, and a preview of the highlighted one. The keys stay in the filter:
↑↓ and PageUp/PageDown move in the list, Shift+↑↓ scroll the preview, Enter
inserts, Escape closes.

Entries are shown in the session's language, not the interface's: the item that
Enter inserts is written in the session's language (``suggestions.to_item``), so
the list shows the words that will land in the cell. Everything around them
(reasons, names of perspectives and frameworks) is in the interface's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from secsc_tui.app.app import SecscApp
from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.core.frameworks import CSF_CATEGORIES, METI_DIRECTIVES, csf_category
from secsc_tui.core.labels import (
    approach_name,
    column_name,
    direction_name,
    frequency_name,
    indicator_name,
    perspective_name,
)
from secsc_tui.core.model import Approach, Column, Language, Perspective, Session, format_quantity
from secsc_tui.i18n import N_, _, current_language, ngettext

if TYPE_CHECKING:
    from secsc_tui.core.catalogue import Catalogue, Entry, LoadedCatalogue  # noqa: F401 - Entry: in the base class
    from secsc_tui.core.suggestions import Suggestion

# Side by side from this width on; below it the preview sits under the list.
WIDE = 110


class CataloguePicker(ModalScreen["Entry | None"], StyledOnce["Entry | None"]):
    """Choose a catalogue entry for one cell; dismisses with the entry, or None."""

    app = getters.app(SecscApp)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Close"), id="catalogue.close"),
        Binding("up", "move('cursor_up')", N_("Previous"), id="catalogue.up", show=False),
        Binding("down", "move('cursor_down')", N_("Next"), id="catalogue.down", show=False),
        Binding("pageup", "move('page_up')", N_("Page up"), id="catalogue.page_up", show=False),
        Binding("pagedown", "move('page_down')", N_("Page down"), id="catalogue.page_down", show=False),
        Binding("shift+up", "scroll_preview(-3)", N_("Scroll the preview up"), id="catalogue.preview_up", show=False),
        Binding(
            "shift+down", "scroll_preview(3)", N_("Scroll the preview down"), id="catalogue.preview_down", show=False
        ),
    ]

    DEFAULT_CSS = """
    CataloguePicker #catalogue-dialog {
        width: 116; max-width: 100%; height: 36; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    CataloguePicker.-narrow #catalogue-dialog { width: 100%; height: 100%; }
    CataloguePicker #catalogue-title { text-style: bold; color: $primary; }
    CataloguePicker #catalogue-filter { margin: 0 0 1 0; }
    CataloguePicker.-narrow #catalogue-filter { margin: 0; }
    CataloguePicker #catalogue-body { height: 1fr; layout: horizontal; }
    CataloguePicker.-narrow #catalogue-body { layout: vertical; }
    CataloguePicker #catalogue-list {
        width: 1fr; height: 1fr; max-height: 100%; border: none; padding: 0; background: $surface;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    /* The keys stay in the filter: the highlight must read as the cursor all the same. */
    CataloguePicker #catalogue-list > .option-list--option-highlighted {
        color: $block-cursor-foreground; background: $block-cursor-background; text-style: bold;
    }
    CataloguePicker #catalogue-preview-box {
        width: 1fr; height: 1fr; padding: 0 0 0 1; margin-left: 1; border-left: solid $primary 50%;
    }
    CataloguePicker.-narrow #catalogue-preview-box {
        height: 9; padding: 0; margin-left: 0; border-left: none; border-top: solid $primary 50%;
    }
    CataloguePicker #catalogue-count, CataloguePicker #catalogue-keys { color: $text-muted; }
    """

    def __init__(self, session: Session, perspective: Perspective, column: Column):
        super().__init__()
        self.session = session
        self.perspective = perspective
        self.column = column
        self.catalogue: Catalogue | None = None
        self.suggestions: list[Suggestion] = []
        self._approach_reasons = self._approach_reasons_now()

    @staticmethod
    def _approach_reasons_now() -> set[str]:
        """The reasons ``suggest`` gives for suiting an approach (the same words as there)."""
        return {_("suits approach {n} (recommended for this organisation)", n=a.value) for a in Approach} | {
            _("suits the chosen approach: {name}", name=approach_name(a)) for a in Approach
        }

    def _title(self) -> Text:
        where = f"{perspective_name(self.perspective)} › {column_name(self.column)}"
        return Text(_("Catalogue — {where}", where=where))

    @staticmethod
    def _placeholder() -> str:
        return _("Type to filter: words in either language, METI 1–10, NIST CSF ids")

    @staticmethod
    def _keys() -> str:
        return _("↑↓ choose · Shift+↑↓ scroll the preview · Enter inserts · Escape closes")

    def compose(self) -> ComposeResult:
        with Vertical(id="catalogue-dialog"):
            yield Static(self._title(), id="catalogue-title", markup=False)
            yield TextField(placeholder=self._placeholder(), id="catalogue-filter", compact=True)
            with Container(id="catalogue-body"):
                yield OptionList(id="catalogue-list", compact=True)
                with VerticalScroll(id="catalogue-preview-box", can_focus=False):
                    yield Static(Text(_("Reading the catalogue…")), id="catalogue-preview", markup=False)
            yield Static("", id="catalogue-count", markup=False)
            yield Static(self._keys(), id="catalogue-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False  # the keys stay in the filter
        self.query_one(Input).focus()
        self._fit()
        self.app.catalogue.get(self._catalogue_read, self._catalogue_failed)

    def on_resize(self) -> None:
        self._fit()

    async def relabel(self) -> None:
        """The interface's language changed: the same list and filter, in the new words."""
        self.query_one("#catalogue-title", Static).update(self._title())
        self.query_one(Input).placeholder = self._placeholder()
        self.query_one("#catalogue-keys", Static).update(self._keys())
        self._approach_reasons = self._approach_reasons_now()
        if self.catalogue is not None:
            self._refill()

    def _fit(self) -> None:
        self.set_class(self.app.size.width < WIDE, "-narrow")

    # -- the list -------------------------------------------------------------------

    def _catalogue_read(self, loaded: LoadedCatalogue) -> None:
        if not self.is_attached:
            return  # closed while it was being read
        self.catalogue = loaded.catalogue
        self._refill()

    def _catalogue_failed(self, error: Exception) -> None:
        if not self.is_attached:
            return
        reason = str(error) or type(error).__name__
        self.query_one("#catalogue-preview", Static).update(
            Text(_("The catalogue could not be read: {reason}", reason=reason))
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refill()

    def _refill(self) -> None:
        if self.catalogue is None:
            return
        from secsc_tui.core.suggestions import suggest

        query = self.query_one(Input).value
        self.suggestions = suggest(self.catalogue, self.session, self.perspective, self.column, query=query)
        options = self.query_one(OptionList)
        options.set_options(Option(self._line(s)) for s in self.suggestions)
        if self.suggestions:
            options.highlighted = 0
        total = len(self.catalogue.entries(self.column))
        count = self.query_one("#catalogue-count", Static)
        if query.strip():
            count.update(
                Text(
                    ngettext(
                        "{shown} of {n} entry matches “{query}”",
                        "{shown} of {n} entries match “{query}”",
                        total,
                        shown=len(self.suggestions),
                        query=query.strip(),
                    )
                )
            )
        else:
            count.update(
                Text(
                    ngettext(
                        "{n} entry, best first for this cell",
                        "{n} entries, best first for this cell",
                        total,
                    )
                )
            )
        self._show_preview()

    def _line(self, suggestion: Suggestion) -> Text:
        """One entry in the list: its text, and under it why it ranks there."""
        entry = suggestion.entry
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(entry.text.in_language(self.session.language))
        # What sets it apart first: most entries suit the approach, few are on the scorecard already.
        why = sorted(
            suggestion.reasons, key=lambda r: (r != _("already on the scorecard"), r in self._approach_reasons)
        )
        if not suggestion.in_perspective:
            why.insert(0, perspective_name(entry.perspective))
        line.append("\n  " + (" · ".join(why) if why else "—"), style="italic dim")
        return line

    def _show_preview(self) -> None:
        preview = self.query_one("#catalogue-preview", Static)
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.suggestions):
            query = self.query_one(Input).value.strip()
            preview.update(Text(_("Nothing in the catalogue matches “{query}”.", query=query) if query else ""))
            return
        preview.update(self._preview(self.suggestions[index]))
        self.query_one("#catalogue-preview-box", VerticalScroll).scroll_home(animate=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_preview()

    def _preview(self, suggestion: Suggestion) -> Text:
        from secsc_tui.core.catalogue import ActionEntry, KpiEntry, measure_kind_name

        entry = suggestion.entry
        language = Language(self.session.language)
        other = Language.EN if language is Language.JA else Language.JA
        text = Text()
        text.append(entry.text.in_language(language), style="bold")
        text.append("\n" + entry.text.in_language(other), style="dim")
        approaches = ", ".join(a.value for a in entry.approaches)
        text.append(
            "\n"
            + _(
                "{perspective} · suits approach {approaches}",
                perspective=perspective_name(entry.perspective),
                approaches=approaches,
            )
        )
        if isinstance(entry, KpiEntry):
            target = format_quantity(entry.target, entry.unit.in_language(language))
            text.append(
                "\n"
                + _(
                    "Target {direction} {target} (typical) · {frequency} · owner {owner}",
                    direction=direction_name(entry.direction),
                    target=target,
                    frequency=frequency_name(entry.frequency),
                    owner=entry.owner.in_language(language),
                )
            )
            text.append(
                "\n"
                + _(
                    "{indicator} indicator · NIST SP 800-55: {kind} measure",
                    indicator=indicator_name(entry.indicator),
                    kind=measure_kind_name(entry.sp800_55),
                )
            )
        elif isinstance(entry, ActionEntry):
            text.append("\n" + _("owner {owner}", owner=entry.owner.in_language(language)))
        japanese_names = current_language() == "ja"
        for directive in entry.meti:
            name_ja, name_en = METI_DIRECTIVES[directive]
            text.append("\n")
            text.append(_("METI {n}", n=directive), style="bold")
            text.append(" " + (name_ja if japanese_names else name_en))
        for ref in entry.nist_csf:
            text.append("\n")
            text.append(f"NIST CSF {ref}", style="bold")
            text.append(" " + CSF_CATEGORIES[csf_category(ref)])
        if suggestion.reasons:
            text.append("\n" + _("Why here: {reasons}", reasons="; ".join(suggestion.reasons)), style="italic")
        if isinstance(entry, KpiEntry):
            text.append("\n" + _("How: {computation}", computation=entry.computation.in_language(language)))
        return text

    def action_move(self, how: str) -> None:
        options = self.query_one(OptionList)
        getattr(options, f"action_{how}")()

    def action_scroll_preview(self, lines: int) -> None:
        box = self.query_one("#catalogue-preview-box", VerticalScroll)
        # The preview may have changed a moment ago (↓ typed just before) and not be laid
        # out yet: scrolled now, it would stop at the end of the text it replaced.
        self.call_after_refresh(box.scroll_relative, y=lines, animate=False)

    # -- choosing -------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._pick(self.query_one(OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click on an entry
        self._pick(event.option_index)

    def _pick(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.suggestions):
            self.app.bell()
            return
        self.dismiss(self.suggestions[index].entry)

    def action_cancel(self) -> None:
        self.dismiss(None)
