"""The strategy map as a graph: cause→effect links between strategy goals."""

from __future__ import annotations

from collections.abc import Iterable

from secsc_tui.core.model import MapLink


def successors(links: Iterable[MapLink]) -> dict[str, list[str]]:
    graph: dict[str, list[str]] = {}
    for link in links:
        graph.setdefault(link.cause, []).append(link.effect)
    return graph


def find_cycles(links: Iterable[MapLink]) -> list[list[str]]:
    """Each cycle once, as the goal ids along it, starting from its smallest id.

    A cause→effect map should flow one way (people → processes → customer →
    financial); a cycle usually means a link was drawn the wrong way round.
    """
    graph = successors(links)
    cycles: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):]
                start = cycle.index(min(cycle))
                cycles.add(tuple(cycle[start:] + cycle[:start]))
            elif state.get(nxt) is None:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in list(graph):
        if node not in state:
            visit(node)
    return [list(c) for c in sorted(cycles)]


def chains_from(goal_id: str, links: Iterable[MapLink], *, limit: int = 50) -> list[list[str]]:
    """Every cause→effect path that starts at ``goal_id`` and runs until it ends.

    Used to show how a goal contributes, step by step, up to the financial outcome.
    Cycles are cut (a goal never appears twice on one path); at most ``limit`` paths.
    """
    graph = successors(links)
    chains: list[list[str]] = []

    def walk(path: list[str]) -> None:
        if len(chains) >= limit:
            return
        onward = [n for n in graph.get(path[-1], ()) if n not in path]
        if not onward:
            if len(path) > 1:
                chains.append(path)
            return
        for nxt in onward:
            walk(path + [nxt])

    walk([goal_id])
    return chains
