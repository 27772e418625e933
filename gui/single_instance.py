"""One window per shop database: a second start on the same database brings the first forward.

The first start takes a lock file named after the user and the database (Qt sees that a lock
left by a crashed process is stale and takes it over) and listens on a local socket of the
same name. A later start finds the lock taken, sends the files it was asked to open over the
socket, and exits once the first window has answered. A start on another database has another
name and runs as usual.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QDir, QLockFile, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

_ANSWER = b"ok\n"


def server_name(db_path: Path | str) -> str:
    """The same for every start of this user on this database file, however it is spelled."""
    try:
        user = getpass.getuser()
    except OSError:  # no user name in the environment or the password database
        user = str(Path.home())
    where = os.path.normcase(str(Path(db_path).expanduser().resolve()))
    digest = hashlib.sha256(f"{user}\0{where}".encode()).hexdigest()[:20]
    return f"shopsense-{digest}"


class SingleInstance(QObject):
    """Claim a database for this process, or hand a start over to the process that has it."""

    files_received = Signal(list)  # list[Path], maybe empty: a later start asks to come forward

    def __init__(self, db_path: Path | str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.name = server_name(db_path)
        self.problem = ""  # why forward() failed, for the user
        self._lock = QLockFile(str(Path(QDir.tempPath()) / f"{self.name}.lock"))
        self._lock.setStaleLockTime(0)  # stale only when its owner is gone, however old it is
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        """True when this process is now the one for the database; False when another has it."""
        if not self._lock.tryLock(0):
            if self._lock.error() == QLockFile.LockError.LockFailedError:
                return False
            # The temporary folder is not writable, say: better two windows than none.
            log.warning("cannot lock %s (%s); opening the window anyway",
                        self._lock.fileName(), self._lock.error().name)
        QLocalServer.removeServer(self.name)  # the socket file of a crashed start, if any
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._on_server_new_connection)
        if not server.listen(self.name):
            log.warning("cannot listen on %s (%s): a second start will not find this window",
                        self.name, server.errorString())
        self._server = server
        return True

    def forward(self, files: Sequence[Path | str] = (), timeout_ms: int = 10_000) -> bool:
        """Ask the process that has the database to come forward and open `files`; True when it
        answered. Blocks for up to `timeout_ms`: the other window may still be starting."""
        message = json.dumps({"files": [str(Path(f).absolute()) for f in files]}).encode()
        deadline = QDeadlineTimer(timeout_ms)
        socket = QLocalSocket()
        while True:
            socket.connectToServer(self.name)
            if socket.waitForConnected(max(deadline.remainingTime(), 0)):
                break
            if deadline.hasExpired():  # the lock is held, yet nobody listens
                self.problem = self._not_answering()
                return False
            QThread.msleep(100)  # between taking the lock and listening: try again
        socket.write(message + b"\n")
        answer = b""
        while not answer.endswith(b"\n") and socket.waitForReadyRead(
                max(deadline.remainingTime(), 0)):
            answer += socket.readAll().data()
        socket.abort()
        if answer != _ANSWER:
            self.problem = self._not_answering()
            return False
        return True

    def release(self) -> None:
        """Let the next start have the database (a crash leaves the lock to be found stale)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _not_answering(self) -> str:
        log.warning("ShopSense is open on %s but does not answer", self.db_path)
        return self.tr(
            "ShopSense is already open on this shop ({path}), but that window does not answer."
            "\n\nSwitch to it and wait until it has finished what it is doing, or close it "
            "(if it is frozen, end it in your task manager), then start ShopSense again."
        ).format(path=self.db_path)

    def _on_server_new_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.setParent(self)
            socket.disconnected.connect(socket.deleteLater)
            socket.readyRead.connect(lambda s=socket: self._on_socket_ready_read(s))
            if socket.canReadLine():
                self._on_socket_ready_read(socket)

    def _on_socket_ready_read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = socket.readLine().data()
        try:
            files = [Path(name) for name in json.loads(line)["files"]]
        except (ValueError, KeyError, TypeError):
            log.warning("ignored a message that is not from ShopSense: %r", line[:100])
            socket.abort()
            return
        socket.write(_ANSWER)
        socket.flush()
        socket.disconnectFromServer()
        log.info("another start on this shop asked for this window (files: %s)",
                 ", ".join(map(str, files)) or "none")
        self.files_received.emit(files)
