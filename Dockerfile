# The partnergraph web service: the GraphQL API and the web pages, served by
# waitress. docker-compose.yml runs it next to a Neo4j server; README.md,
# "Self-hosting with Docker Compose", describes the setup.

# Build a wheel from the sources, so the final image holds the installed
# package and none of the build tree.
FROM python:3.11.14-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY api ./api
COPY analysis ./analysis
COPY visualisations ./visualisations
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM python:3.11.14-slim-bookworm
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

# The runtime dependencies are the exact versions pinned in pyproject.toml;
# the dev extras (linters, type checker, tests) are left out.
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels

RUN groupadd --system --gid 10001 partnergraph \
    && useradd --system --uid 10001 --gid partnergraph \
        --home-dir /var/lib/partnergraph --create-home \
        --shell /usr/sbin/nologin partnergraph
USER partnergraph
# A SQLite store named by a relative URL (the default is
# sqlite:///partnergraph.db) is written here.
WORKDIR /var/lib/partnergraph

EXPOSE 8000

# The health check sends the Host header 127.0.0.1:8000, so it needs port
# 8000 and needs 127.0.0.1 among PARTNERGRAPH_TRUSTED_HOSTS (it is there by
# default, and docker-compose.yml always adds it). /healthz does not open
# the store. urlopen raises on an error status (4xx or 5xx) or a failed
# connection, so python exits non-zero.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["partnergraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
