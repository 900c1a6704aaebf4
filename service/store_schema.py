"""The conversation store's tables, and how a new connection to it is set up."""
from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    origin TEXT,
    owner TEXT
);
CREATE TABLE IF NOT EXISTS turns (
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    turn INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer_text TEXT NOT NULL,
    answer_type TEXT NOT NULL,
    interpretation TEXT NOT NULL,
    answer TEXT NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (conversation_id, turn)
);
CREATE TABLE IF NOT EXISTS feedback (
    conversation_id TEXT NOT NULL,
    turn INTEGER NOT NULL,
    value INTEGER NOT NULL CHECK (value IN (-1, 1)),
    source TEXT,
    created_at REAL NOT NULL,
    comment TEXT
);
CREATE TABLE IF NOT EXISTS handled_events (
    event_id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    done INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS threads (
    thread_key TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id)
);
CREATE TABLE IF NOT EXISTS shares (
    token TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS health (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at REAL NOT NULL
);
"""


def prepare(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA journal_mode=WAL")
    # NORMAL in WAL mode: a commit is in the write-ahead log (the operating system's cache) before
    # we acknowledge it, so a killed process, even ``kill -9``, loses nothing it acknowledged; only
    # a crash of the machine itself can lose the last turns. No fsync per turn keeps the write off
    # the answer's critical path.
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.row_factory = sqlite3.Row
    connection.executescript(SCHEMA)
    columns = {row["name"] for row in connection.execute("PRAGMA table_info(handled_events)")}
    if "done" not in columns:   # a store written before deliveries were marked done
        connection.execute("ALTER TABLE handled_events ADD COLUMN done INTEGER NOT NULL DEFAULT 1")
    # Columns added since the first stores were written: conversations' owners, feedback comments.
    for table, column in (("conversations", "owner"), ("feedback", "comment")):
        if column not in {row["name"] for row in connection.execute(f"PRAGMA table_info({table})")}:
            connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
