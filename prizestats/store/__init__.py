"""The data store: the one DuckDB connection and its named SQL files, build, import, records, versions.
Imports prizestats.core and prizestats.words."""
