"""Industry presets (field catalog, purposes, default privacy notice) shipped as data files."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

INDUSTRIES = ("retail", "salon", "restaurant")


def load_preset(industry: str) -> dict[str, Any]:
    """Raises KeyError for an industry without a preset."""
    if industry not in INDUSTRIES:
        raise KeyError(industry)
    text = resources.files(__package__).joinpath(f"{industry}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_roles() -> dict[str, Any]:
    """The default role matrix (DESIGN §7) as a TOML document."""
    return tomllib.loads(roles_text())


def roles_text() -> str:
    return resources.files(__package__).joinpath("roles.toml").read_text(encoding="utf-8")


def load_assessment_templates() -> dict[str, Any]:
    """The impact assessment templates for the presets' purposes (PIPL Art. 55)."""
    text = resources.files(__package__).joinpath("assessments.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
