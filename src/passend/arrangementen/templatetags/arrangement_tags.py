"""`{% load arrangement_tags %}{% arrangement_bij traject aanvraag besluit as arr %}` on the
application page: the arrangement of a granted decision (when this user may see it), or whether
this user may put the decision into effect ("Arrangement vastleggen")."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def arrangement_bij(context, traject, aanvraag, besluit=None) -> dict:
    from passend.arrangementen.models import Arrangement
    from passend.arrangementen.services import SOORTEN_BIJ_AANVRAAG
    from passend.core.authz import can

    uit = {"arrangement": None, "vastleggen": False}
    if besluit is None or besluit.uitkomst not in ("toegekend", "deels"):
        return uit
    user = context["request"].user
    arrangement = Arrangement.objects.filter(besluit=besluit).first()
    if arrangement is not None:
        uit["arrangement"] = arrangement if can(user, "arrangementen.view", arrangement) else None
    else:
        uit["vastleggen"] = bool(SOORTEN_BIJ_AANVRAAG.get(aanvraag.soort)) and can(
            user, "arrangementen.toekennen", traject
        )
    return uit


@register.filter
def uren(waarde) -> str:
    """Hours the Dutch way, without trailing zeros: 1,5 · 40 · 0,25."""
    from decimal import Decimal, InvalidOperation

    try:
        getal = Decimal(str(waarde if waarde not in (None, "") else 0)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(waarde)
    tekst = format(getal.normalize(), "f")
    return tekst.replace(".", ",")


@register.filter
def klein(label) -> str:
    """A label inside a sentence: its first letter small, abbreviations kept (OA, OJA)."""
    from passend.arrangementen.selectors import klein as _klein

    return _klein(str(label))
