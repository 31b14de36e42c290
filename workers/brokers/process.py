"""A broker as a child process on 127.0.0.1: free ports, waiting for it to listen, stopping it
by its PID (never by name, so a developer's own brokers are left alone)."""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, ClassVar

log = logging.getLogger(__name__)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(
    host: str, port: int, timeout: float, process: subprocess.Popen[bytes] | None = None
) -> None:
    """Return once something accepts connections on ``host:port``; fail after ``timeout`` s, or
    at once if ``process`` (the one meant to listen there) has exited."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(
                    f"the broker process exited with status {process.returncode} "
                    f"before listening on {host}:{port}"
                ) from None
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {host}:{port} after {timeout} s") from None
            time.sleep(0.05)
        else:
            return


@dataclass
class BrokerProcess(ABC):
    """A broker child process; a context manager that always stops what it started.

    Subclasses say how to prepare and what to run (:meth:`command`); this class starts it,
    waits for the listener and stops it (SIGTERM, then SIGKILL after ``stop_timeout``)."""

    host: str = "127.0.0.1"
    port: int = 0
    start_timeout: float = 15.0
    stop_timeout: float = 5.0
    log_path: Path | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)
    kind: ClassVar[str] = "broker"

    @property
    def bootstrap_servers(self) -> str:
        return f"{self.host}:{self.port}"

    @abstractmethod
    def command(self) -> list[str]:
        """The broker's command line (after :meth:`prepare`)."""

    def prepare(self) -> None:  # noqa: B027 - an optional hook: nothing to do by default
        """Work before the first start (folders, formatting storage); none by default."""

    def cleanup(self) -> None:  # noqa: B027 - an optional hook: nothing to do by default
        """Work after the final stop (temporary folders); none by default."""

    def start(self) -> BrokerProcess:
        if self.port == 0:
            self.port = free_port(self.host)
        self.prepare()
        output: IO[bytes] | int = subprocess.DEVNULL
        if self.log_path is not None:
            output = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell  # nosec B603
            self.command(), stdout=output, stderr=subprocess.STDOUT
        )
        if not isinstance(output, int):
            output.close()
        try:
            wait_for_port(self.host, self.port, self.start_timeout, self.process)
        except (TimeoutError, RuntimeError):
            self.close()
            raise
        log.info("%s broker (pid %d) listening on %s",
                 self.kind, self.process.pid, self.bootstrap_servers)
        return self

    def stop(self) -> None:
        """Stop the process (the storage stays, so :meth:`start` again restarts the broker)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(self.stop_timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(self.stop_timeout)
        log.info("%s broker stopped", self.kind)

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(self.stop_timeout)

    def exited(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def close(self) -> None:
        """Stop for good: the process, then whatever :meth:`prepare` made."""
        self.stop()
        self.cleanup()

    def __enter__(self) -> BrokerProcess:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
