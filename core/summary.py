"""The plan of a push or pull, and afterwards its result: accsr's TransactionSummary.

Field names, properties and the JSON representation are accsr's. Bucket Ferry adds, as
optional keyword-only extensions: ``failed_files``, ``cancelled``, ``replaced_copies``,
``only_on_target``, the states of every row (``by_state``) and the sync record a run
writes to.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from typing import Any, TextIO

from .errors import BucketFerryError
from .remote_object import RemoteObjectProtocol
from .states import PLAN_STATES, PlanState
from .sync_object import (
    REFUSED,
    SKIPPED,
    JsonReprMixin,
    SyncDirection,
    SyncObject,
    json_text,
)
from .sync_record import PairRecord

log = logging.getLogger(__name__)


@dataclass(repr=False)
class TransactionSummary(JsonReprMixin):
    """What a push or pull will do (dry run) or did. Given to users for introspection."""

    matched_source_files: list[SyncObject] = field(default_factory=list)
    not_on_target: list[SyncObject] = field(default_factory=list)
    on_target_eq_md5: list[SyncObject] = field(default_factory=list)
    on_target_neq_md5: list[SyncObject] = field(default_factory=list)
    unresolvable_collisions: dict[str, list[RemoteObjectProtocol] | str] = field(
        default_factory=dict
    )
    skipped_source_files: list[SyncObject] = field(default_factory=list)
    synced_files: list[SyncObject] = field(default_factory=list)
    sync_direction: SyncDirection | None = None
    failed_files: list[SyncObject] = field(default_factory=list, kw_only=True)
    """Extension: files that were tried and failed; each has ``reason``."""
    cancelled: bool = field(default=False, kw_only=True)
    """Extension: True if the run was cancelled before every file was tried."""
    local_base_dir: str | None = field(default=None, kw_only=True)
    """Extension: a pull's chosen local folder (absolute); pulls write only below it, never
    through a symbolic link inside it. None for pushes and hand-made summaries."""
    only_on_target: list[SyncObject] = field(default_factory=list, kw_only=True)
    """Extension: files on the target only, in the folders the plan covers: ONLY_TARGET
    (never synced from here) or DELETED_SOURCE (synced, since deleted from the source).
    Shown, never transferred or deleted."""
    record: PairRecord | None = field(default=None, kw_only=True, repr=False, compare=False)
    """Extension: the sync record of the two places this plan is about; a run records in
    it each file it transfers."""
    local_base_id: tuple[int, int] | None = field(default=None, kw_only=True, repr=False)
    """Extension: (device, inode) of ``local_base_dir`` when the plan was made, so a run
    does not write into another folder that took its name (a link swapped in)."""
    stopped_reason: str | None = field(default=None, kw_only=True)
    """Extension: why a run stopped before trying every file (the server went away, the
    credentials were refused...); the files it did not try are in ``failed_files`` with
    that reason. None when every file was tried."""

    def __post_init__(self) -> None:
        if self.sync_direction not in ("pull", "push", None):
            raise ValueError(
                "sync_direction can only be set to pull, push or None, instead got: "
                f"{self.sync_direction}"
            )

    @property
    def replaced_copies(self) -> dict[str, str]:
        """Extension: local path -> where the version that a forced pull replaced was kept."""
        return {
            s.local_path: s.replaced_copy
            for s in self.matched_source_files
            if s.local_path is not None and s.replaced_copy is not None
        }

    @property
    def refused_files(self) -> list[SyncObject]:
        """Extension: what was left out because it cannot be transferred safely, each with
        its ``reason`` (a subset of ``skipped_source_files``)."""
        return [s for s in self.skipped_source_files if s.status == REFUSED]

    def refuse(self, synced_object: SyncObject, reason: str) -> None:
        """Extension: leave ``synced_object`` out of the run because it cannot be
        transferred safely; ``reason`` is shown to the user ("its name ...")."""
        self.add_entry(synced_object, skip=True)
        synced_object.status = REFUSED
        synced_object.state = PlanState.REFUSED
        synced_object.reason = reason

    def by_state(self) -> dict[PlanState, list[SyncObject]]:
        """Extension: every analysed file, and every file only on the target, under the
        state the plan gives it, in the order of
        :data:`~bucketferry.core.states.PLAN_STATES` (worst first)."""
        found: dict[PlanState, list[SyncObject]] = {state: [] for state in PLAN_STATES}
        for item in self.all_files_analyzed + self.only_on_target:
            found.setdefault(item.state or PlanState.SKIPPED, []).append(item)
        return {state: found[state] for state in PLAN_STATES}

    @property
    def unsafe_overwrites(self) -> list[SyncObject]:
        """Extension: the files whose copying would replace a copy that changed since the
        last sync, or whose history is unknown: these need force, always."""
        return [s for s in self.on_target_neq_md5 if not s.safe_update]

    @property
    def files_to_sync(self) -> list[SyncObject]:
        """Files not on the target plus files whose content differs on the target."""
        return self.not_on_target + self.on_target_neq_md5

    def size_files_to_sync(self) -> int:
        """Total bytes to transfer: local sizes for a push, remote sizes for a pull."""
        return sum(obj.get_bytes_transferred() for obj in self.files_to_sync)

    @property
    def requires_force(self) -> bool:
        """True iff the transaction would overwrite files, which needs force=True."""
        return len(self.on_target_neq_md5) != 0

    @property
    def has_unresolvable_collisions(self) -> bool:
        """True iff there is a file/folder collision that no setting can resolve."""
        return len(self.unresolvable_collisions) != 0

    @property
    def all_files_analyzed(self) -> list[SyncObject]:
        """All analysed source files, skipped ones included."""
        return self.skipped_source_files + self.matched_source_files

    def add_entry(
        self,
        synced_object: SyncObject,
        collides_with: list[RemoteObjectProtocol] | str | None = None,
        skip: bool = False,
    ) -> None:
        """Adds a SyncObject to the summary, classified by its state."""
        if skip:
            synced_object.status = SKIPPED
            synced_object.state = PlanState.SKIPPED
            self.skipped_source_files.append(synced_object)
            return
        self.matched_source_files.append(synced_object)
        if collides_with:
            self.unresolvable_collisions[synced_object.name] = collides_with
            synced_object.state = PlanState.COLLISION
        elif synced_object.exists_on_target:
            if synced_object.equal_md5_hash_sum:
                self.on_target_eq_md5.append(synced_object)
                synced_object.state = PlanState.IDENTICAL
            else:
                self.on_target_neq_md5.append(synced_object)
                synced_object.state = PlanState.DIFFERS
        else:
            self.not_on_target.append(synced_object)
            synced_object.state = PlanState.NEW

    def warn_if_it_would_fail(self, force: bool) -> None:
        """accsr's dry run: says in the log what would stop the real run."""
        if self.has_unresolvable_collisions:
            log.warning("This transaction has unresolvable collisions and would not succeed.")
        if self.requires_force and not force:
            log.warning(
                "This transaction requires overwriting of files and would not succeed "
                "without force=True"
            )

    def raise_if_failed(self) -> None:
        """After a run: SyncFailedError if some files could not be transferred."""
        if self.failed_files:
            first = self.failed_files[0]
            raise SyncFailedError(
                f"{len(self.failed_files)} of {len(self.files_to_sync)} files could not be "
                f"transferred (first: {first.name}: {first.reason}). The others were "
                "transferred; run again to retry the rest.",
                self,
            )

    def get_short_summary_dict(self) -> dict[str, Any]:
        """A short summary of the transaction as a dictionary."""
        return {
            "sync_direction": self.sync_direction,
            "files_to_sync": len(self.files_to_sync),
            "total_size": self.size_files_to_sync(),
            "unresolvable_collisions": len(self.unresolvable_collisions),
            "synced_files": len(self.synced_files),
            "failed_files": len(self.failed_files),
            "refused_files": len(self.refused_files),
        }

    def print_short_summary(self) -> None:
        """Prints the short summary (shorter than the full repr)."""
        print(json.dumps(self.get_short_summary_dict(), indent=2))

    def to_json(self) -> str:
        """accsr's JSON of the whole summary (what :meth:`write_json` writes)."""
        text = io.StringIO()
        self.write_json(text)
        return text.getvalue()

    def write_json(self, stream: TextIO) -> None:
        """The text of :meth:`to_json`, written one entry at a time: a plan of 100,000
        files is never held as one string, nor as one tree of dicts."""
        stream.write("{")
        for number, (key, value) in enumerate(sorted(self.to_dict().items())):
            stream.write(f"{',' if number else ''}\n  {json.dumps(key)}: ")
            if isinstance(value, list) and value:
                stream.write("[")
                for index, item in enumerate(value):
                    stream.write(",\n    " if index else "\n    ")
                    stream.write(json_text(item).replace("\n", "\n    "))
                stream.write("\n  ]")
            else:
                stream.write(json_text(value).replace("\n", "\n  "))
        stream.write("\n}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "matched_source_files": self.matched_source_files,
            "not_on_target": self.not_on_target,
            "on_target_eq_md5": self.on_target_eq_md5,
            "on_target_neq_md5": self.on_target_neq_md5,
            "unresolvable_collisions": self.unresolvable_collisions,
            "skipped_source_files": self.skipped_source_files,
            "synced_files": self.synced_files,
            "sync_direction": self.sync_direction,
            "failed_files": self.failed_files,
            "only_on_target": self.only_on_target,
            "cancelled": self.cancelled,
            "stopped_reason": self.stopped_reason,
        }


class SyncFailedError(BucketFerryError):
    """Raised by push/pull after every file was tried and some failed.

    ``summary`` holds the per-file results: what synced, what failed and why.
    """

    title = "Some files were not transferred"

    def __init__(self, message: str, summary: TransactionSummary) -> None:
        super().__init__(message)
        self.summary = summary
