"""The fields in which two versions of a session differ, item by item, with both values.

Shown when an import is refused as a conflict, so that a trainer can see what the
database holds and what the file says before choosing one of them. List items
(goals, KPIs, participants, responses…) are matched by their ``id``, so an item
moved or added elsewhere in a list does not make every later item look changed.
Bookkeeping that is not content (see ``lineage``) is left out here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from secsc_tui.core.model import Session
from secsc_tui.i18n import _

_NOT_CONTENT = {"schema_version", "revision", "updated", "history"}
_ITEM_TEXT_FIELDS = ("text", "measure", "name", "respondent", "comment")
MISSING = "(not there)"
SHOWN_CHARACTERS = 60


@dataclass(frozen=True, slots=True)
class Difference:
    path: str  # "scorecard.financial.kpis[k-1].target"; an item's id in brackets
    stored: Any  # the database's value (``MISSING`` when the item is only in the file)
    incoming: Any  # the file's value
    item: str = ""  # the text of the item the field belongs to, to recognise it

    def __str__(self) -> str:
        about = f" ({_short(self.item)})" if self.item else ""
        return _(
            "{path}{about}: database {stored}, file {incoming}",
            path=self.path,
            about=about,
            stored=_shown(self.stored),
            incoming=_shown(self.incoming),
        )


def differences(stored: Session, incoming: Session) -> list[Difference]:
    """Every content field that differs, in the order of the session's fields."""
    found: list[Difference] = []
    _walk("", _content(stored), _content(incoming), "", found)
    return found


def _content(session: Session) -> dict[str, Any]:
    data = session.model_dump(mode="json", exclude=_NOT_CONTENT)
    data["progress"].pop("current_step", None)
    return data


def _walk(path: str, a: Any, b: Any, item: str, found: list[Difference]) -> None:
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in dict.fromkeys([*a, *b]):
            sub = f"{path}.{key}" if path else key
            _walk(sub, a.get(key, MISSING), b.get(key, MISSING), item, found)
    elif _is_item_list(a) and _is_item_list(b):
        old, new = {x["id"]: x for x in a}, {x["id"]: x for x in b}
        for item_id in dict.fromkeys([*old, *new]):
            sub = f"{path}[{item_id}]"
            if item_id not in old or item_id not in new:
                found.append(
                    Difference(
                        sub,
                        _summary(old[item_id]) if item_id in old else MISSING,
                        _summary(new[item_id]) if item_id in new else MISSING,
                    )
                )
            else:
                _walk(sub, old[item_id], new[item_id], _item_text(new[item_id]) or _item_text(old[item_id]), found)
        if [x["id"] for x in a if x["id"] in new] != [x["id"] for x in b if x["id"] in old]:
            found.append(Difference(_("{path} (order)", path=path), [x["id"] for x in a], [x["id"] for x in b]))
    else:
        found.append(Difference(path, a, b, item))


def _is_item_list(value: Any) -> bool:
    """A list of items with ids (an empty list too: items were all added or all removed)."""
    return isinstance(value, list) and all(isinstance(x, dict) and "id" in x for x in value)


def _item_text(item: dict[str, Any]) -> str:
    for key in _ITEM_TEXT_FIELDS:
        text = item.get(key)
        if isinstance(text, str) and text.strip():
            return text
    return ""


def _summary(item: dict[str, Any]) -> str:
    return _item_text(item) or item["id"]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"


def _shown(value: Any) -> str:
    if value is MISSING or value == MISSING:
        return MISSING
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return f'"{_short(value)}"'
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) if not isinstance(v, str) else v for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) + "}"
    return str(value)
