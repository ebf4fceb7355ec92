"""Catalog layer: reading, validating and parsing catalogs (YAML, Markdown lists, JSON backups).

Nothing here touches the database or imports Textual.
"""
