"""Template helpers for the five fields, and the notices other pages show:
`{% basisdekking traject as tekst %}` on the application page (is this simply basic support?),
`{% matching_bij traject as m %}` on the traject page (the link to the matching and the choice)."""

from django import template

register = template.Library()


@register.simple_tag
def niveau_omschrijving(schaal: dict, veld: str, niveau) -> str:
    if niveau is None:
        return "onduidelijk"
    return next((tekst for n, tekst in schaal.get(veld, []) if n == niveau), "")


@register.simple_tag(takes_context=True)
def basisdekking(context, traject) -> str:
    from passend.core.authz import can
    from passend.matching.selectors import dekking_door_school

    if traject.leerling_id is None or not can(context["request"].user, "matching.advies", traject):
        return ""
    return dekking_door_school(traject) or ""


@register.simple_tag(takes_context=True)
def matching_bij(context, traject) -> dict:
    from passend.core.authz import can
    from passend.matching.models import Matchkeuze

    if traject.leerling_id is None or not can(context["request"].user, "matching.advies", traject):
        return {}
    return {"keuze": Matchkeuze.objects.filter(traject=traject).select_related("school", "voorziening").first()}
