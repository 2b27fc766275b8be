"""A fair share per client: how many queries one client address may run at once.

A client's queries beyond its share wait for its own earlier ones (not for everyone's); one with
too many waiting, or waiting longer than the time limit, gets 429 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio

from darmstadt_kg.serve.sparql import ProtocolError

__all__ = ["ClientSlots", "MAX_WAITING"]

MAX_WAITING = 16  # queries one client may have waiting for its share, per server worker


class ClientSlots:
    """At most ``per_client`` queries at once per client address (in this server worker):
    ``await slots.enter(client)``, then ``slots.leave(client)`` once its query is done."""

    def __init__(self, per_client: int, wait: float) -> None:
        self.per_client, self.wait = per_client, wait
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._users: dict[str, int] = {}

    async def enter(self, client: str) -> None:
        """Take one of ``client``'s slots, waiting for its own earlier queries; the 429
        ``ProtocolError`` when it has too many waiting or waits past the time limit."""
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
            if semaphore.locked():
                await asyncio.wait_for(semaphore.acquire(), self.wait)
            else:  # a free slot is taken at once: no timer, no task for wait_for
                await semaphore.acquire()
        except BaseException as err:  # timed out, or cancelled (the client went away)
            self._forget(client)
            if isinstance(err, TimeoutError):
                raise ProtocolError(
                    429,
                    f"your earlier queries kept your {self.per_client} "
                    "query slot(s) busy for the whole time limit — retry "
                    "later",
                    retry_after=2,
                ) from None
            raise

    def leave(self, client: str) -> None:
        self._slots[client].release()
        self._forget(client)

    def _forget(self, client: str) -> None:
        left = self._users[client] - 1
        if left:
            self._users[client] = left
        else:
            del self._users[client], self._slots[client]
