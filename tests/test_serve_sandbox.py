"""The query sandbox: a confined process cannot reach the network, and cannot undo that.

Each test confines a forked child (never the test process itself) and reads back what the
child saw through a pipe.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from darmstadt_kg.serve.sandbox import confine


def _in_confined_child(probe) -> dict:
    """Run ``probe()`` (returning a JSON-able dict) in a forked, confined child."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            confine()
            result = probe()
        except BaseException as err:  # noqa: BLE001 - reported to the test
            result = {"error": repr(err)}
        os.write(write, json.dumps(result).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data)


def _errno_of(action) -> int:
    try:
        action()
    except OSError as err:
        return err.errno
    return 0


def test_a_confined_process_cannot_create_or_connect_a_network_socket_but_unix_works():
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def probe():
        pair = socket.socketpair()
        pair[0].sendall(b"unix")
        unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        return {
            "confined": _seccomp("self") == "2",
            "inet": _errno_of(lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM)),
            "inet6": _errno_of(lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)),
            "netlink": _errno_of(lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW)),
            "connect": _errno_of(lambda: socket.create_connection(("127.0.0.1", port), 2)),
            "unix connect": _errno_of(lambda: unix.connect("/nonexistent")),
            "socketpair": pair[1].recv(4).decode(),
        }

    seen = _in_confined_child(probe)
    listener.settimeout(0.5)
    try:
        listener.accept()
        accepted = True
    except TimeoutError:
        accepted = False
    listener.close()
    assert seen == {
        "confined": True,
        "inet": errno.EPERM,
        "inet6": errno.EPERM,
        "netlink": errno.EPERM,
        "connect": errno.EPERM,
        "unix connect": errno.EPERM,
        "socketpair": "unix",
    }
    assert not accepted


def test_the_filter_holds_in_later_threads_and_children_and_cannot_be_undone():
    def probe():
        in_thread = []
        thread = threading.Thread(
            target=lambda: in_thread.append(_errno_of(lambda: socket.socket()))
        )
        thread.start()
        thread.join()
        child = subprocess.run(
            [sys.executable, "-c", "import socket; socket.socket()"], capture_output=True
        )
        confine()  # a second filter only adds refusals: there is no call that removes one
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        disable = libc.prctl(22, 0, 0, 0, 0)  # PR_SET_SECCOMP, SECCOMP_MODE_DISABLED
        return {
            "thread": in_thread[0],
            "child": child.returncode != 0 and b"PermissionError" in child.stderr,
            "disable": disable,
            "after": _errno_of(lambda: socket.socket()),
        }

    seen = _in_confined_child(probe)
    assert seen == {"thread": errno.EPERM, "child": True, "disable": -1, "after": errno.EPERM}


def test_the_endpoint_s_workers_run_confined(tmp_path):
    """Every worker of a real server (each parses HTTP and evaluates queries) reports seccomp
    mode 2 (filter) in /proc; the arbiter, which evaluates nothing, keeps its network."""
    from tests.servers import free_port, started

    port = free_port()
    command = [sys.executable, "-m", "darmstadt_kg", "serve", "--no-validate"]
    command += ["--port", str(port), "--workers", "2"]
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    with started(command, f"http://127.0.0.1:{port}/favicon.ico", env=env) as server:
        deadline = time.monotonic() + 60  # the second worker may still be starting
        while True:
            workers = subprocess.run(
                ["ps", "-o", "pid=", "--ppid", str(server.process.pid)],
                capture_output=True,
                text=True,
            ).stdout.split()
            modes = [_seccomp(pid) for pid in workers]
            if modes == ["2", "2"] or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        arbiter = _seccomp(server.process.pid)
    assert modes == ["2", "2"] and arbiter == "0"


def _seccomp(pid) -> str:
    """The seccomp mode /proc shows for ``pid`` (0 none, 2 filter)."""
    status = open(f"/proc/{pid}/status", encoding="ascii").read()
    return next(line.split()[1] for line in status.splitlines() if line.startswith("Seccomp:"))


@pytest.mark.parametrize("command", ["serve", "run"])
def test_serve_and_run_refuse_to_start_when_the_kernel_refuses_the_filter(
    monkeypatch, capsys, command
):
    from darmstadt_kg.cli import main
    from darmstadt_kg.errors import ExitCode
    from darmstadt_kg.serve import runner, sandbox

    def refused():
        raise sandbox.NoSandbox("the kernel refused seccomp(SECCOMP_SET_MODE_FILTER) (nope)")

    monkeypatch.setattr(sandbox, "probe", refused)
    listened = []
    monkeypatch.setattr(runner, "listen", lambda *args: listened.append(args))
    argv = [command, "--port", "0"] + (["--no-validate"] if command == "serve" else [])
    with pytest.raises(SystemExit) as ended:
        main(argv)
    assert ended.value.code == ExitCode.NO_SANDBOX == 12
    err = capsys.readouterr().err
    assert "the kernel refused seccomp" in err and len(err.strip().splitlines()) == 1
    assert listened == []  # refused before the port was even opened


def test_both_architectures_filters_check_the_arch_first_and_jump_inside_the_program():
    from darmstadt_kg.serve.sandbox import _ARCHES, program

    for name, arch in _ARCHES.items():
        code = program(arch)
        assert code[0] == (0x20, 0, 0, 4), name  # load seccomp_data.arch
        assert code[1][3] == arch["audit"], name  # … and compare it with this architecture
        for index, (opcode, jt, jf, _) in enumerate(code):
            if opcode & 0x07 == 0x05:  # a jump: both targets inside the program
                assert index + 1 + max(jt, jf) < len(code), (name, index)
        assert code[-1] == (0x06, 0, 0, 0x00050000 | errno.EPERM), name  # the refusal
