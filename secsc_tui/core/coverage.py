"""Which METI directives and NIST CSF 2.0 functions and categories a scorecard serves.

A trainer explains both frameworks from the team's own scorecard: every item
tagged with directives or categories counts for them, and what no item serves is
shown as a gap. Some gaps matter more for some organisations: a critical
infrastructure operator with nothing for incident response or recovery, a
company whose partners ask for security measures with nothing for the supply
chain. Those come back as warnings, like the rules' review warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from secsc_tui.core.frameworks import CSF_CATEGORIES, CSF_FUNCTIONS, METI_DIRECTIVES, csf_category, csf_function
from secsc_tui.core.model import Column, Perspective, Regulation, Sector, Session
from secsc_tui.core.problems import Problem
from secsc_tui.core.scorecard_ops import iter_items
from secsc_tui.i18n import N_, _


@dataclass(frozen=True, slots=True)
class ItemRef:
    """A tagged scorecard item, where it sits, and what it is called."""

    id: str
    perspective: Perspective
    column: Column
    index: int
    text: str  # a KPI's with its target: "SOC→CSIRT reporting time ≤ 60 min"
    path: str  # "scorecard.financial.kpis[0]", as in the review warnings


@dataclass
class Coverage:
    """Items by what they serve; every directive, function and category is a key, served or not."""

    meti: dict[int, list[ItemRef]]
    functions: dict[str, list[ItemRef]]
    categories: dict[str, list[ItemRef]]
    tagged: int  # items with at least one tag
    untagged: list[ItemRef] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def meti_gaps(self) -> list[int]:
        return [n for n, items in self.meti.items() if not items]

    @property
    def function_gaps(self) -> list[str]:
        return [f for f, items in self.functions.items() if not items]

    @property
    def category_gaps(self) -> list[str]:
        return [c for c, items in self.categories.items() if not items]


@dataclass(frozen=True, slots=True)
class Need:
    """Something a scorecard should serve for some organisations, in either framework."""

    what: str  # "incident response"
    functions: tuple[str, ...] = ()  # NIST CSF functions or categories ("RS", "GV.SC")
    meti: tuple[int, ...] = ()

    def served_by(self, coverage: Coverage) -> bool:
        by_id = {**coverage.functions, **coverage.categories}
        return any(by_id[ref] for ref in self.functions) or any(coverage.meti[n] for n in self.meti)

    def label(self) -> str:
        """ "incident response (NIST CSF RS, METI directive 7)"."""
        parts = []
        if self.functions:
            parts.append(_("NIST CSF {ids}", ids=", ".join(self.functions)))
        if self.meti:
            numbers = ", ".join(str(n) for n in self.meti)
            parts.append(
                _("METI directive {n}", n=numbers) if len(self.meti) == 1 else _("METI directives {n}", n=numbers)
            )
        return f"{_(self.what)} ({'; '.join(parts)})"


INCIDENT_RESPONSE = Need(N_("incident response"), ("RS",), (7,))
RECOVERY = Need(N_("recovery and business continuity"), ("RC",), (8,))
SUPPLY_CHAIN = Need(N_("supply-chain security"), ("GV.SC",), (9,))
GOVERNANCE = Need(N_("governance by management"), ("GV",), (1, 2, 3))


def _why_operator(session: Session) -> str | None:
    organisation = session.organisation
    if organisation.critical_infrastructure or organisation.sector is Sector.CRITICAL_INFRASTRUCTURE:
        return _("a critical-infrastructure operator")
    if organisation.regulation is Regulation.HEAVY:
        return _("a heavily regulated organisation")
    return None


def _why_partners(session: Session) -> str | None:
    return _("partners ask for security measures") if session.organisation.partners_request_security else None


def _why_everyone(session: Session) -> str | None:
    return ""  # a scorecard is management's instrument, whoever the organisation


# (who it matters for, what they need). The reason names who, so the warning explains itself.
PROFILE_NEEDS: tuple[tuple[Callable[[Session], str | None], Need], ...] = (
    (_why_operator, INCIDENT_RESPONSE),
    (_why_operator, RECOVERY),
    (_why_partners, SUPPLY_CHAIN),
    (_why_everyone, GOVERNANCE),
)


def coverage(session: Session) -> Coverage:
    """What the session's scorecard items serve, what none serves, and the gaps that matter for it."""
    result = Coverage(
        meti={n: [] for n in METI_DIRECTIVES},
        functions={f: [] for f in CSF_FUNCTIONS},
        categories={c: [] for c in CSF_CATEGORIES},
        tagged=0,
    )
    for place, item in iter_items(session.scorecard):
        ref = ItemRef(
            item.id,
            place.perspective,
            place.column,
            place.index,
            item.text,
            f"scorecard.{place.perspective.value}.{place.column.value}[{place.index}]",
        )
        meti, nist = item.meti, item.nist_csf
        if not (meti or nist):
            result.untagged.append(ref)
            continue
        result.tagged += 1
        for n in meti:
            result.meti[n].append(ref)
        # An item listing GV.OC-01 and GV.OC-02 serves GV.OC once.
        for category in dict.fromkeys(csf_category(r) for r in nist):
            result.categories[category].append(ref)
        for function in dict.fromkeys(csf_function(r) for r in nist):
            result.functions[function].append(ref)
    result.warnings = _warnings(session, result)
    return result


def missing_needs(session: Session, result: Coverage) -> list[tuple[str, Need]]:
    """The needs of this organisation that no item serves, with who they matter for."""
    missing = []
    for why, need in PROFILE_NEEDS:
        reason = why(session)
        if reason is not None and not need.served_by(result):
            missing.append((reason, need))
    return missing


def _warnings(session: Session, result: Coverage) -> list[Problem]:
    if not (result.tagged or result.untagged):
        return []  # nothing on the scorecard yet: nothing to say about its coverage
    if not result.tagged:
        return [
            Problem(
                _(
                    "no scorecard item is tagged with a METI directive or a NIST CSF category yet, "
                    "so the scorecard's coverage of the frameworks cannot be shown"
                ),
                path="scorecard",
                severity="warning",
            )
        ]
    return [
        Problem(
            _("{who}: no item serves {need}", who=reason, need=need.label())
            if reason
            else _("no item serves {need}", need=need.label()),
            path="scorecard",
            severity="warning",
        )
        for reason, need in missing_needs(session, result)
    ]


def points_to_check(session: Session, covered: Coverage | None = None) -> list[Problem]:
    """What the review step lists before export: the rules' warnings, then the framework
    gaps that matter for this organisation (``covered``: the session's coverage, if the
    caller has it already). The trainer's dashboard counts the same."""
    from secsc_tui.core.rules import review_warnings

    return review_warnings(session) + (coverage(session) if covered is None else covered).warnings
