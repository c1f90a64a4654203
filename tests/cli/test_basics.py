"""CLI tests for the parts of `ce8` every subcommand shares: help, version, exit codes."""
import json
import os
import subprocess
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")


def ce8(*args):
    return subprocess.run([CE8, *args], capture_output=True, text=True, timeout=120)


class Basics(unittest.TestCase):
    def test_version_flag(self):
        r = ce8("--version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout.strip(), r"^ce8 \d+\.\d+\.\d+$")

    def test_version_json_names_erfa(self):
        r = ce8("version")
        self.assertEqual(r.returncode, 0, r.stderr)
        info = json.loads(r.stdout)
        self.assertRegex(info["erfa"], r"^\d+\.\d+\.\d+$")

    def test_help_lists_subcommands(self):
        r = ce8("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("version", r.stdout)
        self.assertEqual(r.stderr, "")

    def test_unknown_option_is_bad_input(self):
        r = ce8("--no-such-option")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith("ce8: error:"), lines[0])

    def test_unknown_subcommand_is_bad_input(self):
        r = ce8("teleport")
        self.assertEqual(r.returncode, 2)
        self.assertIn("teleport", r.stderr)


if __name__ == "__main__":
    unittest.main()
