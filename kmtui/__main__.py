"""``python -m kmtui`` runs the command line."""

from __future__ import annotations

import sys

from kmtui.cli import main

sys.exit(main())
