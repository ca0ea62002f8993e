"""``bench/reorg.py`` fills every tenant table from the metadata, so a new table with a type or a
check constraint it cannot fill breaks it — outside the suite, where nobody would notice. Its
smoke run (3 small districts) must fill, merge and verify. No timing is asserted: the figures
are the benchmark's to report, not a test's to judge."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import TEST_DATABASE, _admin

ROOT = Path(__file__).resolve().parents[3]


def test_the_reorganisation_benchmark_runs_on_every_table() -> None:
    done = subprocess.run(
        [sys.executable, "bench/reorg.py", "--quick", "--timeout", "300"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=400,
        check=False,
    )
    _admin(f'DROP DATABASE IF EXISTS "{TEST_DATABASE}_bench" WITH (FORCE)')  # the bench's own
    assert done.returncode == 0, done.stderr[-3000:]
    assert "run (copy, checkpointed)" in done.stdout and "verify" in done.stdout, done.stdout
