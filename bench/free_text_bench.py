"""Benchmark of the free-text scanner (issue 17, point 6): throughput in MB/s of Chinese text on
one core (target >= 10 MB/s), and precision and recall on the labelled corpus of staff notes.

Run `python bench/free_text_bench.py` (with PYTHONPATH=src:.; `--notes` to size it). Two texts are
timed, each the best of five runs of `scan` over the whole text joined by newlines, in CPU time of
this process (MB per CPU second on one core: the machine is shared, and wall time would measure
the neighbours):

- the labelled corpus (tests/free_text_corpus.py): every note carries up to two planted values and
  up to two look-alikes, a candidate every ~60 bytes: the worst case, dominated by validation;
- everyday notes: the same generator's sentences where one note in twenty carries a value, as a
  shop's remarks do.

Figures go to bench/out/free_text.json; bench/README.md records them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

from faker import Faker
from tests.free_text_corpus import corpus, score

from privault.domain.free_text import scan


def _everyday(count: int, seed: int = 17) -> str:
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    dense = iter(corpus(count // 20 + 1, seed=seed))
    lines = [
        next(dense).text if rng.random() < 0.05 else "".join(fake.sentences(3))
        for _ in range(count)
    ]
    return "\n".join(lines)


def _throughput(text: str, runs: int = 5) -> tuple[float, float]:
    """MB per CPU second and MB per wall-clock second, each the best of `runs`."""
    size = len(text.encode("utf-8")) / 1e6
    cpu = wall = float("inf")
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        scan(text)
        cpu = min(cpu, time.process_time() - started_cpu)
        wall = min(wall, time.perf_counter() - started)
    return round(size / cpu, 1), round(size / wall, 1)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=20_000)
    args = parser.parse_args(argv)
    notes = corpus(args.notes)
    result = score(notes, scan)
    labelled = "\n".join(n.text for n in notes)
    everyday = _everyday(args.notes)
    figures = {
        "notes": args.notes,
        "planted": result.planted,
        "recall": round(result.recall, 4),
        "precision": round(result.precision, 4),
        "labelled_mb": round(len(labelled.encode()) / 1e6, 2),
        "labelled_mb_per_cpu_s_and_wall_s": _throughput(labelled),
        "everyday_mb": round(len(everyday.encode()) / 1e6, 2),
        "everyday_mb_per_cpu_s_and_wall_s": _throughput(everyday),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "free_text.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
