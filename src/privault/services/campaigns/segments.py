"""Segment counts for marketing: how many consented customers a segment reaches per channel."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from privault.domain.campaigns import PURPOSE, MarketingChannel
from privault.domain.policy import Action, Actor, store_scope
from privault.domain.segments import parse_segment
from privault.services.campaigns.audience import audience
from privault.services.use_case import use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class SegmentCount:
    channel: str
    purpose: str
    consented: int  # in the segment and holding the channel's marketing consent now


def count_segment(
    vault: Vault, actor: Actor, criteria: Mapping[str, str]
) -> tuple[SegmentCount, ...]:
    """Counts only, within the actor's stores; asking is audited with the criteria."""
    segment = parse_segment(criteria)
    with use_case(vault, actor) as uc:
        uc.require(Action.SEGMENT_COUNT)
        stores = store_scope(actor, uc.roles, Action.SEGMENT_COUNT)
        counts = tuple(
            SegmentCount(c.value, PURPOSE[c], len(audience(uc, stores, segment, _only(c))))
            for c in MarketingChannel
        )
        uc.record(Action.SEGMENT_COUNT, reason=f"segment counts ({describe(segment.text)})")
        uc.commit()
    return counts


def _only(channel: MarketingChannel) -> frozenset[str]:
    return frozenset({PURPOSE[channel]})


def describe(criteria: Mapping[str, str]) -> str:
    return " ".join(f"{k}={v}" for k, v in sorted(criteria.items())) or "everyone"
