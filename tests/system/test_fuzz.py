"""Run each atheris fuzz target of tests/fuzz/ briefly (CI): a crash fails the test.

Each target runs in its own subprocess from its seed corpus (tests/fuzz/corpus/<target>) for
``DATELINE_FUZZ_SECONDS`` seconds (default 10; about 40 s for the three targets with their
start-up) with libFuzzer seed ``DATELINE_FUZZ_SEED`` (default 1; 0 = random), writing new corpus entries and any crashing input to a temporary folder. A crash
(an exception other than dateline's typed errors, or a broken contract assertion), a timeout
of one input (20 s) or running out of memory (2 GB over what the target inherits from this
process) makes libFuzzer exit non-zero; the test then
fails with the traceback and the path of the crashing input. Skips when atheris is absent.
Longer runs: see tests/fuzz/README.md.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
TARGETS = ("readers", "clean", "timex")


def _inherited_peak_mb() -> int:
    """This process's peak resident memory in MB. A child started from it begins with that
    peak as its own (Linux starts it in, or as a copy of, this process's memory and keeps the
    peak across execve), and libFuzzer's ``-rss_limit_mb`` reads that peak: after the golden
    tests have trained models in this process (over 2 GB), a fixed 2048 MB limit reported an
    out-of-memory for every target before it ran one input of its own. The limit is 2 GB over
    what the target inherits."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


@pytest.mark.parametrize("target", TARGETS)
def test_fuzz_target_runs_without_crash(target, tmp_path):
    pytest.importorskip("atheris")
    seconds = int(os.environ.get("DATELINE_FUZZ_SECONDS", "10"))
    # a fixed seed by default, so a CI run mutates the same way each time (set
    # DATELINE_FUZZ_SEED=0 for a random one, as the long runs by hand do)
    seed = int(os.environ.get("DATELINE_FUZZ_SEED", "1"))
    new = tmp_path / "new"
    new.mkdir()
    cmd = [sys.executable, str(FUZZ / f"fuzz_{target}.py"), f"-max_total_time={seconds}",
           "-timeout=20", f"-rss_limit_mb={2048 + _inherited_peak_mb()}",
           f"-artifact_prefix={tmp_path}/",
           "-print_final_stats=1", f"-seed={seed}", str(new), str(FUZZ / "corpus" / target)]
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, errors="replace",
                          timeout=seconds + 120)
    log = proc.stdout + proc.stderr
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert proc.returncode == 0, f"fuzz_{target} crashed ({crashes}):\n{log[-6000:]}"
    done = re.search(r"Done (\d+) runs in", log)
    assert done and int(done.group(1)) >= len(list((FUZZ / "corpus" / target).iterdir())), \
        log[-3000:]
