"""For every test (and the subprocesses they start): signing keys go to the 0600 file beside the registry,
never to the developer's real key store."""

import os

os.environ["CORRESPONDENT_KEY_STORE"] = "file"
pytest_plugins = ["tests.postgres_server"]
