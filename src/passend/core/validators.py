import re

from django.core.exceptions import ValidationError

_MARKUP = re.compile(r"[<>]")


def validate_geen_html(value: str) -> None:
    """Names and codes are shown in many places (lists, PDFs, e-mails); refuse markup there.
    Free text elsewhere is accepted and always rendered escaped."""
    if value and _MARKUP.search(value):
        raise ValidationError("Gebruik geen < of > in dit veld; HTML of scripts zijn hier niet toegestaan.")
