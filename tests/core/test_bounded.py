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


def test_only_a_window_of_items_is_taken_from_the_iterator_ahead_of_the_workers():
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

    bounded_map(work, items(), 2, name="t", window=8)
    assert taken == 1000 and most_ahead <= 9


def test_after_an_error_no_new_item_is_started_and_the_error_is_raised():
    started: list[int] = []

    def work(n: int) -> None:
        started.append(n)
        if n == 5:
            raise ValueError("five")
        time.sleep(0.001)

    with pytest.raises(ValueError, match="five"):
        bounded_map(work, range(10_000), 2, name="t", window=4)
    assert len(started) < 20
