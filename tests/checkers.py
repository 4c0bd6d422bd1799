"""Where the accessibility and validity checkers are (`make checkers` puts them in the
virtualenv); a test that needs one skips without it, and fails in CI, where it must run."""

import os
import shutil
from pathlib import Path

import pytest

NPM = Path(__file__).resolve().parent.parent / ".venv" / "npm" / "node_modules"
AXE = Path(os.environ.get("COMPENDIUM_AXE", NPM / "axe-core" / "axe.min.js"))
VNU = Path(os.environ.get("COMPENDIUM_VNU", NPM / "vnu-jar" / "build" / "dist" / "vnu.jar"))


def require(path, what):
    """Return `path`, or skip (fail in CI) when it or Java is missing."""
    missing = None
    if not path.exists():
        missing = f"{what} not found at {path}: run `make checkers`"
    elif path.suffix == ".jar" and not shutil.which("java"):
        missing = f"{what} needs Java: apt-get install default-jre-headless"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} (it must run in CI)")
        pytest.skip(missing)
    return path
