"""Single sign-on with OpenID Connect: log-in through the county's or municipality's identity
provider (which may itself use Freja eID+ or SITHS), beside the password log-in.

Off unless settings.OIDC is set (LANSMEDEL_OIDC_* in the environment). Nobody is created
here: the identity provider's verified claim must match a person who already has an account
(roles are still given in Länsmedel, by invitation). When the provider asserts a second factor
(`amr`, or an `acr` in the configured list) the session counts as verified for two-factor
log-in; otherwise the person still gives Länsmedel's own second factor.
"""
