"""Which of two versions of a session descends from the other: lineage by content digests.

A session travels between databases as a YAML file: a team exports it, a trainer
collects it, a team edits it again and exports it again, someone corrects the file
by hand. Revision numbers are counted per database, so they cannot say whether the
file is newer than what a database holds. Content can:

- a version's **digest** is a hash of its content (``content_digest``), without the
  bookkeeping that changes without anyone editing: ``revision``, ``updated``,
  ``schema_version``, the history itself, and ``progress.current_step`` (where a
  team's cursor is: opening a collected session to look at it must not make it a
  new version). Fields at their default value are left out too, so a field added
  to the model later does not change the digest of content that does not use it;
- a version's **history** lists, newest first, the digests of the versions it
  descends from that were ever *published*, i.e. written to a file or read from
  one. Only those can be held by another database, so saving (which happens as
  a team types) adds nothing; exporting and importing do. A file's history starts
  with the digest of the version it was exported as: if the file's content no
  longer has that digest, it was corrected by hand after export, and descends
  from that version. At most ``MAX_HISTORY`` digests are kept; a version older
  than that is no longer recognised, which gives a conflict, never a loss.

``compare`` tells what importing one version over another should do. Everything
here is pure: no store, no files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from secsc_tui.core.model import Session

MAX_HISTORY = 32
DIGEST_LENGTH = 16  # hex digits: 64 bits, plenty to tell one session's versions apart

# Bookkeeping, not content (see the module docstring).
_NOT_CONTENT = {"schema_version", "revision", "updated", "history"}


def content_digest(session: Session) -> str:
    """The digest of the session's content, e.g. "3f2a9c81b7d40e65"."""
    data = session.model_dump(mode="json", exclude=_NOT_CONTENT, exclude_defaults=True)
    progress = data.get("progress")
    if progress is not None:
        progress.pop("current_step", None)
        if not progress:
            data.pop("progress")
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a session as lineage sees it: its digest and what it descends from."""

    digest: str
    ancestors: tuple[str, ...]  # newest first, without ``digest`` itself
    hand_edited: bool = False  # a file whose content is no longer what it was exported as

    def descends_from(self, other: Version) -> bool:
        return other.digest in self.ancestors

    @property
    def known(self) -> tuple[str, ...]:
        """Its own digest, then its ancestors: the history it hands on once published."""
        return (self.digest, *self.ancestors)


def version_of(session: Session) -> Version:
    """The session's version, from its content and the history it carries.

    The history's first digest is what the session was published as. When it is
    the content's digest, the history beyond it holds the ancestors; when it is
    not, the content was changed since (edited in a database, or by hand in the
    file) and every digest in the history is an ancestor.
    """
    digest = content_digest(session)
    history = list(dict.fromkeys(session.history))
    if history and history[0] == digest:
        return Version(digest, tuple(history[1:]))
    return Version(digest, tuple(d for d in history if d != digest), hand_edited=bool(history))


class Relation(Enum):
    SAME = "same"  # the same content
    NEWER = "newer"  # the incoming version descends from the stored one
    OLDER = "older"  # the stored version descends from the incoming one
    DIVERGED = "diverged"  # both changed since their last common version (or no common history)


def relate(incoming: Version, stored: Version) -> Relation:
    if incoming.digest == stored.digest:
        return Relation.SAME
    if incoming.descends_from(stored):
        return Relation.NEWER
    if stored.descends_from(incoming):
        return Relation.OLDER
    return Relation.DIVERGED


def published_history(version: Version, *also: Iterable[str]) -> list[str]:
    """The history a published version carries: its digest first, then its ancestors.

    ``also`` adds the ancestors of other versions it now stands for (an identical
    copy's, or the version that ``--force`` replaced), after its own; at most
    ``MAX_HISTORY`` digests, the oldest dropped.
    """
    merged = dict.fromkeys(version.known)
    for digests in also:
        merged.update(dict.fromkeys(d for d in digests if d not in merged))
    return list(merged)[:MAX_HISTORY]


def newest(versions: Sequence[Version]) -> tuple[list[int], list[int]]:
    """Among several copies of one session: (the indexes of the newest, the indexes of the others).

    A copy is superseded when another copy descends from it, or holds the same
    content and comes earlier. One newest copy is the one to use; several newest
    copies have diverged from each other.
    """
    newest_ones: list[int] = []
    older: list[int] = []
    for i, version in enumerate(versions):
        superseded = any(
            other.descends_from(version) or (other.digest == version.digest and j < i)
            for j, other in enumerate(versions)
            if j != i
        )
        (older if superseded else newest_ones).append(i)
    if not newest_ones:  # each claims to descend from another (content went back and forth): undecidable
        return list(range(len(versions))), []
    return newest_ones, older
