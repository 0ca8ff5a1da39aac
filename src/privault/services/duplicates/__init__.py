"""Likely duplicates (issue 17): a scan of the variant digests and the candidate review list."""
