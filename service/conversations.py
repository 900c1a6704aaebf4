"""The conversation store: every turn in a SQLite file (WAL mode).

A turn is committed before the answer is returned, so a server killed after
answering loses nothing it acknowledged. Conversation ids are 128-bit random
tokens: knowing one conversation's id tells nothing about another's. The same
file records Slack deliveries already handled (so a retried event is answered
once, across restarts) and feedback on turns.
"""
from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from dataclasses import asdict
from pathlib import Path

from .qa.answer import Answer, Interpretation

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


class StoreUnavailable(Exception):
    """The store cannot be read or written (disk full, read-only, locked, damaged): the real cause,
    not whatever a rollback raised after it."""


class ConversationStore:
    def __init__(self, path: Path, busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as db:
            db.executescript(SCHEMA)
            columns = {row["name"] for row in db.execute("PRAGMA table_info(handled_events)")}
            if "done" not in columns:   # a store written before deliveries were marked done
                db.execute("ALTER TABLE handled_events ADD COLUMN done INTEGER NOT NULL DEFAULT 1")
            # Columns added since the first stores were written: conversations' owners, feedback comments.
            for table, column in (("conversations", "owner"), ("feedback", "comment")):
                if column not in {row["name"] for row in db.execute(f"PRAGMA table_info({table})")}:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")

    def _connect(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a commit is in the write-ahead log (the operating system's cache)
            # before we acknowledge it, so a killed process, even ``kill -9``, loses nothing it
            # acknowledged; only a crash of the machine itself can lose the last turns. No fsync
            # per turn keeps the write off the answer's critical path.
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.row_factory = sqlite3.Row
            self._local.connection = connection
        return connection

    def create(self, origin: str = "api", owner: str | None = None) -> str:
        conversation_id = secrets.token_urlsafe(16)
        self._connect().execute("INSERT INTO conversations (id, created_at, origin, owner) VALUES (?, ?, ?, ?)",
                                (conversation_id, time.time(), origin, owner))
        return conversation_id

    def exists(self, conversation_id: str) -> bool:
        return bool(self._read("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)))

    def visible_to(self, conversation_id: str, owner: str | None) -> bool:
        """Does the conversation exist for this owner: it is theirs, or nobody's."""
        return bool(self._read("SELECT 1 FROM conversations WHERE id = ? AND (owner IS NULL OR owner = ?)",
                               (conversation_id, owner)))

    def add_turn(self, conversation_id: str | None, question: str, answer: Answer,
                 origin: str = "api", owner: str | None = None) -> tuple[str, int]:
        """Store a turn; without a conversation id, the conversation (owned by ``owner``) and its
        first turn in one transaction (a crash leaves neither). The conversation id and the turn's number."""
        try:
            db = self._connect()
            db.execute("BEGIN IMMEDIATE")
            try:
                if conversation_id is None:
                    conversation_id = secrets.token_urlsafe(16)
                    db.execute("INSERT INTO conversations (id, created_at, origin, owner) VALUES (?, ?, ?, ?)",
                               (conversation_id, time.time(), origin, owner))
                (last,) = db.execute("SELECT COALESCE(MAX(turn), 0) FROM turns WHERE conversation_id = ?",
                                     (conversation_id,)).fetchone()
                db.execute(
                    "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (conversation_id, last + 1, question, answer.text, answer.answer_type,
                     json.dumps(asdict(answer.interpretation), ensure_ascii=False),
                     json.dumps(answer.to_dict(), ensure_ascii=False), time.time()))
                db.execute("COMMIT")
            except BaseException:
                rollback(db)
                raise
        except sqlite3.Error as error:
            raise StoreUnavailable(f"the conversation store could not save a turn: {error}") from error
        return conversation_id, last + 1

    def prune(self, older_than_days: float) -> int:
        """Forget conversations untouched for ``older_than_days`` (their turns, feedback and thread
        links too): stored turns must not grow without end. The number forgotten."""
        cutoff = time.time() - older_than_days * 86400
        db = self._connect()
        db.execute("BEGIN IMMEDIATE")
        try:
            stale = "SELECT c.id FROM conversations c WHERE c.created_at < ? AND NOT EXISTS " \
                    "(SELECT 1 FROM turns t WHERE t.conversation_id = c.id AND t.created_at >= ?)"
            ids = [row["id"] for row in db.execute(stale, (cutoff, cutoff))]
            for table, column in (("turns", "conversation_id"), ("feedback", "conversation_id"),
                                  ("threads", "conversation_id"), ("shares", "conversation_id"),
                                  ("conversations", "id")):
                db.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])
            db.execute("DELETE FROM handled_events WHERE created_at < ?", (cutoff,))
            db.execute("COMMIT")
        except BaseException:
            rollback(db)
            raise
        return len(ids)

    def check_writable(self) -> str | None:
        """None when a write goes through; else why not."""
        try:
            self._connect().execute("INSERT OR REPLACE INTO health (id, checked_at) VALUES (1, ?)", (time.time(),))
        except sqlite3.Error as error:
            return f"the conversation store cannot be written: {error}"
        return None

    def _read(self, sql: str, parameters: tuple) -> list[sqlite3.Row]:
        try:
            return self._connect().execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise StoreUnavailable(f"the conversation store cannot be read: {error}") from error

    def last_interpretation(self, conversation_id: str) -> Interpretation | None:
        """How the last answered (not 'none') turn was understood: what a follow-up refers to."""
        rows = self._read("SELECT interpretation FROM turns WHERE conversation_id = ? AND answer_type != 'none' "
                          "ORDER BY turn DESC LIMIT 1", (conversation_id,))
        return Interpretation(**json.loads(rows[0]["interpretation"])) if rows else None

    def history(self, conversation_id: str, turn: int | None = None) -> list[dict]:
        """The conversation's turns in order; with ``turn``, that turn alone (a one-row read)."""
        rows = self._read(
            "SELECT turn, question, answer, created_at FROM turns WHERE conversation_id = ? "
            "AND (? IS NULL OR turn = ?) ORDER BY turn", (conversation_id, turn, turn))
        return [{"turn": r["turn"], "question": r["question"], "answer": json.loads(r["answer"]),
                 "created_at": r["created_at"]} for r in rows]

    def owned_by(self, owner: str, limit: int, before: float | None = None) -> list[dict]:
        """The owner's conversations, newest first (by their last turn), each with its first question;
        ``before``: only those last touched before that time (the next page)."""
        rows = self._read(
            "SELECT c.id, c.created_at, MAX(t.created_at) AS updated_at, COUNT(t.turn) AS turns, "
            "(SELECT question FROM turns f WHERE f.conversation_id = c.id ORDER BY f.turn LIMIT 1) AS first "
            "FROM conversations c JOIN turns t ON t.conversation_id = c.id WHERE c.owner = ? "
            "GROUP BY c.id HAVING ? IS NULL OR MAX(t.created_at) < ? ORDER BY updated_at DESC LIMIT ?",
            (owner, before, before, limit))
        return [{"conversation_id": r["id"], "first_question": r["first"], "turns": r["turns"],
                 "created_at": r["created_at"], "updated_at": r["updated_at"]} for r in rows]

    def share(self, conversation_id: str) -> str:
        """A new read-only token for the conversation: a share link that can be revoked alone."""
        token = secrets.token_urlsafe(16)
        self._connect().execute("INSERT INTO shares VALUES (?, ?, ?)", (token, conversation_id, time.time()))
        return token

    def revoke_share(self, conversation_id: str, token: str) -> bool:
        cursor = self._connect().execute("DELETE FROM shares WHERE token = ? AND conversation_id = ?",
                                         (token, conversation_id))
        return cursor.rowcount > 0

    def shared(self, token: str) -> str | None:
        """The conversation a share token opens, if it was not revoked."""
        rows = self._read("SELECT conversation_id FROM shares WHERE token = ?", (token,))
        return rows[0]["conversation_id"] if rows else None

    def record_feedback(self, conversation_id: str, turn: int, value: int, source: str | None = None,
                        comment: str | None = None) -> None:
        self._connect().execute(
            "INSERT INTO feedback (conversation_id, turn, value, source, created_at, comment) "
            "VALUES (?, ?, ?, ?, ?, ?)", (conversation_id, turn, value, source, time.time(), comment))

    def has_turn(self, conversation_id: str, turn: int) -> bool:
        return bool(self._read("SELECT 1 FROM turns WHERE conversation_id = ? AND turn = ?", (conversation_id, turn)))

    def feedback(self, conversation_id: str) -> list[dict]:
        rows = self._read("SELECT turn, value, source FROM feedback WHERE conversation_id = ? ORDER BY rowid",
                          (conversation_id,))
        return [dict(r) for r in rows]

    def feedback_report(self, limit: int) -> list[dict]:
        """The latest feedback, newest first, each with the question, the answer and how it was
        understood: what a maintainer needs to turn a complaint into an evaluation question."""
        rows = self._read(
            "SELECT f.created_at, f.value, f.comment, f.source, t.question, t.answer_text, t.answer_type, "
            "t.interpretation FROM feedback f JOIN turns t ON t.conversation_id = f.conversation_id "
            "AND t.turn = f.turn ORDER BY f.created_at DESC, f.rowid DESC LIMIT ?", (limit,))
        return [{**dict(r), "interpretation": json.loads(r["interpretation"])} for r in rows]

    def claim_event(self, event_id: str, lease: float | None = None) -> bool:
        """True when this delivery should answer ``event_id``: the first time it is seen, or, with a
        ``lease``, when an earlier claim was never marked done (``mark_done``) and is older than the
        lease in seconds (the process that claimed it died before Slack took the answer). False for
        a delivery already answered, or being answered right now."""
        db = self._connect()
        now = time.time()
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT created_at, done FROM handled_events WHERE event_id = ?", (event_id,)).fetchone()
            if row is None:
                db.execute("INSERT INTO handled_events (event_id, created_at, done) VALUES (?, ?, ?)",
                           (event_id, now, 0 if lease else 1))
                claimed = True
            elif lease and not row["done"] and now - row["created_at"] > lease:
                db.execute("UPDATE handled_events SET created_at = ? WHERE event_id = ?", (now, event_id))
                claimed = True
            else:
                claimed = False
            db.execute("COMMIT")
        except BaseException:
            rollback(db)
            raise
        return claimed

    def mark_done(self, event_id: str) -> None:
        """The answer to ``event_id`` was accepted: no redelivery will answer it again."""
        self._connect().execute("UPDATE handled_events SET done = 1 WHERE event_id = ?", (event_id,))

    def conversation_for_thread(self, thread_key: str, origin: str = "slack") -> str:
        """The conversation of a chat thread, created on its first message."""
        db = self._connect()
        row = db.execute("SELECT conversation_id FROM threads WHERE thread_key = ?", (thread_key,)).fetchone()
        if row:
            return row["conversation_id"]
        conversation_id = self.create(origin, owner=origin)   # the bot's, not any API caller's
        db.execute("INSERT OR IGNORE INTO threads VALUES (?, ?)", (thread_key, conversation_id))
        (winner,) = db.execute("SELECT conversation_id FROM threads WHERE thread_key = ?", (thread_key,)).fetchone()
        return winner


def rollback(db: sqlite3.Connection) -> None:
    """Undo a failed transaction; a rollback that fails too (the disk is gone) must not hide the
    error that made it necessary."""
    try:
        db.execute("ROLLBACK")
    except sqlite3.Error:
        pass
