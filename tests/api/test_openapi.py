from pathlib import Path

from django.core.management import call_command

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def test_committed_openapi_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert generated.read_text() == SCHEMA.read_text(), (
        "docs/openapi.yaml is out of date: run `make openapi` and commit the result."
    )


def test_resources_use_dutch_plural_nouns():
    text = SCHEMA.read_text()
    for path in ("/api/v1/scholen/", "/api/v1/deskundigen/", "/api/v1/schoolbesturen/", "/api/v1/voorzieningen/"):
        assert f"  {path}:" in text
