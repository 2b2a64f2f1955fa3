"""The pool fed from an iterator: order kept, few in flight, nothing new after an error."""

from __future__ import annotations

import threading
import time

import pytest

from bucketferry.core.bounded import bounded_map


def test_results_come_in_the_items_order_whatever_finishes_first():
    def slow_for_small(n: int) -> int:
        time.sleep(0.002 * (10 - n % 10))
        return n * n

    assert bounded_map(slow_for_small, range(100), 4, name="t") == [n * n for n in range(100)]


def test_each_worker_takes_one_item_at_a_time_from_the_iterator():
    taken = 0
    most_ahead = 0
    done = 0
    lock = threading.Lock()

    def items():
        nonlocal taken, most_ahead
        for n in range(1000):
            with lock:
                taken += 1
                most_ahead = max(most_ahead, taken - done)
            yield n

    def work(n: int) -> None:
        nonlocal done
        with lock:
            done += 1

    bounded_map(work, items(), 2, name="t")
    assert taken == 1000 and most_ahead <= 2


def test_after_an_error_no_new_item_is_started_and_the_error_is_raised():
    started: list[int] = []

    def work(n: int) -> None:
        started.append(n)
        if n == 5:
            raise ValueError("five")
        time.sleep(0.001)

    with pytest.raises(ValueError, match="five"):
        bounded_map(work, range(10_000), 2, name="t")
    assert len(started) < 10


def test_an_error_from_the_iterator_ends_the_run_and_is_raised():
    done: list[int] = []

    def items():
        yield from range(3)
        raise OSError("the listing broke")

    with pytest.raises(OSError, match="the listing broke"):
        bounded_map(done.append, items(), 2, name="t")
    assert sorted(done) == [0, 1, 2]


def test_the_work_runs_on_threads_of_the_given_name_not_the_caller():
    names: set[str] = set()

    def work(n: int) -> int:
        names.add(threading.current_thread().name)
        return n

    assert bounded_map(work, range(50), 3, name="transfer") == list(range(50))
    assert names and all(name.startswith("transfer_") for name in names)
