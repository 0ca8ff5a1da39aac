"""Impact assessments (PIPL Art. 55-56) and the records of processing (GDPR Art. 30) built from
the catalog, the purposes and the assessments."""
