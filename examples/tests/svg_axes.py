#!/usr/bin/python3
"""svg_axes.py PROGRAM FLAGS...: runs an example with --svg and checks that every panel of the
plot has a labelled x axis and y axis, each with at least two numeric ticks."""
import os
import subprocess
import sys
import tempfile
import xml.dom.minidom


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def main():
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "plot.svg")
        subprocess.run(sys.argv[1:] + ["--quiet", "--svg", path], check=True,
                       stdout=subprocess.DEVNULL)
        texts = xml.dom.minidom.parse(path).getElementsByTagName("text")
    panels, failures = [], []
    for t in texts:  # a panel starts with its title (font-size 14)
        content = t.firstChild.data if t.firstChild else ""
        if t.getAttribute("font-size") == "14":
            panels.append({"title": content, "x": 0, "y": 0, "labels": 0})
        elif t.getAttribute("text-anchor") == "middle" and is_number(content):
            panels[-1]["x"] += 1
        elif t.getAttribute("text-anchor") == "end" and is_number(content):
            panels[-1]["y"] += 1
        elif t.getAttribute("text-anchor") == "middle" and content:
            panels[-1]["labels"] += 1  # the axis labels: the x one, then the rotated y one
    for p in panels:
        print(p)
        if p["x"] < 2 or p["y"] < 2 or p["labels"] < 2:
            failures.append(p["title"])
    if not panels or failures:
        print("FAIL: panels without two labelled, ticked axes:", failures)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
