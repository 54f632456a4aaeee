"""PDFs from HTML templates (WeasyPrint), served inline with a safe file name."""

from django.http import HttpResponse


def pdf_bytes(html: str, request) -> bytes:
    from weasyprint import HTML  # imported here: only PDF export needs the Pango libraries

    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()


def pdf_response(html: str, request, filename: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(html, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
