"""The question-answering core: no Flask, no Slack. ``QAEngine.ask(question, context) -> Answer``."""
