"""Readers of the formats offices hold reports in, each giving the report's text.

Every reader gives paragraphs joined by blank lines (a saved web page's `<br>`
a single line break), so the same report reads the same whatever its format,
and works in bounded memory whatever the file expands to (see `limits.py`).
"""
