"""How to build the forms that need more than ``data`` (keyword arguments per form class).

Key: the dotted path of the form class. Value: a callable taking the test
world and returning the keyword arguments for the form's constructor (other
than ``data``/``files``), e.g. the user, the organisation or the instance it
edits. A form found in ``<app>.forms`` whose constructor needs arguments and
has no entry here fails ``test_every_form_can_be_built``.
"""

FORM_KWARGS = {
    "chefcirculair.forms.LoginForm": lambda world: {"request": None},
    "chefcirculair.forms.PasswordChangeForm": lambda world: {"user": world.users["inkoper"]},
    "chefcirculair.forms.SetPasswordForm": lambda world: {"user": world.users["inkoper"]},
}

# Forms that are not driven with arbitrary input, with the reason.
SKIP: dict[str, str] = {}
