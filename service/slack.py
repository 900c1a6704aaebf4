"""The Slack bot: mentions, direct messages and ``/ask``, all at ``POST /slack/events``.

Built on slack_bolt with its Flask adapter, in ``process_before_response`` mode: Slack's request
is answered only after the answer is posted (within Slack's 3 seconds: an answer takes
milliseconds), so a worker that dies in between leaves Slack without an acknowledgement, and Slack
redelivers. Each message is claimed in the SQLite store when received and marked done once Slack
took the answer; a redelivery of a claim that lapsed first looks in the channel for an answer that
carries the claim in its metadata (posted, but the worker died before recording it), so each message
is answered once.
"""
from __future__ import annotations

import logging

from flask import Flask, Response, request
from slack_bolt import Ack, App, BoltContext, BoltRequest
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from .config import Config
from .conversations import ConversationStore
from .errors import ApiError
from .qa.answer import Answer
from .metrics import Metrics
from .served import ServedIndex
from .render.slack_blocks import (FEEDBACK_DOWN, FEEDBACK_UP, SHARE, answer_blocks, escape_mrkdwn,
                                  fallback_text, parse_action_value, question_text)

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
ANSWER_METADATA = "qa_answer"
RATE_LIMIT_RETRIES = 3
USAGE = "Ask me a question about the documents, in English or Spanish"

def is_from_a_bot(event: dict, bot_user_id: str | None) -> bool:
    return bool(event.get("bot_id") or event.get("subtype") == "bot_message"
                or (bot_user_id and event.get("user") == bot_user_id))


def redelivered(request: BoltRequest) -> bool:
    """Slack resends an event it got no acknowledgement for, numbering its retries."""
    return bool(request.headers.get("x-slack-retry-num"))


def post_to_response_url(url: str, message: dict) -> None:
    """Reply through a command's or action's response_url, waiting out rate limits like the WebClient."""
    client = WebhookClient(url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    response = client.send_dict(message)
    if response.status_code != 200:
        log.warning("response_url answered %s: %s", response.status_code, response.body[:200])


class SlackBot:
    """The listeners: each turns a Slack payload into a conversation turn and posts the answer."""

    def __init__(self, served: ServedIndex, store: ConversationStore, config: Config, metrics: Metrics) -> None:
        self.served, self.store, self.config, self.metrics = served, store, config, metrics

    def register(self, bolt: App) -> None:
        bolt.event("app_mention")(self.on_mention)
        bolt.event("message")(self.on_message)
        bolt.command("/ask")(self.on_ask)
        bolt.action(FEEDBACK_UP)(self.on_feedback)
        bolt.action(FEEDBACK_DOWN)(self.on_feedback)
        bolt.action(SHARE)(self.on_share)

    # -- answering -------------------------------------------------------

    def usage(self) -> str:
        """How to ask, with an example the collection answers."""
        examples = self.served.engine.examples("en")
        return USAGE + (f", e.g. “{examples[0]}”" if examples else "") + "."

    def answer(self, thread_key: str, question: str, *, shareable: bool = False,
               echo_question: bool = False) -> dict:
        """The message (text + blocks) answering ``question`` as the next turn of the thread's conversation."""
        if len(question) > self.config.max_question_chars:
            return {"text": escape_mrkdwn(f"That question has {len(question)} characters; "
                                          f"the limit is {self.config.max_question_chars}.")}
        try:
            conversation_id = self.store.conversation_for_thread(thread_key)
            context = self.store.last_interpretation(conversation_id)
            answer = self.served.engine.ask(question, context)
            _, turn = self.store.add_turn(conversation_id, question, answer)
        except Exception:
            # The asker was already acknowledged; silence would look like the bot ignoring them.
            log.exception("answering a Slack question failed")
            return {"text": "Sorry, something went wrong while answering; it has been logged."}
        blocks = answer_blocks(answer, thread_key, turn, self.config.public_base_url,
                               question=question if echo_question else None, shareable=shareable)
        return {"text": fallback_text(answer), "blocks": blocks}

    def answer_in_channel(self, client: WebClient, claim: str, event: dict, thread_ts: str | None,
                          thread_key: str, redelivered: bool, bot_user_id: str | None) -> None:
        channel = event["channel"]
        if redelivered and self.already_posted(client, channel, thread_ts, event["ts"], claim):
            self.store.mark_done(claim)
            self.metrics.count("qa_slack_deliveries_total", outcome="duplicate")
            return
        question = question_text(event.get("text", ""), bot_user_id)
        message = self.answer(thread_key, question) if question else {"text": escape_mrkdwn(self.usage())}
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False,
                                metadata={"event_type": ANSWER_METADATA, "event_payload": {"claim": claim}},
                                **message)
        # Only now is the message answered: a crash before this line leaves the claim to lapse,
        # and Slack's redelivery answers it.
        self.store.mark_done(claim)
        self.metrics.count("qa_slack_deliveries_total", outcome="answered")

    def already_posted(self, client: WebClient, channel: str, thread_ts: str | None, since: str, claim: str) -> bool:
        """Whether Slack already shows an answer to ``claim``: posted by a worker that died before it
        could mark the claim done. Unknown (Slack unreachable) counts as not posted."""
        try:
            if thread_ts:
                found = client.conversations_replies(channel=channel, ts=thread_ts, oldest=since,
                                                     include_all_metadata=True, limit=200)
            else:
                found = client.conversations_history(channel=channel, oldest=since, include_all_metadata=True,
                                                     limit=200)
        except (SlackClientError, OSError) as error:
            log.warning("could not look for an earlier answer in %s (%s): answering", channel, error)
            return False
        return any((message.get("metadata") or {}).get("event_payload", {}).get("claim") == claim
                   for message in found.get("messages") or [])

    # -- events ----------------------------------------------------------

    def claimed(self, body: dict, event: dict) -> str | None:
        """The claim of the one delivery that answers a message; None for retries, duplicates, and
        the second event of one message (a mention in a direct message is both a mention and a
        direct message)."""
        if not isinstance(event.get("channel"), str) or not isinstance(event.get("ts"), str):
            log.warning("Slack event without channel or ts ignored")
            return None
        claim = f"message:{body.get('team_id')}:{event['channel']}:{event['ts']}"
        if not self.store.claim_event(claim, lease=self.config.slack_claim_lease):
            log.info("Slack message already answered or being answered: delivery %s ignored", body.get("event_id"))
            self.metrics.count("qa_slack_deliveries_total", outcome="duplicate")
            return None
        return claim

    def on_mention(self, body: dict, event: dict, client: WebClient, context: BoltContext,
                   request: BoltRequest) -> None:
        if is_from_a_bot(event, context.bot_user_id) or not (claim := self.claimed(body, event)):
            return
        thread_ts = event.get("thread_ts") or event["ts"]
        thread_key = f"{body.get('team_id')}:{event['channel']}:{thread_ts}"
        if event["channel"].startswith("D"):   # a mention in a direct message belongs to that DM
            thread_key = f"{body.get('team_id')}:{event['channel']}"
        self.answer_in_channel(client, claim, event, thread_ts, thread_key, redelivered(request),
                               context.bot_user_id)

    def on_message(self, body: dict, event: dict, client: WebClient, context: BoltContext,
                   request: BoltRequest) -> None:
        # Only people's own new messages in a DM; edits, deletions and joins carry a subtype.
        if event.get("channel_type") != "im" or event.get("subtype") or is_from_a_bot(event, context.bot_user_id):
            return
        if not (claim := self.claimed(body, event)):
            return
        # A DM is one conversation; a reply stays in the thread it was written in.
        thread_key = f"{body.get('team_id')}:{event['channel']}"
        self.answer_in_channel(client, claim, event, event.get("thread_ts"), thread_key, redelivered(request),
                               context.bot_user_id)

    # -- /ask --------------------------------------------------------------

    def on_ask(self, ack: Ack, command: dict, context: BoltContext) -> None:
        ack()
        question = question_text(command.get("text", ""), context.bot_user_id)
        if not question:
            message = {"text": escape_mrkdwn("Usage: /ask <question>. " + self.usage())}
        else:
            # Each person's /ask questions in a channel form one conversation, so follow-ups work.
            thread_key = f"{command.get('team_id')}:{command.get('channel_id')}:{command.get('user_id')}:/ask"
            message = self.answer(thread_key, question, shareable=True, echo_question=True)
        post_to_response_url(command["response_url"], {"response_type": "ephemeral", **message})

    # -- buttons -----------------------------------------------------------

    def stored_turn(self, value: object) -> tuple[str, str, dict] | None:
        """The thread, conversation id and stored turn a button's value points to, if they exist."""
        reference = parse_action_value(value)
        if reference is None:
            return None
        thread, turn = reference
        conversation_id = self.store.thread_conversation(thread)
        found = self.store.history(conversation_id, turn=turn) if conversation_id else []
        return (thread, conversation_id, found[0]) if found else None

    def on_feedback(self, ack: Ack, body: dict, action: dict) -> None:
        ack()
        stored = self.stored_turn(action.get("value"))
        if stored is None:
            log.warning("Slack feedback for an unknown turn ignored: %r", action.get("value"))
            return
        _, conversation_id, turn = stored
        value = 1 if action["action_id"] == FEEDBACK_UP else -1
        self.store.record_feedback(conversation_id, turn["turn"], value, source="slack")
        self.metrics.count("qa_feedback_total", value="up" if value > 0 else "down")
        if body.get("response_url"):
            post_to_response_url(body["response_url"], {
                "response_type": "ephemeral", "replace_original": False, "text": "Thanks, noted."})

    def on_share(self, ack: Ack, body: dict, action: dict) -> None:
        ack()
        stored = self.stored_turn(action.get("value"))
        if stored is None or not body.get("response_url"):
            log.warning("Slack share of an unknown turn ignored: %r", action.get("value"))
            return
        thread, conversation_id, turn = stored
        # One share per answer, however often the button is clicked before the ephemeral disappears.
        if not self.store.claim_event(f"share:{conversation_id}:{turn['turn']}"):
            return
        answer = Answer.from_dict(turn["answer"])
        blocks = answer_blocks(answer, thread, turn["turn"], self.config.public_base_url,
                               question=turn["question"])
        # The response_url posts in channels the bot was never invited to, unlike chat.postMessage.
        post_to_response_url(body["response_url"], {
            "response_type": "in_channel", "replace_original": False, "unfurl_links": False,
            "text": fallback_text(answer), "blocks": blocks})
        post_to_response_url(body["response_url"], {"delete_original": True})


def api_base_url(url: str) -> str:
    # WebClient appends the method name to the base URL as it is.
    return url if url.endswith("/") else url + "/"


def build_bolt_app(config: Config, served: ServedIndex, store: ConversationStore, metrics: Metrics) -> App:
    client = WebClient(token=config.slack_bot_token, base_url=api_base_url(config.slack_api_url))
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    bolt = App(client=client, signing_secret=config.slack_signing_secret, name="peru-qa",
               process_before_response=True,
               # auth.test runs on the first request instead, so a Slack outage cannot stop the service.
               token_verification_enabled=False,
               # Verified in the view before bolt parses the body (see slack_events).
               request_verification_enabled=False)
    SlackBot(served, store, config, metrics).register(bolt)
    return bolt


def init_app(app: Flask, config: Config) -> None:
    missing = [name for name, value in (("SLACK_BOT_TOKEN", config.slack_bot_token),
                                        ("SLACK_SIGNING_SECRET", config.slack_signing_secret)) if not value]
    if missing:
        log.warning("Slack bot disabled (%s not set): %s answers 404", " and ".join(missing), EVENTS_PATH)
        return
    services = app.extensions["qa"]
    handler = SlackRequestHandler(build_bolt_app(config, services["served"], services["conversations"],
                                                 services["metrics"]))
    verifier = SignatureVerifier(config.slack_signing_secret)

    def slack_events():
        # Verify before anything reads the body: bolt parses it first and verifies later,
        # which would let an unsigned, malformed body reach its parser.
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        try:
            valid = verifier.is_valid(request.get_data(), timestamp, signature)
        except ValueError:  # a timestamp that is not a whole number
            valid = False
        if not valid:
            log.info("Slack request rejected: bad signature or timestamp more than 5 minutes off")
            raise ApiError(401, "invalid_signature",
                           "The request is not signed by Slack with this app's signing secret, or it is stale.")
        # A signed command or button click sent again is a replay (Slack itself never resends
        # those; it resends events with a new signature): acknowledged, not acted on twice.
        if not request.is_json and not services["conversations"].claim_event(f"request:{signature}"):
            log.info("Slack request replayed within its five minutes: ignored")
            services["metrics"].count("qa_slack_deliveries_total", outcome="replayed")
            return Response(status=200)
        try:
            response = handler.handle(request)
        except (ValueError, AttributeError, RecursionError):  # not the JSON object or form Slack sends
            raise ApiError(400, "invalid_slack_payload", "The body is not a Slack event, command or action.")
        if response.status_code == 404:  # no listener for it; answered in the service's error shape
            raise ApiError(404, "unhandled_slack_request", "The bot does not handle this kind of Slack request.")
        return response

    app.add_url_rule(EVENTS_PATH, "slack_events", slack_events, methods=["POST"])
    log.info("Slack bot enabled at %s (Web API %s)", EVENTS_PATH, config.slack_api_url)
