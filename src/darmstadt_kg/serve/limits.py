"""A fair share per client: how many queries one client address may run at once.

A client's queries beyond its share wait for its own earlier ones (not for everyone's), so one
client looping heavy queries holds at most ``per_client`` query processes and the others stay
free for everybody else. A client with too many waiting, or waiting longer than the time
limit, gets 429 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

__all__ = ["ClientSlots", "MAX_WAITING"]

MAX_WAITING = 16  # queries one client may have waiting for its share, per server worker


class ClientSlots:
    """At most ``per_client`` queries at once per client address (in this server worker)."""

    def __init__(self, per_client: int, wait: float) -> None:
        self.per_client, self.wait = per_client, wait
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._users: dict[str, int] = {}

    @asynccontextmanager
    async def slot(self, client: str):
        """Hold one of ``client``'s slots; raise the 429 ``ProtocolError`` when it cannot."""
        from darmstadt_kg.serve.sparql import ProtocolError

        users = self._users.get(client, 0)
        if users >= self.per_client + MAX_WAITING:
            raise ProtocolError(
                429,
                f"you have {users} queries running or waiting here (the "
                "limit per client) — wait for them to finish",
                retry_after=1,
            )
        semaphore = self._slots.get(client)
        if semaphore is None:
            semaphore = self._slots[client] = asyncio.Semaphore(self.per_client)
        self._users[client] = users + 1
        try:
            try:
                if semaphore.locked():
                    await asyncio.wait_for(semaphore.acquire(), self.wait)
                else:  # a free slot is taken at once: no timer, no task for wait_for
                    await semaphore.acquire()
            except TimeoutError:
                raise ProtocolError(
                    429,
                    f"your earlier queries kept your {self.per_client} "
                    "query slot(s) busy for the whole time limit — retry "
                    "later",
                    retry_after=2,
                ) from None
            try:
                yield
            finally:
                semaphore.release()
        finally:
            left = self._users[client] - 1
            if left:
                self._users[client] = left
            else:
                del self._users[client], self._slots[client]
