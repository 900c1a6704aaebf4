"""The web service: an application factory and one blueprint per surface."""
from __future__ import annotations

import logging
import sqlite3

from flask import Flask, request

from .access import Access, ClientKeys, server_secret
from .config import Config
from .conversations import ConversationStore
from .errors import register_error_handlers
from .metrics import Metrics
from .observability import configure_logging
from .ratelimit import RateLimiter
from .served import ServedIndex

UPLOAD_FORM_BYTES = 64 * 1024   # the metadata fields and multipart boundaries around an uploaded file


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    configure_logging()
    app = Flask(__name__)
    # An upload may be large; every other body is small (a question).
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes

    @app.before_request
    def body_limit():
        if request.endpoint == "documents.upload":
            request.max_content_length = config.max_upload_bytes + UPLOAD_FORM_BYTES

    app.json.ensure_ascii = False
    app.json.sort_keys = False

    served = ServedIndex(config.corpus_dir, config.index_dir)
    conversations = ConversationStore(config.database_path, busy_timeout=config.store_busy_timeout)
    try:
        forgotten = conversations.prune(config.retention_days)
        if forgotten:
            logging.getLogger(__name__).info("forgot %d conversations older than %g days", forgotten,
                                             config.retention_days)
    except sqlite3.Error as error:   # a store that cannot be written is reported by /healthz, not fatal
        logging.getLogger(__name__).error("conversations could not be pruned: %s", error)
    metrics = Metrics()
    access = Access(config.admin_api_key, ClientKeys(config.api_keys_file),
                    server_secret(config.data_dir, config.secret_key))
    asks = RateLimiter(config.asks_per_minute, config.ask_burst, config.redis_url or "memory://")
    app.extensions["qa"] = {"config": config, "served": served, "conversations": conversations,
                            "asks": asks, "metrics": metrics, "access": access}

    from . import api, conversations_api, cors, documents_api, feedback_api, observability, slack, tables_web, web
    app.register_blueprint(api.bp)
    app.register_blueprint(conversations_api.bp)
    app.register_blueprint(feedback_api.bp)
    app.register_blueprint(documents_api.bp)
    app.register_blueprint(web.bp)
    app.register_blueprint(tables_web.bp)
    slack.init_app(app, config)
    observability.init_app(app, metrics)
    cors.init_app(app, config.cors_origins)
    register_error_handlers(app)
    return app
