"""Write the schema's SDL to ``docs/schema.graphql``.

Run ``python -m api.graphql.sdl`` after changing the schema; a test fails
while the file and the live schema differ, so every API change is deliberate.
"""

from __future__ import annotations

from pathlib import Path

from graphql import print_schema

from api.graphql.schema import schema

SDL_PATH = Path(__file__).resolve().parents[2] / "docs" / "schema.graphql"


def schema_sdl() -> str:
    """Return the schema in GraphQL SDL, ending with a newline."""
    return print_schema(schema.graphql_schema) + "\n"


def main() -> None:
    SDL_PATH.write_text(schema_sdl(), encoding="utf-8")


if __name__ == "__main__":
    main()
