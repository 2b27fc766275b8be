"""``darmstadt-kg serve``: a read-only SPARQL 1.1 endpoint, editor and linked-data server.

Modules: ``config`` (limits and options), ``conneg`` (media types), ``sparql`` (the protocol),
``screen`` (the nesting bound), ``sandbox`` (no network for query processes),
``jobs``/``pool``/``query_process`` (query processes), ``limits`` (fair share per client),
``cache``, ``headers``, ``http``,
``describe`` (resource descriptions), ``pages`` (HTML), ``service`` (service description),
``app`` (the Starlette application), ``runner`` (the shared on-disk store and the workers).
"""

from darmstadt_kg.serve.config import ServeConfig

__all__ = ["ServeConfig"]
