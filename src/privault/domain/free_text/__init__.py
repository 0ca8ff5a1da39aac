"""Personal data typed into free text: Chinese pattern recognizers, masking and column checks.

Modelled on Presidio's pattern recognizers (a candidate pattern, then a validator that confirms or
drops it, a confidence per finding), which have none for Chinese formats and whose NLP engine
needs a spaCy model this project cannot install. Pure domain code: no database, no I/O."""

from privault.domain.free_text.findings import Finding, Kind
from privault.domain.free_text.scanner import scan

__all__ = ["Finding", "Kind", "scan"]
