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
    The walk keeps its own stack: a chain of a thousand links in a file must not
    exhaust Python's recursion limit.
    """
    graph = successors(links)
    cycles: set[tuple[str, ...]] = set()
    finished: set[str] = set()
    for root in graph:
        if root in finished:
            continue
        path = [root]
        on_path = {root: 0}  # goal -> its index in path
        pending = [iter(graph[root])]  # per goal on the path: the links not yet followed
        while pending:
            nxt = next(pending[-1], None)
            if nxt is None:  # every link of the last goal followed
                pending.pop()
                done = path.pop()
                del on_path[done]
                finished.add(done)
            elif nxt in on_path:
                cycle = path[on_path[nxt] :]
                start = cycle.index(min(cycle))
                cycles.add(tuple(cycle[start:] + cycle[:start]))
            elif nxt not in finished:
                on_path[nxt] = len(path)
                path.append(nxt)
                pending.append(iter(graph.get(nxt, ())))
    return [list(c) for c in sorted(cycles)]


def chains_from(goal_id: str, links: Iterable[MapLink], *, limit: int = 50) -> list[list[str]]:
    """Every cause→effect path that starts at ``goal_id`` and runs until it ends.

    Used to show how a goal contributes, step by step, up to the financial outcome.
    Cycles are cut (a goal never appears twice on one path); at most ``limit`` paths,
    found depth first with an explicit stack (no recursion limit on long chains).
    """
    graph = successors(links)
    chains: list[list[str]] = []
    stack = [[goal_id]]
    while stack and len(chains) < limit:
        path = stack.pop()
        onward = [n for n in graph.get(path[-1], ()) if n not in path]
        if not onward:
            if len(path) > 1:
                chains.append(path)
            continue
        stack.extend([*path, n] for n in reversed(onward))  # the first link is followed first
    return chains
