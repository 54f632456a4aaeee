"""`{% load vragenlijst_tags %}{% vragenlijsten_bij traject aanvraag as vl %}` on the application
page: the questionnaires attached to it, and for whoever drafts a concept the ones to attach."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def vragenlijsten_bij(context, traject, aanvraag) -> dict:
    from passend.core.authz import can
    from passend.instrumenten.selectors import bij_te_voegen, bijgevoegd_bij

    user = context["request"].user
    mag_bijvoegen = (
        aanvraag.status == aanvraag.Status.CONCEPT
        and traject.leerling_id is not None
        and can(user, "trajecten.aanvraag_schrijven", traject)
    )
    return {
        "bijgevoegd": bijgevoegd_bij(aanvraag),
        "bij_te_voegen": bij_te_voegen(aanvraag=aanvraag) if mag_bijvoegen else [],
        "mag_bijvoegen": mag_bijvoegen,
    }
