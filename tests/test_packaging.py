"""The built wheel carries styles/ and assets/, and an installed package finds them."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_styles_and_assets_and_finds_them_when_installed(tmp_path):
    uv = shutil.which("uv")
    assert uv, "the test command is `uv run pytest`: uv must be on PATH"
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (wheel,) = (tmp_path / "dist").glob("sspos-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped_styles = {Path(n).name for n in names if n.startswith("sspos/styles/")}
    assert {p.name for p in (ROOT / "styles").glob("*.tcss")} <= shipped_styles
    assert "sspos/assets/config.example.toml" in names

    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "--quiet", str(venv)], check=True, timeout=60)
    python = venv / "bin" / "python"
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--no-deps", "--python", str(python), str(wheel)],
        check=True,
        timeout=120,
    )
    probe = (
        "from sspos.resources import styles_dir, assets_dir; "
        "print(styles_dir()); print(assets_dir())"
    )
    out = subprocess.run(
        [str(python), "-c", probe], check=True, capture_output=True, text=True, cwd=tmp_path
    ).stdout.split()
    assert all("site-packages" in line for line in out), out
    assert (Path(out[1]) / "config.example.toml").is_file()
