#!/usr/bin/python3
"""Trains an example and its PyTorch twin (examples/reference/) with the same flags, briefly,
and compares the `final:` lines:

  compare_with_pytorch.py BUILD_EXAMPLES_DIR EXAMPLE --steps 30 [more flags for both]
      passes when xgrad's val_loss is within --tolerance (default 5%) of PyTorch's;
  compare_with_pytorch.py BUILD_EXAMPLES_DIR EXAMPLE --steps 160 --min-accuracy 0.95
      passes when both reach that validation accuracy (near zero loss, a ratio of losses is noise).

For sequence_classification, PyTorch runs first and writes its initial weights and data order,
which xgrad then replays (--init-weights, --batch-order): both follow the same trajectory.

Exits 77 (ctest's skip) when /usr/bin/python3 cannot import torch."""
import pathlib
import subprocess
import sys
import tempfile

# The examples' own pass criteria are off here: this script judges.
XGRAD_ONLY_FLAGS = {"char_lm": ["--require-fall", "0"],
                    "sequence_classification": ["--min-accuracy", "0"]}
# Examples whose reference writes its starting point for xgrad: {PyTorch's flag: xgrad's flag}.
SHARED_START = {"sequence_classification": {"--save-init-weights": "--init-weights",
                                            "--save-batch-order": "--batch-order"}}
REFERENCE = pathlib.Path(__file__).resolve().parent.parent / "examples" / "reference"


def final_fields(name, command):
    done = subprocess.run(command, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith("final:"):
        sys.exit(f"{command[0]} failed (exit {done.returncode}): {done.stderr.strip()}")
    print(lines[-1].replace("final:", name + ":"))
    return dict(field.split("=", 1) for field in lines[-1].split()[1:])


def main():
    if subprocess.run(["/usr/bin/python3", "-c", "import torch"],
                      capture_output=True).returncode != 0:
        print("skipped: /usr/bin/python3 cannot import torch")
        return 77
    build_dir, example, flags = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
    tolerance, min_accuracy = 0.05, None
    if "--tolerance" in flags:
        i = flags.index("--tolerance")
        tolerance = float(flags[i + 1])
        del flags[i:i + 2]
    if "--min-accuracy" in flags:
        i = flags.index("--min-accuracy")
        min_accuracy = float(flags[i + 1])
        del flags[i:i + 2]
    with tempfile.TemporaryDirectory() as work:
        theirs_extra, ours_extra = [], []
        for save, load in SHARED_START.get(example, {}).items():
            path = str(pathlib.Path(work) / (save.lstrip("-") + ".safetensors"))
            theirs_extra += [save, path]
            ours_extra += [load, path]
        theirs = final_fields("PyTorch", ["/usr/bin/python3", str(REFERENCE / f"{example}.py"),
                                          "--quiet"] + theirs_extra + flags)
        ours = final_fields("xgrad", [str(build_dir / example), "--quiet", "--svg", ""] +
                            XGRAD_ONLY_FLAGS[example] + ours_extra + flags)
    if ours["step"] != theirs["step"]:
        print(f"FAIL: steps differ ({ours['step']} vs {theirs['step']})")
        return 1
    if min_accuracy is not None:
        ok = all(float(f["val_accuracy"]) >= min_accuracy for f in (ours, theirs))
        print(f"validation accuracy xgrad {ours['val_accuracy']}, PyTorch {theirs['val_accuracy']}"
              f" (both must reach {min_accuracy})")
        return 0 if ok else 1
    ratio = float(ours["val_loss"]) / float(theirs["val_loss"])
    print(f"validation loss at step {ours['step']}: xgrad {ours['val_loss']}, PyTorch "
          f"{theirs['val_loss']}, ratio {ratio:.4f} (tolerance {tolerance:.0%})")
    return 0 if abs(ratio - 1) <= tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
