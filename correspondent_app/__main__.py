"""``python -m correspondent_app`` is the same as the ``correspondent-app`` command."""

import sys

from correspondent_app.cli import main

sys.exit(main())
