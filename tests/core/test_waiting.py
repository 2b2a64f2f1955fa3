"""The watch of requests waiting on the server: what the window and the command line read
to say "waiting for the server..."."""

from __future__ import annotations

import threading
import time

import pytest

from bucketferry.core.waiting import WaitWatch


def _failed_try(watch: WaitWatch, what: str, seconds: float) -> None:
    with pytest.raises(TimeoutError), watch.waiting(what):
        time.sleep(seconds)
        raise TimeoutError


def test_the_waits_of_failed_tries_add_up_but_the_pauses_between_them_do_not():
    """With a short timeout and retries, each try alone is too short to be worth saying;
    together they are."""
    watch = WaitWatch()
    for _ in range(3):
        _failed_try(watch, "listing 'a/'", 0.2)
        time.sleep(0.2)  # the pause before the retry does not count
    held, release = threading.Event(), threading.Event()

    def fourth_try() -> None:
        with watch.waiting("listing 'a/'"):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=fourth_try)
    thread.start()
    held.wait(5)
    wait = watch.longest()
    release.set()
    thread.join()
    assert wait is not None and wait.what == "listing 'a/'"
    assert 0.6 <= wait.seconds < 1.0
    assert watch.longest() is None


def test_a_success_or_another_request_starts_from_nothing():
    watch = WaitWatch()
    _failed_try(watch, "uploading 'x'", 0.3)
    with watch.waiting("uploading 'x'"):
        pass  # answered: the next request of the same kind is a new one
    with watch.waiting("uploading 'x'"):
        wait = watch.longest()
    assert wait is not None and wait.seconds < 0.1
    _failed_try(watch, "listing 'a/'", 0.3)
    with watch.waiting("listing 'b/'"):
        wait = watch.longest()
    assert wait is not None and wait.seconds < 0.1
