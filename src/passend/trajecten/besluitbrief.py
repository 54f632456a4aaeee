"""The decision letter (beschikking) on an application, as a PDF.

It says what was asked and decided, why, by whom and how (the approval chain of the route),
and how to object: six weeks from the decision date, to the partnership; for a TLV the
partnership forwards the objection with the file to the national objection commission
(LBT). Once the TLV is issued, the letter states it: type, category, period or the whole
school career, and the receiving school. Read through selectors.besluit_get, so every print
is an audited export.
"""

from django.template.loader import render_to_string

from passend.trajecten import selectors


def brief_html(*, request, traject, aanvraag, besluit) -> str:
    ouders = []
    if traject.leerling_id is not None:
        ouders = [o.ouder.naam for o in traject.leerling.ouderschappen.select_related("ouder").filter(gezag=True)]
    standpunten = []
    if besluit.overleg_id is not None:
        standpunten = getattr(besluit.overleg, "besluitvorming", None)
        standpunten = [s for s in standpunten.standpunten if s.get("aanwezig", True)] if standpunten else []
    return render_to_string(
        "trajecten/besluitbrief_pdf.html",
        {
            "traject": traject,
            "aanvraag": aanvraag,
            "besluit": besluit,
            "swv": traject.samenwerkingsverband,
            "ouders": ouders,
            "standpunten": standpunten,
            "beoordeling": selectors.beoordeling(aanvraag),
            "tlv": _tlv(aanvraag, besluit),
        },
        request=request,
    )


def _tlv(aanvraag, besluit):
    """The TLV issued on this decision, if one was: the letter then states its details."""
    if not aanvraag.is_tlv:
        return None
    from passend.arrangementen.tlv_selectors import tlv_van_besluit

    return tlv_van_besluit(besluit)


def bestandsnaam(besluit) -> str:
    return f"besluit-{besluit.nummer}.pdf"
