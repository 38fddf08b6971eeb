"""GraphQL API, web pages and command-line interface of partnergraph."""
