"""Downloads of a member's cover memo and the package for its board."""

from django.urls import path

from applications.adoptions import package_views

urlpatterns = [
    path(
        "antaganden/<int:pk>/tjansteskrivelse.pdf",
        package_views.adoption_memo_pdf,
        name="adoption_memo_pdf",
    ),
    path(
        "antaganden/<int:pk>/tjansteskrivelse.docx",
        package_views.adoption_memo_docx_view,
        name="adoption_memo_docx",
    ),
    path(
        "antaganden/<int:pk>/underlag/<slug:key>.pdf",
        package_views.adoption_basis_view,
        name="adoption_basis",
    ),
    path(
        "antaganden/<int:pk>/paket.zip",
        package_views.adoption_package_view,
        name="adoption_package",
    ),
]
