"""Prefill accuracy from real use (issue 7): what became of each prefilled value once the candidate
submitted an application — kept, corrected, missed or spurious — counted per field and aggregated by
parser version, input kind, CV language and period for HR (`GET /v1/hr/prefill-accuracy`,
`prefill accuracy`, a chart). See `service` for the rules and `compare` for the arithmetic.
"""
