from django import template

from passend.financien.geld import bedrag_tekst

register = template.Library()


@register.filter
def euro(bedrag) -> str:
    """€ 1.234,56 — the Dutch way."""
    if bedrag in (None, ""):
        return "—"
    return bedrag_tekst(bedrag)
