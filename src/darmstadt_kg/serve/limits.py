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
    """At most ``per_client`` queries at once per client address (in this server worker)."""

    def __init__(self, per_client: int, wait: float) -> None:
        self.per_client, self.wait = per_client, wait
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._users: dict[str, int] = {}

    def slot(self, client: str) -> _Slot:
        """``async with slots.slot(client):`` holds one of ``client``'s slots; entering raises
        the 429 ``ProtocolError`` when it cannot."""
        return _Slot(self, client)

    def _leave(self, client: str) -> None:
        left = self._users[client] - 1
        if left:
            self._users[client] = left
        else:
            del self._users[client], self._slots[client]


class _Slot:
    """One use of a client's share (a plain class: a generator-based context manager cost
    twice as much, on every request)."""

    __slots__ = ("owner", "client", "semaphore")

    def __init__(self, owner: ClientSlots, client: str) -> None:
        self.owner, self.client, self.semaphore = owner, client, None

    async def __aenter__(self) -> None:
        owner, client = self.owner, self.client
        users = owner._users.get(client, 0)
        if users >= owner.per_client + MAX_WAITING:
            raise ProtocolError(
                429,
                f"you have {users} queries running or waiting here (the "
                "limit per client) — wait for them to finish",
                retry_after=1,
            )
        semaphore = owner._slots.get(client)
        if semaphore is None:
            semaphore = owner._slots[client] = asyncio.Semaphore(owner.per_client)
        owner._users[client] = users + 1
        try:
            if semaphore.locked():
                await asyncio.wait_for(semaphore.acquire(), owner.wait)
            else:  # a free slot is taken at once: no timer, no task for wait_for
                await semaphore.acquire()
        except BaseException as err:  # timed out, or cancelled (the client went away)
            owner._leave(client)
            if isinstance(err, TimeoutError):
                raise ProtocolError(
                    429,
                    f"your earlier queries kept your {owner.per_client} "
                    "query slot(s) busy for the whole time limit — retry "
                    "later",
                    retry_after=2,
                ) from None
            raise
        self.semaphore = semaphore

    async def __aexit__(self, *exc) -> None:
        self.semaphore.release()
        self.owner._leave(self.client)
