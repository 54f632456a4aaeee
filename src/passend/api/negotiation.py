"""Content negotiation for downloads (a PDF, a CSV export)."""

from rest_framework.negotiation import BaseContentNegotiation


class EersteRenderer(BaseContentNegotiation):
    """A download answers in its own format whatever the client's Accept header says: the
    action's first renderer is the one."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
