"""How to build the forms that need more than ``data`` (keyword arguments per form class).

Key: the dotted path of the form class. Value: a callable taking the test
world and returning the keyword arguments for the form's constructor (other
than ``data``/``files``), e.g. the user, the organisation or the instance it
edits. A form found in ``<app>.forms`` whose constructor needs arguments and
has no entry here fails ``test_every_form_can_be_built``.
"""

FORM_KWARGS = {
    "accounts.forms.LoginForm": lambda world: {"request": None},
    "accounts.forms.PasswordChangeForm": lambda world: {"user": world.users["inkoper"]},
    "accounts.forms.SetPasswordForm": lambda world: {"user": world.users["inkoper"]},
    "organisations.forms.MenuScanItemForm": lambda world: {"organisation": world.org_a},
    "organisations.forms.ProductCategoryForm": lambda world: {"organisation": world.org_a},
    "organisations.forms.DepartmentForm": lambda world: {"organisation": world.org_a},
    "accounts.forms.TwoFactorCodeForm": lambda world: {"user": _user_with_two_factor(world)},
    "accounts.forms.TwoFactorSetupForm": lambda world: {"key": "3132333435363738393031323334353637383930"},
    "accounts.forms.TwoFactorConfirmForm": lambda world: {"user": _user_with_two_factor(world)},
    "accounts.forms.OrganisationTwoFactorForm": lambda world: {"instance": world.org_a},
    "accounts.forms.SsoProviderForm": lambda world: {"organisation": world.org_a},
    "accounts.forms.SsoLinkForm": lambda world: {"user": world.users["inkoper"]},
    "organisations.forms.OrganisationIdentifiersForm": lambda world: {"instance": world.org_a},
    "rladder.forms.ProductStrategyForm": lambda world: {"organisation": world.org_a},
    "rladder.forms.AmbitionWebForm": lambda world: {"rows": _ambition_rows(world)},
    "rladder.forms.BaselineLineForm": lambda world: {"factors": _effective_factors(world)},
    "procurement.forms.TrajectoryForm": lambda world: {"organisation": world.org_a},
    "procurement.forms.AnswerForm": lambda world: {"answer": world.answer_a},
    "procurement.forms.CheckForm": lambda world: {"check": world.check_a},
    "procurement.forms.RDecisionStepForm": lambda world: {"strategy": _strategies()[0]},
    "procurement.forms.RDecisionForm": lambda world: {"strategies": _strategies()},
    "procurement.forms.ImpactLineForm": lambda world: {"factors": _effective_factors(world)},
    "procurement.forms.OcdsImportForm": lambda world: {"trajectory": world.ocds_trajectory_a},
    "kpis.forms.KpiForm": lambda world: {"organisation": world.org_a},
    "kpis.forms.ContractKpiForm": lambda world: {"trajectory": world.trajectory_kpis_a},
    "kpis.forms.TargetOverridesForm": lambda world: {"kpi": world.kpi_a},
    "learning.forms.LessonFilterForm": lambda world: {"organisation": world.org_a},
    "criteria.forms.FillForm": lambda world: {"chosen": world.chosen_a},
    "criteria.forms.AwardRecordForm": lambda world: {
        "award_model": _award_model(world),
        "criteria": [world.chosen_a],
    },
}


def _award_model(world):
    from criteria.models import AwardModel

    return AwardModel(trajectory=world.chosen_a.trajectory, method=AwardModel.Method.VALUE)


def _user_with_two_factor(world):
    """A user with an authenticator app and recovery codes (made in the test's transaction)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.twofactor import new_recovery_codes

    user = world.users["contractmanager"]
    TOTPDevice.objects.get_or_create(user=user, name="Authenticator-app", defaults={"confirmed": True})
    new_recovery_codes(user)
    return user


def _strategies():
    from rladder.models import RStrategy

    return list(RStrategy.objects.highest().order_by("number"))


def _effective_factors(world):
    from rladder.models import ImpactFactor

    return ImpactFactor.objects.effective_for(world.org_a)


def _ambition_rows(world):
    from rladder.webs import generic_rows

    return generic_rows(world.org_a)


# Forms that are not driven with arbitrary input, with the reason.
SKIP: dict[str, str] = {}
