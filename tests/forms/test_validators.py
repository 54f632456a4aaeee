"""The validators behind the form fields, including input the forms' whitespace stripping
would hide (the API, management commands and imports call them too)."""

import pytest
from django.core.exceptions import ValidationError

from passend.core.validators import validate_geen_html
from passend.organisaties.validators import (
    normalise_postcode,
    validate_instellingscode,
    validate_latitude,
    validate_longitude,
    validate_postcode,
    validate_swv_code,
)


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (validate_instellingscode, "12AB\n"),  # `$` alone also matches before a final newline
        (validate_instellingscode, "12AB00\n"),
        (validate_instellingscode, "12ab00"),
        (validate_instellingscode, "12AB0"),
        (validate_instellingscode, ""),
        (validate_swv_code, "PO 20.01\n"),
        (validate_swv_code, "PO 2001"),
        (validate_swv_code, "po 20.01"),
        (validate_postcode, "0123 AB"),
        (validate_postcode, "1234 SS"),
        (validate_postcode, "1234 sa"),
        (validate_postcode, "12345"),
        (validate_postcode, "1234 A"),
        (validate_postcode, ""),
        (validate_latitude, 48.85),
        (validate_latitude, 53.61),
        (validate_longitude, 3.29),
        (validate_longitude, 9.5),
        (validate_geen_html, "<script>alert(1)</script>"),
        (validate_geen_html, "a > b"),
    ],
)
def test_ongeldige_waarde_wordt_geweigerd(validator, value):
    with pytest.raises(ValidationError):
        validator(value)


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (validate_instellingscode, "12AB"),
        (validate_instellingscode, "12AB00"),
        (validate_swv_code, "PO 20.01"),
        (validate_postcode, "1234 AB"),
        (validate_postcode, "1234ab"),
        (validate_postcode, "9999 ZZ"),
        (validate_latitude, 50.7),
        (validate_latitude, 53.6),
        (validate_latitude, None),
        (validate_longitude, 3.3),
        (validate_longitude, 7.3),
        (validate_geen_html, 'De "Boog" & Co'),
        (validate_geen_html, ""),
    ],
)
def test_geldige_waarde_wordt_geaccepteerd(validator, value):
    validator(value)


@pytest.mark.parametrize(("value", "expected"), [("1234ab", "1234 AB"), (" 1234 ab ", "1234 AB"), ("12345", "12345")])
def test_normalise_postcode(value, expected):
    assert normalise_postcode(value) == expected
