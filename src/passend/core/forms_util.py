from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

# HTML date fields take and give ISO dates, whatever the language of the page.
DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATUM_TIJD = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def apply_service_errors(form, error: ValidationError) -> None:
    """Put a service's validation errors on the form's fields (unknown fields: at the top)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields and field != NON_FIELD_ERRORS else None, errors)
