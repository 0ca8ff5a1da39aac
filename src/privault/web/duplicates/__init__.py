"""The duplicates console page (issue 17): candidate pairs side by side, masked; the scan."""
