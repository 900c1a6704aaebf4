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
from typing import Callable, TypeVar

from .qa.answer import Answer, Interpretation
from .store_schema import prepare

T = TypeVar("T")

class StoreUnavailable(Exception):
    """The store cannot be read or written (disk full, read-only, locked, damaged): the real cause,
    not whatever a rollback raised after it."""


class ConversationStore:
    def __init__(self, path: Path, busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()

    def _connect(self) -> sqlite3.Connection:
        """This thread's connection, opened (and the schema brought up to date) on first use, so a
        store that cannot be opened now (a read-only or full disk) is retried at the next call."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
            try:
                prepare(connection)
            except sqlite3.Error:
                connection.close()
                raise
            self._local.connection = connection
        return connection

    def forget_connection(self) -> None:
        """Close this thread's connection after an error: one opened while the disk was read-only
        stays read-only, so the next call opens a fresh one."""
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            try:
                connection.close()
            except sqlite3.Error:
                pass

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
        def write(db: sqlite3.Connection) -> tuple[str, int]:
            new_id = conversation_id
            if new_id is None:
                new_id = secrets.token_urlsafe(16)
                db.execute("INSERT INTO conversations (id, created_at, origin, owner) VALUES (?, ?, ?, ?)",
                           (new_id, time.time(), origin, owner))
            (last,) = db.execute("SELECT COALESCE(MAX(turn), 0) FROM turns WHERE conversation_id = ?",
                                 (new_id,)).fetchone()
            db.execute("INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (new_id, last + 1, question, answer.text, answer.answer_type,
                        json.dumps(asdict(answer.interpretation), ensure_ascii=False),
                        json.dumps(answer.to_dict(), ensure_ascii=False), time.time()))
            return new_id, last + 1

        try:
            return self._transaction(write)
        except sqlite3.Error as error:
            raise StoreUnavailable(f"the conversation store could not save a turn: {error}") from error

    def _transaction(self, work: Callable[[sqlite3.Connection], T], retry: bool = True) -> T:
        """``work`` in one write transaction. A connection that fails is dropped; one opened while
        the disk was read-only fails with SQLITE_READONLY even once the disk is writable again, so
        that error is tried once more on a fresh connection."""
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                result = work(db)
                db.execute("COMMIT")
                return result
            except BaseException:
                rollback(db)
                raise
        except sqlite3.Error as error:
            self.forget_connection()
            if retry and (error.sqlite_errorname or "").startswith("SQLITE_READONLY"):
                return self._transaction(work, retry=False)
            raise

    def prune(self, older_than_days: float) -> int:
        """Forget conversations untouched for ``older_than_days`` (their turns, feedback and thread
        links too): stored turns must not grow without end. The number forgotten."""
        cutoff = time.time() - older_than_days * 86400

        def forget(db: sqlite3.Connection) -> int:
            stale = "SELECT c.id FROM conversations c WHERE c.created_at < ? AND NOT EXISTS " \
                    "(SELECT 1 FROM turns t WHERE t.conversation_id = c.id AND t.created_at >= ?)"
            ids = [row["id"] for row in db.execute(stale, (cutoff, cutoff))]
            for table, column in (("turns", "conversation_id"), ("feedback", "conversation_id"),
                                  ("threads", "conversation_id"), ("shares", "conversation_id"),
                                  ("conversations", "id")):
                db.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])
            db.execute("DELETE FROM handled_events WHERE created_at < ?", (cutoff,))
            return len(ids)

        return self._transaction(forget)

    def check_writable(self) -> str | None:
        """None when a write goes through; else why not."""
        try:
            self._transaction(lambda db: db.execute("INSERT OR REPLACE INTO health (id, checked_at) VALUES (1, ?)",
                                                    (time.time(),)))
        except sqlite3.Error as error:
            return f"the conversation store cannot be written: {error}"
        return None

    def _read(self, sql: str, parameters: tuple) -> list[sqlite3.Row]:
        try:
            return self._connect().execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            self.forget_connection()
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
        now = time.time()

        def claim(db: sqlite3.Connection) -> bool:
            row = db.execute("SELECT created_at, done FROM handled_events WHERE event_id = ?", (event_id,)).fetchone()
            if row is None:
                db.execute("INSERT INTO handled_events (event_id, created_at, done) VALUES (?, ?, ?)",
                           (event_id, now, 0 if lease else 1))
                return True
            if lease and not row["done"] and now - row["created_at"] > lease:
                db.execute("UPDATE handled_events SET created_at = ? WHERE event_id = ?", (now, event_id))
                return True
            return False

        return self._transaction(claim)

    def mark_done(self, event_id: str) -> None:
        """The answer to ``event_id`` was accepted: no redelivery will answer it again."""
        self._connect().execute("UPDATE handled_events SET done = 1 WHERE event_id = ?", (event_id,))

    def thread_conversation(self, thread_key: str) -> str | None:
        """The conversation of a chat thread, if it has one."""
        rows = self._read("SELECT conversation_id FROM threads WHERE thread_key = ?", (thread_key,))
        return rows[0]["conversation_id"] if rows else None

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
