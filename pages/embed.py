"""Embed: one chart alone for another site's article (`/embed?chart=<id>&...&theme=...`)."""

from prizestats.app.embed_page import show

show()
