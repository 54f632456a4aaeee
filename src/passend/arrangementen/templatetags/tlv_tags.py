"""`{% load tlv_tags %}{% tlv_links traject aanvraag besluit as tlv %}` on the application page:
which TLV pages this user may open from there (advices, issuing the TLV, the TLV, objections)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def tlv_links(context, traject, aanvraag, besluit=None) -> dict:
    from passend.arrangementen import tlv_selectors
    from passend.core.authz import can

    user = context["request"].user
    links = {"adviezen": aanvraag.is_tlv, "afgeven": False, "tlv": None, "bezwaren": False}
    if besluit is None:
        return links
    if aanvraag.is_tlv:
        gegeven = tlv_selectors.tlv_van_besluit(besluit)
        links["tlv"] = gegeven if gegeven is not None and can(user, "arrangementen.tlv_view", gegeven) else None
        links["afgeven"] = (
            gegeven is None
            and besluit.uitkomst in ("toegekend", "deels")
            and can(user, "arrangementen.toekennen", traject)
        )
    links["bezwaren"] = can(user, "arrangementen.bezwaren", besluit)
    return links
