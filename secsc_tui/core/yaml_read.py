"""Reading sessions from YAML: safe, strict, and clear about every mistake.

A session file is read in four stages, each refusing what it cannot accept:

1. bytes: at most ``MAX_FILE_BYTES``, UTF-8 (a byte-order mark is fine);
2. YAML: parsed with PyYAML's safe loader (libyaml when available) into plain
   values, while noting the line of every key and list item. Anchors and aliases
   are refused outright (no "billion laughs"), as are duplicate keys, tags other
   than the standard scalar ones, and absurd nesting;
3. model: each document must be one session of a ``schema_version`` this secsc
   reads (an older one is upgraded first, see ``upgrade``), and pass the pydantic
   model; its errors are reworded for a trainer;
4. rules: ``rules.check_session``'s errors refuse the file, its warnings don't.

A file is all or nothing: any error in any document refuses the whole file, and
every problem found is reported at once, each with file, line and field path
(such as ``scorecard.financial.kpis[1].target``, list indexes from 0).

Whatever its shape, a file is decided in time and memory proportional to its
size: every check is linear, documents are validated one at a time as they are
read, only the problems that will be shown are kept, and sizes that no session
comes near (items in a list, keys and items in a session, sessions in a file)
stop the reading at once with a clear message.
"""

from __future__ import annotations

import datetime as dt
import difflib
import heapq
import os
import re
import types
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types
import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from secsc_tui.core.model import ID_PATTERN, SCHEMA_VERSION, Session
from secsc_tui.core.problems import InvalidInput, Problem
from secsc_tui.core.rules import check_session
from secsc_tui.core.upgrade import upgrade
from secsc_tui.i18n import N_, _, ngettext

__all__ = ["MAX_FILE_BYTES", "load_sessions", "read_sessions_file"]
# Stages 1 to 3 serve secsc's other YAML files too (the catalogue): ``read_yaml_text``,
# ``parse_documents``, ``validation_problems`` with another root model, ``cap_problems``.

MAX_FILE_BYTES = 5 * 1024 * 1024

# A session is at most six levels deep; anything much deeper is not a session
# file, and refusing it early keeps the reader's recursion bounded.
MAX_DEPTH = 32

# Beyond this, more messages don't help anyone fix the file.
MAX_PROBLEMS = 100
# After this many, reading stops: a file this wrong needs fixing before a recount.
MAX_PROBLEMS_FOUND = 1_000

# Far beyond any real session (the samples have at most a dozen items in a list
# and about a thousand keys and items; a strategy map stays readable with 20
# goals), and small enough that a hostile file is refused in a moment.
MAX_LIST_ITEMS = 1_000
MAX_SESSION_ENTRIES = 100_000  # keys and list items in one session document
MAX_SESSIONS_PER_FILE = 1_000  # documents in one file

_BOM = "\ufeff"
_UTF8_BOM = b"\xef\xbb\xbf"

FieldPath = tuple[str | int, ...]  # ("scorecard", "financial", "kpis", 1, "target")

_TAG = "tag:yaml.org,2002:"
_STR_TAG = _TAG + "str"
_INT_TAG = _TAG + "int"
# The tag of plain scalars seen before (numbers, dates, ids, choices recur in every file), up to a
# size a hostile file cannot grow. Only for the loader's own resolver table (``plain_tag``).
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_KEPT = 20_000
_DECIMAL = re.compile(r"-?[1-9][0-9]*|0")  # whole numbers PyYAML reads as int() does (no 0o, 0x, _, 1:30)
_SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp"))
_COLLECTION_TAGS = frozenset((None, "!", _TAG + "map", _TAG + "seq"))


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader (libyaml's when available), used only for its parts.

    We take its events, its resolver (which plain scalars are numbers, dates...)
    and its constructors for the standard scalar types; we compose the values
    ourselves to know every line and to refuse what the safe loader allows.
    """


def format_path(path: Iterable[str | int]) -> str:
    """("scorecard", "financial", "kpis", 1, "target") -> "scorecard.financial.kpis[1].target".

    An unknown key can be 100,000 characters long (written as "? key"): shortened,
    as in every message that quotes what a file holds.
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = _short(str(part))
            text += f".{name}" if text else name
    return text


_PATH_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def parse_path(text: str) -> FieldPath:
    """The inverse of ``format_path`` (for field names, which never hold "." or "[")."""
    return tuple(int(index) if index else name for index, name in _PATH_PART.findall(text))


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- stage 1: bytes -------------------------------------------------------------


def _size_text(size: int) -> str:
    shown = f"{size / 2**20:.1f}"
    if float(shown) * 2**20 <= MAX_FILE_BYTES:  # "5.0 MB" would not explain the refusal
        return f"{shown} MB ({size:,} bytes)"
    return f"{shown} MB"


def _too_big(size: int, filename: str, what: str = N_("session files")) -> InvalidInput:
    limit = MAX_FILE_BYTES // 2**20
    return InvalidInput(
        [
            Problem(
                _(
                    "file is {size}; secsc reads {what} up to {limit} MB",
                    size=_size_text(size),
                    what=_(what),
                    limit=limit,
                ),
                file=filename,
            )
        ]
    )


def _decode(data: bytes, filename: str) -> str:
    skipped = 0
    if data.startswith(_UTF8_BOM):
        data, skipped = data[len(_UTF8_BOM) :], len(_UTF8_BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = ""
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            hint = _(" (it looks like UTF-16)")
        message = _(
            "the file is not UTF-8 text{hint}: byte 0x{byte:02x} at offset {offset} (line {line}) cannot be read; "
            "save the file as UTF-8",
            hint=hint,
            byte=data[exc.start],
            offset=exc.start + skipped,
            line=line,
        )
        raise InvalidInput([Problem(message, file=filename, line=line)]) from None


def read_sessions_file(path: str | Path, *, warnings: list[Problem] | None = None) -> list[Session]:
    """Read a session file: size limit, UTF-8 check, then ``load_sessions``.

    Raises InvalidInput for anything wrong with the file, including a file that
    cannot be opened. Warnings are appended to ``warnings`` as in ``load_sessions``.
    """
    return load_sessions(read_yaml_text(path), filename=str(path), warnings=warnings)


def read_yaml_text(path: str | Path, *, what: str = N_("session files")) -> str:
    """The text of a secsc YAML file (sessions, the catalogue): size limit and UTF-8 check.

    Raises InvalidInput for anything wrong, including a file that cannot be opened.
    """
    filename = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _too_big(size, filename, what)
            data = handle.read(MAX_FILE_BYTES + 1)  # the file may grow while we read
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InvalidInput([Problem(_("cannot read the file: {reason}", reason=reason), file=filename)]) from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(len(data), filename, what)
    return _decode(data, filename)


# -- stage 2: YAML ----------------------------------------------------------------

# The characters YAML allows in a stream (PyYAML's and libyaml's readers agree).
_NOT_ALLOWED = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _check_characters(text: str, filename: str) -> None:
    found = _NOT_ALLOWED.search(text)
    if found is None:
        return
    pos = found.start()
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    code = ord(found.group())
    kind = _("an unpaired surrogate") if 0xD800 <= code <= 0xDFFF else _("a control character")
    message = _(
        "column {column}: the character U+{code:04X} ({kind}) is not allowed in a YAML file; remove it",
        column=column,
        code=code,
        kind=kind,
    )
    raise InvalidInput([Problem(message, file=filename, line=line)])


_REFUSED = object()  # stands for a value already reported as a problem (an alias, a bad date...)
_EMPTY_DOCUMENT = object()  # a document with no content at all, e.g. after a trailing "---"


class _Document:
    def __init__(self, start_line: int):
        self.start_line = start_line
        self.value: Any = None
        self.lines: dict[FieldPath, int] = {}  # path -> 1-based line of its key or list item
        self.raw: dict[FieldPath, str] = {}  # path -> scalar as written, when not read as text
        self.problems: list[Problem] = []
        self.refused: set[FieldPath] = set()  # values already reported (a bad date...)
        self.entries = 0  # keys and list items read so far
        self.broken = False  # refused structure (alias, tag...): don't validate further
        self.anchor_reported = False

    def line_of(self, path: FieldPath) -> int:
        """The line of ``path``, else of its nearest ancestor present in the file."""
        path = tuple(path)
        while path:
            line = self.lines.get(path)
            if line is not None:
                return line
            path = path[:-1]
        return self.lines.get((), self.start_line)


class _Stop(Exception):
    """Reading stops here and the file is refused: a size limit was passed, or too many problems found."""

    def __init__(self, problem: Problem | None = None):
        super().__init__(problem.message if problem else _("too many problems"))
        self.problem = problem


def implicit_resolvers(loader: _Loader) -> dict[Any, list[tuple[str, re.Pattern[str]]]] | None:
    """The resolver's table, read as ``loader.resolve`` reads it (a plain scalar's tag by its
    first character); None if anything makes ``resolve`` do more than that."""
    resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = loader.yaml_implicit_resolvers
    plain = not loader.yaml_path_resolvers and not resolvers.get(None)
    return resolvers if plain else None


def plain_tag(implicit: dict[Any, list[tuple[str, re.Pattern[str]]]], value: str) -> str:
    """The tag of a plain scalar, as ``loader.resolve`` gives it (remembered for values seen before)."""
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = _STR_TAG
        for resolved, regexp in implicit.get(value[0] if value else "", ()):
            if regexp.match(value):
                tag = resolved
                break
        if len(_PLAIN_TAGS) < _PLAIN_TAGS_KEPT and len(value) <= 40:
            _PLAIN_TAGS[value] = tag
    return tag


def plain_value(loader: _Loader, implicit: dict[Any, list[tuple[str, re.Pattern[str]]]], value: str) -> Any:
    """A plain scalar's value as the safe loader makes it, without its marks (for the quick readings).

    Raises whatever the constructor raises for a value it cannot make (a date out of range...).
    """
    tag = plain_tag(implicit, value)
    if tag == _STR_TAG or tag not in _SCALAR_TAGS:
        return value
    if tag == _INT_TAG and _DECIMAL.fullmatch(value):  # as PyYAML's constructor reads it
        return int(value)
    return _Loader.yaml_constructors[tag](loader, yaml.ScalarNode(tag, value))


class _Composer:
    """Turns the loader's events into plain values, a line map and problems."""

    def __init__(self, loader: _Loader, filename: str):
        self.loader = loader
        self.filename = filename
        self.doc = _Document(1)
        self.count = 0  # documents started
        self.finished = True  # whether self.doc was read to its end
        self._implicit = implicit_resolvers(loader)

    def documents(self) -> Iterator[_Document]:
        """Each document of the stream as soon as it is read.

        Raises yaml.YAMLError on a syntax error, _Stop past a size limit or after too many problems.
        """
        loader = self.loader
        loader.get_event()  # StreamStart
        while not loader.check_event(yaml.StreamEndEvent):
            start = loader.get_event()  # DocumentStart
            self.doc = _Document(start.start_mark.line + 1)
            self.finished = False
            self.count += 1
            self.doc.value = self._node((), 0, root=True)
            loader.get_event()  # DocumentEnd
            trailing_separator = self.doc.value is _EMPTY_DOCUMENT and loader.check_event(yaml.StreamEndEvent)
            if self.count > MAX_SESSIONS_PER_FILE and not trailing_separator:
                raise _Stop(
                    Problem(
                        _(
                            "the file holds more than {MAX_SESSIONS_PER_FILE:,} documents; "
                            "secsc reads up to {MAX_SESSIONS_PER_FILE:,} sessions from one file "
                            "(export to a folder instead: one file per session)",
                            MAX_SESSIONS_PER_FILE=MAX_SESSIONS_PER_FILE,
                        ),
                        file=self.filename,
                        line=self.doc.start_line,
                    )
                )
            self.finished = True
            yield self.doc

    def _entry(self, path: FieldPath, line: int) -> None:
        """Count one key or list item of the current document."""
        self.doc.entries += 1
        if self.doc.entries > MAX_SESSION_ENTRIES:
            self._too_many_entries(path, line)

    def _too_many_entries(self, path: FieldPath, line: int) -> None:
        raise _Stop(
            Problem(
                _(
                    "the session that starts at line {start_line} has more than {MAX_SESSION_ENTRIES:,} "
                    "keys and list items; "
                    "secsc reads sessions up to that size",
                    start_line=self.doc.start_line,
                    MAX_SESSION_ENTRIES=MAX_SESSION_ENTRIES,
                ),
                path=format_path(path),
                file=self.filename,
                line=line,
            )
        )

    def _problem(self, message: str, path: FieldPath, line: int, *, broken: bool = False) -> None:
        if len(self.doc.problems) >= MAX_PROBLEMS_FOUND:
            raise _Stop()
        self.doc.problems.append(Problem(message, path=format_path(path), file=self.filename, line=line))
        if broken:
            self.doc.broken = True

    def _node(self, path: FieldPath, depth: int, *, root: bool = False) -> Any:
        event = self.loader.get_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            self._refuse_anchor(f"*{event.anchor}", path, line)
            return _REFUSED
        if event.anchor is not None:
            self._refuse_anchor(f"&{event.anchor}", path, line)
        if root:
            self.doc.lines[()] = line
        if isinstance(event, yaml.ScalarEvent):
            if root and event.value == "" and not event.style and event.tag is None:
                return _EMPTY_DOCUMENT
            return self._scalar(event, path, line)
        if depth >= MAX_DEPTH:
            self._problem(
                _("the data is nested more than {MAX_DEPTH} levels deep", MAX_DEPTH=MAX_DEPTH), path, line, broken=True
            )
            self._skip_collection()
            return _REFUSED
        if event.tag not in _COLLECTION_TAGS:
            self._refuse_tag(event.tag, path, line)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            peek = self.loader.peek_event
            while type(next_event := peek()) is not yaml.SequenceEndEvent:
                item_path = (*path, len(items))
                item_line = next_event.start_mark.line + 1
                if len(items) == MAX_LIST_ITEMS:
                    raise _Stop(
                        Problem(
                            _(
                                "the list has more than {MAX_LIST_ITEMS:,} items; "
                                "secsc reads lists of up to {MAX_LIST_ITEMS:,} items",
                                MAX_LIST_ITEMS=MAX_LIST_ITEMS,
                            ),
                            path=format_path(path),
                            file=self.filename,
                            line=line,
                        )
                    )
                self._entry(item_path, item_line)
                self.doc.lines[item_path] = item_line
                items.append(self._value(item_path, depth + 1))
            self.loader.get_event()
            return items
        return self._mapping(path, depth)

    def _mapping(self, path: FieldPath, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        loader = self.loader
        doc = self.doc
        lines = doc.lines
        peek, get = loader.peek_event, loader.get_event
        plain = self._implicit is not None
        # The loop of every key of every session: checks inlined, the cases that are not
        # plain keys left to the methods.
        while type(key_event := peek()) is not yaml.MappingEndEvent:
            line = key_event.start_mark.line + 1
            if type(key_event) is not yaml.ScalarEvent:
                self._entry((*path, "?"), line)
                self._node((*path, "?"), depth + 1)  # consume (and check) the odd key
                if not isinstance(key_event, yaml.AliasEvent):
                    self._problem(_("a key must be a plain name, not a list or a mapping"), path, line, broken=True)
                self._node((*path, "?"), depth + 1)
                continue
            get()
            if key_event.anchor is not None:
                self._refuse_anchor(f"&{key_event.anchor}", path, line)
            key = key_event.value
            key_path = (*path, key)
            doc.entries += 1
            if doc.entries > MAX_SESSION_ENTRIES:
                self._too_many_entries(key_path, line)
            if key in key_lines:
                self._problem(
                    _(
                        "the key '{key}' appears twice in this mapping (lines {first} and {line}); keep only one",
                        key=_short(key),
                        first=key_lines[key],
                        line=line,
                    ),
                    key_path,
                    line,
                )
                self._node(key_path, depth + 1)  # keep the first, check the second
                continue
            key_lines[key] = line
            lines[key_path] = line
            event = peek()
            if type(event) is yaml.ScalarEvent and event.anchor is None and event.tag is None and plain:
                get()  # what _value does, here for speed
                mapping[key] = self._plain(event, key_path) if event.implicit[0] else event.value
            else:
                mapping[key] = self._node(key_path, depth + 1)
        get()
        return mapping

    def _value(self, path: FieldPath, depth: int) -> Any:
        """``_node`` below the root, the commonest case done here: text without a tag or an anchor."""
        event = self.loader.peek_event()
        if (
            type(event) is not yaml.ScalarEvent
            or event.anchor is not None
            or event.tag is not None
            or self._implicit is None
        ):
            return self._node(path, depth)
        self.loader.get_event()
        return self._plain(event, path) if event.implicit[0] else event.value

    def _plain(self, event: yaml.ScalarEvent, path: FieldPath) -> Any:
        """A plain scalar without a tag or an anchor: what ``loader.resolve`` and the constructors make of it."""
        value = event.value
        tag = plain_tag(self._implicit, value)  # type: ignore[arg-type]
        if tag == _STR_TAG or tag not in _SCALAR_TAGS:
            return value
        if tag == _INT_TAG and _DECIMAL.fullmatch(value):  # as PyYAML's constructor reads it
            self.doc.raw[path] = value
            return int(value)
        line = event.start_mark.line + 1  # type: ignore[union-attr]  # the loader's events always have marks
        return self._scalar(event, path, line)

    def _scalar(self, event: yaml.ScalarEvent, path: FieldPath, line: int) -> Any:
        tag = event.tag
        if tag == "!":  # the non-specific tag: text, whatever it looks like
            return event.value
        if tag is None:
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag not in _SCALAR_TAGS:  # "<<" and "=" have YAML 1.1 meanings we don't use
                return event.value
        elif tag not in _SCALAR_TAGS:
            self._refuse_tag(tag, path, line)
            return _REFUSED
        if tag == _STR_TAG:
            return event.value
        # The stubs take only the pure-Python loader's Mark; CSafeLoader's events carry
        # yaml._yaml.Mark, which the constructors use the same way (for messages).
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)  # type: ignore[arg-type]
        try:
            value = _Loader.yaml_constructors[tag](self.loader, node)
        except Exception as exc:  # noqa: BLE001 -- PyYAML's constructors on explicit tags fail in many ways
            # ("!!timestamp nope": AttributeError, "!!bool maybe": KeyError); each is a wrong value here.
            kind = tag.removeprefix(_TAG)
            kind = {
                "timestamp": _("date or time"),
                "int": _("whole number"),
                "float": _("number"),
                "bool": _("true or false value"),
            }.get(kind, kind)
            why = f" ({exc})" if type(exc) in (ValueError, OverflowError) else ""  # others say nothing useful
            self._problem(
                _("'{value}' is not a valid {kind}{why}", value=_short(event.value), kind=kind, why=why), path, line
            )
            self.doc.refused.add(path)
            return _REFUSED
        self.doc.raw[path] = event.value
        return value

    def _refuse_anchor(self, written: str, path: FieldPath, line: int) -> None:
        # Refused, never followed: nothing is expanded, so an alias bomb costs no
        # more than its own text. One message per document is enough.
        if not self.doc.anchor_reported:
            self.doc.anchor_reported = True
            self._problem(
                _(
                    "anchors and aliases are not supported (found {written}); write each value out in full",
                    written=written,
                ),
                path,
                line,
            )
        self.doc.broken = True

    def _refuse_tag(self, tag: str, path: FieldPath, line: int) -> None:
        shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
        self._problem(
            _("the tag '{shown}' is not supported here; remove it", shown=_short(shown)), path, line, broken=True
        )

    def _skip_collection(self) -> None:
        # Consume the rest of a collection without recursing into it.
        level = 1
        while level:
            event = self.loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                level += 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                level -= 1


def _yaml_error(exc: yaml.YAMLError, text: str, filename: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is None or problem is None:
        return Problem(_("the file is not valid YAML: {value}", value=_short(str(exc), 200)), file=filename)
    message = _("column {column}: the YAML is not well formed: {problem}", column=mark.column + 1, problem=problem)
    lines = text.split("\n")
    if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        problem += _("; tabs cannot indent YAML, use spaces")
        message = _("column {column}: the YAML is not well formed: {problem}", column=mark.column + 1, problem=problem)
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line != mark.line:
        message += _(" ({context} that starts at line {line})", context=context, line=context_mark.line + 1)
    elif context:
        message += f" ({context})"
    return Problem(message, file=filename, line=mark.line + 1)


# -- stage 3: model -----------------------------------------------------------------


def _found(value: Any, raw: str | None) -> str:
    """What was found, in words: "a number (2024)", "text 'below'", "a list"."""
    if value is None:
        return _("nothing") if not raw else _("{raw} (an empty value)", raw=raw)
    if isinstance(value, bool):
        written = raw or str(value).lower()
        return (
            written
            if written.lower() in ("true", "false")
            else _("{written} (read as {value})", written=written, value=str(value).lower())
        )
    if isinstance(value, (int, float)):
        return _("a number ({value})", value=raw or value)
    if isinstance(value, str):
        return _("text '{value}'", value=_short(value))
    if isinstance(value, dt.datetime):
        return _("a date and time ({value})", value=raw or value)
    if isinstance(value, dt.date):
        return _("a date ({value})", value=raw or value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping (keys with values)")
    return type(value).__name__


def _unwrap(annotation: Any, metadata: list[Any]) -> Any:
    """Strip Optional and Annotated from a type, collecting the constraints."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            for item in extra:
                metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _type_at(loc: tuple[str | int, ...], root: type[BaseModel] = Session) -> tuple[Any, list[Any]]:
    """The type expected at ``loc`` in a ``root`` (a Session), and its constraints (Ge, Le...)."""
    annotation: Any = root
    metadata: list[Any] = []
    for part in loc:
        metadata = []
        if isinstance(part, int):
            if get_origin(annotation) is not list:
                return None, []
            annotation = _unwrap(get_args(annotation)[0], metadata)
        else:
            if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
                return None, []
            info = annotation.model_fields.get(part)
            if info is None:
                return None, []
            metadata = list(info.metadata)
            annotation = _unwrap(info.annotation, metadata)
    return annotation, metadata


def _whole_number(metadata: list[Any]) -> str:
    low = next((m.ge for m in metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in metadata if isinstance(m, annotated_types.Le)), None)
    if low is not None and high is not None:
        return _("a whole number from {low:,} to {high:,}", low=low, high=high)
    if low is not None:
        return _("a whole number of {low:,} or more", low=low)
    if high is not None:
        return _("a whole number of {high:,} or less", high=high)
    return _("a whole number")


def _unknown_key(loc: tuple[str | int, ...], root: type[BaseModel]) -> str:
    key = str(loc[-1])
    model, _shape = _type_at(loc[:-1], root)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return _("unknown key '{key}'", key=_short(key))
    allowed = list(model.model_fields)
    by_lower = {name.lower(): name for name in allowed}
    close = difflib.get_close_matches(key.lower(), list(by_lower), n=1, cutoff=0.6)
    hint = _("; did you mean '{value}'?", value=by_lower[close[0]]) if close else ";"
    return _(
        "unknown key '{key}'{hint} the keys allowed here are: {items}",
        key=_short(key),
        hint=hint,
        items=", ".join(allowed),
    )


_NUMBER_TEXT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def describe_error(error: Mapping[str, Any], raw: str | None = None, root: type[BaseModel] = Session) -> str:
    """A pydantic error on a ``root`` document (a Session), in words a trainer understands.

    ``error`` is one of pydantic's ``ErrorDetails`` or an ``upgrade.UpgradeError`` shaped like one.
    """
    kind, loc = error["type"], error["loc"]
    value: Any = error.get("input")  # whatever the file held there: any YAML value
    ctx = error.get("ctx") or {}
    found = _found(value, raw)
    if kind == "missing":
        return _("the required key '{key}' is missing", key=loc[-1]) if loc else _("a required key is missing")
    if kind == "extra_forbidden":
        return _unknown_key(loc, root)
    if kind == "string_type":
        if value is None:
            return _('expected text, found nothing; write the text, or "" for none')
        if isinstance(value, (list, dict)):
            return _("expected text, found {found}", found=found)
        return _("expected text, found {found} — put it in quotes", found=found)
    if kind == "string_too_long":
        return _(
            "the text is too long ({length:,} characters); at most {limit:,}",
            length=len(value),
            limit=ctx.get("max_length", 0),
        )
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            return _(
                "'{value}' is not a valid id: use 1 to 64 letters, digits, '_', '.' or '-', "
                "starting with a letter or digit",
                value=_short(value),
            )
        return _("'{value}' does not have the expected form", value=_short(value))
    if kind in (
        "int_type",
        "int_parsing",
        "int_from_float",
        "greater_than_equal",
        "less_than_equal",
        "greater_than",
        "less_than",
    ):
        _shape, metadata = _type_at(loc, root)
        message = _(
            "expected {metadata}, found {value}",
            metadata=_whole_number(metadata),
            value=found if kind.endswith("type") else value,
        )
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            message += _(" — remove the quotes")
        return message
    if kind == "enum":
        choices = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        shown = f"'{_short(value)}'" if isinstance(value, str) else found
        return _("expected one of: {items}; found {shown}", items=", ".join(choices), shown=shown)
    if kind == "number_type":
        message = _("expected a number, found {found}", found=found)
        if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
            message += _(" — remove the quotes")
        return message
    if kind == "finite_number":
        return _("expected a finite number, found {value}", value=raw or value)
    if kind == "date_type":
        if isinstance(value, dt.datetime):
            return _("expected a date like 2026-03-31, found {found}; leave out the time", found=found)
        return _("expected a date like 2026-03-31, found {found}", found=found)
    if kind == "datetime_type":
        if isinstance(value, dt.date):
            return _("expected a date and time like 2025-08-26T09:00:00Z, found {found}; add the time", found=found)
        return _("expected a date and time like 2025-08-26T09:00:00Z, found {found}", found=found)
    if kind in ("bool_type", "bool_parsing"):
        return _("expected true or false, found {found}", found=found)
    if kind == "list_type":
        return _("expected a list (one '- item' per line, or [a, b]), found {found}", found=found)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("expected a mapping (keys with values) here, found {found}", found=found)
    return str(error.get("msg", "invalid value"))


def validation_problems(
    exc: ValidationError, doc: _Document, filename: str, root: type[BaseModel] = Session
) -> list[Problem]:
    """A validation error of one document as problems with line and field path."""
    problems: list[Problem] = []
    for error in exc.errors():
        if len(problems) >= MAX_PROBLEMS_FOUND:
            break  # reading stops there anyway
        loc = tuple(error["loc"])
        if doc.refused and any(loc[:n] in doc.refused for n in range(1, len(loc) + 1)):
            continue  # already reported while reading the YAML
        line = doc.line_of(loc[:-1] if error["type"] == "missing" else loc)
        problems.append(
            Problem(describe_error(error, doc.raw.get(loc), root), path=format_path(loc), file=filename, line=line)
        )
    return problems


def _check_version(data: dict[str, Any], doc: _Document, filename: str) -> Problem | None:
    """schema_version is required, and must be one this secsc reads."""
    path: FieldPath = ("schema_version",)

    def problem(message: str) -> Problem:
        return Problem(message, path="schema_version", file=filename, line=doc.line_of(path))

    if "schema_version" not in data:
        return problem(
            _(
                "schema_version is missing; a session starts with 'schema_version: {SCHEMA_VERSION}'",
                SCHEMA_VERSION=SCHEMA_VERSION,
            )
        )
    version = data["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int):
        return problem(
            _(
                "schema_version must be a whole number such as {SCHEMA_VERSION}, found {version}",
                SCHEMA_VERSION=SCHEMA_VERSION,
                version=_found(version, doc.raw.get(path)),
            )
        )
    if version > SCHEMA_VERSION:
        return problem(
            _(
                "this file was written by a newer secsc (schema_version {version}); "
                "this version reads schema_version {SCHEMA_VERSION} — upgrade secsc",
                version=version,
                SCHEMA_VERSION=SCHEMA_VERSION,
            )
        )
    if version < 1:
        return problem(
            _("schema_version {version} does not exist; session files start at schema_version 1", version=version)
        )
    return None


def _session(doc: _Document, filename: str) -> tuple[Session | None, list[Problem]]:
    """Validate one composed document; problems include the rules' warnings."""
    data = doc.value
    if not isinstance(data, dict):
        what = _found(data, None)
        return None, [
            Problem(
                _("expected a session (a mapping with keys such as id, title), found {what}", what=what),
                file=filename,
                line=doc.line_of(()),
            )
        ]
    version_problem = _check_version(data, doc, filename)
    if version_problem is not None:
        return None, [version_problem]
    data, upgrade_errors = upgrade(data, data["schema_version"])
    if upgrade_errors:
        return None, [
            Problem(
                describe_error(error, doc.raw.get(error["loc"])),
                path=format_path(error["loc"]),
                file=filename,
                line=doc.line_of(error["loc"]),
            )
            for error in upgrade_errors
        ]
    try:
        session = Session.model_validate(data)
    except ValidationError as exc:
        return None, validation_problems(exc, doc, filename)
    problems = [
        Problem(p.message, path=p.path, file=filename, line=doc.line_of(parse_path(p.path)), severity=p.severity)
        for p in check_session(session)
    ]
    return session, problems


# -- the whole file ------------------------------------------------------------------


class _Kept:
    """The problems a report will show: the first ``MAX_PROBLEMS`` by line, and how many in all.

    A hostile file can hold a million mistakes; only those shown are kept, so memory
    stays flat. The result is the same as sorting every problem by line (ties: what
    reading the YAML found, then what validating found, each in the order found)
    and cutting the list.
    """

    def __init__(self, filename: str):
        self.filename = filename
        self.total = 0
        self._heap: list[tuple[int, int, int, Problem]] = []  # the kept, as a max-heap

    def add(self, problem: Problem, *, validation: bool = False) -> None:
        self.total += 1
        key = (-(problem.line or 0), -int(validation), -self.total, problem)
        if len(self._heap) < MAX_PROBLEMS:
            heapq.heappush(self._heap, key)
        elif key > self._heap[0]:  # it comes before the last one kept
            heapq.heapreplace(self._heap, key)

    @property
    def full(self) -> bool:
        return self.total >= MAX_PROBLEMS_FOUND

    def problems(self, *, stopped: bool = False) -> list[Problem]:
        kept = [problem for *_, problem in sorted(self._heap, reverse=True)]
        rest = self.total - len(kept)
        if stopped:
            kept.append(
                Problem(
                    ngettext(
                        "… and {n} more problem; secsc stopped reading the file after {total} problems",
                        "… and {n} more problems; secsc stopped reading the file after {total} problems",
                        rest,
                        total=f"{self.total:,}",
                    ),
                    file=self.filename,
                )
            )
        elif rest:
            kept.append(
                Problem(ngettext("… and {n} more problem", "… and {n} more problems", rest), file=self.filename)
            )
        return kept


def cap_problems(problems: list[Problem], filename: str) -> list[Problem]:
    """The problems in line order, at most ``MAX_PROBLEMS`` of them and a line saying how many more."""
    kept = _Kept(filename)
    for problem in problems:
        kept.add(problem)
    return kept.problems()


def _checked_text(text: str, filename: str, what: str) -> str:
    """Stage 1 for a text: its size and characters; the text without its byte-order mark."""
    if len(text) > MAX_FILE_BYTES:
        raise _too_big(len(text.encode("utf-8", "replace")), filename, what)
    _check_characters(text, filename)  # also catches unpaired surrogates before encoding
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise _too_big(size, filename, what)
    return text[1:] if text.startswith(_BOM) else text


def _stream_documents(text: str, filename: str, kept: _Kept) -> Iterator[_Document]:
    """Stage 2: each non-empty YAML document of a checked text (``_checked_text``) as soon as it is read.

    The problems found reading a document go to ``kept`` before it is yielded; the
    reader adds its own before asking for the next one. A syntax error, a size limit
    or too many problems end the stream with InvalidInput holding what ``kept`` has.
    """
    loader = _Loader(text)
    composer = _Composer(loader, filename)
    try:
        for doc in composer.documents():
            if doc.value is _EMPTY_DOCUMENT:
                continue
            for problem in doc.problems:
                kept.add(problem)
            yield doc  # the reader validates it, then lets it go
            if kept.full:
                raise _Stop()
    except (yaml.YAMLError, _Stop) as exc:
        # What was found before is still worth reporting, with the reason the reading stopped.
        if not composer.finished:
            for problem in composer.doc.problems:
                kept.add(problem)
        if isinstance(exc, yaml.YAMLError):
            kept.add(_yaml_error(exc, text, filename))
        elif exc.problem is not None:
            kept.add(exc.problem)
        too_many = isinstance(exc, _Stop) and exc.problem is None
        raise InvalidInput(kept.problems(stopped=too_many)) from None
    finally:
        loader.dispose()


def parse_documents(text: str, filename: str, *, what: str = N_("session files")) -> list[_Document]:
    """Stages 1 and 2 for a text: size, characters, then its YAML documents, empty ones left out.

    Each document has its plain ``value``, the line of every key and list item, and
    the problems found while reading it. Raises InvalidInput on a YAML syntax error
    or past a size limit.
    """
    return list(_stream_documents(_checked_text(text, filename, what), filename, _Kept(filename)))


def _read_document(doc: _Document, filename: str, kept: _Kept, warnings: list[Problem]) -> Session | None:
    """The document's session, or None; its problems go to ``kept``, its warnings to ``warnings``."""
    if doc.broken:
        return None
    session, problems = _session(doc, filename)
    for problem in problems:
        if problem.severity == "error":
            kept.add(problem, validation=True)
        else:
            warnings.append(problem)
    return session


def load_sessions(text: str, *, filename: str = "<string>", warnings: list[Problem] | None = None) -> list[Session]:
    """The sessions in a YAML text: one per document, in file order.

    Raises InvalidInput with every problem found if any document is invalid (the
    file is all or nothing). Empty documents (a trailing ``---``) are skipped, but
    a text without any session is refused. When the file is accepted, the rules'
    warnings (problems with severity "warning") are appended to ``warnings`` if it
    is given; they never refuse the file.
    """
    from secsc_tui.core.yaml_quick import quick_sessions  # it builds on this module

    text = _checked_text(text, filename, N_("session files"))
    # Most files have no problem at all: read without noting lines, unless anything is amiss.
    quick = quick_sessions(text)
    if quick is not None:
        return quick
    return careful_sessions(text, filename=filename, warnings=warnings)


def careful_sessions(text: str, *, filename: str = "<string>", warnings: list[Problem] | None = None) -> list[Session]:
    """``load_sessions`` noting the line of everything, to show each problem where it is.

    ``text`` is as ``_checked_text`` gives it (``load_sessions`` has checked it once for both readings).
    """
    kept = _Kept(filename)
    sessions: list[Session] = []
    found_warnings: list[Problem] = []
    first_line_of_id: dict[str, int] = {}
    holds_a_session = False
    for doc in _stream_documents(text, filename, kept):
        holds_a_session = True
        session = _read_document(doc, filename, kept, found_warnings)
        if session is None:
            continue
        sessions.append(session)
        line = doc.line_of(("id",))
        if session.id in first_line_of_id:
            kept.add(
                Problem(
                    _(
                        "session id '{id}' is used by two documents of this file (lines {first} and {line}); "
                        "each session needs its own id",
                        id=session.id,
                        first=first_line_of_id[session.id],
                        line=line,
                    ),
                    path="id",
                    file=filename,
                    line=line,
                )
            )
        else:
            first_line_of_id[session.id] = line

    if not holds_a_session:
        raise InvalidInput([Problem(_("the file is empty: it holds no session"), file=filename)])
    if kept.total:
        raise InvalidInput(kept.problems())
    if warnings is not None:
        warnings.extend(found_warnings)
    return sessions
