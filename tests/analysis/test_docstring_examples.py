"""Run the examples in the analysis docstrings, so they stay true."""

from __future__ import annotations

import doctest

import pytest

from analysis import (
    centrality,
    collaboration,
    flows,
    journeys,
    network_views,
    periods,
    progress,
    referral_graph,
    timings,
)


@pytest.mark.parametrize(
    "module",
    [
        centrality,
        collaboration,
        flows,
        journeys,
        network_views,
        periods,
        progress,
        referral_graph,
        timings,
    ],
)
def test_docstring_examples(module):
    result = doctest.testmod(module)

    assert result.attempted > 0, f"{module.__name__} has no examples"
    assert result.failed == 0
