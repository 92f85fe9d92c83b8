"""Downloads of a member's cover memo and the package for its board."""

urlpatterns: list = []
