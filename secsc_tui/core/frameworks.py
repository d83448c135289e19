"""The two frameworks scorecard items are tagged with: METI's ten directives and NIST CSF 2.0.

A strategy goal, CSF, KPI or action plan may say which of the ten directives of
METI's Cybersecurity Management Guidelines v3.0 it serves (``meti: [7, 8]``) and
which NIST Cybersecurity Framework 2.0 categories (``nist_csf: [RS.MA, RC.RP]``).
A subcategory id such as ``GV.OC-01`` is accepted and counts for its category.

Ids and names are those of the frameworks (see the project's catalogue sources);
the English short names of the directives are working translations, as no
official English title of v3.0 was found.
"""

from __future__ import annotations

import re
from typing import Annotated, TypeVar

from pydantic import AfterValidator, Field, PlainValidator, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

from secsc_tui.i18n import _

# METI / IPA Cybersecurity Management Guidelines v3.0: directive -> (Japanese, English short name).
METI_DIRECTIVES: dict[int, tuple[str, str]] = {
    1: (
        "サイバーセキュリティリスクの認識、組織全体での対応方針の策定",
        "Recognise the risk; set an organisation-wide policy",
    ),
    2: ("サイバーセキュリティリスク管理体制の構築", "Build a risk management structure"),
    3: ("サイバーセキュリティ対策のための資源（予算、人材等）確保", "Secure resources (budget, people)"),
    4: (
        "サイバーセキュリティリスクの把握とリスク対応に関する計画の策定",
        "Identify the risks; plan the response to them",
    ),
    5: (
        "サイバーセキュリティリスクに効果的に対応する仕組みの構築",
        "Build mechanisms that respond to the risks effectively",
    ),
    6: ("PDCAサイクルによるサイバーセキュリティ対策の継続的改善", "Improve continuously through the PDCA cycle"),
    7: ("インシデント発生時の緊急対応体制の整備", "Prepare an emergency response structure for incidents"),
    8: ("インシデントによる被害に備えた事業継続・復旧体制の整備", "Prepare business continuity and recovery"),
    9: (
        "ビジネスパートナーや委託先等を含めたサプライチェーン全体の状況把握及び対策",
        "Understand and protect the whole supply chain, partners and contractors included",
    ),
    10: (
        "サイバーセキュリティに関する情報の収集、共有及び開示の促進",
        "Collect, share and disclose security information",
    ),
}

# NIST CSF 2.0: the six functions, in the framework's order.
CSF_FUNCTIONS: dict[str, str] = {
    "GV": "Govern",
    "ID": "Identify",
    "PR": "Protect",
    "DE": "Detect",
    "RS": "Respond",
    "RC": "Recover",
}

# NIST CSF 2.0: the 22 categories, grouped by function in the framework's order.
CSF_CATEGORIES: dict[str, str] = {
    "GV.OC": "Organizational Context",
    "GV.RM": "Risk Management Strategy",
    "GV.RR": "Roles, Responsibilities, and Authorities",
    "GV.PO": "Policy",
    "GV.OV": "Oversight",
    "GV.SC": "Cybersecurity Supply Chain Risk Management",
    "ID.AM": "Asset Management",
    "ID.RA": "Risk Assessment",
    "ID.IM": "Improvement",
    "PR.AA": "Identity Management, Authentication, and Access Control",
    "PR.AT": "Awareness and Training",
    "PR.DS": "Data Security",
    "PR.PS": "Platform Security",
    "PR.IR": "Technology Infrastructure Resilience",
    "DE.CM": "Continuous Monitoring",
    "DE.AE": "Adverse Event Analysis",
    "RS.MA": "Incident Management",
    "RS.AN": "Incident Analysis",
    "RS.CO": "Incident Response Reporting and Communication",
    "RS.MI": "Incident Mitigation",
    "RC.RP": "Incident Recovery Plan Execution",
    "RC.CO": "Incident Recovery Communication",
}

# A category ("GV.SC") or one of its subcategories ("GV.SC-07").
_CSF_REF = re.compile(r"([A-Z]{2})\.([A-Z]{2})(?:-(\d{2}))?")
CSF_REF_PATTERN = r"^[A-Z]{2}\.[A-Z]{2}(-[0-9]{2})?$"


def csf_category(ref: str) -> str:
    """ "GV.OC-01" -> "GV.OC"; "GV.OC" -> "GV.OC"."""
    return ref.split("-", 1)[0]


def csf_function(ref: str) -> str:
    """ "GV.OC-01" -> "GV"."""
    return ref[:2]


def _csf_ref(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("nist_csf_type", _("expected a NIST CSF 2.0 id such as GV.SC or RS.MA"))
    found = _CSF_REF.fullmatch(value)
    if found is None:
        upper = value.strip().upper()
        if upper != value and _CSF_REF.fullmatch(upper):
            raise PydanticCustomError("nist_csf_case", _("write NIST CSF ids in capitals: '{upper}'"), {"upper": upper})
        raise PydanticCustomError(
            "nist_csf_form",
            _("'{value}' is not a NIST CSF 2.0 id: write a category such as GV.SC or a subcategory such as GV.SC-07"),
            {"value": value[:40]},
        )
    if found.group(1) not in CSF_FUNCTIONS:
        raise PydanticCustomError(
            "nist_csf_function",
            _("'{value}': NIST CSF 2.0 has no function {function} (it has {known})"),
            {"value": value, "function": found.group(1), "known": ", ".join(CSF_FUNCTIONS)},
        )
    if csf_category(value) not in CSF_CATEGORIES:
        known = ", ".join(c for c in CSF_CATEGORIES if c.startswith(found.group(1)))
        raise PydanticCustomError(
            "nist_csf_category",
            _("'{value}': NIST CSF 2.0 has no category {category} (under {function}: {known})"),
            {"value": value, "category": csf_category(value), "function": found.group(1), "known": known},
        )
    return value


_T = TypeVar("_T")


def _no_repeats(values: list[_T]) -> list[_T]:
    for i, value in enumerate(values):
        if value in values[:i]:
            raise PydanticCustomError("listed_twice", _("{value} is listed twice"), {"value": value})
    return values


MetiDirective = Annotated[int, Strict(), Field(ge=1, le=10)]
NistCsfRef = Annotated[str, PlainValidator(_csf_ref), WithJsonSchema({"type": "string", "pattern": CSF_REF_PATTERN})]
# The tag lists of an item: each value at most once.
MetiTags = Annotated[list[MetiDirective], AfterValidator(_no_repeats)]
NistCsfTags = Annotated[list[NistCsfRef], AfterValidator(_no_repeats)]
