"""Settings for the test suite: the real settings, with test-only environment defaults.

Production behaviour (secure cookies, HTTPS redirect, Argon2) is asserted separately in
tests/core/test_settings.py against the real module.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("PASSEND_SSL_REDIRECT", "false")
os.environ.setdefault("PASSEND_SECURE_COOKIES", "false")
os.environ.setdefault("PASSEND_HSTS_SECONDS", "0")
os.environ.setdefault("EMAIL_URL", "memorymail://")
# Background tasks run at once, in the test's own process (when their transaction commits).
os.environ.setdefault("PASSEND_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from passend.conf.settings import *  # noqa: E402,F403

# Hashing cost is not what these tests are about; Argon2 is asserted on the real settings.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
