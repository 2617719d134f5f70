"""The check report: every problem found in a register, with where and what to do.

Used by ingest (file checks), merging (conflicts between registers) and the store
(upload preview). Messages are Swedish; ``code`` is a stable English key tests and
translations can rely on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

__all__ = ["ERROR", "WARNING", "INFO", "LEVELS", "Issue", "Report"]

ERROR = "fel"
WARNING = "varning"
INFO = "info"
#: Levels in order of severity.
LEVELS: tuple[str, ...] = (ERROR, WARNING, INFO)
LEVEL_LABELS = {ERROR: "Fel", WARNING: "Varning", INFO: "Info"}


@dataclass(frozen=True)
class Issue:
    """One problem. ``row`` is the row number as Excel (or a text editor) shows it."""

    level: str
    code: str
    message: str
    hint: str = ""
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    arrangement: str | None = None

    def location(self) -> str:
        """Human-readable place, e.g. ``register.xlsx, blad Samverkan, rad 7, kolumn Form``."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"blad {self.sheet}")
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolumn {self.column}")
        return ", ".join(parts)

    def as_text(self) -> str:
        where = self.location()
        if self.arrangement:
            where = f"{where} [{self.arrangement}]" if where else f"[{self.arrangement}]"
        text = f"{LEVEL_LABELS.get(self.level, self.level).upper()}: "
        text += f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" Åtgärd: {self.hint}"
        return text

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    """An ordered collection of issues from one or more files."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    def of_level(self, level: str) -> list[Issue]:
        return [i for i in self.issues if i.level == level]

    @property
    def errors(self) -> list[Issue]:
        return self.of_level(ERROR)

    @property
    def warnings(self) -> list[Issue]:
        return self.of_level(WARNING)

    @property
    def infos(self) -> list[Issue]:
        return self.of_level(INFO)

    @property
    def has_errors(self) -> bool:
        return any(i.level == ERROR for i in self.issues)

    def counts(self) -> dict[str, int]:
        return {level: len(self.of_level(level)) for level in LEVELS}

    def as_records(self) -> list[dict]:
        return [i.as_dict() for i in self.issues]

    def as_text(self) -> str:
        lines = [i.as_text() for i in self.issues]
        c = self.counts()
        lines.append(f"{c[ERROR]} fel, {c[WARNING]} varningar, {c[INFO]} info.")
        return "\n".join(lines)
