"""A thread pool fed from an iterator, each worker taking the next item itself.

``ThreadPoolExecutor.map`` submits every item at once: one ``Future`` (with its lock and
condition) per file, 100,000 of them before the first finishes, and on an error or a cancel
every one of them still runs. A pool fed a few futures ahead by the calling thread keeps
memory flat but wakes that thread once per item: on a local-folder bucket, where a file
takes a few hundred microseconds, that hand-over of the interpreter lock between two threads
cost a third of a push. Here each worker takes its next item from the shared iterator under
a lock, so only one item per worker is in flight and the calling thread sleeps until the
end; after the first error no worker takes another item.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def bounded_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    *,
    name: str,
) -> list[R]:
    """``fn`` over ``items`` on ``workers`` threads (named ``name``), results in the items'
    order. The first exception (from ``fn`` or from the iterator) is raised once the items
    in flight have finished."""
    source = iter(items)
    results: list[R | None] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def take() -> tuple[int, T] | None:
        with lock:
            if failures:
                return None
            try:
                item = next(source)
            except StopIteration:
                return None
            except BaseException as exc:  # the iterator's own error ends the run too
                failures.append(exc)
                return None
            results.append(None)
            return len(results) - 1, item

    def work() -> None:
        while (taken := take()) is not None:
            index, item = taken
            try:
                result = fn(item)
            except BaseException as exc:
                with lock:
                    failures.append(exc)
                return
            results[index] = result

    threads = [
        threading.Thread(target=work, name=f"{name}_{n}", daemon=True)
        for n in range(max(1, workers))
    ]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except BaseException as exc:  # Ctrl-C in the calling thread: no new item starts,
        with lock:  # and the items in flight end as they would after an error
            failures.append(exc)
        for thread in threads:
            thread.join()
        raise
    if failures:
        raise failures[0]
    return results  # type: ignore[return-value]
