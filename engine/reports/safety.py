"""Keeping exported files safe to open and to share.

Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some
read a leading tab or carriage return the same way), so a customer named
`=HYPERLINK("http://evil","x")` would become a live link or worse. Every text cell of a CSV or
Excel export that starts with one of those characters gets a leading single quote (OWASP's
recommendation). Numbers are written as numbers and never touched, and a text cell that is just
a number (a customer id like -12) is inert as it is.

Pseudonyms: `--anonymize` replaces customer ids, names and e-mails with a keyed hash
(HMAC-SHA256) of the customer id. The key is 32 random bytes made once per database and kept in
the user data directory, never in the export: the same customer gets the same pseudonym in every
export of that database, and nobody without the key can recover an id by hashing guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from storage.database import user_data_dir

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
PSEUDONYM_HEX = 10  # 40 bits: no two customers of a shop share one in practice
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def neutralise(text: str) -> str:
    """`text` made inert for a spreadsheet: a leading ' when it could start a formula."""
    if text.startswith(DANGEROUS_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _key_file(db_path: Path | str) -> Path:
    # One key per database file, named by a hash of its full path so the path itself is not
    # written anywhere new.
    name = hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:24]
    return user_data_dir() / "pseudonym-keys" / f"{name}.key"


def pseudonym_key(db_path: Path | str) -> bytes:
    """The database's secret pseudonym key, made on first use (readable by the user only)."""
    path = _key_file(db_path)
    if path.exists():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    # O_EXCL: when two exports race to make the key, the second reads the first one's.
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(handle, "wb") as file:
        file.write(key)
    return key


class Pseudonyms:
    """Stable, keyed pseudonyms for customer ids; names and e-mails follow the id."""

    def __init__(self, key: bytes, customer_word: str = "Customer {code}") -> None:
        self._key = key
        self._customer_word = customer_word

    def code(self, customer: str) -> str:
        digest = hmac.new(self._key, str(customer).encode(), hashlib.sha256).hexdigest()
        return digest[:PSEUDONYM_HEX]

    def customer(self, customer: str) -> str:
        return f"C-{self.code(customer)}"

    def name(self, customer: str) -> str:
        return self._customer_word.format(code=self.code(customer))

    def email(self, customer: str) -> str:
        return f"{self.code(customer)}@example.invalid"
