#!/usr/bin/env python3
"""Runs a command with its stderr on a pseudo-terminal (120 columns, TERM=xterm), as at an interactive shell, so
that `inferbench run` draws its progress bar; stdout is left as it is. Prints what was drawn on the terminal to
this script's stderr and exits with the command's exit code. Used to measure the progress bar's cost on the GPU
machine (scripts/gpu-report-check.sh):  scripts/on_terminal.py inferbench run ..."""
import fcntl, os, pty, struct, subprocess, sys, termios

master, terminal = pty.openpty()
fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
child = subprocess.Popen(sys.argv[1:], stderr=terminal, env={**os.environ, "TERM": "xterm"})
os.close(terminal)
drawn = bytearray()
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:  # EIO: the command's side of the terminal is closed
        break
    if not chunk:
        break
    drawn += chunk
sys.stderr.write(drawn.decode(errors="replace"))
sys.exit(child.wait())
