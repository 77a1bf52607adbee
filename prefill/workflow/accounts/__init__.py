"""Accounts, log-in sessions and the roles (candidate, HR).

Decisions:
- No account enumeration where it can be avoided: a wrong password and an unknown account get the
  same 401 (and cost the same argon2id verification); forgotten user name and password reset always
  answer 202 with one body. Registration with an address that has an account cannot give a session,
  so it answers 409 `email_unavailable` with a neutral message and mails the address's owner; the
  409 itself still tells that the address is in use (only a confirm-by-mail registration would not).
- Failed log-ins are counted in the database (per account, per hashed client address) so the limit
  holds across API processes; a throttled attempt is refused before its password is checked.
- Mails leave after the request's commit (`prefill.workflow.mail.sender`).
"""
