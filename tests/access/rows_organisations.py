from .table import Row, logged_in, non_members, public

ROWS = [
    Row("health", public()),
    Row("login", {**public(302), "anonymous": 200}),
    Row("logout", public(302), method="POST"),
    Row("password_change", logged_in()),
    Row("password_change_done", logged_in()),
    Row("password_reset", public()),
    Row("password_reset_done", public()),
    Row("password_reset_confirm", public(), kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    Row("password_reset_complete", public()),
    Row(
        "organisations:switch_organisation",
        non_members({**logged_in(302), "outsider": 404}),
        method="POST",
        data=lambda w: {"organisation": w.org_a.pk},
    ),
    Row("organisations:menu", public()),
    Row("organisations:principles", public()),
    Row("organisations:principle", public(), kwargs=lambda w: {"slug": "opstellen-van-kpis"}),
    Row("organisations:accessibility_overview", public()),
    Row("organisations:accessibility", public(), kwargs=lambda w: {"slug": w.org_a.slug}),
]
