"""The catalogue: vetted, bilingual scorecard items a team can start from.

Every entry is a strategy goal, a critical success factor (CSF), a KPI or an
action plan, written in English and Japanese, for one Balanced Scorecard
perspective, with the bridging approaches it suits and the frameworks it serves:
METI's Cybersecurity Management Guidelines v3.0 directives (1-10) and NIST CSF 2.0
categories. KPIs also carry what makes a measure usable: direction, target,
unit, frequency, owner, how it is computed, leading or lagging, and their kind
in NIST SP 800-55 terms.

The built-in catalogue ships in the package (``secsc_tui/catalogue/*.yaml``). A
trainer's own entries live in the database (``secsc catalog import FILE`` adds
them; ``Store.catalogue``), so that a shared PostgreSQL store holds them for every
trainer and ``secsc db copy`` moves them. Files in ``<config folder>/catalogue/*.yaml``,
where a trainer's entries were kept before, are still read, in name order, so
nobody loses a catalogue; importing such a file moves its entries into the database.

The catalogue in use is the built-in one, then the database's entries, then the
config folder's files; an entry replaces an earlier one of the same id, except
that the database's entry wins over a file's (the database is what everyone
shares; a file is one computer's). Files are read like session files (safe YAML,
every problem with file, line and field) and are all or nothing: a broken
trainer's file is skipped whole and reported, and so is a database entry that
cannot be read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from secsc_tui.core.frameworks import MetiTags, NistCsfTags
from secsc_tui.core.labels import item_name
from secsc_tui.core.model import (
    ID_PATTERN,
    Approach,
    Column,
    Direction,
    Frequency,
    Indicator,
    Language,
    Number,
    Perspective,
    _no_control_characters,
)
from secsc_tui.core.problems import InvalidInput, Problem
from secsc_tui.core.yaml_read import cap_problems, parse_documents, read_yaml_text, validation_problems
from secsc_tui.core.yaml_write import dump_data
from secsc_tui.i18n import N_, _
from secsc_tui.resources import catalogue_dir

__all__ = [
    "CATALOGUE_VERSION",
    "ActionEntry",
    "Catalogue",
    "CatalogueFile",
    "CatalogueImport",
    "CsfEntry",
    "Entry",
    "GoalEntry",
    "Indicator",
    "KpiEntry",
    "LoadedCatalogue",
    "MeasureKind",
    "StoredEntries",
    "builtin_catalogue",
    "dump_catalogue",
    "load_catalogue",
    "load_catalogue_text",
    "plan_import",
    "read_catalogue_file",
    "stored_data",
    "stored_entries",
    "user_catalogue_dir",
]

CATALOGUE_VERSION = 1

BUILTIN = "built-in"


class MeasureKind(StrEnum):
    """The kinds of measure of NIST SP 800-55: is it in place, does it work, at what cost, what it changes."""

    IMPLEMENTATION = "implementation"
    EFFECTIVENESS = "effectiveness"
    EFFICIENCY = "efficiency"
    IMPACT = "impact"


MEASURE_KIND_NAMES = {
    MeasureKind.IMPLEMENTATION: N_("implementation"),
    MeasureKind.EFFECTIVENESS: N_("effectiveness"),
    MeasureKind.EFFICIENCY: N_("efficiency"),
    MeasureKind.IMPACT: N_("impact"),
}


def measure_kind_name(kind: MeasureKind) -> str:
    return _(MEASURE_KIND_NAMES[MeasureKind(kind)])


# -- the entries -----------------------------------------------------------------------

_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")  # kana and kanji


def _one_line(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank_text", _("the text is empty; write it out"))
    if "\n" in value or "\r" in value:
        raise PydanticCustomError("multi_line_text", _("write the text on one line"))
    if value != value.strip():
        raise PydanticCustomError("padded_text", _("remove the spaces at the start or end of the text"))
    return value


def _english(value: str) -> str:
    if _JAPANESE.search(value):
        raise PydanticCustomError(
            "not_english", _("this is the English text, but it holds Japanese: '{text}'"), {"text": value[:40]}
        )
    return value


def _japanese(value: str) -> str:
    if not _JAPANESE.search(value):
        raise PydanticCustomError(
            "not_japanese", _("this is the Japanese text, but it has no kana or kanji: '{text}'"), {"text": value[:40]}
        )
    return value


_T = TypeVar("_T")


def _some_without_repeats(values: list[_T]) -> list[_T]:
    if not values:
        raise PydanticCustomError("empty_list", _("list at least one"))
    for i, value in enumerate(values):
        if value in values[:i]:
            raise PydanticCustomError("listed_twice", _("{value} is listed twice"), {"value": value})
    return values


Line = Annotated[
    str, Strict(), StringConstraints(max_length=500), AfterValidator(_no_control_characters), AfterValidator(_one_line)
]
EnglishLine = Annotated[Line, AfterValidator(_english)]
JapaneseLine = Annotated[Line, AfterValidator(_japanese)]
EntryId = Annotated[str, Strict(), StringConstraints(pattern=ID_PATTERN)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Wording(_Model):
    """A sentence in both languages; each must be written in its own language."""

    en: EnglishLine
    ja: JapaneseLine

    def in_language(self, language: Language | str) -> str:
        return self.ja if Language(language) is Language.JA else self.en


class Label(_Model):
    """A short word in both languages, which may be the same in both ("%", "CISO")."""

    en: Line
    ja: Line

    def in_language(self, language: Language | str) -> str:
        return self.ja if Language(language) is Language.JA else self.en


class Entry(_Model):
    """What every catalogue entry has. The field order is the key order of the files."""

    column: ClassVar[Column]

    id: EntryId
    text: Wording
    perspective: Perspective
    approaches: Annotated[list[Approach], AfterValidator(_some_without_repeats)]
    meti: MetiTags = Field(default_factory=list)
    nist_csf: NistCsfTags = Field(default_factory=list)

    @model_validator(mode="after")
    def _tagged(self) -> Entry:
        if not (self.meti or self.nist_csf):
            raise PydanticCustomError(
                "untagged",
                _(
                    "entry '{id}' serves no framework: give it METI directives (meti: [1-10]) "
                    "or NIST CSF 2.0 ids (nist_csf: [GV.SC, ...]), or both"
                ),
                {"id": self.id},
            )
        return self

    def texts(self) -> Iterator[str]:
        """Every text of the entry, both languages: what a filter searches."""
        yield self.text.en
        yield self.text.ja


class GoalEntry(Entry):
    column: ClassVar[Column] = Column.GOALS


class CsfEntry(Entry):
    column: ClassVar[Column] = Column.CSFS


class KpiEntry(Entry):
    column: ClassVar[Column] = Column.KPIS

    direction: Direction
    target: Number
    unit: Label
    frequency: Frequency
    owner: Label
    indicator: Indicator
    sp800_55: MeasureKind
    computation: Wording


class ActionEntry(Entry):
    column: ClassVar[Column] = Column.ACTIONS

    owner: Label


ENTRY_TYPES: dict[Column, type[Entry]] = {
    Column.GOALS: GoalEntry,
    Column.CSFS: CsfEntry,
    Column.KPIS: KpiEntry,
    Column.ACTIONS: ActionEntry,
}


class CatalogueDocument(_Model):
    """One catalogue file: a version, then up to four lists named after the scorecard's columns."""

    catalogue_version: Annotated[int, Strict()]
    goals: list[GoalEntry] = Field(default_factory=list)
    csfs: list[CsfEntry] = Field(default_factory=list)
    kpis: list[KpiEntry] = Field(default_factory=list)
    actions: list[ActionEntry] = Field(default_factory=list)


# -- reading a file -------------------------------------------------------------------------


@dataclass
class CatalogueFile:
    """The entries of one catalogue file, with the line each starts on."""

    filename: str
    entries: list[Entry]
    lines: dict[str, int]  # entry id -> line of its "- id:" item

    def where(self, entry_id: str) -> str:
        return f"{self.filename}:{self.lines[entry_id]}" if entry_id in self.lines else self.filename

    def without(self, entry_ids: set[str]) -> CatalogueFile:
        """The file as if the entries of these ids were not in it."""
        kept = [entry for entry in self.entries if entry.id not in entry_ids]
        return CatalogueFile(self.filename, kept, {e.id: self.lines[e.id] for e in kept if e.id in self.lines})


def read_catalogue_file(path: str | Path) -> CatalogueFile:
    """Read and check one catalogue file; raises InvalidInput with every problem found."""
    return load_catalogue_text(read_yaml_text(path, what=N_("catalogue files")), filename=str(path))


def load_catalogue_text(text: str, *, filename: str = "<string>") -> CatalogueFile:
    """The entries of a catalogue text; raises InvalidInput with every problem, each with its line."""
    documents = parse_documents(text, filename, what=N_("catalogue files"))
    if not documents:
        raise InvalidInput([Problem(_("the file is empty: it holds no catalogue"), file=filename)])
    doc, *extra = documents
    problems = list(doc.problems)
    for later in extra:
        problems.append(
            Problem(
                _(
                    "a catalogue file holds one YAML document; remove the '---' and what follows, "
                    "or put it in a file of its own"
                ),
                file=filename,
                line=later.start_line,
            )
        )
    if problems or doc.broken:
        raise InvalidInput(cap_problems(problems, filename))

    data = doc.value
    if not isinstance(data, dict):
        raise InvalidInput(
            [
                Problem(
                    _(
                        "expected a catalogue: a mapping with catalogue_version"
                        " and the lists goals, csfs, kpis, actions"
                    ),
                    file=filename,
                    line=doc.line_of(()),
                )
            ]
        )
    version = _version_problem(data, filename, doc.line_of(("catalogue_version",)))
    if version is not None:
        raise InvalidInput([version])
    try:
        document = CatalogueDocument.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(cap_problems(validation_problems(exc, doc, filename, CatalogueDocument), filename)) from None

    entries: list[Entry] = [*document.goals, *document.csfs, *document.kpis, *document.actions]
    paths = {
        id(entry): (column.value, index)
        for column in ENTRY_TYPES
        for index, entry in enumerate(getattr(document, column.value))
    }
    lines: dict[str, int] = {}
    first_with_text: dict[tuple[str, str], str] = {}
    for entry in entries:
        column, index = paths[id(entry)]
        line = doc.line_of((column, index))
        at = f"{column}[{index}]"
        if entry.id in lines:
            problems.append(
                Problem(
                    _(
                        "id '{id}' is used twice in this file (lines {first} and {line}); each entry needs its own id",
                        id=entry.id,
                        first=lines[entry.id],
                        line=line,
                    ),
                    path=f"{at}.id",
                    file=filename,
                    line=line,
                )
            )
            continue
        lines[entry.id] = line
        for language in ("en", "ja"):
            text = getattr(entry.text, language)
            other = first_with_text.setdefault((language, text), entry.id)
            if other != entry.id:
                problems.append(
                    Problem(
                        _(
                            "entry '{other}' (line {line}) has the same text; each entry needs its own",
                            other=other,
                            line=lines[other],
                        ),
                        path=f"{at}.text.{language}",
                        file=filename,
                        line=doc.line_of((column, index, "text", language)),
                    )
                )
    if problems:
        raise InvalidInput(cap_problems(problems, filename))
    return CatalogueFile(filename, entries, lines)


def _version_problem(data: dict[str, Any], filename: str, line: int) -> Problem | None:
    def problem(message: str) -> Problem:
        return Problem(message, path="catalogue_version", file=filename, line=line)

    if "catalogue_version" not in data:
        return problem(
            _(
                "catalogue_version is missing; a catalogue file starts with 'catalogue_version: {v}'",
                v=CATALOGUE_VERSION,
            )
        )
    version = data["catalogue_version"]
    if isinstance(version, bool) or not isinstance(version, int):
        return problem(_("catalogue_version must be a whole number such as {v}", v=CATALOGUE_VERSION))
    if version > CATALOGUE_VERSION:
        return problem(
            _(
                "this catalogue was written by a newer secsc (catalogue_version {found}); this version "
                "reads catalogue_version {v} — upgrade secsc",
                found=version,
                v=CATALOGUE_VERSION,
            )
        )
    if version < 1:
        return problem(_("catalogue_version {found} does not exist; catalogues start at 1", found=version))
    return None


# -- the merged catalogue ----------------------------------------------------------------------


class Catalogue:
    """Entries by id, in the order they were first added (the built-in order, then a trainer's)."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}
        self._origins: dict[str, str] = {}
        self._owner_of_text: dict[tuple[str, str], str] = {}  # (language, text) -> entry id

    def copy(self) -> Catalogue:
        other = Catalogue()
        other._entries = dict(self._entries)
        other._origins = dict(self._origins)
        other._owner_of_text = dict(self._owner_of_text)
        return other

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries

    def get(self, entry_id: str) -> Entry | None:
        return self._entries.get(entry_id)

    def entries(self, column: Column | str | None = None) -> list[Entry]:
        """Every entry, or those of one column, in catalogue order."""
        if column is None:
            return list(self._entries.values())
        column = Column(column)
        return [entry for entry in self._entries.values() if entry.column is column]

    def counts(self) -> dict[Column, int]:
        return {column: len(self.entries(column)) for column in Column}

    def origin(self, entry_id: str) -> str:
        """Where the entry in use comes from: "built-in", "FILE:LINE", or the database (as messages name it)."""
        return self._origins[entry_id]

    def conflicts(self, file: CatalogueFile) -> list[Problem]:
        """Why ``file`` cannot be merged in: an id used for another kind of item, a text another entry has."""
        problems = []
        for entry in file.entries:
            line = file.lines.get(entry.id)
            known = self._entries.get(entry.id)
            if known is not None and known.column is not entry.column:
                problems.append(
                    Problem(
                        _(
                            "id '{id}' is a {kind} in {origin}; give this {this} another id",
                            id=entry.id,
                            kind=_kind(known.column),
                            origin=self._origin_text(entry.id),
                            this=_kind(entry.column),
                        ),
                        path="id",
                        file=file.filename,
                        line=line,
                    )
                )
            for language in ("en", "ja"):
                owner = self._owner_of_text.get((language, getattr(entry.text, language)))
                if owner is not None and owner != entry.id:
                    problems.append(
                        Problem(
                            _(
                                "entry '{other}' ({origin}) has the same text; each entry needs its own",
                                other=owner,
                                origin=self._origin_text(owner),
                            ),
                            path=f"text.{language}",
                            file=file.filename,
                            line=line,
                        )
                    )
        return problems

    def add(self, file: CatalogueFile, *, origin: str | None = None) -> None:
        """Merge ``file`` in (check ``conflicts`` first): new ids are added, known ones replaced."""
        for entry in file.entries:
            old = self._entries.get(entry.id)
            if old is not None:
                for language in ("en", "ja"):
                    self._owner_of_text.pop((language, getattr(old.text, language)), None)
            self._entries[entry.id] = entry
            self._origins[entry.id] = origin or file.where(entry.id)
            for language in ("en", "ja"):
                self._owner_of_text[(language, getattr(entry.text, language))] = entry.id

    def _origin_text(self, entry_id: str) -> str:
        origin = self._origins[entry_id]
        return _("the built-in catalogue") if origin == BUILTIN else origin


def _kind(column: Column) -> str:
    return item_name(column)


@lru_cache(maxsize=1)
def _builtin() -> Catalogue:
    catalogue = Catalogue()
    for path in sorted(catalogue_dir().glob("*.yaml")):
        file = read_catalogue_file(path)
        problems = catalogue.conflicts(file)
        if problems:
            raise InvalidInput(problems)
        catalogue.add(file, origin=BUILTIN)
    return catalogue


def builtin_catalogue() -> Catalogue:
    """The catalogue that ships with secsc (a copy: merging into it changes nothing shared)."""
    return _builtin().copy()


def user_catalogue_dir(config_folder: Path) -> Path:
    return Path(config_folder) / "catalogue"


@dataclass
class StoredEntries:
    """The trainer's entries a database holds, in the order they were first imported."""

    where: str  # the database, as messages name it (a path, or a URL without its password)
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # of rows that cannot be read, left out

    def ids(self) -> set[str]:
        return {entry.id for entry in self.entries}


@dataclass
class LoadedCatalogue:
    catalogue: Catalogue
    files: list[Path] = field(default_factory=list)  # the trainer's files merged in
    problems: list[Problem] = field(default_factory=list)  # of the trainer's files and entries skipped
    database: str | None = None  # the database whose entries are merged in, as messages name it

    def from_files(self) -> list[Entry]:
        """The entries in use that come from the config folder's files: this computer's alone."""
        return [entry for entry in self.catalogue if self.catalogue.origin(entry.id) not in (BUILTIN, self.database)]


def load_catalogue(config_folder: Path | None, stored: StoredEntries | None = None) -> LoadedCatalogue:
    """The built-in catalogue, with a database's entries and the trainer's files of
    ``<config_folder>/catalogue/`` merged over it (see the module's docstring).

    A database's entry or a file with any problem is skipped whole; its problems
    are returned for the caller to show. A file's entry whose id the database has
    is left out: the database's wins. Never raises for a trainer's file or entry.
    """
    loaded = LoadedCatalogue(builtin_catalogue(), database=stored.where if stored is not None else None)
    in_database: set[str] = set()
    if stored is not None:
        loaded.problems.extend(stored.problems)
        for entry in stored.entries:
            one = CatalogueFile(_stored_label(stored.where, entry.id), [entry], {})
            problems = loaded.catalogue.conflicts(one)
            if problems:
                loaded.problems.extend(problems)
                continue
            loaded.catalogue.add(one, origin=stored.where)
            in_database.add(entry.id)
    if config_folder is None:
        return loaded
    folder = user_catalogue_dir(config_folder)
    try:
        paths = sorted(p for p in folder.glob("*.yaml") if p.is_file())
    except OSError as exc:
        loaded.problems.append(
            Problem(_("cannot read the folder: {reason}", reason=exc.strerror or str(exc)), file=str(folder))
        )
        return loaded
    for path in paths:
        try:
            file = read_catalogue_file(path).without(in_database)
        except InvalidInput as exc:
            loaded.problems.extend(exc.problems)
            continue
        problems = loaded.catalogue.conflicts(file)
        if problems:
            loaded.problems.extend(problems)
            continue
        loaded.catalogue.add(file)
        loaded.files.append(path)
    return loaded


def _stored_label(where: str, entry_id: str) -> str:
    return _("{where}, catalogue entry '{id}'", where=where, id=entry_id)


# -- the database's rows ----------------------------------------------------------------------


def stored_data(entry: Entry) -> tuple[str, dict[str, Any]]:
    """An entry as the database keeps it: its kind (the column) and its data without the id."""
    data = entry_data(entry)
    del data["id"]
    return entry.column.value, data


def stored_entries(rows: Iterable[tuple[str, str, str]], where: str) -> StoredEntries:
    """The entries of the database's rows (id, kind, data as JSON text), checked as a file's are.

    A row that cannot be read (changed outside secsc, or written by a newer secsc
    with fields this one does not know) is left out and becomes a problem.
    """
    stored = StoredEntries(where)
    for entry_id, kind, text in rows:
        label = _stored_label(where, entry_id)
        entry_type = ENTRY_TYPES.get(Column(kind)) if kind in {c.value for c in Column} else None
        if entry_type is None:
            stored.problems.append(
                Problem(
                    _(
                        "the kind '{kind}' is not one of goals, csfs, kpis, actions: the entry was changed "
                        "outside secsc or written by a newer secsc",
                        kind=kind[:40],
                    ),
                    file=label,
                )
            )
            continue
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError(type(data).__name__)
            stored.entries.append(entry_type.model_validate({**data, "id": entry_id}))
        except ValidationError as exc:
            from secsc_tui.core.yaml_read import describe_error, format_path

            stored.problems.extend(
                Problem(describe_error(error, root=entry_type), path=format_path(error["loc"]), file=label)
                for error in exc.errors()
            )
        except ValueError as exc:
            stored.problems.append(
                Problem(
                    _("its data is not a JSON object ({reason}): it was changed outside secsc", reason=exc),
                    file=label,
                )
            )
    return stored


# -- export and import -----------------------------------------------------------------------


def entry_data(entry: Entry) -> dict[str, Any]:
    """An entry as the plain, ordered data written to a file."""
    return entry.model_dump(mode="json")


def dump_catalogue(entries: Iterable[Entry]) -> str:
    """A catalogue file holding ``entries``, grouped by column in the scorecard's order."""
    entries = list(entries)
    counts = {column: [e for e in entries if e.column is column] for column in Column}
    header = (
        f"# secsc catalogue. Strategy goals: {len(counts[Column.GOALS])}, CSFs: {len(counts[Column.CSFS])}, "
        f"KPIs: {len(counts[Column.KPIS])}, action plans: {len(counts[Column.ACTIONS])}.\n"
        "# Import into a trainer's catalogue with: secsc catalog import FILE\n"
    )
    data: dict[str, object] = {"catalogue_version": CATALOGUE_VERSION}
    for column, in_column in counts.items():
        data[column.value] = [entry_data(entry) for entry in in_column]
    return header + dump_data(data)


@dataclass
class CatalogueImport:
    """What an import of a catalogue file into a database did (or would do), entry by entry."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    where: str = ""  # the database

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


def plan_import(
    incoming: CatalogueFile, stored: StoredEntries, config_folder: Path | None = None
) -> tuple[CatalogueImport, list[Entry]]:
    """What importing ``incoming`` into a database holding ``stored`` does, and the entries to write.

    The file must fit the catalogue in use (built-in, database and ``config_folder``
    files): an id of another kind of item or another entry's text refuses it whole
    (InvalidInput). An entry is unchanged when the database's catalogue (built-in
    and stored entries) has it as it is and no file of the config folder replaces
    it; so importing an export of the catalogue writes nothing, except the entries
    that only a config folder's file held: those move into the database. The
    others are written, "updated" if the database's catalogue had their id.
    """
    in_use = load_catalogue(config_folder, stored).catalogue
    problems = in_use.conflicts(incoming)
    if problems:
        raise InvalidInput(cap_problems(problems, incoming.filename))
    shared = load_catalogue(None, stored).catalogue
    result = CatalogueImport(where=stored.where)
    changed: list[Entry] = []
    for entry in incoming.entries:
        known = shared.get(entry.id)
        if known == entry and in_use.get(entry.id) == entry:
            result.unchanged.append(entry.id)
            continue
        (result.added if known is None else result.updated).append(entry.id)
        changed.append(entry)
    return result, changed
