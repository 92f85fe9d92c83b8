"""The documents panel of a decision meeting, computed where it is included:
`{% decision_documents_panel meeting as panel %}` needs only the meeting and the request."""

import dataclasses

from django import template

from applications.documents.selectors import DocumentPanel, decision_documents_panel

register = template.Library()


@register.simple_tag(takes_context=True, name="decision_documents_panel")
def decision_documents_panel_tag(context, meeting) -> DocumentPanel | None:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None:
        return None
    panel = decision_documents_panel(meeting=meeting, user=user)
    if panel is None:
        return None
    # Where the buttons come back to without JavaScript: the page the panel is shown on,
    # or the page the status view was asked for (it passes `return_to`).
    return_to = context.get("return_to") or (request.get_full_path() if request else "")
    return dataclasses.replace(panel, return_to=return_to)
