"""A double submit is processed once: the one rule, for forms and for the API.

A form carries a fresh random token (`{% load passend %}{% eenmalig %}` inside the <form>);
an API client may send an `Idempotency-Key` header on POST, PUT and PATCH. The first
request with a key records it (`claim`) before the view runs; a second request of the same
user with the same key is not passed to the view. When the view answers with an error
status the key is freed again (`release`), so an honest retry (a corrected form, a retried
call after a 500) is processed. Keys are per user: another user's token is a new key.

The claim is its own short transaction, committed before the view starts, and the unique
constraint on (user, key) decides which of two racing requests wins.
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework.exceptions import APIException
from rest_framework.permissions import BasePermission

from passend.core.models import SubmitToken

FIELD = "eenmalig"
HEADER = "Idempotency-Key"
LIFETIME = timedelta(days=1)
ALREADY_SENT = "Dit formulier was al verstuurd en is één keer verwerkt."
API_WRITE_METHODS = ("POST", "PUT", "PATCH")

_CLAIMED = "_passend_eenmalig"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def claim(request, user, kind: str, value: str) -> bool:
    """Record the key for this user; False when it was recorded before (a repeat)."""
    key = hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()
    try:
        with transaction.atomic():
            SubmitToken.objects.create(user_id=user.pk, key=key)
    except IntegrityError:
        return False
    # Cheap: one user's rows of the last day, found through the unique index.
    SubmitToken.objects.filter(user_id=user.pk, created__lt=timezone.now() - LIFETIME).delete()
    setattr(request, _CLAIMED, (user.pk, key))
    return True


def release(request) -> None:
    """Free the key this request claimed, if any."""
    if claimed := getattr(request, _CLAIMED, None):
        SubmitToken.objects.filter(user_id=claimed[0], key=claimed[1]).delete()


def _back(request) -> str:
    """The page the form was on (a POST-only address has no page of its own), else this address."""
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return referer
    return request.get_full_path()


class EenmaligMiddleware:
    """Forms: a POST whose token was seen before is answered with a redirect, not the view.

    Only signed-in users are guarded (the token is kept per user); the forms of the sign-in
    flow carry no token (see tests/core/test_eenmalig.py for the list and why). Runs in
    process_view, so after the CSRF check and the session, 2FA and messages middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code >= 400:
            release(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        token = request.POST.get(FIELD, "")
        if not token or claim(request, request.user, "formulier", token):
            return None
        messages.info(request, ALREADY_SENT)
        return HttpResponseRedirect(_back(request), status=303)


class AlreadyProcessed(APIException):
    status_code = 409
    default_detail = "Dit verzoek is al verwerkt (dezelfde Idempotency-Key)."
    default_code = "idempotency_key_reused"


class IdempotencyKey(BasePermission):
    """API: the same rule for the `Idempotency-Key` header.

    A permission class because DRF authenticates (Bearer token or session) inside the view,
    and permissions are its first hook that knows the user and runs before the handler.
    EenmaligMiddleware frees the key when the response is an error.
    """

    def has_permission(self, request, view):
        value = request.headers.get(HEADER, "").strip()
        # The underlying request's method: DRF's OPTIONS metadata checks permissions on a
        # cloned request that claims to be a POST.
        if not value or request._request.method not in API_WRITE_METHODS or not request.user.is_authenticated:
            return True
        if not claim(request._request, request.user, "api", value):
            raise AlreadyProcessed()
        return True
