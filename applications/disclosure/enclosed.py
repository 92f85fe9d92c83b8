"""The stored documents of a case as the masked copy encloses them: their text, read from
the stored PDF so that it can be masked like any other part, and their pages, appended
whole to the copy when nothing of them is withheld.

A stored document never changes (it is named by its SHA-256), so its text is read once and
kept in the cache under that digest.
"""

import io

import pikepdf
import pypdf
from django.core.cache import cache

from applications.models import GeneratedDocument

TEXT_CACHE_SECONDS = 60 * 60 * 24 * 30


def _normalised(text: str) -> str:
    """Each line trimmed of the spaces PDF layout leaves, runs of empty lines made one."""
    lines = [" ".join(line.split()) for line in text.replace("\r", "").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return _normalised("\n\n".join(page.extract_text() or "" for page in reader.pages))


def _content(document: GeneratedDocument) -> bytes:
    with document.file.open("rb") as stored:
        return stored.read()


def document_text(document: GeneratedDocument) -> str:
    """The text of the document's stored PDF; empty when the file is missing or unreadable
    (the part then says nothing, and the pages cannot be appended either)."""
    if not document.file:
        return ""
    key = f"disclosure:document-text:{document.sha256 or document.pk}"
    text = cache.get(key) if document.sha256 else None
    if text is None:
        try:
            text = pdf_text(_content(document))
        except (OSError, pypdf.errors.PyPdfError):
            return ""
        if document.sha256:
            cache.set(key, text, TEXT_CACHE_SECONDS)
    return text


def _flat_nums(root) -> pikepdf.Array | None:
    """The structure tree's parent tree as one flat /Nums array (as WeasyPrint writes it),
    or None when it is nested or missing."""
    tree = root.get("/ParentTree") if root is not None else None
    if not isinstance(tree, pikepdf.Dictionary) or "/Kids" in tree:
        return None
    nums = tree.get("/Nums")
    return nums if isinstance(nums, pikepdf.Array) else None


def _copied(merged: pikepdf.Pdf, obj):
    """A value of another PDF in the copy: an indirect object copied (once: the copy
    remembers what it has copied from each PDF), a direct array or dictionary rebuilt."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return merged.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copied(merged, item) for item in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copied(merged, value) for key, value in obj.items()})
    return obj


def _structure_joined(merged: pikepdf.Pdf, source: pikepdf.Pdf, pages: list) -> bool:
    """The source's structure tree joined to the copy's, after its pages were appended:
    its elements become children of the copy's root and its parent tree's entries follow
    the copy's, the pages' numbers moved along. False (nothing joined) when either tree is
    not of the plain shape WeasyPrint writes."""
    root, source_root = merged.Root.get("/StructTreeRoot"), source.Root.get("/StructTreeRoot")
    nums, source_nums = _flat_nums(root), _flat_nums(source_root)
    kids = source_root.get("/K") if source_root is not None else None
    if nums is None or source_nums is None or kids is None or "/K" not in root:
        return False
    offset = max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1
    offset = max(offset, int(root.get("/ParentTreeNextKey", 0)))
    elements = [kids] if isinstance(kids, pikepdf.Dictionary) else list(kids)
    copied = [_copied(merged, element) for element in elements]
    for element in copied:
        element.P = root
    if not isinstance(root.K, pikepdf.Array):
        root.K = pikepdf.Array([root.K])
    root.K.extend(copied)
    for i in range(0, len(source_nums), 2):
        nums.append(int(source_nums[i]) + offset)
        nums.append(_copied(merged, source_nums[i + 1]))
    for page in pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", []):
            if isinstance(annotation, pikepdf.Dictionary) and "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    next_key = max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1
    if "/ParentTreeNextKey" in root:
        root.ParentTreeNextKey = next_key
    return True


def _untagged(page: pikepdf.Page) -> None:
    """A page whose structure could not be joined: its references into its own
    document's tree, which point nowhere in the copy, are dropped."""
    if "/StructParents" in page.obj:
        del page.obj["/StructParents"]
    for annotation in page.obj.get("/Annots", []):
        if isinstance(annotation, pikepdf.Dictionary) and "/StructParent" in annotation:
            del annotation["/StructParent"]


def _without_form_fields(page: pikepdf.Page) -> None:
    """The appended page's form fields, such as the field of a signature, are dropped: the
    copy is not the signed original, and has no form."""
    if "/Annots" not in page.obj:
        return
    kept = pikepdf.Array(
        annotation
        for annotation in page.obj.Annots
        if isinstance(annotation, pikepdf.Dictionary)
        and annotation.get("/Subtype") != pikepdf.Name.Widget
    )
    if len(kept):
        page.obj.Annots = kept
    else:
        del page.obj["/Annots"]


def pages_appended(copy: bytes, documents: list[GeneratedDocument]) -> bytes:
    """The copy with every page of each document appended, in order, their tagged
    structure joined to the copy's. The copy's PDF/A identification, output intent and
    metadata stay as they were; the appended pages carry their own embedded fonts."""
    if not documents:
        return copy
    with pikepdf.open(io.BytesIO(copy)) as merged:
        sources = []
        try:
            for document in documents:
                source = pikepdf.open(io.BytesIO(_content(document)))
                sources.append(source)
                first = len(merged.pages)
                for page in source.pages:
                    merged.pages.append(page)
                appended = list(merged.pages)[first:]
                for page in appended:
                    _without_form_fields(page)
                if not _structure_joined(merged, source, appended):
                    for page in appended:
                        _untagged(page)
            out = io.BytesIO()
            merged.save(out)
        finally:
            for source in sources:
                source.close()
    return out.getvalue()
