from django import template
from django.utils.html import format_html

from passend.core import eenmalig as guard

register = template.Library()


@register.simple_tag
def eenmalig():
    """A hidden one-time token: put it inside every <form method="post"> (passend.core.eenmalig)."""
    return format_html('<input type="hidden" name="{}" value="{}">', guard.FIELD, guard.new_token())
