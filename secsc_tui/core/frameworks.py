"""The two frameworks scorecard items are tagged with: METI's ten directives and NIST CSF 2.0.

A strategy goal, CSF, KPI or action plan may say which of the ten directives of
METI's Cybersecurity Management Guidelines v3.0 it serves (``meti: [7, 8]``) and
which NIST Cybersecurity Framework 2.0 categories (``nist_csf: [RS.MA, RC.RP]``).
A subcategory id such as ``GV.OC-01`` is accepted and counts for its category.

Ids and names are those of the frameworks (see the project's catalogue sources);
the English short names of the directives are working translations, as no
official English title of v3.0 was found. The Japanese names of the NIST CSF
functions and categories follow the wording of IPA's Japanese translation of
CSF 2.0 as far as it is known here (not checked word for word against it).

People type tags into a form as "1, 7" and "gv.sc、RS.MA-01": ``parse_meti_tags``
and ``parse_csf_tags`` read such text, or say which id is wrong and why.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, Field, PlainValidator, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

from secsc_tui.core.parsing import ParseError
from secsc_tui.i18n import _, current_language

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

# The same in Japanese.
CSF_FUNCTIONS_JA: dict[str, str] = {
    "GV": "統治",
    "ID": "識別",
    "PR": "防御",
    "DE": "検知",
    "RS": "対応",
    "RC": "復旧",
}

CSF_CATEGORIES_JA: dict[str, str] = {
    "GV.OC": "組織の状況",
    "GV.RM": "リスクマネジメント戦略",
    "GV.RR": "役割、責任、権限",
    "GV.PO": "ポリシー",
    "GV.OV": "監督",
    "GV.SC": "サイバーセキュリティサプライチェーンリスクマネジメント",
    "ID.AM": "資産管理",
    "ID.RA": "リスクアセスメント",
    "ID.IM": "改善",
    "PR.AA": "アイデンティティ管理、認証、アクセス制御",
    "PR.AT": "意識向上およびトレーニング",
    "PR.DS": "データセキュリティ",
    "PR.PS": "プラットフォームセキュリティ",
    "PR.IR": "技術インフラのレジリエンス",
    "DE.CM": "継続的モニタリング",
    "DE.AE": "有害事象の分析",
    "RS.MA": "インシデント管理",
    "RS.AN": "インシデント分析",
    "RS.CO": "インシデント対応の報告およびコミュニケーション",
    "RS.MI": "インシデントの低減",
    "RC.RP": "インシデント復旧計画の実行",
    "RC.CO": "インシデント復旧のコミュニケーション",
}


def meti_name(directive: int) -> str:
    """A directive's name in the language in use: Japanese, or the English short name."""
    japanese, english = METI_DIRECTIVES[directive]
    return japanese if current_language() == "ja" else english


def csf_name(ref: str) -> str:
    """The name of a NIST CSF function ("GV") or category ("GV.SC") in the language in use."""
    japanese = current_language() == "ja"
    if ref in CSF_FUNCTIONS:
        return CSF_FUNCTIONS_JA[ref] if japanese else CSF_FUNCTIONS[ref]
    return CSF_CATEGORIES_JA[ref] if japanese else CSF_CATEGORIES[ref]


def csf_categories_of(function: str) -> list[str]:
    """ "RC" -> ["RC.RP", "RC.CO"], in the framework's order."""
    return [c for c in CSF_CATEGORIES if c.startswith(function + ".")]


# A category ("GV.SC") or one of its subcategories ("GV.SC-07").
_CSF_REF = re.compile(r"([A-Z]{2})\.([A-Z]{2})(?:-(\d{2}))?")
CSF_REF_PATTERN = r"^[A-Z]{2}\.[A-Z]{2}(-[0-9]{2})?$"


def csf_category(ref: str) -> str:
    """ "GV.OC-01" -> "GV.OC"; "GV.OC" -> "GV.OC"."""
    return ref.split("-", 1)[0]


def csf_function(ref: str) -> str:
    """ "GV.OC-01" -> "GV"."""
    return ref[:2]


def _csf_problem(value: str) -> tuple[str, str, dict[str, Any]] | None:
    """What is wrong with ``value`` as a NIST CSF 2.0 id: (error type, message template, values), or None."""
    found = _CSF_REF.fullmatch(value)
    if found is None:
        upper = value.strip().upper()
        if upper != value and _CSF_REF.fullmatch(upper):
            return "nist_csf_case", _("write NIST CSF ids in capitals: '{upper}'"), {"upper": upper}
        return (
            "nist_csf_form",
            _("'{value}' is not a NIST CSF 2.0 id: write a category such as GV.SC or a subcategory such as GV.SC-07"),
            {"value": value[:40]},
        )
    if found.group(1) not in CSF_FUNCTIONS:
        return (
            "nist_csf_function",
            _("'{value}': NIST CSF 2.0 has no function {function} (it has {known})"),
            {"value": value, "function": found.group(1), "known": ", ".join(CSF_FUNCTIONS)},
        )
    if csf_category(value) not in CSF_CATEGORIES:
        return (
            "nist_csf_category",
            _("'{value}': NIST CSF 2.0 has no category {category} (under {function}: {known})"),
            {
                "value": value,
                "category": csf_category(value),
                "function": found.group(1),
                "known": ", ".join(csf_categories_of(found.group(1))),
            },
        )
    return None


# The ids found valid so far: every session read checks the same few dozen again. (Only the
# valid ones: a problem's message is in the language of the moment.)
_valid_csf_refs: set[str] = set()


def _csf_ref(value: object) -> str:
    if type(value) is str and value in _valid_csf_refs:
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("nist_csf_type", _("expected a NIST CSF 2.0 id such as GV.SC or RS.MA"))
    problem = _csf_problem(value)
    if problem is not None:
        raise PydanticCustomError(*problem)
    if type(value) is str and len(_valid_csf_refs) < _CSF_REFS_REMEMBERED:
        _valid_csf_refs.add(value)
    return value


_CSF_REFS_REMEMBERED = 4096  # more than CSF 2.0 has categories and subcategories


# -- tags as typed in a form ----------------------------------------------------

# Between two tags: commas (also the Japanese ones), semicolons, spaces.
_TAG_SEPARATORS = re.compile(r"[\s,;、]+")


def _typed_tags(text: str) -> list[str]:
    """The tags in typed text, full-width characters folded: "ＧＶ．ＳＣ，７" -> ["GV.SC", "7"]."""
    folded = unicodedata.normalize("NFKC", text)
    return [tag for tag in _TAG_SEPARATORS.split(folded) if tag]


def parse_meti_tags(text: str) -> list[int]:
    """ "1, 7" -> [1, 7]; "" -> []. Raises ParseError naming a tag that is not a directive (1-10).

    A directive typed twice counts once.
    """
    directives: list[int] = []
    for tag in _typed_tags(text):
        if not tag.isdigit():
            raise ParseError(
                _("“{value}” is not a directive number: write numbers from 1 to 10, e.g. 1, 7", value=tag[:40])
            )
        number = int(tag)
        if number not in METI_DIRECTIVES:
            raise ParseError(_("there is no directive {value}: METI's guidelines have directives 1 to 10", value=tag))
        if number not in directives:
            directives.append(number)
    return directives


def parse_csf_tags(text: str) -> list[str]:
    """ "gv.sc, RS.MA-01" -> ["GV.SC", "RS.MA-01"]; "" -> []. Raises ParseError naming an unknown id.

    Ids are put in capitals; an id typed twice counts once.
    """
    refs: list[str] = []
    for tag in _typed_tags(text):
        ref = tag.upper()
        problem = _csf_problem(ref)
        if problem is not None:
            _kind, template, values = problem
            raise ParseError(template.format(**{**values, "value": tag[:40]}))
        if ref not in refs:
            refs.append(ref)
    return refs


def format_tags(tags: list[int] | list[str]) -> str:
    """Tags as a form shows them: "1, 7", "GV.SC, RS.MA-01"."""
    return ", ".join(str(tag) for tag in tags)


_T = TypeVar("_T")


def _no_repeats(values: list[_T]) -> list[_T]:
    if len(values) < 2:  # most items have no tags, or one
        return values
    for i, value in enumerate(values):
        if value in values[:i]:
            raise PydanticCustomError("listed_twice", _("{value} is listed twice"), {"value": value})
    return values


MetiDirective = Annotated[int, Strict(), Field(ge=1, le=10)]
NistCsfRef = Annotated[str, PlainValidator(_csf_ref), WithJsonSchema({"type": "string", "pattern": CSF_REF_PATTERN})]
# The tag lists of an item: each value at most once.
MetiTags = Annotated[list[MetiDirective], AfterValidator(_no_repeats)]
NistCsfTags = Annotated[list[NistCsfRef], AfterValidator(_no_repeats)]
