"""Demo programme of Gemeente Voorbeeldstad: Menu self-scan, categories, strategies, ambitiewebs.

Idempotent: everything is found or updated by its natural key.
"""

from datetime import date

from chefcirculair.models import Role

from . import programme_demo


def build(context) -> None:
    programme_demo.build_menu_scan(context.organisation, context.users)
    programme_demo.build_categories(context.organisation)
    programme_demo.build_strategies(context.organisation, context.users[Role.CHEF_CIRCULAIR], today=date(2026, 2, 1))
    programme_demo.build_ambition_webs(context.organisation)
