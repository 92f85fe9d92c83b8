"""The member's adoption page and the coordinator's overview of a meeting's adoptions."""

urlpatterns: list = []
