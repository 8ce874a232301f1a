"""A private CUPS server with a virtual PDF printer (Debian's cups and cups-pdf), for tests.

It runs beside any system CUPS, on its own loopback port, with its spool, logs
and cups-pdf's output in a scratch folder, and is set up as IT would set up a
print server for patient handouts: job files and history are not kept
(``PreserveJobFiles No``, ``PreserveJobHistory No``; docs/printing.md).

cupsd must start as root (it drops to the ``lp`` user for filters), and cups-pdf
reads its settings from /etc/cups/cups-pdf-<instance>.conf, which is written for
the run and removed after it.  The queue turns PDF into PostScript with poppler's
cairo renderer, whose output keeps a text layer to read the patient's name from.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from conftest import free_port

CUPSD = "/usr/sbin/cupsd"
BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
QUEUE = "HandoutsPDF"


@dataclass(frozen=True)
class CupsServer:
    address: str  # for CUPS_SERVER: "127.0.0.1:PORT"
    folder: Path
    queue: str = QUEUE

    @property
    def output(self) -> Path:  # what came out of the "printer"
        return self.folder / "out"

    @property
    def spool(self) -> Path:  # the server's own copies while it prints (RequestRoot)
        return self.folder / "spool"

    @property
    def logs(self) -> Path:
        return self.folder / "log"

    def lp(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["lpstat", "-h", self.address, *args], capture_output=True,
                              text=True, timeout=30)


def unavailable() -> str:
    """Why this machine cannot run the CUPS tests ("" when it can)."""
    if os.geteuid() != 0:
        return "cupsd must start as root"
    for needed in (Path(CUPSD), BACKEND, PPD):
        if not needed.exists():
            return f"{needed} is missing (apt-get install cups printer-driver-cups-pdf)"
    for program in ("lp", "lpadmin", "lpstat"):
        if shutil.which(program) is None:
            return f"{program} is missing (apt-get install cups-client)"
    return ""



def _configure(folder: Path, port: int, instance: str) -> Path:
    for name in ("root", "spool", "spool/tmp", "cache", "state", "log", "out"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    (folder / "root" / "cups-files.conf").write_text("".join(
        f"{key} {value}\n" for key, value in [
            ("ServerRoot", folder / "root"), ("RequestRoot", folder / "spool"),
            ("TempDir", folder / "spool/tmp"), ("CacheDir", folder / "cache"),
            ("StateDir", folder / "state"), ("AccessLog", folder / "log/access_log"),
            ("ErrorLog", folder / "log/error_log"), ("PageLog", folder / "log/page_log")]))
    (folder / "root" / "cupsd.conf").write_text(
        f"Listen 127.0.0.1:{port}\nLogLevel warn\nWebInterface No\nBrowsing No\n"
        "DefaultAuthType None\nPreserveJobFiles No\nPreserveJobHistory No\n"
        "<Location />\n  Order allow,deny\n  Allow 127.0.0.1\n</Location>\n"
        "<Location /admin>\n  Order allow,deny\n  Allow 127.0.0.1\n</Location>\n")
    settings = Path(f"/etc/cups/cups-pdf-{instance}.conf")
    settings.write_text(f"Out {folder / 'out'}\nAnonDirName {folder / 'out'}\nLabel 0\n"
                        "UserUMask 0077\n")
    return settings


def _wait_ready(server: CupsServer, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"cupsd stopped: {(server.logs / 'error_log').read_text()}")
        if server.lp("-r").stdout.startswith("scheduler is running"):
            return
        time.sleep(0.2)
    raise RuntimeError("cupsd never answered")


@contextmanager
def cups_server() -> Iterator[CupsServer]:
    folder = Path(tempfile.mkdtemp(prefix="handouts-cups-", dir="/tmp"))
    folder.chmod(0o755)  # the lp user's filters read the spool inside it
    port, instance = free_port(), f"handoutstest{os.getpid()}"
    settings = _configure(folder, port, instance)
    server = CupsServer(f"127.0.0.1:{port}", folder)
    process = subprocess.Popen([CUPSD, "-f", "-c", str(folder / "root/cupsd.conf"),
                                "-s", str(folder / "root/cups-files.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_ready(server, process)
        subprocess.run(["lpadmin", "-h", server.address, "-p", QUEUE, "-E",
                        "-v", f"cups-pdf:/{instance}", "-P", str(PPD),
                        "-o", "pdftops-renderer-default=pdftocairo"],
                       check=True, capture_output=True, timeout=30)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        settings.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)


def wait_for_output(server: CupsServer, timeout: float = 60) -> Path:
    """The PDF the virtual printer wrote, once the job has finished."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = list(server.output.glob("*.pdf"))
        if done and not server.lp("-o").stdout.strip():  # written, and no job left
            return done[0]
        time.sleep(0.3)
    raise AssertionError(f"nothing printed: {(server.logs / 'error_log').read_text()[-2000:]}")
