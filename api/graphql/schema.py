"""The GraphQL schema of partnergraph."""

from __future__ import annotations

import graphene

from api.graphql.mutations import Mutation
from api.graphql.queries import Query

schema = graphene.Schema(query=Query, mutation=Mutation)
