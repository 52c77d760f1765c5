"""Access rows of two-factor authentication.

Everyone logged in reaches their own settings; the world's users have no
device, so the pages that change a device send them back to the settings
(302). The code step of the login without a pending login goes back to the
login page, for everyone. Only the chef circulair sets the organisation's rule.
"""

from .rows_organisations_programme import own_org
from .table import Row, logged_in, managers, public

ROWS = [
    Row("twofactor:verify", public(302), note="no pending login: back to the login page"),
    Row("twofactor:verify", public(302), method="POST", data=lambda w: {"code": "123456"}),
    Row("twofactor:settings", logged_in()),
    Row("twofactor:setup", logged_in()),
    Row("twofactor:setup", logged_in(200), method="POST", data=lambda w: {"code": "000000"}, note="wrong code"),
    Row("twofactor:recovery_codes", logged_in()),
    Row("twofactor:regenerate_codes", logged_in(302), note="no device: to the settings"),
    Row("twofactor:regenerate_codes", logged_in(302), method="POST", data=lambda w: {"confirmation": "x"}),
    Row("twofactor:disable", logged_in(302), note="no device: to the settings"),
    Row("twofactor:disable", logged_in(302), method="POST", data=lambda w: {"confirmation": "x"}),
    Row("twofactor:organisation", own_org(managers())),
    Row(
        "twofactor:organisation",
        own_org(managers(302)),
        method="POST",
        data=lambda w: {"two_factor_required": ""},
        note="switched off, so the other personas of the row are not sent to the set-up",
    ),
]
