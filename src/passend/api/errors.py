from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

DUTCH = {
    exceptions.NotAuthenticated: "U bent niet ingelogd.",
    exceptions.AuthenticationFailed: "Inloggen is mislukt: het token of de sessie is ongeldig.",
    exceptions.PermissionDenied: "U heeft geen toegang tot deze gegevens.",
    exceptions.NotFound: "Niet gevonden.",
    exceptions.MethodNotAllowed: "Deze methode is hier niet toegestaan.",
}


def exception_handler(exc, context):
    """DRF's handler with Dutch messages; 404s from unknown or hidden objects read alike."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None:
        for exc_class, message in DUTCH.items():
            if isinstance(exc, exc_class) and not isinstance(response.data, list):
                response.data = {"detail": message}
    return response


def veldfout(veld: str, melding: str) -> exceptions.ValidationError:
    """A 400 with `melding` at `veld`, as a form shows it at the field."""
    return exceptions.ValidationError({veld: [melding]})


def uit_body(lookup, veld: str, melding: str):
    """An object the request body names, read through its selector (scoped, audited): one the caller
    may not see, or that does not exist, is a 400 at that field, not a 404 of the whole call."""
    from django.http import Http404

    try:
        return lookup()
    except Http404:
        raise veldfout(veld, melding) from None
