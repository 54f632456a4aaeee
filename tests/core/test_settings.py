import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PASSEND_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="passend.conf.settings",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "-production-like-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="passend.example.org",
        DATABASE_URL=f"sqlite:///{ROOT / 'var' / 'check-deploy.sqlite3'}",
        PYTHONPATH=str(ROOT / "src"),
        **extra,
    )
    return env


def test_check_deploy_has_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = _production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_defaults_are_secure():
    code = (
        "from django.conf import settings as s;"
        "print(s.PASSWORD_HASHERS[0], s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.PASSEND_REQUIRE_2FA, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.PASSEND_SHOW_DEMO_LOGINS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "True",
        "False",
    ]
