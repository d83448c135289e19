"""``python -m secsc_tui`` does what the ``secsc`` command does."""

import sys

from secsc_tui.cli import main

sys.exit(main())
