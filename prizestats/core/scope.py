"""Which entries a view is about: the shared filters, as the queries take them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

FILTER_PARAMS = ("regions", "countries", "categories", "applicant_types", "stages")


@dataclass(frozen=True)
class Scope:
    """Allowed values per filter; an empty tuple means no filter."""

    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    applicant_types: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()

    def params(self) -> dict[str, list[str] | None]:
        return {f.name: list(getattr(self, f.name)) or None for f in fields(self)}

    @property
    def is_everything(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


EVERYTHING = Scope()


@dataclass(frozen=True)
class View:
    """What one page run asks of the data: edition, moment, whether embargoed, filters."""

    edition: int
    as_of: datetime  # already min(T, now) for everyone but organisers
    public: bool
    scope: Scope = field(default_factory=Scope)

    def params(self) -> dict[str, object]:
        return {"edition": self.edition, "as_of": self.as_of, "public": self.public,
                **self.scope.params()}
