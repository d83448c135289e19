"""Realistic generated sessions for the benchmarks, built from the four sample sessions.

``generate(n)`` varies what a trainer's folder of team files varies: ids (unique per
session), titles "Team 042 — <organisation>", organisations, languages (about a third
Japanese), progress, and the items — the sample lists are cut down or repeated (with
fresh item ids) so that a session holds from about 20 to about 80 items
(participants + scorecard items + ratings), with every link pointing at an item that
exists. ``big_session()`` is one session of about 200 scorecard items.

Everything is seeded: the same call gives the same sessions.
"""

from __future__ import annotations

import datetime as dt
import random
from itertools import pairwise
from pathlib import Path

from _common import SAMPLES

from secsc_tui.core.model import Column, Perspective, Session, Step
from secsc_tui.core.yaml_io import dump_session, read_sessions_file

EN_TEMPLATES = ("paper-example-en", "sme-manufacturer-supply-chain", "ci-operator-regulated")
JA_TEMPLATES = ("paper-example-ja",)
JA_SHARE = 0.3

ORGS_EN = [
    "Northwind Precision Castings",
    "Harbour Logistics Group",
    "Kestrel Regional Bank",
    "Aoba Medical Devices",
    "Lakeside Water Authority",
    "Brightline Rail Services",
    "Cobalt Semiconductor Works",
    "Fernhill Foods",
    "Ridgeway Insurance",
    "Summit Cloud Hosting",
    "Tidewater Port Operations",
    "Granite City Council",
    "Orchid Pharmaceuticals",
    "Ironbridge Steel",
    "Silverleaf Retail",
    "Meridian Telecom",
    "Pinecrest University Hospital",
    "Vantage Payments",
    "Redwood Auto Parts",
    "Bluefin Shipping",
    "Crescent Energy Networks",
    "Maple Textile Mills",
    "Quarry Lane Construction",
    "Skyward Airlines Cargo",
    "Juniper Software Labs",
    "Osprey Chemicals",
    "Willow Care Homes",
    "Atlas Fire Protection",
    "Helix Biotech",
    "Sandstone Mining",
]
ORGS_JA = [
    "北星精密鋳造株式会社",
    "湾岸ロジスティクス株式会社",
    "青葉医療機器株式会社",
    "湖畔水道企業団",
    "光線鉄道サービス株式会社",
    "紺碧半導体株式会社",
    "羊歯丘食品株式会社",
    "尾根損害保険株式会社",
    "山頂クラウド株式会社",
    "潮見港湾運営株式会社",
    "花崗市役所",
    "蘭製薬株式会社",
    "鉄橋製鋼株式会社",
    "銀葉リテール株式会社",
    "子午線通信株式会社",
    "松丘大学病院",
    "赤杉自動車部品株式会社",
    "三日月エネルギー網株式会社",
    "楓紡績株式会社",
    "杜松ソフトウェア研究所",
]
SECTORS = ["manufacturing", "finance", "healthcare", "it_services", "government", "critical_infrastructure", "other"]
STEPS = [s.value for s in Step]
PERSPECTIVES = [p.value for p in Perspective]
COLUMNS = [c.value for c in Column]
LINK_FIELD = {"csfs": "supports", "kpis": "measures", "actions": "moves"}
EPOCH = dt.datetime(2025, 9, 1, 9, 0, tzinfo=dt.UTC)


def load_templates() -> dict[str, Session]:
    return {name: read_sessions_file(SAMPLES / f"{name}.yaml")[0] for name in EN_TEMPLATES + JA_TEMPLATES}


def _resize(items: list[dict], count: int, rng: random.Random) -> list[dict]:
    """``count`` items: a random ordered subset, or all of them plus copies with fresh ids."""
    if not items or count <= 0:
        return []
    if count <= len(items):
        keep = sorted(rng.sample(range(len(items)), count))
        return [dict(items[i]) for i in keep]
    out = [dict(item) for item in items]
    # Scorecard items carry a number ("F-G2") that must stay unique in its list.
    next_number = max(item["number"] for item in items) + 1 if "number" in items[0] else None
    copy = 2
    while len(out) < count:
        for item in items:
            if len(out) == count:
                break
            out.append({**item, "id": f"{item['id']}-{copy}"})
            if next_number is not None:
                out[-1]["number"] = next_number
                next_number += 1
        copy += 1
    return out


def _item_count(data: dict) -> int:
    return (
        len(data["people"]["participants"])
        + len(data["evaluation"]["responses"])
        + sum(len(data["scorecard"][p][c]) for p in PERSPECTIVES for c in COLUMNS)
    )


def make_session(number: int, rng: random.Random, templates: dict[str, Session]) -> Session:
    japanese = rng.random() < JA_SHARE
    template = templates[rng.choice(JA_TEMPLATES if japanese else EN_TEMPLATES)]
    data = template.model_dump(mode="python")
    base = _item_count(data)
    wanted = rng.randint(20, 80)
    scale = wanted / base

    def size(n: int, least: int = 0) -> int:
        return max(least, round(n * scale + rng.uniform(-0.5, 0.5)))

    people = data["people"]
    people["participants"] = _resize(people["participants"], size(len(people["participants"]), 1), rng)
    evaluation = data["evaluation"]
    evaluation["responses"] = _resize(evaluation["responses"], size(len(evaluation["responses"])), rng)
    for p in PERSPECTIVES:
        card = data["scorecard"][p]
        for c in COLUMNS:
            card[c] = _resize(card[c], size(len(card[c]), 1 if c == "goals" else 0), rng)

    # Links may only point at items that are still there; copies link like their originals.
    present = {c: {item["id"] for p in PERSPECTIVES for item in data["scorecard"][p][c]} for c in COLUMNS}
    target_of = {"csfs": "goals", "kpis": "csfs", "actions": "kpis"}
    for p in PERSPECTIVES:
        for c, field in LINK_FIELD.items():
            for item in data["scorecard"][p][c]:
                item[field] = [t for t in dict.fromkeys(item[field]) if t in present[target_of[c]]]
    links, seen = [], set()
    for link in data["strategy_map"]:
        pair = (link["cause"], link["effect"])
        if pair[0] != pair[1] and pair not in seen and pair[0] in present["goals"] and pair[1] in present["goals"]:
            seen.add(pair)
            links.append(link)
    data["strategy_map"] = links

    org = rng.choice(ORGS_JA if japanese else ORGS_EN)
    session_id = f"team-{number:04d}"
    data["id"] = session_id
    data["title"] = f"チーム {number:03d} — {org}" if japanese else f"Team {number:03d} — {org}"
    data["organisation"]["name"] = org
    data["organisation"]["sector"] = rng.choice(SECTORS)
    data["organisation"]["size"] = rng.choice(["sme", "large"])
    created = EPOCH + dt.timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 600))
    data["created"] = created
    data["updated"] = created + dt.timedelta(minutes=rng.randint(30, 480))
    data["revision"] = rng.randint(1, 12)
    reached = rng.randint(0, len(STEPS) - 1)
    data["progress"] = {"current_step": STEPS[reached], "done": STEPS[:reached]}
    return Session.model_validate(data)


def generate(count: int, seed: int = 42) -> list[Session]:
    rng = random.Random(seed)
    templates = load_templates()
    return [make_session(i, rng, templates) for i in range(1, count + 1)]


def write_files(sessions: list[Session], folder: Path, *, validate: bool = True) -> list[Path]:
    """One YAML file per session (ID.yaml); with ``validate``, read each back as secsc would."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for session in sessions:
        path = folder / f"{session.id}.yaml"
        path.write_text(dump_session(session), encoding="utf-8")
        if validate:
            back = read_sessions_file(path)
            if len(back) != 1 or back[0].id != session.id:
                raise RuntimeError(f"{path} did not read back as session {session.id}")
        paths.append(path)
    return paths


def item_count(session: Session) -> int:
    return _item_count(session.model_dump(mode="python"))


def renumbered(sessions: list[Session], batch: int) -> list[Session]:
    """The same sessions under other ids (for a database of many thousands)."""
    return [s.model_copy(update={"id": f"{s.id}-b{batch:02d}"}) for s in sessions]


def many_sessions_database(path: Path, total: int, per_batch: int = 1000) -> int:
    """A database of ``total`` sessions (``generate(per_batch)`` under ``total // per_batch`` sets of ids),
    built in-process with ``Store.import_sessions``, a transaction per batch; the count of sessions in it."""
    from secsc_tui.core.store import Store

    sessions = generate(per_batch)
    with Store.open(path) as store:
        for batch in range(total // per_batch):
            store.import_sessions(renumbered(sessions, batch))
        return store.count_sessions()


# -- one big session -----------------------------------------------------------------------

LETTER = {"financial": "F", "customer": "C", "internal_processes": "I", "learning_growth": "L"}
COLUMN_LETTER = {"goals": "G", "csfs": "S", "kpis": "K", "actions": "A"}
WORDS = [
    "reduce",
    "detect",
    "report",
    "train",
    "review",
    "automate",
    "patch",
    "measure",
    "agree",
    "publish",
    "supplier",
    "incident",
    "backup",
    "access",
    "budget",
    "customer",
    "design",
    "response",
    "awareness",
]


def token(perspective: str, column: str, index: int) -> str:
    """The unique word that starts an item's text in the big session, e.g. "QFG07"."""
    return f"Q{LETTER[perspective]}{COLUMN_LETTER[column]}{index + 1:02d}"


def big_session(per_cell: int = 12, extra: int = 8, seed: int = 7, step: str = "scorecard") -> Session:
    """About 200 scorecard items: 4 perspectives × 4 columns × ``per_cell`` (+ ``extra``), all linked."""
    rng = random.Random(seed)
    templates = load_templates()
    data = templates["paper-example-en"].model_dump(mode="python")
    counts = {(p, c): per_cell for p in PERSPECTIVES for c in COLUMNS}
    for p, c in rng.sample(sorted(counts), extra):
        counts[(p, c)] += 1
    scorecard = {}
    for p in PERSPECTIVES:
        card = {}
        for c in COLUMNS:
            items = []
            for i in range(counts[(p, c)]):
                text = f"{token(p, c, i)} {' '.join(rng.sample(WORDS, rng.randint(3, 7)))}"
                item_id = f"{LETTER[p].lower()}-{c}-{i + 1}"
                if c == "goals":
                    items.append({"id": item_id, "text": text})
                elif c == "csfs":
                    items.append({"id": item_id, "text": text, "supports": []})
                elif c == "kpis":
                    items.append(
                        {
                            "id": item_id,
                            "measure": text,
                            "direction": "at_least",
                            "target": rng.randint(1, 100),
                            "unit": "%",
                            "frequency": "monthly",
                            "owner": "CSIRT Lead",
                            "measures": [],
                        }
                    )
                else:
                    items.append(
                        {
                            "id": item_id,
                            "text": text,
                            "owner": "Security Office",
                            "status": "planned",
                            "due": dt.date(2026, rng.randint(1, 12), rng.randint(1, 28)),
                            "moves": [],
                        }
                    )
            card[c] = items
        # Each CSF supports 1-2 goals, each KPI measures 1-2 CSFs, each action moves a KPI.
        for c, field in LINK_FIELD.items():
            targets = card[{"csfs": "goals", "kpis": "csfs", "actions": "kpis"}[c]]
            for item in card[c]:
                item[field] = [t["id"] for t in rng.sample(targets, rng.randint(1, 2 if c != "actions" else 1))]
        scorecard[p] = card
    data["scorecard"] = scorecard
    links = []
    for lower, upper in pairwise(PERSPECTIVES[::-1]):
        for goal in scorecard[lower]["goals"]:
            links.append({"cause": goal["id"], "effect": rng.choice(scorecard[upper]["goals"])["id"]})
    data["strategy_map"] = links
    data["id"] = "big-session"
    data["title"] = "Big session — 200 scorecard items"
    index = STEPS.index(step)
    data["progress"] = {"current_step": step, "done": STEPS[:index]}
    return Session.model_validate(data)


def at_step(session: Session, step: str) -> Session:
    index = STEPS.index(step)
    return session.model_copy(
        update={
            "progress": session.progress.model_copy(
                update={"current_step": Step(step), "done": [Step(s) for s in STEPS[:index]]}
            )
        }
    )
