"""Sessions built directly in Python, for tests of the store, the YAML exchange and the rules.

Import as ``from factories import rich_session`` (pytest puts tests/core on sys.path).
"""

from __future__ import annotations

import datetime as dt

from secsc_tui.core.model import (
    ActionPlan,
    ActionStatus,
    Approach,
    Column,
    CriticalSuccessFactor,
    Direction,
    Evaluation,
    Frequency,
    Gap,
    Goal,
    Indicator,
    Kpi,
    Language,
    Layer,
    MapLink,
    Organisation,
    OrgSize,
    Participant,
    People,
    Progress,
    Regulation,
    Response,
    Sector,
    Session,
    Step,
    StrategicGoal,
)

T0 = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)


def minimal_session(session_id: str = "s-minimal", title: str = "Minimal", **fields) -> Session:
    """Only what a session needs: id, title, timestamps; every other field at its default."""
    fields.setdefault("created", T0)
    fields.setdefault("updated", T0)
    return Session(id=session_id, title=title, **fields)


def rich_session(session_id: str = "s-rich", title: str = "セキュリティ・スコアカード 2025 🛡️") -> Session:
    """Every part filled, with the values a store or serializer is likely to get wrong.

    Japanese and emoji, markup-like "[/b]" and "[bold]", multi-line text, trailing
    spaces, ints next to floats (60 vs 4.5, a value beyond 64 bits), None next to ""
    and 0, dangling and repeated links, and items in a deliberately unsorted order.
    A test checks that every field of the model is set to a non-default value
    somewhere in it: when the model grows, fill the new field here.
    """
    s = Session(
        id=session_id,
        title=title,
        language=Language.JA,
        currency="JPY",
        created=dt.datetime(2025, 8, 26, 9, 0, 5, tzinfo=dt.UTC),
        updated=dt.datetime(2025, 9, 1, 17, 30, 59, tzinfo=dt.UTC),
        revision=7,
        progress=Progress(
            current_step=Step.STRATEGY_MAP,
            done=[Step.GAP_ANALYSIS, Step.CONTEXT, Step.SCORECARD],  # done out of order
            reviewed=True,  # opened once, then the team went back
        ),
        organisation=Organisation(
            name="株式会社サンプル電力",
            sector=Sector.CRITICAL_INFRASTRUCTURE,
            size=OrgSize.LARGE,
            regulation=Regulation.HEAVY,
            critical_infrastructure=True,
            partners_request_security=True,
            notes="Line one\nline two [/b] not markup\n\n  indented, trailing space ",
        ),
        people=People(
            facilitator="山田 太郎",
            participants=[
                Participant(id="p-exec", name="佐藤 花子", layer=Layer.EXECUTIVE, team="経営企画", role="CFO"),
                Participant(id="p-ops", name='O\'Brien "Ops"', layer=Layer.OPERATIONAL),
                Participant(id="p-sec", name="Ålesund 🔐", layer=Layer.SECURITY, team="", role="CISO [bold]"),
            ],
        ),
        strategic_goal=StrategicGoal(
            title="セキュリティを投資に",
            description="Turn security from a cost\ninto an investment.\n\tTabbed line.",
        ),
        approach={"choice": Approach.STEER, "rationale": "規制業種のため (regulated)"},
        strategy_map=[
            MapLink(cause="g-lg", effect="g-cust"),
            MapLink(cause="g-cust", effect="g-fin"),
            MapLink(cause="g-lg", effect="g-missing"),  # dangling on purpose
        ],
        evaluation=Evaluation(
            date=dt.date(2025, 9, 1),
            participants=0,
            note="振り返り: 良かった\n次回は 2 日間",
            responses=[
                Response(id="r-2", respondent="匿名", usefulness=5, availability=None, comment="とても有用 👍"),
                Response(id="r-1", respondent="", usefulness=None, availability=1, comment="line\nbreak"),
            ],
        ),
        # Digests of versions it descends from (made up: none is this content's).
        history=["0123456789abcdef", "1234567890123456"],
    )
    s.gap_analysis.financial = Gap(
        business_view="コスト", security_view="投資", cause="見解の相違", countermeasure="対話", severity=4
    )
    s.gap_analysis.learning_growth = Gap(business_view="", security_view="only this", severity=None)
    s.gap_analysis.customer = Gap(severity=1)  # a rating with no text is not empty
    s.gap_analysis.internal_processes = Gap(cause="縦割り", countermeasure="")

    fin = s.scorecard.financial
    fin.goals = [
        Goal(id="g-fin", text="損失を減らす", meti=[8, 3], nist_csf=["RC.RP"]),
        Goal(id="g-fin2", text="Keep [b]costs[/b] down"),
    ]
    fin.csfs = [
        CriticalSuccessFactor(
            id="c-fin", text="早期検知", supports=["g-fin2", "g-fin", "g-fin"], meti=[5], nist_csf=["DE.CM", "DE.AE-02"]
        ),
        CriticalSuccessFactor(id="c-none", text="no links"),
    ]
    fin.kpis = [
        Kpi(
            id="k-time",
            measure="SOC→CSIRT reporting time",
            indicator=Indicator.LAGGING,
            direction=Direction.AT_MOST,
            target=60,
            unit="min",
            frequency=Frequency.MONTHLY,
            owner="SOC",
            baseline=4.5,
            baseline_on=dt.date(2025, 4, 1),
            current=0,
            current_on=dt.date(2025, 8, 31),
            measures=["c-fin"],
            meti=[7],
            nist_csf=["RS.MA", "RS.CO-02"],
        ),
        Kpi(
            id="k-big",
            measure="Exposure (¥)",
            direction=Direction.EXACTLY,
            target=12345678901234567890123,
            unit="¥",
            baseline=-0.1,
            current=1e-7,
            measures=["c-gone"],
        ),
        Kpi(id="k-bare", measure="No target yet", frequency=None, target=None, unit=""),
    ]
    fin.actions = [
        ActionPlan(
            id="a-1",
            text="Organise detection info\n(two lines)",
            owner="CSIRT",
            due=dt.date(2026, 3, 31),
            status=ActionStatus.IN_PROGRESS,
            budget=2.5,
            moves=["k-time", "k-big"],
            meti=[10, 7, 1],
            nist_csf=["GV.SC"],
        ),
        ActionPlan(id="a-2", text="予算なし", budget=0, due=None, status=ActionStatus.DONE),
    ]
    cust = s.scorecard.customer
    # As a team leaves it after deleting goals 1, 2 and 4: goal 3 keeps its number, and 4 is never given again.
    cust.goals = [Goal(id="g-cust", number=3, text="信頼される会社")]
    cust.last_numbers = {Column.GOALS: 4}
    cust.kpis = [Kpi(id="k-pct", measure="Customer audits passed", target=100, unit="%", baseline=97.25)]
    ip = s.scorecard.internal_processes
    ip.csfs = [CriticalSuccessFactor(id="c-ip", text="手順の標準化", supports=["g-cust"])]
    lg = s.scorecard.learning_growth
    lg.goals = [Goal(id="g-lg", text="Plus-security people 👩‍💻")]
    lg.actions = [ActionPlan(id="a-lg", text="Training", budget=1_000_000, moves=[])]
    return s


def bulk_session(n: int, items: int = 50) -> Session:
    """A plausible session with about ``items`` scorecard items, for volume tests and benchmarks."""
    s = minimal_session(f"s-bulk-{n:05d}", f"Workshop {n} ワークショップ", updated=T0 + dt.timedelta(minutes=n))
    s.organisation.name = f"Org {n % 37}"
    s.progress.done = [Step.CONTEXT, Step.GAP_ANALYSIS]
    s.progress.current_step = Step.STRATEGIC_GOAL
    s.people.participants = [Participant(id=f"p-{i}", name=f"Person {i}", layer=list(Layer)[i % 3]) for i in range(6)]
    per = max(1, items // 16)
    for p_index, name in enumerate(("financial", "customer", "internal_processes", "learning_growth")):
        card = s.scorecard[name]
        card.goals = [Goal(id=f"g-{p_index}-{i}", text=f"Goal {i}") for i in range(per)]
        card.csfs = [
            CriticalSuccessFactor(id=f"c-{p_index}-{i}", text=f"CSF {i}", supports=[f"g-{p_index}-{i}"])
            for i in range(per)
        ]
        card.kpis = [
            Kpi(
                id=f"k-{p_index}-{i}",
                measure=f"KPI {i}",
                target=i * 10,
                baseline=i + 0.5,
                unit="%",
                measures=[f"c-{p_index}-{i}"],
            )
            for i in range(per)
        ]
        card.actions = [
            ActionPlan(id=f"a-{p_index}-{i}", text=f"Action {i}", budget=1000 * i, moves=[f"k-{p_index}-{i}"])
            for i in range(per)
        ]
    s.gap_analysis.financial.business_view = "cost"
    s.strategy_map = [MapLink(cause="g-3-0", effect="g-0-0")]
    return s
