"""The business's class rule (counts or percentages, minimum spend, churn window): an
installation setting, the seed's rule until someone with the right changes it."""

from __future__ import annotations

from privault.domain.classes import DEFAULT_RULE, ClassRule, parse_rule
from privault.domain.policy import Action, Actor
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

SETTING = "class_rule"


def class_rule(uc: UseCase) -> ClassRule:
    stored = uc.uow.installation.get(SETTING)
    return DEFAULT_RULE if stored is None else parse_rule(stored)


def set_class_rule(vault: Vault, actor: Actor, text: str) -> ClassRule:
    """Keys not named keep their current value; the whole rule is checked before it is kept."""
    with use_case(vault, actor) as uc:
        uc.require(Action.CLASSES_CONFIGURE)
        rule = parse_rule(text, class_rule(uc))
        uc.uow.installation.put(SETTING, rule.as_text())
        uc.record(Action.CLASSES_CONFIGURE, reason=f"class rule {rule.as_text()}")
        uc.commit()
    return rule


def show_class_rule(vault: Vault, actor: Actor) -> ClassRule:
    with use_case(vault, actor) as uc:
        uc.require(Action.CLASSES_CONFIGURE)
        rule = class_rule(uc)
        uc.record(Action.CLASSES_CONFIGURE, reason="class rule read")
        uc.commit()
    return rule
