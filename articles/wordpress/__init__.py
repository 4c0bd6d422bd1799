"""Importing a WordPress site: its WXR export read as a stream, its HTML made Markdown,
its old addresses kept as redirects."""
