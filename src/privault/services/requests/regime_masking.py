"""An access copy under the customer's regimes: under CA, the values CCPA regulations §7024(d)
forbid disclosing are masked before any package or download is written."""

from __future__ import annotations

from dataclasses import replace

from privault.domain.masking import MaskSettings
from privault.domain.regime_masking import mask_for_ca
from privault.domain.requests import Regime
from privault.services.requests.subject_data import SubjectData


def regime_masked(data: SubjectData, settings: MaskSettings) -> tuple[SubjectData, tuple[str, ...]]:
    """The data to hand over and the keys of the fields masked (none outside CA)."""
    if Regime.CA.value not in data.regimes:
        return data, ()
    masked = mask_for_ca(data.catalog, data.values, settings)
    return replace(data, values=masked.values), masked.withheld
