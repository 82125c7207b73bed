"""Who still works here: the catalogue's people, less those it marks retired.

A retired person stays in the catalogue for history (owners of old records, past
managers) but can no longer sign in, is left out of readiness matrices, and their
certifications stop counting toward coverage.
"""

from __future__ import annotations

from collections.abc import Iterable

from catalog import Catalog
from catalog.models import Person
from catalog.models.base import Status


def is_active(person: Person) -> bool:
    return person.status is not Status.retired


def active_person(catalog: Catalog, person_id: str | None) -> Person | None:
    """The person with this ID, unless they left the catalogue or retired."""
    person = catalog.people.get(person_id) if person_id else None
    return person if person is not None and is_active(person) else None


def active(people: Iterable[Person]) -> list[Person]:
    return [p for p in people if is_active(p)]
