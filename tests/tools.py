"""What tests share besides fixtures and factories."""

import os

import pytest


def require(condition, what, how):
    """Skip (or fail under CI=true) when something a test needs is missing, saying how to get it."""
    if condition:
        return
    message = f"{what} is missing: {how}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
