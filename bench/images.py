"""`make bench-images`: the time and peak memory to take a 24-megapixel camera JPEG (6000 × 4000).

It draws a photo-like picture (colour fields, detail at two scales and grain, so that the encoders work as on a
photograph, not on a flat colour), saves it as a JPEG at quality 90 with an sRGB profile and EXIF saying "rotated",
as a phone would, then measures, each run in a fresh process:

- prepare: images.processing.prepare() on the file (check, decode, turn upright, sRGB, shrink to 2,560 px, encode);
- renditions: draw_renditions() on the cleaned picture (320, 640, 1,280 px, each in WebP and in JPEG);
- both: the two in a row, as saving an upload does (storage itself not included).

Peak memory is the process's resident high-water mark (VmHWM, or ru_maxrss) minus what it was just before the work:
Pillow allocates outside Python's allocator, where tracemalloc does not see. `BENCH_IMAGE_RUNS` (default 5) sets
the number of runs. It prints the table and writes bench/images.md. Run with `--make FILE` or `--measure STEP
FILE`, this file is the process that makes the JPEG or measures one step.
"""

import datetime
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "images.md"
SIZE = (6000, 4000)
STEPS = ("prepare", "renditions", "both")


def photo_like(size, seed=2026):
    """Smooth colour fields with detail at two scales and a fine grain: compresses like a photograph."""
    from PIL import Image

    width, height = size
    rnd = random.Random(seed)
    fields = Image.frombytes("RGB", (24, 16), rnd.randbytes(24 * 16 * 3)).resize(size, Image.Resampling.BICUBIC)
    detail = Image.effect_noise((width // 8, height // 8), 80).resize(size, Image.Resampling.BICUBIC)
    grain = Image.effect_noise(size, 48)
    picture = Image.blend(fields, detail.convert("RGB"), 0.35)
    return Image.blend(picture, grain.convert("RGB"), 0.2)


def camera_jpeg(path):
    """Save the picture as a phone would: quality 90, an sRGB profile, EXIF with a make, a model and a rotation."""
    from PIL import Image, ImageCms

    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Bench", "Camera 24", 6  # Make, Model, Orientation: 90° clockwise
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo_like(SIZE).save(path, "JPEG", quality=90, exif=exif, icc_profile=profile)


def reset_peak():
    """Start the high-water mark again from the current size (Linux 4.0+); elsewhere it keeps the process's peak,
    and a step measured after another in one process (renditions after prepare) may read too low."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_kb():
    """The process's resident high-water mark in KB. Linux's ru_maxrss keeps the parent's peak across fork and
    exec; VmHWM (where /proc has it) is this program's own."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0])
    except (OSError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(step, path):
    """One step in this process, done twice: the first time (a fresh process) with its peak memory, then again
    (as in a worker that has handled an upload before). Prints JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alatau.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files import File

    from images import processing

    name = "projects/2026/11/" + "0" * 24 + ".jpg"
    with open(path, "rb") as upload:
        file = File(upload, name=Path(path).name)  # on disk, as Django keeps an upload over 2.5 MB
        prepared = processing.prepare(file).picture if step == "renditions" else None  # not measured

        def work():
            picture = processing.prepare(file).picture if step != "renditions" else prepared
            outputs = list(processing.draw_renditions(picture, name)) if step != "prepare" else []
            return picture, outputs

        reset_peak()
        before = peak_kb()
        started = time.perf_counter()
        picture, outputs = work()
        cold = time.perf_counter() - started
        peak_mb = (peak_kb() - before) / 1024
        started = time.perf_counter()
        work()
        warm = time.perf_counter() - started
    result = {"cold": cold, "warm": warm, "peak_mb": peak_mb, "master": list(picture.size)}
    print(json.dumps(result | {"outputs": {name: len(data) for name, data in outputs}}))


def run_step(step, path):
    done = subprocess.run(
        [sys.executable, __file__, "--measure", step, str(path)], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"bench-images: {step} failed\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    from PIL import __version__ as pillow_version

    runs = int(os.environ.get("BENCH_IMAGE_RUNS", "5"))
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "camera.jpg"
        started = time.perf_counter()
        # In a process of its own: this one stays small, and so the measuring processes it starts.
        subprocess.run([sys.executable, __file__, "--make", str(path)], check=True)
        print(f"Made a {SIZE[0]} × {SIZE[1]} JPEG of {path.stat().st_size / 2**20:.1f} MB in "
              f"{time.perf_counter() - started:.1f} s; {runs} runs of each step, each in a fresh process.")  # fmt: skip
        upload_mb = path.stat().st_size / 2**20
        results = {step: [run_step(step, path) for _ in range(runs)] for step in STEPS}
    rows = []
    for step in STEPS:
        cold, warm, peaks = ([result[key] for result in results[step]] for key in ("cold", "warm", "peak_mb"))
        rows.append(
            f"| {step} | {statistics.median(cold):.2f} ({min(cold):.2f} – {max(cold):.2f}) "
            f"| {statistics.median(warm):.2f} ({min(warm):.2f} – {max(warm):.2f}) "
            f"| {statistics.median(peaks):.0f} | {max(peaks):.0f} |"
        )
    last = results["both"][-1]
    outputs = ", ".join(f"{name.rsplit('.', 2)[-2]}.{name.rsplit('.', 1)[-1]} {size / 1024:.0f} KB"
                        for name, size in last["outputs"].items())  # fmt: skip
    table = [
        "| step | seconds, first in a process | seconds, repeated | peak MB | peak MB, max |",
        "| --- | ---: | ---: | ---: | ---: |",
        *rows,
    ]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        commit = commit.stdout.strip() or "unknown"
    except OSError:
        commit = "unknown"
    report = [
        "# Image processing benchmark",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- load average at the start (other work on the machine skews the numbers): {load}",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"Pillow {pillow_version}; git commit {commit} (plus the working tree)",
        f"- input: a {SIZE[0]} × {SIZE[1]} (24 MP) photo-like JPEG, quality 90, {upload_mb:.1f} MB, "
        "sRGB profile, EXIF orientation 6 (turned upright by prepare)",
        f"- {runs} runs of each step, each in a fresh process: the step's first time there, then once more (as "
        "in a worker that has handled an upload before); median (min – max); peak = resident high-water mark "
        "(VmHWM) above the process's size just before the step",
        f"- stored master: {last['master'][0]} × {last['master'][1]}; renditions: {outputs}",
        "",
        *table,
        "",
    ]
    print("\n".join(table))
    RESULTS.write_text("\n".join(report))
    print(f"Wrote {RESULTS.relative_to(ROOT)}.")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measure(*sys.argv[2:4])
    elif sys.argv[1:2] == ["--make"]:
        camera_jpeg(sys.argv[2])
    else:
        main()
