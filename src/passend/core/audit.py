"""The audit facade: the only code that writes AuditEvent rows.

Call `audit.log(...)` for every view, search, change, export and print of personal or
organisation data, and for every denial. The request context (who, from where) is taken
from the current request, set by AuditContextMiddleware, so callers pass only what
they know: the action, the object, and the grant that allowed it.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from passend.core.models import AuditEvent

Action = AuditEvent.Action
Result = AuditEvent.Result

_current_request: ContextVar[Any] = ContextVar("passend_audit_request", default=None)
# Outside a request: refusals noted inside a `denials_after()` block, written when it ends.
_pending_denials: ContextVar[list | None] = ContextVar("passend_pending_denials", default=None)


def bind_request(request):
    return _current_request.set(request)


def unbind_request(token) -> None:
    _current_request.reset(token)


def _client_ip(request) -> str | None:
    # The reverse proxy's address is what REMOTE_ADDR holds; X-Forwarded-For is trusted
    # only when the deployment says a proxy is in front (docs/deploy.md).
    from django.conf import settings

    if getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-settings.AXES_IPWARE_PROXY_COUNT].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def _label(user) -> str:
    if user is None:
        return ""
    return f"{user.naam} <{user.email}>" if getattr(user, "naam", "") else str(user)


def log(
    action: str,
    *,
    obj: Any = None,
    actor: Any = None,
    grant: Any = None,
    result: str = Result.SUCCESS,
    samenwerkingsverband_id: int | None = None,
    leerling_id: int | None = None,
    reason: str = "",
    purpose: str = "",
    detail: dict | None = None,
    object_type: str = "",
    object_label: str = "",
    actor_label: str = "",
    lidmaatschap: Any = None,
) -> AuditEvent:
    request = _current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if getattr(user, "is_authenticated", False) else None

    lidmaatschap = getattr(grant, "lidmaatschap", None) or lidmaatschap
    if samenwerkingsverband_id is None:
        samenwerkingsverband_id = getattr(obj, "samenwerkingsverband_id", None) or getattr(
            lidmaatschap, "samenwerkingsverband_id", None
        )
        if samenwerkingsverband_id is None and obj is not None and obj.__class__.__name__ == "Samenwerkingsverband":
            samenwerkingsverband_id = obj.pk

    if obj is not None and leerling_id is None:
        # Every row about a pupil names the pupil, so a parent can be shown who looked.
        leerling_id = obj.pk if obj._meta.label_lower == "leerlingen.leerling" else getattr(obj, "leerling_id", None)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_label = object_label or str(obj)[:300]

    return AuditEvent.objects.create(
        actor_user_id=getattr(actor, "pk", None),
        actor_label=(actor_label or _label(actor))[:300],
        role=getattr(lidmaatschap, "rol", ""),
        role_organisation=str(getattr(lidmaatschap, "organisatie", "") or "")[:300],
        samenwerkingsverband_id=samenwerkingsverband_id,
        action=action,
        object_type=object_type,
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        object_label=object_label[:300],
        leerling_id=leerling_id,
        result=result,
        reason=(reason or getattr(grant, "reason", ""))[:300],
        purpose=purpose[:200],
        origin_ip=_client_ip(request) if request is not None else None,
        origin_path=(request.get_full_path()[:500] if request is not None else ""),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""),
        detail=detail or {},
    )


def log_denied(
    *, reason: str, obj: Any = None, object_type: str = "", detail: dict | None = None, leerling_id: int | None = None
) -> None:
    """Record a refusal.

    During a request the row is written when the response leaves (AuditContextMiddleware),
    outside any transaction of the refused service: a rollback must not erase the refusal.
    """
    event = {
        "obj": obj,
        "object_type": object_type,
        "reason": reason,
        "detail": detail,
        "leerling_id": leerling_id,
    }
    request = _current_request.get()
    pending = _pending_denials.get()
    if request is not None:
        request.__dict__.setdefault("_passend_pending_denials", []).append(event)
    elif pending is not None:
        pending.append(event)
    else:
        _write_denied(event)


@contextmanager
def denials_after():
    """Outside a request, hold the refusals noted in this block and write them when it ends,
    after the transaction inside it rolled back (a request does this in the middleware)."""
    if _current_request.get() is not None or _pending_denials.get() is not None:
        yield
        return
    token = _pending_denials.set([])
    try:
        yield
    finally:
        pending = _pending_denials.get()
        _pending_denials.reset(token)
        for event in pending:
            _write_denied(event)


def _write_denied(event: dict) -> AuditEvent:
    return log(Action.ACCESS_DENIED, result=Result.DENIED, **event)


def flush_denials(request, status_code: int) -> None:
    """Write the refusals of this request; a refused response without one gets a generic row."""
    pending = request.__dict__.pop("_passend_pending_denials", [])
    for event in pending:
        _write_denied(event)
    if not pending and status_code in (401, 403, 429):
        _write_denied({"object_type": "request", "reason": f"HTTP {status_code}"})
