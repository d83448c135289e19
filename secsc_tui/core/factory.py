"""Making sessions: a new, empty one, or a copy of another."""

from __future__ import annotations

from secsc_tui.core.currency import default_currency
from secsc_tui.core.ids import new_id
from secsc_tui.core.model import Language, Session, now_utc
from secsc_tui.i18n import _


def new_session(title: str, language: Language | str = Language.EN, currency: str | None = None) -> Session:
    """An empty session; its currency, unless given, follows the language, else this machine's locale."""
    now = now_utc()
    language = Language(language)
    if currency is None:
        currency = default_currency(language.value)
    return Session(
        id=new_id("session", 10), title=title, language=language, currency=currency, created=now, updated=now
    )


def copy_session(session: Session, title: str | None = None) -> Session:
    """A new session with the same content: new id, fresh history. Item ids stay
    (they are unique per session), so links inside the copy keep working."""
    now = now_utc()
    copy = session.model_copy(deep=True)
    copy.id = new_id("session", 10)
    copy.title = title if title is not None else _("{title} (copy)", title=session.title[:490])
    copy.created = now
    copy.updated = now
    copy.revision = 0
    copy.history = []  # another session: it descends from nothing that travels under its id
    return copy
