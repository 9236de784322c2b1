#!/usr/bin/env python3
"""The dependency direction, checked on every #include (docs/architecture.md).

CMake's link graph already refuses a library that calls one above it, but a header-only include
from above would slip through. Each folder may include itself and the folders listed for it.
Boost.Asio/Beast may appear only in bot/, simulator/ and cli/ (and the tests).
"""
import pathlib
import re
import sys

HANDLERS = ["handlers", "handlers/language", "handlers/io", "handlers/charts"]
BOT_BELOW_ROOT = ["bot/runtime", "bot/http", "bot/zalo", "bot/delivery", "bot/web"]
ALLOWED = {
    "config": [],
    "storage": ["config"],
    "handlers/language": ["config"],
    "handlers/io": ["handlers/language", "storage", "config"],
    "handlers/charts": [],
    "handlers": ["handlers/language", "handlers/io", "handlers/charts", "storage", "config"],
    "bot/runtime": ["storage", "config"],
    "bot/http": ["bot/runtime", "storage", "config"],
    "bot/zalo": ["bot/http", "bot/runtime"] + HANDLERS + ["storage", "config"],
    "bot/delivery": ["bot/zalo", "bot/http", "bot/runtime"] + HANDLERS + ["storage", "config"],
    "bot/web": ["bot/http", "bot/runtime"] + HANDLERS + ["storage", "config"],
    "bot": BOT_BELOW_ROOT + HANDLERS + ["storage", "config"],
    "simulator": ["bot/zalo", "bot/http", "bot/runtime"] + HANDLERS + ["storage", "config"],
    "cli": ["simulator", "bot"] + BOT_BELOW_ROOT + HANDLERS + ["storage", "config"],
}
ASIO_ALLOWED = ("bot", "simulator", "cli")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def folder_of(path: pathlib.Path) -> str:
    parts = path.parent.parts
    # The deepest folder that is a library.
    for depth in range(len(parts), 0, -1):
        candidate = "/".join(parts[:depth])
        if candidate in ALLOWED:
            return candidate
    return ""


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = []
    for top in ("config", "storage", "handlers", "bot", "simulator", "cli"):
        for path in sorted((root / top).rglob("*.[ch]pp")):
            relative = path.relative_to(root)
            own = folder_of(relative)
            for kind, target in INCLUDE.findall(path.read_text(encoding="utf-8")):
                if kind == "<":
                    if target.startswith(("boost/asio", "boost/beast")) and \
                            not own.startswith(ASIO_ALLOWED):
                        problems.append(f"{relative}: <{target}> outside bot/")
                    continue
                target_folder = folder_of(pathlib.Path(target))
                if target_folder in (own, *ALLOWED[own]):
                    continue
                problems.append(f"{relative}: includes \"{target}\" ({target_folder or '?'}), "
                                f"which {own}/ may not depend on")
    for line in problems:
        print(line)
    print(f"layout: {len(problems)} include(s) against the dependency direction")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
