"""`{% lean_field field %}`: a form field as crispy-forms' Bootstrap 5 layout renders it
(label, widget, help text), written in Python.

The decision agenda holds hundreds of fields and thousands of options; rendering each
through crispy-forms and Django's per-widget and per-option templates was most of the
page's time. This tag writes the same markup for the widgets it knows (a single select, a
text input, a textarea styled as a form control) and hands anything else — and every field
with errors — to crispy-forms, so error display stays one implementation.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TEXTAREA = "django/forms/widgets/textarea.html"


def _renders_itself(field: BoundField) -> bool:
    widget = field.field.widget
    kind = getattr(widget, "input_type", None)
    if kind == "select":
        return not getattr(widget, "allow_multiple_selected", False)
    if kind == "text":
        return True
    return widget.template_name == TEXTAREA and "form-control" in widget.attrs.get("class", "")


def _described(field: BoundField, help_text: str) -> SafeString:
    return format_html(' aria-describedby="{}_helptext"', field.auto_id) if help_text else ""


def _select(field: BoundField, help_text: str) -> SafeString:
    choices = list(field.field.choices)
    current = "" if field.value() is None else str(field.value())
    required = field.field.required and choices and choices[0][0] == ""
    options = format_html_join(
        "",
        '\n<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) == current else "", label)
            for value, label in choices
        ),
    )
    return format_html(
        '<select name="{}" class="select form-select" id="{}"{}{}>{}\n</select>',
        field.html_name,
        field.auto_id,
        mark_safe(" required") if required else "",
        _described(field, help_text),
        options,
    )


def _text_or_textarea(field: BoundField, help_text: str) -> SafeString:
    widget = field.field.widget
    value = "" if field.value() is None else field.value()
    attrs = format_html_join("", ' {}="{}"', widget.attrs.items())
    if not widget.attrs.get("class"):
        attrs += mark_safe(' class="textinput form-control"')
    if field.field.required:
        attrs += mark_safe(" required")
    attrs += _described(field, help_text)
    if getattr(widget, "input_type", None) == "text":
        shown = format_html(' value="{}"', value) if value != "" else ""
        return format_html(
            '<input type="text" name="{}"{}{} id="{}">',
            field.html_name,
            shown,
            attrs,
            field.auto_id,
        )
    return format_html(
        '<textarea name="{}"{} id="{}">\n{}</textarea>',
        field.html_name,
        attrs,
        field.auto_id,
        value,
    )


@register.simple_tag
def lean_field(field: BoundField) -> SafeString:
    if field.errors or not _renders_itself(field):
        return as_crispy_field(field)
    help_text = field.help_text
    required = field.field.required
    widget = (
        _select(field, help_text)
        if getattr(field.field.widget, "input_type", None) == "select"
        else _text_or_textarea(field, help_text)
    )
    label = format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        field.auto_id,
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
    )
    help_html = (
        format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, mark_safe(help_text)
        )
        if help_text
        else ""
    )
    return format_html(
        '<div id="div_{}" class="mb-3">{}\n{}{}</div>', field.auto_id, label, widget, help_html
    )
