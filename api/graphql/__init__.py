"""The GraphQL API: the schema, its per-request context and the Flask view."""
