"""Real servers the tests start on loopback: free ports, waiting for them, an S3 server."""

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

S3_KEYS = {"AWS_ACCESS_KEY_ID": "compendium-test", "AWS_SECRET_ACCESS_KEY": "compendium-test"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process=None, *, timeout=20, name="server"):
    """Wait until something listens on 127.0.0.1:`port`; fail if `process` stops first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process is not None and process.poll() is not None:
                pytest.fail(f"{name} stopped with code {process.returncode}")
            time.sleep(0.1)
    pytest.fail(f"{name} did not listen on port {port} within {timeout} s")


def require(program, package):
    """The path of `program`; fails in CI and skips elsewhere when it is not installed."""
    path = shutil.which(program) or next(
        (p for p in (f"/usr/sbin/{program}", f"/usr/bin/{program}") if os.path.exists(p)), None
    )
    if path is None:
        message = f"{program} not found: install {package} to run this test"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (it must run in CI)")
        pytest.skip(message)
    return path


@contextmanager
def s3_server(log_dir):
    """moto's standalone S3-compatible server on a free port; yields its endpoint URL."""
    port = free_port()
    program = Path(sys.executable).with_name("moto_server")
    with open(Path(log_dir) / "s3-server.log", "wb") as log:
        process = subprocess.Popen(
            [str(program), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
        )
        try:
            # It imports slowly: give a loaded machine time.
            wait_for_port(port, process, timeout=60, name="moto_server")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(10)
