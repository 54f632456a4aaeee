"""Reads of the groeidocument, within access to the pupil, audited."""

from django.db.models import Prefetch
from django.http import Http404

from passend.core import audit
from passend.core.authz import explain
from passend.core.selectors import get_visible
from passend.dossier.models import DELEN, Bijdrage, Groeidocument, Versie
from passend.leerlingen.selectors import leerling_get


def groeidocument_get(*, actor, leerling_pk, nummer: int | None = None, action=audit.Action.VIEW):
    """The pupil, the grant, the version asked for (default: the newest) and all versions.

    Returns version None when nothing has been written yet.
    """
    leerling, _ = leerling_get(actor=actor, pk=leerling_pk)
    grant = explain(actor, "dossier.view_groeidocument", leerling)
    if grant is None:
        audit.log_denied(reason="geen toegang tot het groeidocument", obj=leerling)
        raise Http404
    groeidocument = Groeidocument.objects.filter(leerling=leerling).first()
    versies = (
        list(
            Versie.objects.filter(groeidocument=groeidocument)
            .select_related("groeidocument")
            .prefetch_related(
                Prefetch("bijdragen", queryset=Bijdrage.objects.order_by("id")),
                "ondertekeningen",
            )
        )
        if groeidocument
        else []
    )
    if nummer is None:
        versie = versies[0] if versies else None
    else:
        versie = next((v for v in versies if v.nummer == nummer), None)
        if versie is None:
            raise Http404
    audit.log(
        action,
        obj=versie or leerling,
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"Groeidocument van {leerling}, versie {versie.nummer}" if versie else "",
    )
    return leerling, grant, versie, versies


def delen_met_bijdragen(versie):
    """The document laid out in its parts: [(deel, [(sectie, label, [bijdragen])])]."""
    bijdragen = list(versie.bijdragen.all()) if versie else []
    return [
        (deel, [(s.value, s.label, [b for b in bijdragen if b.sectie == s.value]) for s in secties])
        for deel, secties in DELEN
    ]


def documenten_en_notities(*, actor, leerling_pk):
    """The documents and logbook of a pupil that the actor may see (by confidentiality)."""
    from passend.dossier.models import Document, Notitie
    from passend.dossier.policies import zichtbare_items

    leerling, grant = leerling_get(actor=actor, pk=leerling_pk)
    documenten = list(
        Document.objects.filter(zichtbare_items(actor, leerling, "geupload_door")).select_related("geupload_door")
    )
    notities = list(Notitie.objects.filter(zichtbare_items(actor, leerling, "auteur")))
    audit.log(
        audit.Action.SEARCH,
        object_type="dossier.document",
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"Documenten en logboek van {leerling}",
        detail={"documenten": len(documenten), "notities": len(notities)},
    )
    return leerling, grant, documenten, notities


def document_get(*, actor, leerling_pk, pk):
    """One document for download: within the pupil, within its confidentiality, audited."""
    from passend.dossier.models import Document
    from passend.dossier.policies import zichtbare_items

    leerling, _ = leerling_get(actor=actor, pk=leerling_pk)
    queryset = Document.objects.filter(zichtbare_items(actor, leerling, "geupload_door"))
    document, _grant = get_visible(actor=actor, queryset=queryset, pk=pk, permission="dossier.view_item")
    return document


def tijdlijn(*, actor, leerling_pk):
    """Everything in the pupil's dossier the actor may see, newest first: [(moment, soort, tekst, link)]."""
    from django.urls import reverse

    leerling, grant, documenten, notities = documenten_en_notities(actor=actor, leerling_pk=leerling_pk)
    regels = []

    def regel(moment, soort, tekst, link=None):
        regels.append((moment, soort, tekst, link))

    for niveau in leerling.ondersteuningsniveaus.all():
        door = niveau.vastgesteld_door.naam
        regel(
            niveau.vastgesteld_op,
            "Ondersteuningsniveau",
            f"Niveau {niveau.niveau} ({niveau.beschrijving.naam}), door {door}",
        )
    for t in leerling.toestemmingen.all():
        besluit = f"{t.get_onderwerp_display()}: {t.get_besluit_display().lower()} door {t.ouder.naam}"
        regel(t.vastgelegd_op, "Toestemming", besluit)
    groeidocument = Groeidocument.objects.filter(leerling=leerling).first()
    if groeidocument is not None:
        url = reverse("dossier:groeidocument", args=[leerling.pk])
        for versie in groeidocument.versies.prefetch_related("ondertekeningen"):
            link = f"{url}?versie={versie.nummer}"
            regel(versie.aangemaakt_op, "Groeidocument", f"Versie {versie.nummer} gestart", link)
            for o in versie.ondertekeningen.all():
                regel(
                    o.op, "Groeidocument", f"Versie {versie.nummer}: {o.get_soort_display().lower()} door {o.door_naam}"
                )
            if versie.bevroren_op:
                regel(versie.bevroren_op, "Groeidocument", f"Versie {versie.nummer} ondertekend en vastgelegd", link)
    for d in documenten:
        tekst = f"{d.titel} ({d.get_soort_display().lower()}), toegevoegd door {d.geupload_door.naam}"
        regel(d.geupload_op, "Document", tekst, reverse("dossier:document_download", args=[leerling.pk, d.pk]))
    for notitie in notities:
        regel(notitie.op, "Logboek", f"{notitie.auteur_naam}: {notitie.tekst}")
    regels.sort(key=lambda regel: regel[0], reverse=True)
    return leerling, regels
