from django import template

from passend.financien.geld import bedrag_tekst

register = template.Library()


@register.filter
def euro(bedrag) -> str:
    """€ 1.234,56 — the Dutch way."""
    if bedrag in (None, ""):
        return "—"
    return bedrag_tekst(bedrag)


@register.filter
def euro_verschil(b, a) -> str:
    """b − a as an amount with its sign: + € 1.250,00 / − € 300,00."""
    from passend.financien.geld import euro as afronden

    verschil = afronden(b) - afronden(a)
    if verschil == 0:
        return "gelijk"
    return ("+ " if verschil > 0 else "− ") + bedrag_tekst(abs(verschil))
