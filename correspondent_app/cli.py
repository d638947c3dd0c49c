"""Command line of correspondent-app.

Without a subcommand it starts the desktop application. Subcommands are thin
wrappers over the same Qt-free services the GUI uses; each prints a one-line
reason on failure and never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from correspondent_app import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="correspondent-app",
        description="OGA correspondent's desk: contribution purchases under art. 91 ν. 3386/2005.",
    )
    parser.add_argument("--version", action="version", version=f"correspondent-app {__version__}")
    parser.add_argument("--db", metavar="PATH", help="registry file (default: in the user's data folder)")
    parser.add_argument("--demo", action="store_true", help="open a clearly marked demo registry")
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _start_gui(args)
    parser.error(f"unknown command {args.command}")
    return 2


def _start_gui(args: argparse.Namespace) -> int:
    try:
        from correspondent_app.ui.app import run  # noqa: PLC0415 - Qt only when needed
    except ImportError:
        print("The desktop window is not built yet; see README.md.", file=sys.stderr)
        return 1
    return run(args)
