"""Benchmarks run on demand with ``make bench``; pytest does not collect them."""
