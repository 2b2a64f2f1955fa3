"""A thread pool fed from an iterator, a few items ahead of the workers.

``ThreadPoolExecutor.map`` submits every item at once: one ``Future`` (with its lock and
condition) per file, 100,000 of them before the first finishes, and on an error or a cancel
every one of them still runs. Here at most ``window`` items are in flight; the next one is
taken from the iterator when one finishes, and after the first error none is started.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def bounded_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    *,
    name: str,
    window: int | None = None,
) -> list[R]:
    """``fn`` over ``items`` on ``workers`` threads (named ``name``), results in the items'
    order. The first exception is raised once the items in flight have finished."""
    workers = max(1, workers)
    limit = window or workers * 4
    results: list[R | None] = []
    running: dict[Future[R], int] = {}
    failure: BaseException | None = None
    source = iter(items)
    with ThreadPoolExecutor(workers, thread_name_prefix=name) as pool:
        while True:
            while failure is None and len(running) < limit:
                item = next(source, _END)
                if item is _END:
                    break
                running[pool.submit(fn, item)] = len(results)  # type: ignore[arg-type]
                results.append(None)
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                index = running.pop(future)
                error = future.exception()
                if error is not None:
                    failure = failure or error
                else:
                    results[index] = future.result()
    if failure is not None:
        raise failure
    return results  # type: ignore[return-value]


_END = object()
