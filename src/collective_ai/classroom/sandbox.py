"""Run one submission where nothing it does can reach a grade, a key or another learner.

Each run has a throwaway working folder, a minimal environment (no key path, ``HOME`` and
``TMPDIR`` inside the throwaway folder), its own session and process group killed at the
end, limits on memory, file size and the number of processes, and a sweep that kills any
process still carrying this run's token (one that left the group with ``setsid``). Inside
Linux user namespaces (``unshare`` from util-linux) it has no network, its own process
table (everything in it dies with it), the answer keys, masters, other submissions and the
output folder hidden under empty mounts, and every file system read-only except the
throwaway folder.

Without those namespaces a submission could read the keys, the other submissions and the
grader's processes, so there is no weaker fallback: :func:`isolation` tries the whole
confinement once (:func:`isolation_problem`) and raises :class:`IsolationUnavailable`
when any part of it does not hold, and no submission is run.

Started as ``python -m collective_ai.classroom.sandbox --limits ... --confine SCRATCH
-- CMD...`` (see :func:`wrap`), this module sets the limits and, inside the namespaces, the
mounts (stopping if one fails), then runs ``CMD`` (in a nested user namespace without
privileges, so the submission cannot undo the mounts).
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
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.files import write_atomic

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


class IsolationUnavailable(InputError):
    """This machine cannot confine a submission, so nothing is graded on it.

    An :class:`~collective_ai.errors.InputError` so the command line shows it as one line
    with exit code 2: the remedy, a machine that allows user namespaces, is the person's.
    """


# Run inside the sandbox by the probe: each check is one promise the guide makes.
_PROBE = """
import os, sys
hidden, outside, grader, started = sys.argv[1:5]
found = []
if os.listdir(hidden):
    found.append("a hidden folder could still be read")
try:
    with open(outside, "x"):
        found.append("a file outside its folder could be written")
except OSError:
    pass
try:
    with open(f"/proc/{grader}/stat") as stat:
        if stat.read().rsplit(")", 1)[1].split()[19] == started:
            found.append("the grader's own process could be seen")
except (OSError, IndexError):
    pass
print("; ".join(found))
sys.exit(3 if found else 0)
"""


def _started(pid: int) -> str:
    """The start time of process ``pid``, which tells it apart from a later one of that id."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]


@functools.cache
def isolation_problem() -> str:
    """Why a submission cannot be confined here, or ``""`` when it can (tried once).

    The probe runs as a submission does, with a folder to hide, and checks from inside that
    the folder is empty, that nothing outside its own folder can be written and that the
    grader's process cannot be seen.
    """
    if not shutil.which("unshare"):
        return "the unshare command (util-linux) is not installed"
    with tempfile.TemporaryDirectory(prefix="collective-ai-probe-") as temp:
        scratch, hidden = Path(temp, "scratch"), Path(temp, "hidden")
        scratch.mkdir()
        hidden.mkdir()
        write_atomic(hidden / "key.yaml", "q1: {answer: 1}\n")
        grader = str(os.getpid())
        check = [sys.executable, "-c", _PROBE, str(hidden), str(Path(temp, "outside"))]
        command = _wrap([*check, grader, _started(os.getpid())], scratch, [hidden], DEFAULT_LIMITS)
        try:
            probe = subprocess.run(
                command,
                cwd=scratch,
                env=environment(scratch)[0],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=120,
            )
        except (OSError, subprocess.SubprocessError) as error:
            return f"the sandbox could not be started ({error})"
    if probe.returncode == 0:
        return ""
    said = (probe.stdout + probe.stderr).decode("utf-8", errors="replace").strip().splitlines()
    return said[-1] if said else f"the sandbox's test run ended with code {probe.returncode}"


def isolation() -> str:
    """``"namespaces"``, the only confinement a submission runs in.

    Raises
    ------
    IsolationUnavailable
        When :func:`isolation_problem` finds this machine cannot confine a submission.
    """
    problem = isolation_problem()
    if problem:
        raise IsolationUnavailable(
            f"refusing to grade: submissions cannot be isolated from the keys, each other "
            f"and the grader on this machine ({problem}); grade on Linux with user "
            "namespaces enabled and util-linux's unshare installed"
        )
    return "namespaces"


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
    """``command`` behind this module's entry point, inside the namespaces.

    The entry point sets the limits in the child itself (no ``preexec_fn``, which is unsafe
    while the grader's threads run). ``RLIMIT_NPROC`` counts every process of this user, so
    it allows what already runs plus the cap.

    Raises
    ------
    IsolationUnavailable
        When this machine cannot confine it: nothing runs unconfined.
    """
    isolation()
    return _wrap(command, scratch, hide, limits)


def _wrap(command: list[str], scratch: Path, hide: list[Path], limits: Limits) -> list[str]:
    nproc = _own_processes() + limits.processes
    entry = [sys.executable, "-m", "collective_ai.classroom.sandbox"]
    entry += ["--limits", f"{limits.memory_bytes},{limits.file_bytes},{nproc}"]
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


def _mounts() -> list[tuple[str, list[str], bool]]:
    """Each mount point, its options but ``rw``/``ro``, and whether it is writable."""
    found = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        point = fields[4].encode().decode("unicode_escape")
        flags = fields[5].split(",")
        found.append((point, [o for o in flags if o not in ("rw", "ro")], "rw" in flags))
    return found


def _mount(*args: str) -> None:
    """Mount, or stop here: a submission never runs behind a mount that did not take."""
    done = subprocess.run(["mount", *args], check=False, capture_output=True, text=True)
    if done.returncode:
        said = done.stderr.strip().splitlines() or [f"exit code {done.returncode}"]
        raise SystemExit(f"sandbox: not run, mount {' '.join(args)} failed: {said[-1]}")


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
    """Hide ``hide`` and make every writable file system but ``scratch`` read-only.

    Raises
    ------
    SystemExit
        When a mount fails: the command is then not run at all.
    """
    hidden = []
    for folder in hide:
        # A folder inside one already hidden is gone with it (the check is made now, after
        # the mounts before it, as a path under an empty mount no longer exists).
        if folder.is_dir() and not any(folder.is_relative_to(h) for h in hidden):
            _mount("-t", "tmpfs", "-o", "ro,size=4k,mode=0555", "collective-ai-hidden", str(folder))
            hidden.append(folder)
    _mount("--bind", str(scratch), str(scratch))
    for point, options, writable in _mounts():
        if (
            not writable
            or point == str(scratch)
            or point.startswith(_KEEP_WRITABLE)
            or point == "/dev"
            or any(Path(point).is_relative_to(folder) for folder in hidden)  # covered
            or not os.path.lexists(point)  # out of reach, for the submission too
        ):
            continue
        _mount("-o", ",".join(["remount", "bind", "ro", *options]), point)
    _loopback_up()


def main(argv: list[str]) -> None:
    """``--limits M,F,P --confine SCRATCH [--hide DIR]... -- COMMAND...``"""
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1 :]
    pairs = dict(zip(options[::2], options[1::2], strict=True))
    hide = [Path(options[i + 1]) for i in range(0, len(options), 2) if options[i] == "--hide"]
    confine(Path(pairs["--confine"]), hide)
    # A nested user namespace with no mapping: the submission has no power over the mounts.
    command = ["unshare", "--user", "--", *command]
    memory, file_size, processes = (int(x) for x in pairs["--limits"].split(","))
    apply_limits(memory, file_size, processes)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
