"""The engine's state words, marked for translation in the window (``sync_states``), are
exactly the engine's: a changed word in core/states.py must be marked again."""

from __future__ import annotations

from bucketferry.core.states import PlanState
from bucketferry.gui.sync_states import _WORDS, state_label, state_meaning


def test_every_state_word_is_marked_as_the_engine_says_it():
    marked = set(_WORDS)
    assert {state.label for state in PlanState} <= marked
    assert {state.meaning for state in PlanState} <= marked
    assert len(marked) == 2 * len(PlanState)


def test_without_a_translation_the_words_are_the_engines(qapp):
    for state in PlanState:
        assert state_label(state) == state.label
        assert state_meaning(state) == state.meaning
