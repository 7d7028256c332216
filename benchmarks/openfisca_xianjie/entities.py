"""Entities: a person, and a household whose members all have the role ``member``."""

from openfisca_core.entities import build_entity

Household = build_entity(
    key="household", plural="households", label="Household (户)",
    roles=[{"key": "member", "plural": "members", "label": "Member"}],
)
Person = build_entity(key="person", plural="persons", label="Person", is_person=True)

ENTITIES = [Household, Person]
