"""Writing sessions as YAML: the diff-friendly exchange format.

One session per YAML document, keys in the order of the model's fields
(``schema_version`` first). The output is meant to be read and edited by hand and
kept under version control, so:

- sections (organisation, people, gap_analysis.*, strategic_goal, approach,
  evaluation, progress, scorecard) always show every field, so an editor sees the
  shape of the format; list items (participants, goals, CSFs, KPIs, actions,
  strategy-map links, responses) leave out fields that hold their default value,
  with ``id`` first (and a scorecard item's ``number`` next);
- multi-line text is a literal block (``|``), Japanese and emoji are written as
  they are, long lines are never folded, and there are no anchors or aliases;
- timestamps are UTC with a ``Z`` and whole seconds, dates are plain YAML dates.

Exporting, importing and exporting again gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from enum import Enum

import yaml
from pydantic import BaseModel

from secsc_tui.core.model import Session

__all__ = ["dump_data", "dump_session", "dump_sessions", "reads_back_plain", "reference_dump", "session_data"]

# Characters YAML counts as line breaks besides "\n": outside double quotes they
# do not survive a round trip (a NEL comes back as "\n" or a space, a CR is
# normalised), so text holding one is written double-quoted, where they are escaped.
_NEEDS_DOUBLE_QUOTES = re.compile("[\r\x85\u2028\u2029]")

# Plain scalars that PyYAML reads as text but YAML 1.2 tools (yq, Go, JavaScript)
# read as numbers or booleans: quote them too, so the file means the same everywhere.
_LOOKS_TYPED_ELSEWHERE = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|[yYnN]"
)

_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

# Never fold a line: a folded line makes a one-word edit a two-line diff.
_NO_FOLDING = 2**30


class _Dumper(yaml.SafeDumper):
    """SafeDumper with indented block sequences and no aliases: the reference writer.

    ``dump_session`` writes the same text faster (see "emitting" below); this is
    what it is checked against. Its pure-Python emitter is needed because
    libyaml's cannot indent a sequence under its key, and the indented form is
    what people write by hand.
    """

    def ignore_aliases(self, data: object) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # "participants:\n  - id: p1" rather than PyYAML's "participants:\n- id: p1".
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if _NEEDS_DOUBLE_QUOTES.search(data):
        style = '"'
    elif "\n" in data:
        # The emitter falls back to double quotes when a block can't hold the
        # value exactly (trailing spaces, tabs, control characters...).
        style = "|"
    elif _LOOKS_TYPED_ELSEWHERE.fullmatch(data):
        style = "'"
    else:
        style = None  # plain when safe; quoted when it would read back as another type
    return dumper.represent_scalar(_STR_TAG, data, style=style)


def _represent_datetime(dumper: yaml.SafeDumper, data: dt.datetime) -> yaml.ScalarNode:
    # The model keeps timestamps as aware UTC with whole seconds; write them as such.
    return dumper.represent_scalar(_TIMESTAMP_TAG, _timestamp(data))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dt.datetime, _represent_datetime)


# -- model -> plain data ------------------------------------------------------

_defaults_cache: dict[type[BaseModel], dict[str, object]] = {}


def _optional_defaults(model_class: type[BaseModel]) -> dict[str, object]:
    """Field name -> default, for the fields an item may leave out (not ``id``)."""
    defaults = _defaults_cache.get(model_class)
    if defaults is None:
        defaults = {
            name: info.get_default(call_default_factory=True)
            for name, info in model_class.model_fields.items()
            if name != "id" and not info.is_required()
        }
        _defaults_cache[model_class] = defaults
    return defaults


def _value(value: object) -> object:
    if isinstance(value, BaseModel):
        return _section(value)
    if isinstance(value, list):
        return [_item(v) if isinstance(v, BaseModel) else _value(v) for v in value]
    if isinstance(value, dict):  # keyed by an enum, such as a card's last numbers by column
        return {(key.value if isinstance(key, Enum) else key): _value(item) for key, item in value.items()}
    if isinstance(value, Enum):
        return value.value
    return value


def _section(model: BaseModel) -> dict[str, object]:
    """Every field, in model order: the shape stays visible to a hand editor."""
    return {name: _value(getattr(model, name)) for name in type(model).model_fields}


_MISSING = object()


def _item(model: BaseModel) -> dict[str, object]:
    """A list item: its id first, then only the fields that differ from their default."""
    defaults = _optional_defaults(type(model))
    data: dict[str, object] = {}
    if "id" in type(model).model_fields:
        data["id"] = model.id  # type: ignore[attr-defined]
    for name in type(model).model_fields:
        if name == "id":
            continue
        value = getattr(model, name)
        default = defaults.get(name, _MISSING)
        if value == default and type(value) is type(default):
            continue
        data[name] = _value(value)
    return data


def session_data(session: Session) -> dict[str, object]:
    """The session as the plain, ordered data that is written to YAML."""
    return _section(session)


# -- emitting -------------------------------------------------------------------
#
# PyYAML's pure-Python emitter takes about 8 ms for a 50-item session, and
# libyaml's cannot indent sequences. The data written here has one simple shape
# (mappings with plain field names, lists, scalars), so it is emitted directly,
# walking the models themselves; every decision about a scalar (plain, quoted or
# a literal block) is PyYAML's own, through its emitter's analysis and resolver,
# except for text whose answer is certain (``_CERTAINLY_PLAIN``,
# ``_CERTAINLY_LITERAL``). ``reference_dump`` is the same document written by
# PyYAML's emitter: the tests check the two agree, for any text.

_RESOLVER = yaml.resolver.Resolver()
# The tag a scalar would be read with (kind, value, implicit); types-PyYAML leaves it untyped.
_resolve_tag: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = _RESOLVER.resolve
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")


def _double_quoted(text: str) -> str:
    return yaml.dump(
        text, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=_NO_FOLDING
    ).removesuffix("\n")


def _float(value: float) -> str:
    # As SafeRepresenter.represent_float writes it (a session only holds finite values).
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


# PyYAML's Emitter.analyze_scalar (allow_unicode=True) walks a string one character
# at a time in Python: three quarters of an export. ``_styles`` reaches the same three
# answers with regular expressions (a test compares the two on arbitrary text).
_BREAK = "\n\x85\u2028\u2029"
_SPACE = "\0 \t\r" + _BREAK  # what counts as whitespace around an indicator
# Neither printable ASCII, "\n", nor a printable non-ASCII character (allow_unicode).
# (Written as the characters left out: the class of those let in takes the regex compiler
# 5 ms at every start.)
_SPECIAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff\U0010ffff]")
_LINE_BREAK = re.compile(f"[{_BREAK}]")
_BREAK_THEN_SPACE = re.compile(f"[{_BREAK}] ")
_SPACE_THEN_BREAK = re.compile(f" [{_BREAK}]")
# Block indicators: a document marker or an indicator first, ": " or " #" anywhere.
_FIRST_INDICATOR = re.compile(f"---|\\.\\.\\.|[#,\\[\\]{{}}&*!|>'\"%@`]|[?:\\-](?:[{_SPACE}]|\\Z)")
_COLON_INDICATOR = re.compile(f":(?:[{_SPACE}]|\\Z)")
_HASH_INDICATOR = re.compile(f"[{_SPACE}]#")


def _styles(text: str) -> tuple[bool, bool, bool]:
    """(block plain, single-quoted, literal block) allowed: Emitter.analyze_scalar's answers for ``text``."""
    if not text:
        return True, True, False
    special = _SPECIAL.search(text) is not None
    space_break = _SPACE_THEN_BREAK.search(text) is not None
    break_space = _BREAK_THEN_SPACE.search(text) is not None
    trailing_space = text[-1] == " "
    plain = not (
        special
        or space_break
        or break_space
        or trailing_space
        or text[0] == " "
        or text[0] in _BREAK
        or text[-1] in _BREAK
        or _LINE_BREAK.search(text)
        or _FIRST_INDICATOR.match(text)
        or _COLON_INDICATOR.search(text, 1)
        or _HASH_INDICATOR.search(text)
    )
    single_quoted = not (special or space_break or break_space)
    block = not (special or space_break or trailing_space)
    return plain, single_quoted, block


# Text whose style needs no analysis, the usual case: for these, PyYAML's analysis and
# resolver give the answer written below (a property test checks it against PyYAML's
# emitter); anything else takes the full path. Quiet characters are the printable ones
# less the few that need thought: ":" and "#" may be indicators, NEL and U+2028/2029 are
# line breaks, U+FEFF is special. (Written as what is left out: a class of every printable
# character takes the regex compiler three times as long, at every start.)
_NOT_PRINTABLE = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U0010ffff"
_QUIET = f"[^:#\n{_NOT_PRINTABLE}]"
_QUIET_NOT_SPACE = f"[^ :#\n{_NOT_PRINTABLE}]"
# Plain: a letter (ASCII or Japanese) first, no space at either end, no line break.
_CERTAINLY_PLAIN = re.compile(f"[A-Za-z\u3040-\u30ff\u4e00-\u9fff](?:{_QUIET}*{_QUIET_NOT_SPACE})?")
# Letters that may start a boolean or null ("yes", "off", "Null"...): those words are resolved.
_MAY_START_A_TYPE = frozenset("yYnNtTfFoO")
# A literal block: no line break but "\n", nothing special, no space at the end of a line
# (" \n" is looked for apart).
_CERTAINLY_LITERAL = re.compile(f"[^{_NOT_PRINTABLE}]*[^ {_NOT_PRINTABLE}]")
_SPACE_BEFORE_BREAK = " \n"


def reads_back_plain(text: str) -> bool:
    """Whether ``text`` written plain after "key: " or "- " reads back as these very characters
    (before its type is resolved): PyYAML's emitter's own answer, the usual text without asking."""
    return _CERTAINLY_PLAIN.fullmatch(text) is not None or _styles(text)[0]


_Heads = tuple[tuple[str, str], ...]
_heads_cache: dict[tuple[type[BaseModel], int], _Heads] = {}


def _heads(model_class: type[BaseModel], indent: int) -> _Heads:
    """(field name, "name:" at ``indent``) for each of the model's fields, in model order."""
    heads = _heads_cache.get((model_class, indent))
    if heads is None:
        for name in model_class.model_fields:
            if not _FIELD_NAME.fullmatch(name):
                raise ValueError(f"not a field name: {name!r}")
        pad = " " * indent
        heads = tuple((name, f"{pad}{name}:") for name in model_class.model_fields)
        _heads_cache[(model_class, indent)] = heads
    return heads


_ItemFields = tuple[bool, tuple[tuple[str, str, object], ...]]
_item_fields_cache: dict[tuple[type[BaseModel], int], _ItemFields] = {}


def _item_fields(model_class: type[BaseModel], indent: int) -> _ItemFields:
    """Whether the item has an ``id``; (name, "name:" at ``indent``, default) of its other fields.

    A field without a default gets ``_MISSING``, which no value equals.
    """
    found = _item_fields_cache.get((model_class, indent))
    if found is None:
        defaults = _optional_defaults(model_class)
        heads = _heads(model_class, indent)
        has_id = "id" in model_class.model_fields
        found = has_id, tuple((name, head, defaults.get(name, _MISSING)) for name, head in heads if name != "id")
        _item_fields_cache[(model_class, indent)] = found
    return found


class _Writer:
    """Writes plain data, or models as ``session_data`` turns them into plain data, in one walk."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.keep_block_end = -1  # len(parts) just after the last "|+" block

    @property
    def open_ended(self) -> bool:
        """The last thing written was a "|+" block."""
        return self.keep_block_end == len(self.parts)

    def mapping(self, data: dict[str, object], indent: int, first: str | None = None) -> None:
        pad = " " * indent
        for key, value in data.items():
            if not _FIELD_NAME.fullmatch(key):
                raise ValueError(f"not a field name: {key!r}")
            self.value(f"{first if first is not None else pad}{key}:", value, indent)
            first = None

    def section(self, model: BaseModel, indent: int) -> None:
        """Every field, in model order (``_section``), under a head already written."""
        value, parts, plain = self.value, self.parts, _CERTAINLY_PLAIN.fullmatch
        values = model.__dict__  # a model's field values (pydantic keeps them there)
        for name, head in _heads(type(model), indent):
            field = values[name]
            if type(field) is str and plain(field) and field[0] not in _MAY_START_A_TYPE:
                parts.append(f"{head} {field}\n")  # as self.string writes it, without the call
            else:
                value(head, field, indent)

    def item(self, model: BaseModel, indent: int, dash: str) -> None:
        """A list item after ``dash``: its id, then the fields that differ from their default (``_item``)."""
        has_id, fields = _item_fields(type(model), indent + 2)
        values = model.__dict__  # a model's field values (pydantic keeps them there)
        parts, plain = self.parts, _CERTAINLY_PLAIN.fullmatch
        first: str | None = dash  # until a field is written, the next one's head starts with it
        if has_id:
            self.value(f"{dash}id:", values["id"], indent + 2)
            first = None
        for name, head, default in fields:
            value = values[name]
            if default is not _MISSING and type(value) is type(default) and value == default:
                continue
            if first is not None:
                head, first = f"{first}{name}:", None
            # The usual values as self.value writes them, without the call.
            kind = type(value)
            if kind is int or (kind is str and plain(value) and value[0] not in _MAY_START_A_TYPE):
                parts.append(f"{head} {value}\n")
            elif kind is list and value:
                parts.append(head + "\n")
                self.sequence(value, indent + 4)
            else:
                self.value(head, value, indent + 2)
        if first is not None:  # every field at its default, and no id
            self.value(dash[:-1], {}, indent)

    def sequence(self, items: list[object], indent: int, first: str | None = None) -> None:
        pad = " " * indent
        parts, plain = self.parts, _CERTAINLY_PLAIN.fullmatch
        for item in items:
            dash = f"{first if first is not None else pad}- "
            first = None
            kind = type(item)
            if kind is int or (kind is str and plain(item) and item[0] not in _MAY_START_A_TYPE):  # type: ignore[call-overload,index]
                parts.append(f"{dash}{item}\n")  # tags and links, as self.value writes them, without the call
            elif isinstance(item, BaseModel):
                self.item(item, indent, dash)
            elif isinstance(item, dict) and item:
                self.mapping(_plain_keys(item), indent + 2, dash)
            elif isinstance(item, list) and item:
                self.sequence(item, indent + 2, dash)
            else:
                self.value(dash[:-1], item, indent)

    def value(self, head: str, value: object, indent: int) -> None:
        """``head`` is "key:" or "-" at ``indent``; write the value that follows it."""
        parts = self.parts
        kind = type(value)
        # The usual types first, by identity; subclasses (enums...) below.
        if kind is str:
            self.string(head, value, indent)  # type: ignore[arg-type]
        elif value is None:
            parts.append(head + " null\n")
        elif kind is bool:
            parts.append(head + (" true\n" if value else " false\n"))
        elif kind is int:
            parts.append(f"{head} {value}\n")
        elif kind is list:
            if value:
                parts.append(head + "\n")
                self.sequence(value, indent + 2)  # type: ignore[arg-type]
            else:
                parts.append(head + " []\n")
        elif isinstance(value, Enum):
            written = _enum_scalars.get(value)
            if written is None:
                written = _enum_scalars[value] = _scalar(value.value)
            if written:
                parts.append(head + written)
            else:
                self.value(head, value.value, indent)
        elif isinstance(value, BaseModel):
            if _heads(type(value), indent + 2):
                parts.append(head + "\n")
                self.section(value, indent + 2)
            else:
                parts.append(head + " {}\n")
        elif isinstance(value, dict):
            if value:
                parts.append(head + "\n")
                self.mapping(_plain_keys(value), indent + 2)
            else:
                parts.append(head + " {}\n")
        elif isinstance(value, list):
            if value:
                parts.append(head + "\n")
                self.sequence(value, indent + 2)
            else:
                parts.append(head + " []\n")
        elif isinstance(value, str):
            self.string(head, value, indent)
        elif isinstance(value, bool):
            parts.append(head + (" true\n" if value else " false\n"))
        elif isinstance(value, int):
            parts.append(f"{head} {value}\n")
        elif isinstance(value, float):
            parts.append(f"{head} {_float(value)}\n")
        elif isinstance(value, dt.datetime):
            parts.append(f"{head} {_timestamp(value)}\n")
        elif isinstance(value, dt.date):
            parts.append(f"{head} {value.isoformat()}\n")
        else:
            raise TypeError(f"cannot write a {type(value).__name__} to YAML")

    def string(self, head: str, text: str, indent: int) -> None:
        # The choice made by PyYAML's Emitter.choose_scalar_style for a block
        # value, given the style _represent_str asks for.
        if _CERTAINLY_PLAIN.fullmatch(text) and (
            text[0] not in _MAY_START_A_TYPE
            or (
                _resolve_tag(yaml.ScalarNode, text, (True, False)) == _STR_TAG
                and not _LOOKS_TYPED_ELSEWHERE.fullmatch(text)
            )
        ):
            self.parts.append(f"{head} {text}\n")
            return
        if "\n" in text and _SPACE_BEFORE_BREAK not in text and _CERTAINLY_LITERAL.fullmatch(text):
            self.literal(head, text, indent)
            return
        if _NEEDS_DOUBLE_QUOTES.search(text):
            self.parts.append(f"{head} {_double_quoted(text)}\n")
            return
        allow_plain, allow_single_quoted, allow_block = _styles(text)
        if "\n" in text:
            if allow_block:
                self.literal(head, text, indent)
            else:
                self.parts.append(f"{head} {_double_quoted(text)}\n")
            return
        if (
            allow_plain
            and _resolve_tag(yaml.ScalarNode, text, (True, False)) == _STR_TAG
            and not _LOOKS_TYPED_ELSEWHERE.fullmatch(text)
        ):
            self.parts.append(f"{head} {text}\n")
        elif allow_single_quoted:
            quoted = text.replace("'", "''")
            self.parts.append(f"{head} '{quoted}'\n")
        else:
            self.parts.append(f"{head} {_double_quoted(text)}\n")

    def literal(self, head: str, text: str, indent: int) -> None:
        # Emitter.determine_block_hints and Emitter.write_literal, for text
        # whose only line breaks are "\n".
        hints = "2" if text[0] in " \n" else ""
        if not text.endswith("\n"):
            hints += "-"
        elif len(text) == 1 or text[-2] == "\n":
            hints += "+"
        pad = " " * (indent + 2)
        body = text[:-1] if text.endswith("\n") else text
        lines = [f"{pad}{line}\n" if line else "\n" for line in body.split("\n")]
        self.parts.append(f"{head} |{hints}\n{''.join(lines)}")
        if hints.endswith("+"):
            self.keep_block_end = len(self.parts)


# An enum member -> what follows its key (" sme\n"), or "" if that depends on where it is written.
_enum_scalars: dict[Enum, str] = {}


def _scalar(value: object) -> str:
    """What follows a key for ``value``, when it is one line whatever the indentation; else ""."""
    writer = _Writer()
    writer.value("", value, 0)
    written = "".join(writer.parts)
    return written if written.count("\n") == 1 and not writer.open_ended else ""


def _plain_keys(data: dict[object, object]) -> dict[str, object]:
    """A dict keyed by an enum (a card's last numbers by column) as ``_value`` keys it."""
    return {(key.value if isinstance(key, Enum) else key): item for key, item in data.items()}  # type: ignore[misc]


def _timestamp(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}Z"


def _emit(data: dict[str, object] | Session) -> str:
    writer = _Writer()
    if isinstance(data, BaseModel):
        writer.section(data, 0)
    else:
        writer.mapping(data, 0)
    if writer.open_ended:
        writer.parts.append("...\n")  # as PyYAML ends a stream after a "|+" block
    return "".join(writer.parts)


# -- text ----------------------------------------------------------------------


def reference_dump(session: Session) -> str:
    """``dump_session``'s text, written by PyYAML's own (slower) emitter."""
    return yaml.dump(
        session_data(session),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=_NO_FOLDING,
        indent=2,
    )


def dump_session(session: Session) -> str:
    """One YAML document (no ``---``), ending with a newline."""
    return _emit(session)  # as _emit(session_data(session)), without building the data


def dump_data(data: dict[str, object]) -> str:
    """Plain ordered data (field names, lists, scalars) as one YAML document, written as sessions are.

    For secsc's other YAML files (the catalogue), so that they read and diff alike.
    """
    return _emit(data)


def dump_sessions(sessions: list[Session]) -> str:
    """Several documents separated by ``---``; one session gives ``dump_session``'s text."""
    return "---\n".join(dump_session(session) for session in sessions)
