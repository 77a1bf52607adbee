"""CV imports: an upload waits in a short-lived store, an RQ worker parses it, the draft is kept.

The CV's bytes live only in Redis, only until a worker has parsed them (or failed to); the draft
goes to the database; nothing else of the CV is kept anywhere.
"""
