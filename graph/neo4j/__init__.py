"""The Neo4j store, partnergraph's production store."""

from graph.neo4j.store import Neo4jStore

__all__ = ["Neo4jStore"]
