"""The one error type a reader or the domain parser raises for a file it cannot use."""

from __future__ import annotations


class SourceError(Exception):
    """A file that cannot be read as a publication: says which file, where, why and what to do."""

    def __init__(
        self, reason: str, *, path: str | None = None, location: str | None = None, hint: str | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.location = location
        self.hint = hint

    def with_path(self, path: str) -> SourceError:
        """Return the same error naming ``path`` (readers work on bytes and learn the name late)."""
        return SourceError(self.reason, path=path, location=self.location, hint=self.hint)

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.path, self.location) if part)
        text = f"{where}: {self.reason}" if where else self.reason
        return f"{text} — {self.hint}" if self.hint else text
