"""Django's mailer for everything sent through `django.core.mail` (password reset and any
other mail Django or a library sends): each message is stored in the mail outbox in the
caller's transaction and delivered from there, with its retries and failed state."""

from django.core.mail.backends.base import BaseEmailBackend

from reporting.models import MailKind

# A sender may name its kind in this header; it is not sent on.
KIND_HEADER = "X-Lansmedel-Kind"


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from reporting.messaging.mail import mail_queue

        stored = 0
        for message in email_messages:
            if message.attachments:
                raise ValueError("The mail outbox keeps no attachments; send a link instead.")
            headers = dict(message.extra_headers)
            kind = headers.pop(KIND_HEADER, MailKind.SYSTEM)
            html = next(
                (
                    content
                    for content, mimetype in getattr(message, "alternatives", ())
                    if mimetype == "text/html"
                ),
                "",
            )
            mail_queue(
                kind=kind,
                to=list(message.to),
                cc=list(message.cc),
                bcc=list(message.bcc),
                reply_to=list(message.reply_to),
                subject=str(message.subject),
                body=str(message.body),
                html=str(html),
                from_email=message.from_email,
            )
            stored += 1
        return stored
