"""Imports: customers from CSV, XLSX or a portable file, in resumable batches."""
