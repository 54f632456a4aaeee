"""The one authorizer: every permission is a list of named rules, each of which can say why.

A rule is a relationship ("beheerder van dit samenwerkingsverband", "IB'er van deze school")
that returns the Lidmaatschap granting access, or None. A permission is allowed when any of
its rules grants it; nothing is allowed that no rule grants (deny by default). The same
permissions are registered with django-rules, so templates and DRF can ask
`rules.has_perm(...)`, while `explain(...)` tells the audit log which role and relation
granted access.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules


@dataclass(frozen=True)
class Rule:
    code: str
    description: str
    check: Callable[[Any, Any], Any]  # (user, obj) -> granting Lidmaatschap | None

    # Templates read `grant.rule.code`; they must not call the rule.
    do_not_call_in_templates = True

    def __call__(self, user, obj=None):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return None
        return self.check(user, obj)


@dataclass(frozen=True)
class Grant:
    permission: str
    rule: Rule
    lidmaatschap: Any

    @property
    def reason(self) -> str:
        return self.rule.description


_PERMISSIONS: dict[str, tuple[Rule, ...]] = {}


def rule(code: str, description: str):
    """Decorator turning `fn(user, obj) -> Lidmaatschap | None` into a named Rule."""

    def wrap(fn):
        return Rule(code=code, description=description, check=fn)

    return wrap


def register(permission: str, *granting_rules: Rule) -> None:
    if permission in _PERMISSIONS:
        raise ValueError(f"Permission {permission} is al geregistreerd.")
    _PERMISSIONS[permission] = granting_rules
    rules.add_perm(permission, rules.predicate(lambda user, obj=None: explain(user, permission, obj) is not None))


def explain(user, permission: str, obj=None) -> Grant | None:
    for granting_rule in _PERMISSIONS.get(permission, ()):
        if (lidmaatschap := granting_rule(user, obj)) is not None:
            return Grant(permission=permission, rule=granting_rule, lidmaatschap=lidmaatschap)
    return None


def can(user, permission: str, obj=None) -> bool:
    return explain(user, permission, obj) is not None


def registered_permissions() -> dict[str, tuple[Rule, ...]]:
    return dict(_PERMISSIONS)
