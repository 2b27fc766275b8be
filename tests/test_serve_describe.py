"""A resource's description: its triples from describe.rq, its labels from index lookups.

The description used to be one query (``tests/data/serve/describe-as-one-query.rq``): it took
seconds for ``dkr:darmstadt``. The split must give exactly the same graph.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from darmstadt_kg.namespaces import DKR
from darmstadt_kg.query import execute
from darmstadt_kg.serve.describe import describe

ONE_QUERY = Path(__file__).parent / "data" / "serve" / "describe-as-one-query.rq"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from darmstadt_kg.serve.store import build_shared_store, open_store

    return open_store(str(build_shared_store(tmp_path_factory.mktemp("describe"))))


@pytest.mark.parametrize("slug", ["darmstadt", "troyes", "france", "community-of-sant-egidio"])
def test_the_split_description_is_the_one_query_description(store, slug):
    iri = DKR + slug
    split = describe(store, iri)
    whole = execute(store, ONE_QUERY.read_text(encoding="utf-8").replace("?resource", f"<{iri}>"))
    assert split is not None and len(split) > 10
    assert set(split) == set(whole.graph)


def test_an_unknown_resource_has_no_description(store):
    assert describe(store, DKR + "no-such-resource") is None
