"""The cost of a GraphQL operation: how many field values it can produce.

Every field costs one for each time it can be resolved. A connection's
``edges`` multiply the fields below them by the connection's ``first``,
and any other list field by an assumed list size. So ``participants(first:
100) { totalCount edges { node { referrals { id } } } }`` costs 1 each for
participants, totalCount and edges, 100 each for the nodes and their
referral lists, and 100 × 50 for the referral ids, with 50 as the assumed
size. The
schema's own introspection fields cost one each, because the schema
bounds them. Fields inside a fragment on one member of a union, such as
``... on Participant`` under a mutation's result, are counted against that
member's type.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    value_from_ast_untyped,
)

# Fields that compute analyses of the store's aggregates each time they
# resolve, with the number of analyses each resolution costs. One analysis
# costs a tenth of the default limit, so one request runs at most ten.
# networkOverTime measures up to 60 periods, each a whole network analysis,
# and counts as three, so that a request contains at most three of them and
# still has room for the other analyses a dashboard reads beside them.
ANALYSIS_FIELDS = {
    ("Query", "referralFlows"): 1,
    ("Query", "collaborationStrength"): 1,
    ("Query", "networkMetrics"): 1,
    ("Query", "progress"): 1,
    ("Query", "journeys"): 1,
    ("Query", "networkOverTime"): 3,
}
# Fields of each partner that read one analysis per request and window, so
# they cost as much only when given a window of their own.
WINDOWED_FIELDS = frozenset(
    {("Partner", "networkPosition"), ("Partner", "referralCounts")}
)
ANALYSIS_COST = 20_000


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
    list_size: int,
) -> int:
    """Return the cost of ``operation``, a validated operation of ``schema``."""
    root = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]
    if root is None:
        return 0
    # A variable left out takes its default from the operation.
    values = {
        definition.variable.name.value: value_from_ast_untyped(definition.default_value)
        for definition in operation.variable_definitions or ()
        if definition.default_value is not None
    }
    values.update(variables or {})
    counter = _Counter(schema, fragments, values, list_size)
    return counter.selections(operation.selection_set, root, 1)


class _Counter:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        list_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.list_size = list_size

    def selections(
        self, selection_set: SelectionSetNode, parent: Any, times: int, page: int = 1
    ) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, times, page)
            elif isinstance(selection, InlineFragmentNode):
                on = self.condition_type(selection.type_condition, parent)
                total += self.selections(selection.selection_set, on, times, page)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                on = self.condition_type(fragment.type_condition, parent)
                total += self.selections(fragment.selection_set, on, times, page)
        return total

    def condition_type(self, condition: NamedTypeNode | None, parent: Any) -> Any:
        """Return the type a fragment's fields belong to: its type condition,
        or ``parent`` when it has none."""
        if condition is None:
            return parent
        return self.schema.get_type(condition.name.value) or parent

    def field(self, node: FieldNode, parent: Any, times: int, page: int) -> int:
        """Return the cost of ``node`` resolved ``times`` times; ``page`` is
        the page size when ``parent`` is a connection."""
        name = node.name.value
        if name.startswith("__") or not isinstance(parent, GraphQLObjectType):
            return times
        definition = parent.fields.get(name)
        if definition is None or node.selection_set is None:
            return times
        named = definition.type
        while isinstance(named, (GraphQLList, GraphQLNonNull)):
            named = named.of_type

        key = (parent.name, name)
        analyses = ANALYSIS_FIELDS.get(key, 0)
        if not analyses and key in WINDOWED_FIELDS and node.arguments:
            analyses = 1
        if analyses:
            # Each resolution runs whole analyses, whatever it selects.
            rows = self.list_size if _is_list(definition.type) else 1
            return times * analyses * ANALYSIS_COST + self.selections(
                node.selection_set, named, times * rows
            )

        size = 1
        field_type = definition.type
        if isinstance(field_type, GraphQLNonNull):
            field_type = field_type.of_type
        if isinstance(field_type, GraphQLList):
            # A connection's edges come in pages of its ``first``.
            size = page if _is_connection(parent) else self.list_size
        child_page = 1
        if "first" in definition.args:
            first = self.first(node, definition.args["first"].default_value)
            if _is_connection(named):
                child_page = first
            else:
                size = first
        return times + self.selections(
            node.selection_set, named, times * size, child_page
        )

    def first(self, node: FieldNode, default: Any) -> int:
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(int(value.value), 1)
            if isinstance(value, VariableNode):
                variable_value = self.variables.get(value.name.value)
                if isinstance(variable_value, int):
                    return max(variable_value, 1)
        return default if isinstance(default, int) and default > 0 else self.list_size


def _is_connection(graphql_type: Any) -> bool:
    return getattr(graphql_type, "name", "").endswith("Connection")


def _is_list(graphql_type: Any) -> bool:
    if isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    return isinstance(graphql_type, GraphQLList)
