"""Checkpoints: each chain's head at one moment, sealed with a MAC and kept outside the database.

Someone who can write to the database can cut the last events off a chain and rewrite its head
to match; a checkpoint kept elsewhere still says how far each chain had reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from privault.domain.audit_trail import ChainHead, Position, Problem, chain_problem, event_problem
from privault.domain.errors import InvalidInputError

FORMAT = "privault-audit-checkpoint/1"


@dataclass(frozen=True)
class ChainMark:
    chain: int
    seq: int
    link: bytes


@dataclass(frozen=True)
class Checkpoint:
    taken_at: datetime
    marks: tuple[ChainMark, ...]

    @property
    def payload(self) -> bytes:
        """The bytes the MAC covers; any change to the document changes them."""
        lines = [FORMAT, self.taken_at.astimezone(UTC).isoformat()]
        lines += [f"{m.chain}:{m.seq}:{m.link.hex()}" for m in self.marks]
        return "\n".join(lines).encode()


def checkpoint_of(heads: list[ChainHead], taken_at: datetime) -> Checkpoint:
    return Checkpoint(taken_at, tuple(ChainMark(h.chain, h.seq, h.link) for h in heads))


def checkpoint_document(checkpoint: Checkpoint, mac: bytes) -> dict[str, object]:
    return {
        "format": FORMAT,
        "taken_at": checkpoint.taken_at.astimezone(UTC).isoformat(),
        "chains": [
            {"chain": m.chain, "seq": m.seq, "hash": m.link.hex()} for m in checkpoint.marks
        ],
        "mac": mac.hex(),
    }


def parse_checkpoint(document: object) -> tuple[Checkpoint, bytes]:
    """The checkpoint and its MAC; the caller checks the MAC with the installation's key."""
    try:
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} document")
        taken_at = datetime.fromisoformat(str(document["taken_at"]))
        if taken_at.tzinfo is None:
            raise ValueError("taken_at has no time zone")
        marks = tuple(
            ChainMark(int(m["chain"]), int(m["seq"]), bytes.fromhex(str(m["hash"])))
            for m in document["chains"]
        )
        return Checkpoint(taken_at, marks), bytes.fromhex(str(document["mac"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInputError(
            f"not a readable audit checkpoint ({exc})", field="checkpoint"
        ) from exc


def compare_mark(
    mark: ChainMark,
    head: ChainHead | None,
    found: tuple[int, bytes] | None,
    last: Position | None,
) -> Problem | None:
    """One chain against its checkpointed mark.

    `found` is the event now at the mark's seq (id, link); `last` is where the walk of the chain
    ended. A mark older than the chain's start was purged since, and cannot be compared.
    """
    if head is None:
        return chain_problem(mark.chain, "in the checkpoint but gone from the trail")
    if mark.seq > head.seq:
        last_id = last.event_id if last else 0
        after = f"after event {last_id}" if last_id else "at its start"
        return chain_problem(
            mark.chain,
            f"cut short {after}: the checkpoint records seq {mark.seq}, "
            f"the chain now ends at seq {head.seq}",
            last_id,
        )
    if mark.seq == head.base_seq and mark.link != head.base_link:
        return chain_problem(mark.chain, f"its start differs from the checkpoint at seq {mark.seq}")
    if found is not None and found[1] != mark.link:
        return event_problem(found[0], f"differs from the checkpoint (chain {mark.chain})")
    # A missing event inside the chain's range is a gap, which the walk itself reports.
    return None


def is_comparable(mark: ChainMark, head: ChainHead | None) -> bool:
    return head is None or mark.seq >= head.base_seq
