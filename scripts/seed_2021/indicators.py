"""Placeholder until the extracted figures land (see feat/indicators)."""

INDICATORS: list[dict] = []
