#!/usr/bin/env python3
"""readme_example.py - README's quoted report block is the golden report's
opening (issue #17).  The block follows the marker line
    <!-- example: PATH LINES -->
and is a ``` fence holding the first LINES lines of PATH (a golden file),
then a line "  ...".

    readme_example.py check  [README]   exit 1 (and a diff) when they differ
    readme_example.py update [README]   rewrite the block from the golden file
"""
import difflib
import re
import sys

MARK = re.compile(r'^<!-- example: (\S+) (\d+) -->$')


def blocks(lines):
    """(marker index, fence start, fence end, path, count) for each marker."""
    out = []
    for i, line in enumerate(lines):
        m = MARK.match(line)
        if not m:
            continue
        if i + 1 >= len(lines) or lines[i + 1] != '```':
            sys.exit('README: no ``` right after the marker on line %d' % (i + 1))
        j = i + 2
        while j < len(lines) and lines[j] != '```':
            j += 1
        if j == len(lines):
            sys.exit('README: the block after line %d is not closed' % (i + 1))
        out.append((i, i + 1, j, m.group(1), int(m.group(2))))
    return out


def want(path, count):
    with open(path, encoding='utf-8') as f:
        golden = f.read().split('\n')
    if len(golden) < count:
        sys.exit('%s has fewer than %d lines' % (path, count))
    return golden[:count] + ['  ...']


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else 'check'
    readme = sys.argv[2] if len(sys.argv) > 2 else 'README.md'
    with open(readme, encoding='utf-8') as f:
        lines = f.read().split('\n')
    found = blocks(lines)
    if not found:
        sys.exit('README: no "<!-- example: PATH LINES -->" marker')
    bad = 0
    for _, start, end, path, count in reversed(found):
        have, w = lines[start + 1:end], want(path, count)
        if have == w:
            continue
        if mode == 'update':
            lines[start + 1:end] = w
            continue
        bad = 1
        sys.stdout.writelines(l + '\n' for l in difflib.unified_diff(
            w, have, path + ' (golden)', readme + ' (quoted)', lineterm=''))
    if mode == 'update':
        with open(readme, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines))
    sys.exit(bad)


main()
