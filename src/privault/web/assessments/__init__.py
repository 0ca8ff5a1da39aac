"""The privacy officer's impact assessments and records of processing in the console."""
