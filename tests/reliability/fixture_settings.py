"""The portal's settings with the fixtures read from the folder FIXTURE_DIR names, for the broken-fixture test
(tests/reliability/test_broken_fixture.py): `manage.py seed_registry --settings tests.reliability.fixture_settings`.
"""

import os

from alatau.settings import *  # noqa: F403

FIXTURE_DIRS = [os.environ["FIXTURE_DIR"]]
