"""The shared store of results and figures: bounded, least recently used out, cheap keys."""

from __future__ import annotations

import pandas as pd

from prizestats.core.memo import Memo, digest


def test_a_kept_value_is_not_made_again():
    made = []
    store = Memo(2)
    assert store.get("a", lambda: made.append("a") or 1) == 1
    assert store.get("a", lambda: made.append("a again") or 2) == 1
    assert made == ["a"]


def test_the_least_recently_used_goes_first():
    store = Memo(2)
    store.get("a", lambda: 1)
    store.get("b", lambda: 2)
    store.get("a", lambda: 0)  # a is now the most recent
    store.get("c", lambda: 3)  # b goes
    assert len(store) == 2
    assert store.get("a", lambda: -1) == 1
    assert store.get("b", lambda: -2) == -2


def test_digest_tells_frames_apart_by_content():
    frame = pd.DataFrame({"region": ["Asia", "Europe"], "entries": [71, 45]})
    assert digest(frame) == digest(frame.copy())
    assert digest(frame) != digest(frame.assign(entries=[71, 46]))
    assert digest(frame) != digest(frame.rename(columns={"entries": "eligible"}))
    assert digest(frame) != digest(frame.iloc[::-1])
    assert digest("Asia") == "Asia"
