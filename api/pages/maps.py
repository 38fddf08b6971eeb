"""The served network map: the offline map page with a header added."""

from __future__ import annotations

import re

BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def add_map_header(map_html: str, header_html: str) -> str:
    """Insert ``header_html`` at the start of the body of ``map_html``.

    ``header_html`` must already be escaped. A page without a ``<body>`` tag
    gets the header in front of everything, where browsers still show it.
    """
    match = BODY_TAG.search(map_html)
    if match is None:
        return header_html + map_html
    return map_html[: match.end()] + header_html + map_html[match.end() :]
