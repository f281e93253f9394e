"""Legacy and other word-processor files (.doc, .wps, .rtf, .odt) → .docx, with LibreOffice.

LibreOffice is an optional system program: without it these formats get an error that says how to
install it, and everything else works. Each conversion runs ``soffice --headless`` in its own
process group with a private, throw-away profile (so parallel workers never share one, and no
macro security setting of the user's applies: a fresh profile runs no macros), under a time cap
that kills the whole group.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import SourceError

TIMEOUT_SECONDS = 120
INSTALL_HINT = (
    "install LibreOffice to read it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; "
    "macOS: brew install --cask libreoffice), or save the file as .docx"
)
_SUFFIXES = {"doc": ".doc", "wps": ".wps", "rtf": ".rtf", "odt": ".odt", "ods": ".ods"}


def soffice() -> str | None:
    """The LibreOffice program, if installed (SOFFICE names it explicitly)."""
    explicit = os.environ.get("SOFFICE")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_xlsx(data: bytes, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The .xlsx LibreOffice saves an OpenDocument spreadsheet as."""
    return to_docx(data, "ods", timeout, target=("xlsx", "Calc MS Excel 2007 XML"))


def to_docx(
    data: bytes,
    fmt: str,
    timeout: float = TIMEOUT_SECONDS,
    target: tuple[str, str] = ("docx", "MS Word 2007 XML"),
) -> bytes:
    """The .docx (or ``target``) LibreOffice saves ``data`` (a ``fmt`` file) as."""
    program = soffice()
    if program is None:
        raise SourceError(
            f"a {fmt} file needs LibreOffice, which is not installed", hint=INSTALL_HINT, retry=True
        )
    with tempfile.TemporaryDirectory(prefix="budget-goals-soffice-") as scratch:
        work = Path(scratch)
        source = work / f"source{_SUFFIXES[fmt]}"
        source.write_bytes(data)
        command = [
            program,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            f"{target[0]}:{target[1]}",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        _run(command, timeout, fmt)
        converted = work / "out" / f"source.{target[0]}"
        if not converted.exists():
            raise SourceError(
                f"LibreOffice could not read this {fmt} file", hint="is it damaged? open it and save as .docx"
            )
        return converted.read_bytes()


def _run(command: list[str], timeout: float, fmt: str) -> None:
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=_environment()
    )
    reaper = _reaper(process.pid)
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # soffice.bin and every helper it started
        process.wait()
        raise SourceError(
            f"LibreOffice took over {timeout:g} s to convert this {fmt} file; stopped", retry=True
        ) from None
    finally:
        if reaper is not None:
            reaper.kill()  # SIGKILL: it leaves without touching the group
            reaper.wait()
    if process.returncode != 0:
        message = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [
            f"exit code {process.returncode}"
        ]
        raise SourceError(f"LibreOffice could not convert this {fmt} file ({message[0]})")


# Kills the conversion's process group when the process that started it dies (a worker killed at
# its time cap, by Ctrl-C or kill -9): the kernel sends it SIGTERM then (PR_SET_PDEATHSIG), which
# SIGKILL of a worker gives no chance to do itself.
_REAPER = """
import os, signal, sys
group, parent = int(sys.argv[1]), int(sys.argv[2])
def reap(*_):
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass
    os._exit(0)
signal.signal(signal.SIGTERM, reap)
if os.getppid() != parent:
    reap()
signal.pause()
"""


def _reaper(group: int) -> subprocess.Popen | None:
    try:
        return subprocess.Popen(
            [sys.executable, "-c", _REAPER, str(group), str(os.getpid())],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=lambda: parent_death_signal(signal.SIGTERM),  # noqa: PLW1509 (before exec, no threads)
        )
    except OSError:
        return None


_PR_SET_PDEATHSIG = 1


def parent_death_signal(sig: int) -> None:
    """Have the kernel send ``sig`` to this process when its parent dies (Linux; elsewhere nothing)."""
    import contextlib  # noqa: PLC0415
    import ctypes  # noqa: PLC0415

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.pop("DISPLAY", None)  # headless: never reach for a screen
    return environment
