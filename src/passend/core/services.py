"""Shared plumbing for write services: permission checks that audit their refusals."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import transaction

from passend.core import audit
from passend.core.authz import Grant, explain


def atomic(func):
    """A write service in one transaction whose refusals are audited after it: the rollback a
    refusal causes must not erase the record of that refusal (also outside a request)."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        with audit.denials_after(), transaction.atomic():
            return func(*args, **kwargs)

    return wrapper


def require(actor, permission: str, obj=None) -> Grant:
    """The grant that allows `actor` to do `permission` on `obj`, or PermissionDenied (audited)."""
    grant = explain(actor, permission, obj)
    if grant is None:
        audit.log_denied(
            reason=f"geen recht: {permission}",
            obj=obj if hasattr(obj, "_meta") else None,
            detail={"permissie": permission},
        )
        raise PermissionDenied
    return grant


def field_values(instance, fields) -> dict[str, str]:
    """A readable snapshot of fields for the audit detail of a change."""
    values = {}
    for name in fields:
        value = getattr(instance, name)
        values[name] = "" if value is None else str(value)
    return values
