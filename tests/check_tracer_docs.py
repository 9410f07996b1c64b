#!/usr/bin/env python3
"""check_tracer_docs.py — docs/tracer.md shows exactly the programs in examples/.

Each example appears in the page as a fenced code block right after a line
`<!-- example: FILE -->`; the block must equal examples/FILE byte for byte,
and every program in examples/ must appear.

  check_tracer_docs.py DOCS_PAGE EXAMPLES_DIR
"""
import os
import re
import sys

BLOCK = re.compile(r"<!-- example: (\S+) -->\n```[a-z]*\n(.*?)```\n", re.S)


def main():
    page, folder = sys.argv[1], sys.argv[2]
    with open(page) as f:
        shown = dict(BLOCK.findall(f.read()))
    problems = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith((".c", ".py")):
            continue
        with open(os.path.join(folder, name)) as f:
            code = f.read()
        if name not in shown:
            problems.append(f"{page}: examples/{name} is not shown")
        elif shown[name] != code:
            problems.append(f"{page}: the block for examples/{name} differs from the file")
    for name in shown:
        if not os.path.exists(os.path.join(folder, name)):
            problems.append(f"{page}: shows examples/{name}, which does not exist")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
