"""Rewrite tests/golden/expected/*.json from the current split stage.

Run only after a reviewed change to the split rules, then read the diff line by line against
the seed files before keeping it:  .venv/bin/python tests/golden/update_expected.py --update
Never run by the tests.
"""

from __future__ import annotations

import argparse

from golden_io import SEEDS, expected_path, records_of, render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="write the files (else: dry run)")
    args = parser.parse_args()
    for seed in SEEDS:
        text = render(records_of(seed))
        target = expected_path(seed)
        changed = not target.exists() or target.read_text(encoding="utf-8") != text
        print(f"{seed.name}: {'changed' if changed else 'unchanged'}")
        if args.update and changed:
            target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
