"""The one error type a reader or the domain parser raises for a file it cannot use."""

from __future__ import annotations


class SourceError(Exception):
    """A file that cannot be read as a publication: says which file, where, why and what to do.

    ``outcome`` says what kind of file it is: ``failed`` (it could not be read: damaged, a program
    missing, a time cap), ``refused`` (readable, but not a publication this reader takes), ``skipped``
    (not a document: an image, a lock file, an unsupported type). ``retry``: the cause lies outside
    the file (a missing program, a time cap), so the next run reads it again."""

    def __init__(
        self,
        reason: str,
        *,
        path: str | None = None,
        location: str | None = None,
        hint: str | None = None,
        outcome: str = "failed",
        retry: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.location = location
        self.hint = hint
        self.outcome = outcome
        self.retry = retry

    def with_path(self, path: str) -> SourceError:
        """Return the same error naming ``path`` (readers work on bytes and learn the name late)."""
        return SourceError(
            self.reason,
            path=path,
            location=self.location,
            hint=self.hint,
            outcome=self.outcome,
            retry=self.retry,
        )

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.path, self.location) if part)
        text = f"{where}: {self.reason}" if where else self.reason
        return f"{text} — {self.hint}" if self.hint else text
