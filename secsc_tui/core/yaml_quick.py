"""The common case read quickly: a session file that is plain, valid and clean.

Reading a file the careful way (``yaml_read``) notes the line of every key and list item
and the text of every number and date, so that any problem can be shown where it is.
Nearly every file a trainer collects has no problem at all, and that bookkeeping was a
quarter of reading it. So a file is first read without it, here, and only if anything
is out of the ordinary (a YAML error, an anchor, a tag, a duplicate key, a limit passed,
a schema_version this secsc does not read, a value the model refuses, any rule's error or warning, an id
twice) is it read again the careful way, which finds and words every problem. What this
reads is what the careful way reads (a test compares the two on every kind of input).

A file in the layout secsc writes is read line by line, without libyaml
(``yaml_layout``); any other YAML is composed here from libyaml's events.
"""

from __future__ import annotations

from typing import Any

import yaml

from secsc_tui.core.model import SCHEMA_VERSION, Session
from secsc_tui.core.rules import check_session
from secsc_tui.core.upgrade import upgrade
from secsc_tui.core.yaml_layout import layout_documents
from secsc_tui.core.yaml_read import (
    _COLLECTION_TAGS,
    MAX_DEPTH,
    MAX_LIST_ITEMS,
    MAX_SESSION_ENTRIES,
    MAX_SESSIONS_PER_FILE,
    _Loader,
    implicit_resolvers,
    plain_value,
)

__all__ = ["quick_sessions"]


class _NotPlain(Exception):
    """Something only the careful reading deals with."""


def quick_sessions(text: str) -> list[Session] | None:
    """The sessions of a checked text (``yaml_read`` stage 1), or None: read it the careful way."""
    documents = layout_documents(text)  # secsc's own layout, read without libyaml
    if documents is None:
        documents = _composed(text)
    if documents is None:
        return None
    sessions: list[Session] = []
    ids: set[str] = set()
    try:
        for data in documents:
            version = data.get("schema_version") if type(data) is dict else None
            if type(version) is not int or not 1 <= version <= SCHEMA_VERSION:
                return None
            data, upgrade_errors = upgrade(data, version)
            if upgrade_errors:
                return None
            session = Session.model_validate(data)
            if session.id in ids or check_session(session):
                return None
            ids.add(session.id)
            sessions.append(session)
    except ValueError:  # ValidationError is a ValueError
        return None
    return sessions or None


def _composed(text: str) -> list[Any] | None:
    """Each document's data, composed from libyaml's events; None if anything is out of the ordinary."""
    loader = _Loader(text)
    try:
        implicit = implicit_resolvers(loader)
        if implicit is None:
            return None
        composer = _Quick(loader, implicit)
        documents: list[Any] = []
        loader.get_event()  # StreamStart
        while not loader.check_event(yaml.StreamEndEvent):
            if len(documents) == MAX_SESSIONS_PER_FILE:
                return None
            loader.get_event()  # DocumentStart
            documents.append(composer.node(loader.get_event(), 0))
            loader.get_event()  # DocumentEnd
            composer.entries = 0
        return documents
    except (_NotPlain, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


class _Quick:
    """``yaml_read._Composer`` for a plain file: the same values, no lines, no problems."""

    def __init__(self, loader: _Loader, implicit: dict[Any, Any]):
        self.loader = loader
        self.implicit = implicit
        self.entries = 0  # keys and list items of the current document

    def node(self, event: Any, depth: int) -> Any:
        """The value that starts with ``event`` (libyaml's events: their type is told apart by ``type``)."""
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _NotPlain
            return self.plain(event) if event.implicit[0] else event.value
        if depth >= MAX_DEPTH or event.anchor is not None or event.tag not in _COLLECTION_TAGS:
            raise _NotPlain
        get = self.loader.get_event
        if kind is yaml.MappingStartEvent:
            mapping: dict[str, Any] = {}
            while type(key := get()) is not yaml.MappingEndEvent:
                if type(key) is not yaml.ScalarEvent or key.anchor is not None or key.tag is not None:
                    raise _NotPlain
                name = key.value
                if name in mapping:
                    raise _NotPlain
                self._count()
                mapping[name] = self.node(get(), depth + 1)
            return mapping
        if kind is yaml.SequenceStartEvent:
            items: list[Any] = []
            while type(item := get()) is not yaml.SequenceEndEvent:
                if len(items) == MAX_LIST_ITEMS:
                    raise _NotPlain
                self._count()
                items.append(self.node(item, depth + 1))
            return items
        raise _NotPlain  # an alias

    def _count(self) -> None:
        self.entries += 1
        if self.entries > MAX_SESSION_ENTRIES:
            raise _NotPlain

    def plain(self, event: yaml.ScalarEvent) -> Any:
        try:
            return plain_value(self.loader, self.implicit, event.value)
        except Exception as exc:  # noqa: BLE001 -- as in yaml_read: a wrong value, worded the careful way
            raise _NotPlain from exc
