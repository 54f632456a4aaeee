"""Invitation links: valid for a limited time and only until the password has been chosen.

The token signs the user id and a fingerprint of the account's current password state, so
setting a password makes the link unusable.
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "passend.accounts.uitnodiging"


def _fingerprint(user) -> str:
    state = f"{user.pk}:{user.password}:{user.last_login}:{user.is_active}"
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def make_token(user) -> str:
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=SALT, compress=True)


def user_for_token(token: str):
    """The invited user, or None when the link is unknown, used or older than allowed."""
    from passend.accounts.models import User

    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PASSEND_INVITATION_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or data.get("f") != _fingerprint(user):
        return None
    return user


def invitation_url(user) -> str:
    return settings.PASSEND_BASE_URL.rstrip("/") + reverse("accounts:uitnodiging", args=[make_token(user)])
