"""The web service: an application factory and one blueprint per surface."""
from __future__ import annotations

import logging

from flask import Flask

from index import store
from index.retrieval import Retriever

from .config import Config
from .conversations import ConversationStore
from .errors import register_error_handlers
from .qa.engine import QAEngine


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    bundle = store.load_or_build(config.corpus_dir, config.index_dir)
    engine = QAEngine(bundle, Retriever(bundle))
    conversations = ConversationStore(config.database_path)
    app.extensions["qa"] = {"config": config, "bundle": bundle, "engine": engine,
                            "conversations": conversations}

    from . import api, slack, web
    app.register_blueprint(api.bp)
    app.register_blueprint(web.bp)
    slack.init_app(app, config)
    register_error_handlers(app)
    return app
