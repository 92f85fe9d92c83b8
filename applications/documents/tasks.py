"""Background generation of the decision forum's documents. Imported by `applications.tasks`, so the
worker's task autodiscovery registers it."""

from celery import shared_task

from applications.documents.services import GENERATE_TASK, document_produce


@shared_task(name=GENERATE_TASK, ignore_result=True)
def document_generate(document_id: int) -> None:
    """Render and store one version. A rendering error marks the version FAILED (the
    coordinator retries from the panel); it is not raised, so Celery does not retry it."""
    document_produce(document_id=document_id)
