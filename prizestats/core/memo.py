"""A bounded store of computed values shared by every session of the server.

Streamlit's caches hash their arguments and (st.cache_data) pickle their values on every hit:
on a page that asks for a dozen results and draws three charts that was a fifth of each rerun
(BENCHMARKS.md). Here the caller makes the key itself from what it knows is cheap to compare.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import pandas as pd

T = TypeVar("T")


class Memo:
    """Least recently used first out, at most `size` values; safe across script threads.

    Two sessions that miss at once both compute; the second value simply replaces the first.
    """

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)


def digest(value: object) -> object:
    """A hashable stand-in for a DataFrame or Series (a digest of its content: its values, index,
    column names and types) or a dict of figures; anything else is its own key.

    Of the content, not of its pickle: equal frames need not pickle to equal bytes (in the
    server, after the turn of a minute, every figure's equal frames digested differently and
    every figure was built again; BENCHMARKS.md, "Readers")."""
    if isinstance(value, pd.DataFrame | pd.Series):
        try:
            hashed = pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes()
        except TypeError:  # a column of lists or dicts: not hashable by value, pickled instead
            hashed = pickle.dumps(value, protocol=5)
        names = (list(value.columns), [str(t) for t in value.dtypes]) \
            if isinstance(value, pd.DataFrame) else (value.name, str(value.dtype))
        return hashlib.blake2b(hashed + repr(names).encode()).digest()
    if isinstance(value, dict):
        return tuple(sorted((key, digest(item)) for key, item in value.items()))
    return value
