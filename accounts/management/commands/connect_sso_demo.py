"""Connect the demo organisation to the development OpenID Connect provider (``make sso-demo``).

The provider is dev/oidc-provider/server.mjs (npm's ``oidc-provider``), the one the tests use. Its
users (password ``sso-demo-2026``) sign in with addresses of ``sso.voorbeeldstad.nl``; their groups
give their role in Gemeente Voorbeeldstad. The demo's own users (``@voorbeeldstad.nl``) keep logging
in with their password.
"""

from django.core.management.base import BaseCommand, CommandError

from accounts import sso
from accounts.models import SsoDomain, SsoGroupRole, SsoProvider
from organisations.models import Organisation, Role

CLIENT_ID = "chefcirculair-demo"
CLIENT_SECRET = "sso-demo-client-secret"  # noqa: S105  # nosec B105 (the development provider's, printed)
DOMAIN = "sso.voorbeeldstad.nl"
GROUPS = {"cc-inkopers": Role.INKOPER, "cc-chefs": Role.CHEF_CIRCULAIR, "cc-lezers": Role.LEZER}
USERS = [
    ("sanne@sso.voorbeeldstad.nl", "cc-inkopers → inkoper"),
    ("karel@sso.voorbeeldstad.nl", "cc-chefs → chef circulair"),
    ("lotte@sso.voorbeeldstad.nl", "cc-lezers → lezer"),
    ("nina@sso.voorbeeldstad.nl", "geen gekoppelde groep → geen toegang"),
]


class Command(BaseCommand):
    help = "Connect the demo organisation (Gemeente Voorbeeldstad) to the development OpenID Connect provider."

    def add_arguments(self, parser):
        parser.add_argument("--issuer", default="http://127.0.0.1:8081")

    def handle(self, *args, issuer: str, **options):
        organisation = Organisation.objects.filter(slug="gemeente-voorbeeldstad").first()
        if organisation is None:
            raise CommandError("The demo organisation is missing: run `make run` (or `manage.py load_demo`) first.")
        provider, _created = SsoProvider.objects.update_or_create(
            organisation=organisation,
            defaults={
                "issuer": issuer,
                "client_id": CLIENT_ID,
                "client_secret_encrypted": sso.encrypt(CLIENT_SECRET),
                "scopes": "openid email profile groups",
                "enabled": True,
            },
        )
        SsoDomain.objects.for_organisation(organisation).exclude(domain=DOMAIN).delete()
        SsoDomain.objects.get_or_create(provider=provider, domain=DOMAIN)
        for group, role in GROUPS.items():
            SsoGroupRole.objects.update_or_create(provider=provider, group=group, defaults={"role": role})
        self.stdout.write(f"{organisation} signs in through {issuer} for @{DOMAIN} (password sso-demo-2026):")
        for email, what in USERS:
            self.stdout.write(f"  {email}  ({what})")
