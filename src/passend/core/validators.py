import re

from django.core.exceptions import ValidationError

_MARKUP = re.compile(r"[<>]")


def validate_geen_html(value: str) -> None:
    """Names and codes are shown in many places (lists, PDFs, e-mails); refuse markup there.
    Free text elsewhere is accepted and always rendered escaped."""
    if value and _MARKUP.search(value):
        raise ValidationError("Gebruik geen < of > in dit veld; HTML of scripts zijn hier niet toegestaan.")


def tekstfouten(instance, velden=None) -> dict[str, list[str]]:
    """Errors for text holding NUL characters, and for a TextField longer than its max_length.

    Django's full_clean checks neither (a TextField's max_length only binds its form field),
    so services check them here and the rules hold for the API and direct calls too.
    """
    from django.db import models

    errors = {}
    for field in instance._meta.fields:
        if (
            velden is not None
            and field.name not in velden
            or not isinstance(field, models.CharField | models.TextField)
        ):
            continue
        waarde = getattr(instance, field.name) or ""
        if "\x00" in waarde:
            errors[field.name] = ["Null-tekens zijn niet toegestaan."]
        elif isinstance(field, models.TextField) and field.max_length and len(waarde) > field.max_length:
            errors[field.name] = [f"Gebruik hoogstens {field.max_length} tekens (nu {len(waarde)})."]
    return errors
