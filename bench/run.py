"""Run every benchmark in this folder against the database the environment points to.

    DJANGO_SQLITE_PATH=/tmp/bench.sqlite3 .venv/bin/python bench/run.py

See README, "Performance", for how to fill a scratch database first.
"""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = 0
for script in sorted(here.glob("*.py")):
    if script.name == Path(__file__).name:
        continue
    print(f"\n## {script.stem}\n", flush=True)
    failed |= subprocess.run([sys.executable, str(script)], check=False).returncode
sys.exit(failed)
