"""The plan's states laid over the two trees: every file by its own state, every folder by
the worst state inside it, so a user sees at a glance where the differences are.

Pure Python (no Qt objects): built in the worker with each preview or run result (0.2 s
for 100,000 files, too long for the event loop), then looked up by path while the trees
paint only their visible rows.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from bucketferry.core import SyncObject, TransactionSummary
from bucketferry.core.states import PlanState

_LEAST_FIRST = (
    PlanState.SKIPPED,
    PlanState.IDENTICAL,
    PlanState.SYNCED,
    PlanState.ONLY_TARGET,
    PlanState.DELETED_SOURCE,
    PlanState.NEW,
    PlanState.CHANGED_LOCAL,  # these two trade places for a pull (see severity)
    PlanState.CHANGED_REMOTE,
    PlanState.DIFFERS,
    PlanState.CONFLICT,
    PlanState.REFUSED,
    PlanState.FAILED,
    PlanState.COLLISION,
)


def severity(direction: str | None) -> dict[PlanState, int]:
    """For folders: the state that most needs a look wins. A change on the target side
    (in the bucket for a push, here for a pull) outranks a safe update of the other."""
    ranks = {state: rank for rank, state in enumerate(_LEAST_FIRST)}
    if direction == "pull":
        local, remote = PlanState.CHANGED_LOCAL, PlanState.CHANGED_REMOTE
        ranks[local], ranks[remote] = ranks[remote], ranks[local]
    return ranks


def _mark_parents(
    folders: dict[str, PlanState],
    ranks: dict[PlanState, int],
    path: str,
    state: PlanState,
    stop: str,
    sep: str,
    suffix: str,
) -> None:
    """Raises every folder from ``path``'s parent up to ``stop`` to at least ``state``
    (by ``ranks``). Stops early at a folder that is already that bad: its parents then
    are too."""
    parent, _, _ = path.rpartition(sep)
    while parent and len(parent) >= len(stop):
        key = parent + suffix
        current = folders.get(key)
        if current is not None and ranks[current] >= ranks[state]:
            return
        folders[key] = state
        parent, _, _ = parent.rpartition(sep)


@dataclass
class TreeStates:
    """``local``: absolute local paths (files and folders) to states; ``remote``: object
    names and prefixes (ending in '/') to states."""

    local: dict[str, PlanState] = field(default_factory=dict)
    remote: dict[str, PlanState] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        rows: Iterable[tuple[SyncObject, PlanState]],
        local_root: str,
        remote_root: str,
        direction: str | None = None,
    ) -> TreeStates:
        """``local_root`` and ``remote_root`` are where the preview started: folders above
        them are not coloured (they hold more than the preview looked at). ``direction``
        decides which changed side ranks higher in a folder (see :func:`severity`)."""
        states = cls()
        ranks = severity(direction)
        local_root = os.path.normpath(os.path.abspath(local_root))
        remote_root = remote_root.strip("/")
        local_folders: dict[str, PlanState] = {}
        remote_folders: dict[str, PlanState] = {}
        for item, state in rows:
            if item.local_path:
                path = os.path.normpath(item.local_path)
                states.local[path] = state
                _mark_parents(local_folders, ranks, path, state, local_root, os.sep, "")
            name = item.remote_path
            if name:
                states.remote[name] = state
                _mark_parents(remote_folders, ranks, name, state, remote_root, "/", "/")
        for path, state in local_folders.items():
            states.local.setdefault(path, state)
        for prefix, state in remote_folders.items():
            states.remote.setdefault(prefix, state)
        return states


def plan_tree_states(summary: TransactionSummary, local_root: str, remote_root: str) -> TreeStates:
    """The states the preview table shows for ``summary`` (planned, or the run's result)."""
    return TreeStates.build(
        (
            (item, item.state_after_run(planned))
            for planned, items in summary.by_state().items()
            for item in items
        ),
        local_root,
        remote_root,
        summary.sync_direction,
    )
