"""Batch re-parse of an archive of CVs and exports: one RQ job per document, resumable, with a versioned
report of what the current parser proposes and how it differs from the previous parser version."""
