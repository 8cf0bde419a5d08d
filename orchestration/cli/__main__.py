"""`python -m orchestration.cli`: the same `bureau` command (the bench runner and test_cli use it)."""

import sys

from orchestration.cli import main

sys.exit(main())
