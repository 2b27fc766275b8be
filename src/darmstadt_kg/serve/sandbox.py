"""No network for the process that evaluates client SPARQL: a seccomp filter, by construction.

:func:`confine` asks the kernel to refuse, for the calling process and every thread and child it
will have, each system call that could open a channel to the network (``socket`` but for
``AF_UNIX``, ``connect``, ``sendto`` with an address, ``sendmsg``, io_uring, ``ptrace`` and the
like, any call of another ABI); they fail with ``EPERM``, so a ``SERVICE`` fails inside the
engine. docs/security.md lists the calls and says why the filter cannot be undone. Where the
kernel refuses the filter, :class:`NoSandbox` is raised and the server does not start.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import socket
import sys

__all__ = ["NoSandbox", "confine", "probe"]

# classic BPF opcodes (linux/filter.h) and seccomp's return values (linux/seccomp.h)
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1
_X32_BIT = 0x40000000

# offsets in struct seccomp_data: nr, arch, ip, args[6] (little-endian: low word first)
_NR, _ARCH = 0, 4
_ARG0_LOW = 16
_ARG4_LOW, _ARG4_HIGH = 16 + 8 * 4, 16 + 8 * 4 + 4

# per architecture: the audit arch value and the numbers of the calls refused or checked
_ARCHES = {
    "x86_64": {
        "audit": 0xC000003E,
        "seccomp": 317,
        "socket": 41,
        "sendto": 44,
        "refused": {
            "connect": 42,
            "sendmsg": 46,
            "sendmmsg": 307,
            "ptrace": 101,
            "process_vm_readv": 310,
            "process_vm_writev": 311,
            "io_uring_setup": 425,
            "io_uring_enter": 426,
            "io_uring_register": 427,
            "pidfd_getfd": 438,
        },
    },
    "aarch64": {
        "audit": 0xC00000B7,
        "seccomp": 277,
        "socket": 198,
        "sendto": 206,
        "refused": {
            "connect": 203,
            "sendmsg": 211,
            "sendmmsg": 269,
            "ptrace": 117,
            "process_vm_readv": 270,
            "process_vm_writev": 271,
            "io_uring_setup": 425,
            "io_uring_enter": 426,
            "io_uring_register": 427,
            "pidfd_getfd": 438,
        },
    },
}


class NoSandbox(Exception):
    """The kernel (or platform) refused the filter: the server must not evaluate client text."""


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _machine() -> dict:
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower())
    machine = machine or platform.machine().lower()
    if sys.platform != "linux" or machine not in _ARCHES:
        raise NoSandbox(
            f"no network sandbox for {sys.platform}/{platform.machine()} (seccomp is built for "
            "Linux on x86_64 and aarch64) — serve on such a machine"
        )
    return _ARCHES[machine]


def program(arch: dict) -> list[tuple[int, int, int, int]]:
    """The filter for ``arch`` as (code, jt, jf, k) instructions, jumps resolved."""
    # (op, target-if-true, target-if-false, k) with targets as labels; resolved below
    code: list[tuple] = [
        ("ld", None, None, _ARCH),
        ("jeq", None, "deny", arch["audit"]),  # another ABI (i386 socketcall, …): refused
        ("ld", None, None, _NR),
    ]
    if arch["audit"] == _ARCHES["x86_64"]["audit"]:
        code.append(("jge", "deny", None, _X32_BIT))  # x32 calls carry this bit
    code.append(("jeq", "socket", None, arch["socket"]))
    code.append(("jeq", "sendto", None, arch["sendto"]))
    for number in arch["refused"].values():
        code.append(("jeq", "deny", None, number))
    code += [
        ("ret", None, None, _RET_ALLOW),
        ("label:socket", None, None, 0),
        ("ld", None, None, _ARG0_LOW),  # the address family (an int: the low word)
        ("jeq", "allow", "deny", socket.AF_UNIX),
        ("label:sendto", None, None, 0),
        ("ld", None, None, _ARG4_LOW),  # dest_addr: NULL (a connected socket's send) only
        ("jeq", None, "deny", 0),
        ("ld", None, None, _ARG4_HIGH),
        ("jeq", "allow", "deny", 0),
        ("label:allow", None, None, 0),
        ("ret", None, None, _RET_ALLOW),
        ("label:deny", None, None, 0),
        ("ret", None, None, _RET_ERRNO | errno.EPERM),
    ]
    labels, index = {}, 0
    for op, *_ in code:
        if op.startswith("label:"):
            labels[op[6:]] = index
        else:
            index += 1
    out, index = [], 0
    for op, yes, no, k in code:
        if op.startswith("label:"):
            continue
        index += 1  # jumps count from the next instruction
        jt = labels[yes] - index if yes else 0
        jf = labels[no] - index if no else 0
        opcode = {"ld": _LD_W_ABS, "jeq": _JEQ_K, "jge": _JGE_K, "ret": _RET_K}[op]
        out.append((opcode, jt, jf, k))
    return out


def confine() -> None:
    """Install the filter on this whole process (all its threads); raises :class:`NoSandbox`."""
    arch = _machine()
    instructions = program(arch)
    array = (_SockFilter * len(instructions))(*(_SockFilter(*i) for i in instructions))
    fprog = _SockFprog(len(instructions), array)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise NoSandbox(_refused("prctl(PR_SET_NO_NEW_PRIVS)", ctypes.get_errno()))
    libc.syscall.restype = ctypes.c_long
    done = libc.syscall(
        ctypes.c_long(arch["seccomp"]),
        ctypes.c_long(_SECCOMP_SET_MODE_FILTER),
        ctypes.c_long(_SECCOMP_FILTER_FLAG_TSYNC),
        ctypes.byref(fprog),
    )
    if done != 0:
        raise NoSandbox(_refused("seccomp(SECCOMP_SET_MODE_FILTER)", ctypes.get_errno()))


def _refused(call: str, number: int) -> str:
    return (
        f"the kernel refused {call} ({os.strerror(number) if number else 'thread sync failed'}):"
        " the workers cannot be kept off the network — run serve on a Linux kernel "
        "with seccomp filters (CONFIG_SECCOMP_FILTER) that lets processes install them"
    )


def probe() -> str:
    """Confine *this* process, then raise :class:`NoSandbox` unless it cannot create an
    internet socket (the server runs it in a throwaway child before it starts)."""
    confine()
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return "ok"
    raise NoSandbox("socket(AF_INET) still works under the filter")
