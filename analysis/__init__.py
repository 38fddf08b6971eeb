"""Analyses of a partnership's referral network, as pure functions.

Every function here takes the store's aggregates (``graph.store``) or a
graph built from them and returns a graph, a data frame or a dataclass. None
opens a store, so each number can be recomputed from the aggregates alone.
"""
