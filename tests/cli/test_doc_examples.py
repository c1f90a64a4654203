"""Every `ce8 traverse` example in README.md and docs/*.md runs as written on the real built-in
terrain: the ```sh blocks are read, continuation lines joined, and each `ce8 traverse` line run in
a temporary folder after the earlier line of the same file that writes its --dem. A line marked
`# exits 1` must exit 1 with an error line that says what would work; every other line must exit
0 and, where it writes JSON, a feasible drive (with --earliest-start: a found start)."""
import glob
import json
import os
import re
import shlex
import subprocess
import tempfile
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")
if os.sep in CE8:
    CE8 = os.path.abspath(CE8)  # the examples run in a temporary folder
ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
# Hang guard per example: an AddressSanitizer build runs the slow reference examples 3-5x
# slower (and CI runs other tests beside it), so it gets three times as long.
HANG_GUARD_S = 600 * (3 if os.environ.get("ASAN_OPTIONS") else 1)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def sh_lines(path):
    """The commands of the ```sh blocks of a Markdown file, continuation lines joined."""
    out, block, pending = [], False, ""
    for raw in read(path).splitlines():
        if raw.strip().startswith("```"):
            block = raw.strip() == "```sh" if not block else False
            pending = ""
            continue
        if not block:
            continue
        line = pending + raw.strip()
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        pending = ""
        if line.startswith("ce8 "):
            out.append(line)
    return out


def doc_files():
    return [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))


def option(args, name):
    return args[args.index(name) + 1] if name in args else None


class DocExamples(unittest.TestCase):
    def test_every_other_example_runs_as_written(self):
        """Every other `ce8` line of README.md and docs/*.md, in order, in a temporary folder that
        sees the repository's assets/ and tests/ (the examples name files there): exit 0, or the
        status a trailing `# exits N` comment names. (The traverse lines are checked above.)"""
        ran = 0
        for path in doc_files():
            lines = [ln for ln in sh_lines(path)
                     if shlex.split(ln, comments=True)[:2] != ["ce8", "traverse"]]
            if not lines:
                continue
            with tempfile.TemporaryDirectory(prefix="ce8_doc_all_") as tmp:
                for d in ("assets", "tests"):
                    os.symlink(os.path.join(ROOT, d), os.path.join(tmp, d))
                for line in lines:
                    args = shlex.split(line, comments=True)
                    want = re.search(r"#\s*exits (\d)", line)
                    with self.subTest(doc=os.path.relpath(path, ROOT), line=line):
                        r = subprocess.run([CE8, *args[1:]], cwd=tmp, capture_output=True,
                                           text=True, timeout=HANG_GUARD_S)
                        ran += 1
                        self.assertEqual(r.returncode, int(want.group(1)) if want else 0,
                                         r.stderr[-500:])
        self.assertGreaterEqual(ran, 20)

    def test_every_traverse_example_runs_as_written(self):
        ran = 0
        for path in doc_files():
            lines = sh_lines(path)
            with tempfile.TemporaryDirectory(prefix="ce8_doc_") as tmp:
                made = set()
                for n, line in enumerate(lines):
                    args = shlex.split(line, comments=True)
                    if args[:2] != ["ce8", "traverse"]:
                        continue
                    dem = option(args, "--dem")
                    if dem and dem not in made:
                        makers = [m for m in lines[:n]
                                  if option(shlex.split(m, comments=True), "--out") == dem]
                        self.assertTrue(makers, f"{path}: nothing before '{line}' writes {dem}")
                        r = subprocess.run([CE8, *shlex.split(makers[-1], comments=True)[1:]],
                                           cwd=tmp, capture_output=True, text=True, timeout=300)
                        self.assertEqual(r.returncode, 0, r.stderr)
                        made.add(dem)
                    with self.subTest(doc=os.path.relpath(path, ROOT), line=line):
                        r = subprocess.run([CE8, *args[1:]], cwd=tmp, capture_output=True,
                                           text=True, timeout=300)
                        ran += 1
                        if re.search(r"#\s*exits 1", line):
                            self.assertEqual(r.returncode, 1, r.stderr)
                            self.assertRegex(r.stderr, r"^ce8: error: drive infeasible: .+; .+")
                            self.assertIn("start at ", r.stderr)
                            continue
                        self.assertEqual(r.returncode, 0, r.stderr)
                        out = option(args, "--out")
                        if option(args, "--format") == "csv":
                            self.assertTrue(r.stdout.startswith("time_utc,"))
                            self.assertTrue(r.stdout.rstrip().endswith(",done"))
                            continue
                        text = read(os.path.join(tmp, out)) if out else r.stdout
                        j = json.loads(text)
                        self.assertTrue(j["totals"]["feasible"], j["totals"]["reason"])
                        self.assertEqual(j["totals"]["suggestion"], "")
                        if "--earliest-start" in args:
                            self.assertTrue(j["earliest_start"]["found"])
        self.assertGreaterEqual(ran, 3)


if __name__ == "__main__":
    unittest.main()
