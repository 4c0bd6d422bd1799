"""Helpers every layer may use: paging, the Markdown pipeline, the search engine. No models."""
