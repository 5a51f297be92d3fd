"""Entry point for ``python -m verikb``."""

import sys

from verikb.cli import main

sys.exit(main(sys.argv[1:]))
