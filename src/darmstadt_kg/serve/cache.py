"""A least-recently-used cache bounded by the bytes of what it keeps, not by its entries."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

__all__ = ["ByteCache"]


class ByteCache:
    """Values of up to ``max_bytes`` in total (``size_of(value)``); the oldest go first. One
    larger than a quarter of the cache is not kept (it would push out everything else)."""

    def __init__(self, max_bytes: int, size_of=len) -> None:
        self.max_bytes, self.size_of = max_bytes, size_of
        self.bytes = 0
        self._items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, value: object) -> None:
        size = self.size_of(value) + len(repr(key))  # a key holds a query of up to 64 KiB
        if size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._items[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                _, (_, gone) = self._items.popitem(last=False)
                self.bytes -= gone
