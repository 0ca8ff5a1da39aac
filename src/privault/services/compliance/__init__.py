"""The compliance audit report: figures of a period, signed as an evidence pack, on demand and
yearly."""
