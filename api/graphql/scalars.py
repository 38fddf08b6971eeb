"""The scalar of counts that small-number suppression may hide."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLError


class Count(graphene.Scalar):
    """A count of people or of their records: a whole number, or, where
    small-number suppression hides it from the user's role, a text: "<5"
    for a count below the threshold of 5, "suppressed" for a count hidden
    so that a small one cannot be worked out from a total."""

    @staticmethod
    def serialize(value: Any) -> int | str:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise GraphQLError(f"Count cannot represent {value!r}")
        return value

    @staticmethod
    def parse_value(value: Any) -> Any:
        raise GraphQLError("Count is an output type only")

    @staticmethod
    def parse_literal(node: Any, _variables: Any = None) -> Any:
        raise GraphQLError("Count is an output type only")
