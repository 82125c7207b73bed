"""Load-and-validate benchmark on synthetic catalogues.

    python bench/bench_catalog.py [--sizes 100 1000 5000] [--repeat 3]

For each size N it writes a synthetic catalogue of N processes (bench/synth.py), then,
in the same run, times:
- baseline: PyYAML's C loader reading every file (`yaml.load(CSafeLoader)`), no validation;
- cold: `playbook validate` in a fresh process with an empty cache (both cores);
- warm: the same again, served from the record cache.
It prints seconds, files per second and each time as a ratio of the baseline. The target
(issue 2): 5,000 processes (~7,800 files) loaded and validated in under 3 seconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _baseline(content: Path) -> float:
    start = time.perf_counter()
    for path in content.glob("*/*.yml"):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def _validate(content: Path, cache_dir: Path) -> float:
    env = {**os.environ, "PLAYBOOK_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "catalog.cli", "validate", str(content)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"validate failed on {content}:\n{result.stdout[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args()
    print(
        f"{'N':>6} {'files':>6} {'baseline s':>10} {'cold s':>8} {'warm s':>8} "
        f"{'cold/base':>9} {'warm/base':>9} {'warm files/s':>12}"
    )
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        for n in args.sizes:
            content = Path(tmp, f"n{n}")
            generate(content, n)
            files = sum(1 for _ in content.glob("*/*.yml"))
            base = statistics.median(_baseline(content) for _ in range(args.repeat))
            colds, warms = [], []
            for i in range(args.repeat):
                cache = Path(tmp, f"cache-{n}-{i}")
                colds.append(_validate(content, cache))
                warms.append(_validate(content, cache))
                shutil.rmtree(cache, ignore_errors=True)
            cold, warm = statistics.median(colds), statistics.median(warms)
            print(
                f"{n:>6} {files:>6} {base:>10.2f} {cold:>8.2f} {warm:>8.2f} "
                f"{cold / base:>9.2f} {warm / base:>9.2f} {files / warm:>12,.0f}"
            )
    print("cold: fresh process, empty cache, both cores; warm: fresh process, record cache")


if __name__ == "__main__":
    main()
