"""python -m prizestats: the command line (prizestats.cli)."""

import sys

from prizestats.cli.main import main, make_parser

__all__ = ["main", "make_parser"]

if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head and the like
        sys.exit(0)
