"""The catalogue: vetted, bilingual scorecard items a team can start from.

Every entry is a strategy goal, a critical success factor (CSF), a KPI or an
action plan, written in English and Japanese, for one Balanced Scorecard
perspective, with the bridging approaches it suits and the frameworks it serves:
METI's Cybersecurity Management Guidelines v3.0 directives (1-10) and NIST CSF 2.0
categories. KPIs also carry what makes a measure usable: direction, target,
unit, frequency, owner, how it is computed, leading or lagging, and their kind
in NIST SP 800-55 terms.

The built-in catalogue ships in the package (``secsc_tui/catalogue/*.yaml``). A
trainer's own files in ``<config folder>/catalogue/*.yaml`` are read after it, in
name order, and an entry with the id of an earlier one replaces it. Files are
read like session files (safe YAML, every problem with file, line and field) and
are all or nothing: a broken trainer's file is skipped whole and reported.
"""

from __future__ import annotations

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

from secsc_tui.core.files import write_text_atomically
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
from secsc_tui.core.problems import InvalidInput, Problem, SecscError
from secsc_tui.core.yaml_read import cap_problems, parse_documents, read_yaml_text, validation_problems
from secsc_tui.core.yaml_write import dump_data
from secsc_tui.i18n import N_, _
from secsc_tui.resources import catalogue_dir

__all__ = [
    "CATALOGUE_VERSION",
    "IMPORT_FILE_NAME",
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
    "builtin_catalogue",
    "dump_catalogue",
    "import_catalogue",
    "load_catalogue",
    "load_catalogue_text",
    "read_catalogue_file",
    "user_catalogue_dir",
]

CATALOGUE_VERSION = 1

# Where ``secsc catalog import`` writes what it adds to a trainer's catalogue.
IMPORT_FILE_NAME = "imported.yaml"

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
        """Where the entry in use comes from: "built-in" or "FILE:LINE"."""
        return self._origins[entry_id]

    def conflicts(self, file: CatalogueFile) -> list[Problem]:
        """Why ``file`` cannot be merged in: an id used for another kind of item, a text another entry has."""
        problems = []
        for entry in file.entries:
            line = file.lines[entry.id]
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
class LoadedCatalogue:
    catalogue: Catalogue
    files: list[Path] = field(default_factory=list)  # the trainer's files merged in
    problems: list[Problem] = field(default_factory=list)  # of the trainer's files skipped


def load_catalogue(config_folder: Path | None) -> LoadedCatalogue:
    """The built-in catalogue with the trainer's files of ``<config_folder>/catalogue/`` merged over it.

    A file with any problem is skipped whole; its problems are returned for the
    caller to show. Never raises for a trainer's file.
    """
    loaded = LoadedCatalogue(builtin_catalogue())
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
            file = read_catalogue_file(path)
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
    """What ``import_catalogue`` did, entry by entry."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    written: Path | None = None  # the trainer's file that now holds the new entries; None: nothing written
    # Imported entries that another trainer's file, read later, still replaces: (id, where it is).
    shadowed: list[tuple[str, str]] = field(default_factory=list)


def import_catalogue(path: str | Path, config_folder: Path) -> CatalogueImport:
    """Add the entries of a catalogue file to the trainer's catalogue in ``config_folder``.

    Entries the catalogue already has as they are change nothing, so importing an
    export of the catalogue writes no file. New and changed entries go into
    ``<config_folder>/catalogue/imported.yaml`` (replacing entries of the same id
    there). The file is all or nothing: raises InvalidInput if it has any problem,
    or SecscError if the trainer's file to write into cannot be read or written.
    """
    incoming = read_catalogue_file(path)
    current = load_catalogue(config_folder).catalogue
    problems = current.conflicts(incoming)
    if problems:
        raise InvalidInput(cap_problems(problems, incoming.filename))

    result = CatalogueImport()
    for entry in incoming.entries:
        known = current.get(entry.id)
        if known == entry:
            result.unchanged.append(entry.id)
        else:
            (result.added if known is None else result.updated).append(entry.id)
    changed = [entry for entry in incoming.entries if entry.id not in result.unchanged]
    if not changed:
        return result

    target = user_catalogue_dir(config_folder) / IMPORT_FILE_NAME
    kept: dict[str, Entry] = {}
    if target.exists():
        try:
            kept = {entry.id: entry for entry in read_catalogue_file(target).entries}
        except InvalidInput as exc:
            raise SecscError(
                _(
                    "cannot add to {file}: it has problems; fix or remove it first\n{problems}",
                    file=target,
                    problems=exc,
                )
            ) from None
    kept.update((entry.id, entry) for entry in changed)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(target, dump_catalogue(kept.values()))
    except OSError as exc:
        raise SecscError(_("could not write {file}: {reason}", file=target, reason=exc.strerror or str(exc))) from None
    result.written = target

    after = load_catalogue(config_folder).catalogue
    for entry in changed:
        if after.get(entry.id) != entry:
            result.shadowed.append((entry.id, after.origin(entry.id)))
    return result
