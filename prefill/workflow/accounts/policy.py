"""What a user name, an e-mail address and a password must be (NIST SP 800-63B style for passwords:
length, a deny list, no composition rules)."""

from __future__ import annotations

import re

from prefill.errors import ServiceError

USERNAME_MIN_CHARS = 3
"""Shortest user name."""
USERNAME_MAX_CHARS = 64
"""Longest user name (the column's size)."""
_USERNAME = re.compile(r"[a-z0-9._-]+")

EMAIL_MAX_CHARS = 254
"""Longest e-mail address (RFC 5321 path limit)."""
EMAIL_LOCAL_MAX_CHARS = 64
"""Longest part before the @ (RFC 5321)."""
# One @, no spaces, a dotted domain ending in letters: deliverability is proved by the mails, not here.
_EMAIL = re.compile(r"[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}")

PASSWORD_MIN_CHARS = 12
"""Shortest password: length, not composition, is what makes a password hard to guess."""
PASSWORD_MAX_CHARS = 1024
"""Longest password: long passphrases are welcome; the bound keeps hashing cheap to refuse."""

COMMON_PASSWORDS = frozenset(
    """
    123456789012 1234567890123 12345678901234 111111111111 000000000000 123123123123 qwertyuiop12
    qwertyuiop123 qwerty123456 123456qwerty 1q2w3e4r5t6y 1qaz2wsx3edc qazwsxedcrfv asdfghjkl123
    password1234 password123! passwordpassword iloveyou1234 abcdefghijkl aaaaaaaaaaaa
    """.split()
)
"""The 20 passwords of 12 characters or more seen most often in public breach lists (shorter ones are
refused by length already); compared case-insensitively."""

LANGUAGES = ("en", "fr")
"""Languages of the mails and of the privacy agreement."""


class WeakPassword(ServiceError):
    code = "weak_password"
    status = 422
    message = "Choose another password."


def normalize_username(username: str) -> str:
    """The stored form (lower-case); ValueError if it is not a valid user name."""
    value = username.strip().lower()
    if not USERNAME_MIN_CHARS <= len(value) <= USERNAME_MAX_CHARS or not _USERNAME.fullmatch(value):
        raise ValueError(
            f"A user name has {USERNAME_MIN_CHARS} to {USERNAME_MAX_CHARS} characters among "
            "a-z, 0-9, dot, underscore and hyphen."
        )
    return value


def normalize_email(email: str) -> str:
    """The stored form (lower-case); ValueError if it is not an e-mail address."""
    value = email.strip().lower()
    local = value.partition("@")[0]
    if len(value) > EMAIL_MAX_CHARS or len(local) > EMAIL_LOCAL_MAX_CHARS or not _EMAIL.fullmatch(value):
        raise ValueError("This is not a valid e-mail address.")
    return value


def check_password(password: str, *, username: str, email: str) -> None:
    """Raise WeakPassword (never quoting the password) unless it may be used by this account."""
    if len(password) < PASSWORD_MIN_CHARS:
        raise WeakPassword(
            f"The password needs at least {PASSWORD_MIN_CHARS} characters; a passphrase is best."
        )
    if len(password) > PASSWORD_MAX_CHARS:
        raise WeakPassword(f"The password may have at most {PASSWORD_MAX_CHARS} characters.")
    folded = password.strip().casefold()
    if folded in COMMON_PASSWORDS:
        raise WeakPassword("This password is among the most common ones; choose another.")
    if folded in (username.casefold(), email.casefold()):
        raise WeakPassword("The password may not be the user name or the e-mail address.")
