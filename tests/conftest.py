"""Shared fixtures: the bundled example minutes (copies of the five seed documents)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "minutes"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = sorted(EXAMPLES.glob("*.txt"))


def seed(prefix: str) -> Path:
    """The example document whose name starts with ``prefix`` ("000", "003", ...)."""
    return next(p for p in SEEDS if p.name.startswith(prefix))


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    assert len(SEEDS) == 5, "the five example documents are missing"
    return SEEDS
