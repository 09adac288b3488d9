"""The bottom layer: scope and roles, editions and times, disclosure rules, escaping, memo, settings.

Imports only the standard library and third-party packages, never another layer of prizestats.
"""
