"""The SQLite conversation store on its own: ids, turns, Slack deliveries, threads, feedback."""
from __future__ import annotations

import base64
import json
import math
import sqlite3
import threading
import time

import pytest

from service.conversations import ConversationStore
from service.qa.answer import Answer, Citation, Interpretation

ID_ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def passage_answer(text: str, entity: str | None = None) -> Answer:
    citation = Citation("doc", "A document", text, 0, len(text), 1.0)
    return Answer(text, "passage", Interpretation("passage", "best passage", entity=entity), citations=(citation,))


def no_answer() -> Answer:
    return Answer("The collection does not say.", "none", Interpretation("none", "nothing matched"))


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "conversations.sqlite3"


@pytest.fixture
def store(path) -> ConversationStore:
    return ConversationStore(path)


def test_the_file_is_in_wal_mode(store, path):
    store.create()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_ids_are_unique_url_safe_and_carry_128_random_bits(store):
    ids = [store.create() for _ in range(1000)]
    assert len(set(ids)) == 1000
    for conversation_id in ids:
        assert set(conversation_id) <= ID_ALPHABET, conversation_id
        assert len(base64.urlsafe_b64decode(conversation_id + "=" * (-len(conversation_id) % 4))) >= 16
    # An upper bound on the randomness a position can carry is log2 of the symbols seen there:
    # a counter, a timestamp or a fixed prefix keeps positions nearly constant and fails this.
    length = min(len(i) for i in ids)
    bits = sum(math.log2(len({i[position] for i in ids})) for position in range(length))
    assert bits >= 128, bits


def test_turns_are_numbered_and_kept_in_order(store):
    conversation_id = store.create()
    assert store.exists(conversation_id)
    assert not store.exists(conversation_id + "x")
    assert store.add_turn(conversation_id, "first?", passage_answer("One.")) == (conversation_id, 1)
    assert store.add_turn(conversation_id, "second?", no_answer()) == (conversation_id, 2)
    turns = store.history(conversation_id)
    assert [(t["turn"], t["question"], t["answer"]["text"]) for t in turns] == [
        (1, "first?", "One."), (2, "second?", "The collection does not say.")]
    # The whole answer, as JSON keeps it (tuples come back as lists).
    assert turns[0]["answer"] == json.loads(json.dumps(passage_answer("One.").to_dict()))
    assert store.history(store.create()) == []
    assert [t["question"] for t in store.history(conversation_id, turn=2)] == ["second?"]
    assert store.history(conversation_id, turn=3) == []


def test_last_interpretation_skips_unanswered_turns(store):
    conversation_id = store.create()
    assert store.last_interpretation(conversation_id) is None
    store.add_turn(conversation_id, "who?", passage_answer("Guzmán.", entity="Abimael Guzmán"))
    store.add_turn(conversation_id, "what?", no_answer())
    assert store.last_interpretation(conversation_id).entity == "Abimael Guzmán"


def test_history_survives_a_new_store_on_the_same_file(store, path):
    conversation_id = store.create()
    store.add_turn(conversation_id, "first?", passage_answer("One."))
    reopened = ConversationStore(path)
    assert reopened.history(conversation_id) == store.history(conversation_id)
    assert reopened.add_turn(conversation_id, "second?", passage_answer("Two.")) == (conversation_id, 2)


def test_claim_event_is_true_once_then_false_even_after_reopening(store, path):
    assert store.claim_event("Ev1") is True
    assert store.claim_event("Ev1") is False
    assert store.claim_event("Ev2") is True
    reopened = ConversationStore(path)
    assert reopened.claim_event("Ev1") is False
    assert reopened.claim_event("Ev2") is False
    assert reopened.claim_event("Ev3") is True
    assert store.claim_event("Ev3") is False


def test_claim_event_is_won_by_exactly_one_of_many_concurrent_claims(path):
    stores = [ConversationStore(path) for _ in range(2)]   # as two server processes would
    results: list[bool] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def claim(store: ConversationStore) -> None:
        barrier.wait()
        won = store.claim_event("Ev-retried")
        with lock:
            results.append(won)

    threads = [threading.Thread(target=claim, args=(stores[n % 2],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


def test_conversation_for_thread_is_stable(store, path):
    first = store.conversation_for_thread("C1:1700000000.000100")
    assert store.exists(first)
    assert store.conversation_for_thread("C1:1700000000.000100") == first
    other = store.conversation_for_thread("C1:1700000000.000200")
    assert other != first
    assert ConversationStore(path).conversation_for_thread("C1:1700000000.000100") == first


def test_feedback_is_recorded_in_order(store):
    conversation_id = store.create()
    store.add_turn(conversation_id, "q?", passage_answer("A."))
    store.record_feedback(conversation_id, 1, 1, source="web")
    store.record_feedback(conversation_id, 1, -1, source="slack:U1")
    assert store.feedback(conversation_id) == [
        {"turn": 1, "value": 1, "source": "web"}, {"turn": 1, "value": -1, "source": "slack:U1"}]
    assert store.feedback(store.create()) == []
    with pytest.raises(sqlite3.IntegrityError):
        store.record_feedback(conversation_id, 1, 0)


def test_concurrent_turns_get_unique_consecutive_numbers(path):
    """Threads of two stores (two server processes) append to one conversation at once."""
    stores = [ConversationStore(path) for _ in range(2)]
    conversation_id = stores[0].create()
    threads_count, per_thread = 8, 25
    numbers: dict[int, list[int]] = {}
    barrier = threading.Barrier(threads_count)

    def append(worker: int) -> None:
        barrier.wait()
        numbers[worker] = [stores[worker % 2].add_turn(conversation_id, f"{worker}-{i}", passage_answer(f"{i}."))[1]
                           for i in range(per_thread)]

    threads = [threading.Thread(target=append, args=(w,)) for w in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = sorted(n for ns in numbers.values() for n in ns)
    assert every == list(range(1, threads_count * per_thread + 1))
    for ns in numbers.values():
        assert ns == sorted(ns), "one thread's turns come in the order it added them"
    turns = stores[1].history(conversation_id)
    assert [t["turn"] for t in turns] == every
    # Each stored turn carries the question of the call that got its number.
    asked = {n: f"{w}-{i}" for w, ns in numbers.items() for i, n in enumerate(ns)}
    assert all(t["question"] == asked[t["turn"]] for t in turns)


def test_a_claim_never_marked_done_lapses_after_its_lease_and_a_done_one_never(store, path):
    # A process claimed the message, then died before Slack took its answer.
    assert store.claim_event("message:T:C:1", lease=0.2) is True
    assert store.claim_event("message:T:C:1", lease=0.2) is False   # still being answered
    time.sleep(0.3)
    assert ConversationStore(path).claim_event("message:T:C:1", lease=0.2) is True   # the redelivery answers
    store.mark_done("message:T:C:1")
    time.sleep(0.3)
    assert store.claim_event("message:T:C:1", lease=0.2) is False


def test_conversations_untouched_past_the_retention_are_forgotten(store):
    old, recent = store.create(), store.create()
    store.add_turn(old, "old?", passage_answer("Old."))
    store.add_turn(recent, "recent?", passage_answer("Recent."))
    db = store._connect()
    db.execute("UPDATE conversations SET created_at = created_at - 100 * 86400 WHERE id = ?", (old,))
    db.execute("UPDATE turns SET created_at = created_at - 100 * 86400 WHERE conversation_id = ?", (old,))
    assert store.prune(90) == 1
    assert not store.exists(old) and store.history(old) == []
    assert store.exists(recent) and len(store.history(recent)) == 1


def test_a_conversation_is_visible_to_its_owner_only_and_an_unowned_one_to_anyone(store):
    owned, _ = store.add_turn(None, "q", passage_answer("a"), owner="key:alpha")
    unowned, _ = store.add_turn(None, "q", passage_answer("a"))
    assert store.visible_to(owned, "key:alpha") and not store.visible_to(owned, "key:bravo")
    assert not store.visible_to(owned, None)
    assert store.visible_to(unowned, "key:bravo") and store.visible_to(unowned, None)


def test_share_tokens_open_their_conversation_until_revoked_one_by_one(store):
    conversation_id = store.create(owner="key:alpha")
    first, second = store.share(conversation_id), store.share(conversation_id)
    assert first != second and conversation_id not in (first, second)
    assert store.shared(first) == store.shared(second) == conversation_id
    assert not store.revoke_share("another-conversation", first)
    assert store.revoke_share(conversation_id, first)
    assert store.shared(first) is None and store.shared(second) == conversation_id


def test_a_store_written_before_owners_is_upgraded_and_its_conversations_stay_open(path):
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE conversations (id TEXT PRIMARY KEY, created_at REAL NOT NULL, origin TEXT)")
        db.execute("INSERT INTO conversations VALUES ('old-one', 0, 'api')")
    store = ConversationStore(path)
    assert store.visible_to("old-one", "key:alpha")
    assert store.visible_to(store.create(owner="key:alpha"), "key:alpha")
