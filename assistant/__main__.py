"""``python -m assistant`` runs the CLI."""

from __future__ import annotations

import sys

from assistant.cli.main import main

sys.exit(main())
