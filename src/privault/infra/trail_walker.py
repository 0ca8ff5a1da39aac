"""A helper process that walks part of the audit trail: `python -m privault.infra.trail_walker`.

It reads a pickled HelperJob on stdin and writes its pickled walks on stdout. It imports only the
bare driver, the walker and the key derivation, so it starts in a fraction of a second.
"""

from __future__ import annotations

import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

from privault.crypto.audit_chain import audit_chain_key
from privault.crypto.master_key import load_or_create
from privault.db.trail_reader import DriverTarget, TrailReader, open_snapshot
from privault.domain.audit import ChainLink
from privault.domain.audit_trail import ChainWalk, Stretch


@dataclass(frozen=True)
class HelperJob:
    target: DriverTarget
    key_file: Path  # the helper derives the chain key itself: no key crosses the pipe
    stretches: list[Stretch] = field(default_factory=list)


def walk_stretch(reader: TrailReader, stretch: Stretch, link: ChainLink) -> ChainWalk:
    walk = ChainWalk(stretch.chain, stretch.start)
    for rows in reader.stretch(stretch.chain, stretch.after, stretch.upto):
        walk.feed(rows, link)
    return walk


def main() -> None:
    job: HelperJob = pickle.load(sys.stdin.buffer)  # noqa: S301 -- written by our own parent
    link = audit_chain_key(load_or_create(job.key_file)).link
    with open_snapshot(job.target) as reader:
        walks = [walk_stretch(reader, s, link) for s in job.stretches]
    sys.stdout.buffer.write(pickle.dumps(walks))


if __name__ == "__main__":
    main()
