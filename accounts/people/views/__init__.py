"""The pages of people, roles, invitations and registrations."""
