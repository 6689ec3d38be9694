"""Run one submission where nothing it does can reach a grade, a key or another learner.

Two layers, the second only where Linux lets an ordinary user have it:

- Always: a throwaway working folder, a minimal environment (no key path, ``HOME`` and
  ``TMPDIR`` inside the throwaway folder), its own session and process group killed at the
  end, limits on memory, file size and the number of processes, and a sweep that kills any
  process still carrying this run's token (one that left the group with ``setsid``).
- With ``unshare`` (util-linux) and user namespaces: no network, its own process table
  (everything in it dies with it), the answer keys, masters, other submissions and the
  output folder hidden under empty mounts, and every file system read-only except the
  throwaway folder. :func:`isolation` says which one a run had; the gradebook records it.

Started as ``python -m collective_ai.classroom.sandbox --limits ... [--confine SCRATCH]
-- CMD...`` (see :func:`wrap`), this module sets the limits and, inside the namespaces, the
mounts, then runs ``CMD`` (in a nested user namespace without privileges, so the
submission cannot undo the mounts).
"""

from __future__ import annotations

import contextlib
import functools
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

TOKEN_VAR = "COLLECTIVE_AI_SANDBOX"
_NAMESPACES = ["--user", "--map-root-user", "--mount", "--net", "--pid", "--fork"]
_KEEP_WRITABLE = ("/proc", "/sys", "/dev/pts")


@dataclass(frozen=True)
class Limits:
    """What one submission may use; generous for the labs, small enough to stop a runaway."""

    memory_bytes: int = 4 * 1024**3
    file_bytes: int = 64 * 1024**2
    processes: int = 128


DEFAULT_LIMITS = Limits()


@functools.cache
def isolation() -> str:
    """``"namespaces"`` when this machine lets us build them, else ``"process group"``."""
    if os.environ.get("COLLECTIVE_AI_NO_NAMESPACES") or not shutil.which("unshare"):
        return "process group"
    try:
        probe = subprocess.run(
            ["unshare", *_NAMESPACES, "--kill-child", "--mount-proc", "true"],
            capture_output=True,
            timeout=20,
        )
    except (OSError, subprocess.SubprocessError):
        return "process group"
    return "namespaces" if probe.returncode == 0 else "process group"


def _own_processes() -> int:
    uid = os.getuid()
    count = 0
    for entry in Path("/proc").iterdir():
        try:
            count += entry.name.isdigit() and entry.stat().st_uid == uid
        except OSError:
            continue
    return count


def apply_limits(memory: int, file_size: int, processes: int) -> None:
    """Set the limits on this process; everything it starts inherits them."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def environment(scratch: Path) -> tuple[dict[str, str], str]:
    """A minimal environment pointing every per-user folder into ``scratch``; and its token."""
    token = secrets.token_hex(8)
    home = scratch / "home"
    for sub in ("home", "tmp"):
        (scratch / sub).mkdir(exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "TMPDIR": str(scratch / "tmp"),
        "IPYTHONDIR": str(home / ".ipython"),
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "JUPYTER_DATA_DIR": str(home / ".local" / "share" / "jupyter"),
        "JUPYTER_RUNTIME_DIR": str(scratch / "tmp"),
        "MPLCONFIGDIR": str(home / ".matplotlib"),
        "MPLBACKEND": "Agg",
        "PYTHONNOUSERSITE": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "COLLECTIVE_AI_HOME": str(home / "collective-ai"),
        TOKEN_VAR: token,
    }
    return env, token


def wrap(command: list[str], *, scratch: Path, hide: list[Path], limits: Limits) -> list[str]:
    """``command`` behind this module's entry point, inside the namespaces when we have them.

    The entry point sets the limits in the child itself (no ``preexec_fn``, which is unsafe
    while the grader's threads run). ``RLIMIT_NPROC`` counts every process of this user, so
    it allows what already runs plus the cap.
    """
    nproc = _own_processes() + limits.processes
    entry = [sys.executable, "-m", "collective_ai.classroom.sandbox"]
    entry += ["--limits", f"{limits.memory_bytes},{limits.file_bytes},{nproc}"]
    if isolation() != "namespaces":
        return [*entry, "--", *command]
    entry += ["--confine", str(scratch), *(part for path in hide for part in ("--hide", str(path)))]
    return ["unshare", *_NAMESPACES, "--kill-child", "--mount-proc", *entry, "--", *command]


def _sweep(token: str) -> int:
    """Kill every process of this user whose environment carries ``token``."""
    needle = f"{TOKEN_VAR}={token}".encode()
    killed = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                os.kill(int(entry.name), signal.SIGKILL)
                killed += 1
        except (OSError, ValueError):
            continue
    return killed


@dataclass
class Outcome:
    """How a confined run ended: its exit code (None at the time limit), what it sent back
    on the result pipe, the tail of what it printed, and how many strays were killed."""

    code: int | None
    result: bytes
    log: str
    strays: int


def _drain(fd: int, limit: int, sink: list[bytes]) -> None:
    """Read a pipe to its end, keeping at most ``limit`` bytes: a flood costs nothing."""
    kept = 0
    with os.fdopen(fd, "rb") as pipe:
        while chunk := pipe.read(65536):
            if kept < limit:
                sink.append(chunk[: limit - kept])
                kept += len(sink[-1])


def run(
    command: list[str],
    *,
    scratch: Path,
    hide: list[Path],
    timeout: float,
    limits: Limits = DEFAULT_LIMITS,
    result_limit: int = 1_000_000,
    log_limit: int = 20_000,
) -> Outcome:
    """Run ``command`` confined. It gets the result pipe's number as ``{fd}`` in its
    arguments; only it holds that pipe (a kernel it starts does not), so nothing the
    submission runs can forge the result."""
    env, token = environment(scratch)
    read_result, write_result = os.pipe()
    read_log, write_log = os.pipe()
    argv = [part.replace("{fd}", str(write_result)) for part in command]
    result, log = [], []
    readers = [
        threading.Thread(target=_drain, args=(read_result, result_limit, result), daemon=True),
        threading.Thread(target=_drain, args=(read_log, log_limit, log), daemon=True),
    ]
    try:
        process = subprocess.Popen(
            wrap(argv, scratch=scratch, hide=hide, limits=limits),
            cwd=scratch,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=write_log,
            stderr=write_log,
            pass_fds=(write_result,),
            start_new_session=True,
        )
    finally:
        os.close(write_result)
        os.close(write_log)
    for reader in readers:
        reader.start()
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        code = None
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    strays = 0
    for _ in range(3):  # a stray may fork while we sweep
        found = _sweep(token)
        strays += found
        if not found:
            break
        time.sleep(0.05)
    for reader in readers:
        reader.join(timeout=10)  # a stray still holding a pipe was killed just above
    text = b"".join(log).decode("utf-8", errors="replace")
    return Outcome(code, b"".join(result), text, strays)


# --- inside the namespaces -----------------------------------------------------------------


def _mounts() -> list[tuple[str, list[str]]]:
    found = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        point = fields[4].encode().decode("unicode_escape")
        options = [o for o in fields[5].split(",") if o not in ("rw", "ro")]
        found.append((point, options))
    return found


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=False, capture_output=True)


def _loopback_up() -> None:
    """The kernel talks to its runner over 127.0.0.1, which a new network namespace has down."""
    import fcntl
    import socket
    import struct

    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH14s", fcntl.ioctl(sock, siocgifflags, request))[1]
        fcntl.ioctl(sock, siocsifflags, struct.pack("16sH14s", b"lo", flags | iff_up, b""))


def confine(scratch: Path, hide: list[Path]) -> None:
    """Hide ``hide`` and make every file system but ``scratch`` read-only."""
    for folder in hide:
        if folder.is_dir():
            _mount("-t", "tmpfs", "-o", "ro,size=4k,mode=0555", "collective-ai-hidden", str(folder))
    _mount("--bind", str(scratch), str(scratch))
    for point, options in _mounts():
        if point == str(scratch) or point.startswith(_KEEP_WRITABLE) or point == "/dev":
            continue
        _mount("-o", ",".join(["remount", "bind", "ro", *options]), point)
    _loopback_up()


def main(argv: list[str]) -> None:
    """``--limits M,F,P [--confine SCRATCH [--hide DIR]...] -- COMMAND...``"""
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1 :]
    pairs = dict(zip(options[::2], options[1::2], strict=True))
    hide = [Path(options[i + 1]) for i in range(0, len(options), 2) if options[i] == "--hide"]
    if "--confine" in pairs:
        confine(Path(pairs["--confine"]), hide)
        # A nested user namespace with no mapping: the submission has no power over the mounts.
        command = ["unshare", "--user", "--", *command]
    memory, file_size, processes = (int(x) for x in pairs["--limits"].split(","))
    apply_limits(memory, file_size, processes)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
