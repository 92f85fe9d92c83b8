import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_superuser_opens_every_list_and_add_form_in_swedish(login):
    client = login("admin@lansmedel.demo")
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert changelist.status_code == 200, meta.label
        if model_admin.has_add_permission(changelist.wsgi_request):
            add = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
            assert add.status_code == 200, meta.label
    html = client.get(reverse("admin:allocations_countyallocation_changelist")).content.decode()
    assert "tilldelningar till län" in html.lower()


def test_county_edit_offers_only_its_own_organisations_as_administrator(login, seeded):
    from allocations.models import County

    client = login("admin@lansmedel.demo")
    jamtland = County.objects.get(slug="jamtland")
    html = client.get(reverse("admin:allocations_county_change", args=[jamtland.pk])).content
    assert "Kommunförbundet Jämtland Härjedalen" in html.decode()
    assert "RSS Dalarna" not in html.decode()


def test_coordinators_are_not_let_into_the_admin(login):
    response = login("samordnare@jamtland.demo").get(reverse("admin:index"))
    assert response.status_code == 302
