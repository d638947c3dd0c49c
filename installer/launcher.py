"""Entry point of the built program (PyInstaller): the same as ``correspondent-app``."""

import sys

from correspondent_app.cli import main

sys.exit(main())
