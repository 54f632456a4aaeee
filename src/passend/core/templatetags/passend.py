from django import template
from django.utils.html import format_html

from passend.core import eenmalig as guard

register = template.Library()


@register.simple_tag
def eenmalig():
    """A hidden one-time token: put it inside every <form method="post"> (passend.core.eenmalig)."""
    return format_html('<input type="hidden" name="{}" value="{}">', guard.FIELD, guard.new_token())


@register.simple_tag
def rol_label(code: str) -> str:
    """A role slug of the glossary (or a route's pseudo-role) in words."""
    from passend.trajecten.routebestand import ROLLEN

    return ROLLEN.get(code, code)


@register.simple_tag
def voorwaarde_label(code: str) -> str:
    from passend.trajecten.voorwaarden import VOORWAARDEN

    voorwaarde = VOORWAARDEN.get(code)
    return voorwaarde.omschrijving if voorwaarde else code


@register.simple_tag
def partij_label(code: str) -> str:
    from passend.trajecten.routebestand import PARTIJEN

    return PARTIJEN.get(code, code)


@register.simple_tag
def standpunt_label(code: str) -> str:
    from passend.trajecten.models import Deelnemer

    return dict(Deelnemer.Standpunt.choices).get(code, code or "afwezig")
