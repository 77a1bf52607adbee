"""Outgoing mail: SMTP when `PREFILL_SMTP_URL` is set, else the `outbox` table; sent after commit."""
