"""``darmstadt-kg serve``: a read-only SPARQL 1.1 endpoint, editor and linked-data server.

In a pre-forked worker (``worker``, started by ``runner``) a request goes socket → ``http`` (the
bounds on its head, then uvicorn's HTTP protocol) → ``app`` (``/sparql`` to the protocol,
everything else to Starlette) → ``sparql`` (the protocol) → ``evaluate`` (a query thread,
pyoxigraph's serialiser). Beside them: ``store`` (the shared copy of the graph), ``config``
(limits and options), ``conneg`` (media types), ``screen`` (the nesting bound), ``sandbox`` (no
network for workers), ``limits`` (fair share per client), ``cache``, ``headers``, ``describe``
(resource descriptions), ``pages`` (HTML), ``service`` (service description).
"""

from darmstadt_kg.serve.config import ServeConfig

__all__ = ["ServeConfig"]
