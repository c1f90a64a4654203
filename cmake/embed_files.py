#!/usr/bin/env python3
"""Writes a C++ source that embeds files as byte arrays: embed_files.py OUT.cpp NAMESPACE
FUNCTION FILE... The function returns a span of {name, bytes} entries (terrain/lola_data.hpp)."""
import os
import sys


def main(argv):
    out, namespace, function, files = argv[1], argv[2], argv[3], argv[4:]
    lines = ['#include "engine/terrain/lola_data.hpp"', "", f"namespace {namespace} {{",
             "namespace {", ""]
    entries = []
    for k, path in enumerate(files):
        data = open(path, "rb").read()
        lines.append(f"alignas(4) const unsigned char kFile{k}[{max(1, len(data))}] = {{")
        for i in range(0, len(data), 24):
            lines.append("  " + ",".join(str(b) for b in data[i:i + 24]) + ",")
        lines.append("};")
        entries.append(f'  {{"{os.path.basename(path)}", kFile{k}, {len(data)}}},')
    lines += ["", "const EmbeddedFile kFiles[] = {"] + entries + ["};", "", "}  // namespace", "",
              f"std::span<const EmbeddedFile> {function}() {{ return kFiles; }}", "",
              f"}}  // namespace {namespace}", ""]
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines))
    os.replace(tmp, out)


if __name__ == "__main__":
    main(sys.argv)
