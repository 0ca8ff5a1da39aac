"""`privault` imports only the subcommand it runs (cli/main.py GROUPS): a command module that is
not listed there would silently be missing from the command."""

from __future__ import annotations

import pkgutil
from importlib import import_module

import typer

import privault.cli
from privault.cli.main import COMMANDS, GROUPS, build_app


def test_every_command_module_with_an_app_is_a_listed_group() -> None:
    listed = {module for module, _ in GROUPS.values()} | {m for m, _ in COMMANDS.values()}
    with_app = {
        info.name
        for info in pkgutil.iter_modules(privault.cli.__path__)
        if isinstance(getattr(import_module(f"privault.cli.{info.name}"), "app", None), typer.Typer)
    }
    assert with_app - listed == set()


def test_the_whole_command_names_every_group_and_command() -> None:
    names = {group.name for group in build_app().registered_groups}
    names |= {command.name for command in build_app().registered_commands}
    assert names == set(GROUPS) | set(COMMANDS)
