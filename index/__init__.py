"""Retrieval library: corpus reading, analysis, chunking, tables and indexes.

Nothing here imports Flask or Slack; ``service`` depends on this package, never
the other way round.
"""
