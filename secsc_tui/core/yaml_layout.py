"""Reading a file laid out as secsc writes it, line by line, without libyaml.

libyaml hands every key, value and bracket over as a Python event object, and making
those objects was most of reading a session file (1.5 of 2.3 ms for a 670-line file).
The files secsc writes (``yaml_write``) all have one layout: block mappings of field
names, lists indented under their key, one scalar per line (plain, quoted, or a literal
block), "---" between documents. Read line by line, that layout gives its values in
half the time.

Only that layout is read here; anything else (a comment, a blank line, a flow
collection other than ``[]``/``{}``, a tag, an anchor, a tab, a key that is not a field
name, another indentation, a limit passed...) gives None, and the file is read by
libyaml (``yaml_quick``, then ``yaml_read``) as before. Whatever is read here is exactly
what libyaml's events give: property tests compare the two on edited and hostile files.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from secsc_tui.core.yaml_read import (
    MAX_DEPTH,
    MAX_LIST_ITEMS,
    MAX_SESSION_ENTRIES,
    MAX_SESSIONS_PER_FILE,
    _Loader,
    implicit_resolvers,
    plain_value,
)
from secsc_tui.core.yaml_write import reads_back_plain

__all__ = ["layout_documents"]

# Characters the layout never holds as they are: the writer escapes them in double quotes
# (tabs, other line breaks, controls, a BOM; PyYAML's emitter counts U+10FFFF among them).
_OUTSIDE_LAYOUT = re.compile("[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010fffe]")
# "name:" then nothing (a collection follows) or " value", from where the key starts.
_KEY = re.compile(r"([a-z][a-z0-9_]*):(?: (.*))?\Z")
_LITERAL_HEADERS = frozenset(("|", "|-", "|+", "|2", "|2-", "|2+"))


class _NotLayout(Exception):
    """The text is not in secsc's layout: libyaml reads it."""


def layout_documents(text: str) -> list[dict[str, Any]] | None:
    """Each document's data, as libyaml's events compose it (``yaml_quick``); None if not in the layout."""
    if not text.endswith("\n") or _OUTSIDE_LAYOUT.search(text):
        return None
    loader = _constructing_loader()
    implicit = implicit_resolvers(loader)
    if implicit is None:
        return None
    try:
        return _Layout(text.split("\n")[:-1], loader, implicit).documents()
    except _NotLayout:
        return None


class _Layout:
    """One pass over the lines; ``at`` is the next line to read."""

    def __init__(self, lines: list[str], loader: _Loader, implicit: dict[Any, Any]):
        self.lines = lines
        self.loader = loader
        self.implicit = implicit
        self.at = 0
        self.entries = 0  # keys and list items of the current document, as yaml_quick counts them

    def documents(self) -> list[dict[str, Any]]:
        documents: list[dict[str, Any]] = []
        lines = self.lines
        while True:
            if len(documents) == MAX_SESSIONS_PER_FILE:
                raise _NotLayout
            self.entries = 0
            documents.append(self.mapping(0, 0))
            if self.entries > MAX_SESSION_ENTRIES:
                raise _NotLayout
            if self.at == len(lines):
                return documents
            if lines[self.at] != "---" or self.at + 1 == len(lines):  # "..." after "|+"; a trailing separator
                raise _NotLayout
            self.at += 1

    def mapping(self, indent: int, depth: int, first: tuple[str, str | None] | None = None) -> dict[str, Any]:
        """The keys at column ``indent``; ``first`` is the key and rest of a line "- key: ..." already read."""
        if depth >= MAX_DEPTH:
            raise _NotLayout
        lines, end, pad, mapping = self.lines, len(self.lines), " " * indent, {}
        if first is not None:
            key, rest = first
            mapping[key] = self.scalar(rest, indent) if rest is not None else self.below(indent, depth)
        while self.at < end:
            line = lines[self.at]
            if not line.startswith(pad):
                break  # a line less indented ends the mapping; what holds it decides whether it may follow
            found = _KEY.match(line, indent)
            if found is None:
                if line == "---":
                    break
                raise _NotLayout  # deeper, or not "name:"
            key, rest = found.groups()
            if key in mapping:
                raise _NotLayout
            self.at += 1
            mapping[key] = self.scalar(rest, indent) if rest is not None else self.below(indent, depth)
        if not mapping:
            raise _NotLayout
        self.entries += len(mapping)
        return mapping

    def sequence(self, indent: int, depth: int) -> list[Any]:
        """The items "- ..." at column ``indent`` (never 0: the root is a mapping)."""
        if depth >= MAX_DEPTH:
            raise _NotLayout
        lines, end = self.lines, len(self.lines)
        items: list[Any] = []
        pad = " " * indent
        dash = pad + "- "
        while self.at < end:
            line = lines[self.at]
            if not line.startswith(dash):
                if line.startswith(pad):
                    raise _NotLayout  # "-" alone, a key among the items, a deeper line
                break
            if len(items) == MAX_LIST_ITEMS:
                raise _NotLayout
            self.at += 1
            rest = line[indent + 2 :]
            found = _KEY.match(rest)
            if found is not None:
                items.append(self.mapping(indent + 2, depth + 1, found.groups()))  # type: ignore[arg-type]
            else:
                items.append(self.scalar(rest, indent))
        self.entries += len(items)
        return items

    def below(self, indent: int, depth: int) -> Any:
        """The collection below "key:" at column ``indent``."""
        if self.at == len(self.lines):
            raise _NotLayout  # "key:" and nothing: null, which the writer spells out
        inner = indent + 2
        line = self.lines[self.at]
        if line.startswith(" " * inner + "- "):
            return self.sequence(inner, depth + 1)
        if len(line) - len(line.lstrip(" ")) == inner:
            return self.mapping(inner, depth + 1)
        raise _NotLayout

    def scalar(self, text: str, indent: int) -> Any:
        """One scalar written after "key: " or "- " at column ``indent``."""
        known = _known.get(text, _UNKNOWN)
        if known is not _UNKNOWN:
            return known
        if not text:
            raise _NotLayout
        first = text[0]
        if first == "|":
            if text not in _LITERAL_HEADERS:
                raise _NotLayout  # another indentation, a comment
            return self.literal(text[1:], indent + 2)
        if text == "[]":
            return []
        if text == "{}":
            return {}
        if first == "'":
            value = _single_quoted(text)
        elif first == '"':
            value = _double_quoted(text)
        elif reads_back_plain(text):
            try:
                value = plain_value(self.loader, self.implicit, text)
            except Exception as exc:  # noqa: BLE001 -- a wrong value (a date out of range): worded the careful way
                raise _NotLayout from exc
        else:
            raise _NotLayout
        if len(text) <= _KNOWN_LENGTH and len(_known) < _KNOWN_KEPT:
            _known[text] = value  # the values made here are immutable: str, int, float, bool, None, dates
        return value

    def literal(self, hints: str, content: int) -> str:
        """A literal block whose lines start at column ``content`` (as the writer indents them).

        ``hints`` as the writer gives them: "2" when the text starts with a space or a line
        break (so the indentation is said, not found), then "-" (no final line break) or
        "+" (every final line break kept).
        """
        lines, pad = self.lines, " " * content
        at, end = self.at, len(self.lines)
        if not hints.startswith("2") and (
            at == end or not lines[at].startswith(pad) or lines[at][content : content + 1] in ("", " ")
        ):
            raise _NotLayout  # libyaml would find the indentation elsewhere, or the block is empty
        body = []
        while at < end:
            line = lines[at]
            if line.startswith(pad):
                body.append(line[content:])
            elif not line:
                body.append("")
            elif not line.strip(" "):
                raise _NotLayout  # a line of fewer spaces: empty for YAML, but the writer leaves it bare
            else:
                break
            at += 1
        self.at = at
        trailing = 0  # empty lines at the end: kept, clipped to one line break or stripped
        while body and body[-1] == "":
            body.pop()
            trailing += 1
        keep, strip = hints.endswith("+"), hints.endswith("-")
        if not body:
            return "\n" * trailing if keep else ""
        text = "\n".join(body)
        if strip:
            return text
        return text + "\n" * (trailing + 1 if keep else 1)


# Scalars seen before, as written -> value (ids, choices, numbers, dates and flags recur in
# every file), up to a size a hostile file cannot grow.
_known: dict[str, Any] = {}
_UNKNOWN = object()
_KNOWN_LENGTH = 40
_KNOWN_KEPT = 20_000


def _double_quoted(text: str) -> str:
    """ "text" on one line, with YAML's escapes (the writer's choice for text a block cannot hold)."""
    inner = text[1:-1]
    if len(text) < 2 or text[-1] != '"':
        raise _NotLayout
    if "\\" not in inner and '"' not in inner:
        return inner
    return _ESCAPE.sub(_unescaped, inner)


# A backslash and what follows it; a bare quote or backslash (group "bare") ends the scalar
# early or escapes nothing: not in the layout.
_ESCAPE = re.compile(
    r'\\(?:(?P<named>[0abtnvfre "/\\N_LP])|x(?P<x>[0-9A-Fa-f]{2})|u(?P<u>[0-9A-Fa-f]{4})|U(?P<U>[0-9A-Fa-f]{8}))'
    r'|(?P<bare>["\\])'
)
_NAMED_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}


def _unescaped(escape: re.Match[str]) -> str:
    named, x, u, big, _bare = escape.groups()
    if named is not None:
        return _NAMED_ESCAPES[named]
    if x is None and u is None and big is None:
        raise _NotLayout
    code = int(x or u or big, 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _NotLayout
    return chr(code)


def _single_quoted(text: str) -> str:
    """'text' on one line, each quote inside doubled."""
    inner = text[1:-1]
    if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
        raise _NotLayout
    return inner.replace("''", "'")


@functools.cache
def _constructing_loader() -> _Loader:
    """The loader whose resolver and constructors (dates, booleans...) plain scalars go through;
    they keep nothing between calls, so one serves every file."""
    return _Loader("")
