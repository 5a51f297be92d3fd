"""Rendering: decks + verdicts -> Markdown pages with escaped HTML widgets. Pure; no mkdocs import."""
