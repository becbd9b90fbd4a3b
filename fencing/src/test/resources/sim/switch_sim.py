#!/usr/bin/env python3
"""A serial power switch simulator for Paceline's tests, on one end of a socat pty pair.

Dialects: WTI NPS ("Password:" prompt, NPS> prompt, /s, /On N,y, /Off N,y, /BOOT N,y) and
WTI RPS-10 (binary prefix ^B^X^X^B^X^X, plug 0-9, command 0/1/T/?, replies "Plug N On|Off" then
"Complete"). Plug states go to STATE (JSON) after every change so a test can check them.
A file named "mute" in the control directory makes the switch swallow input and never answer.
"""
import json
import os
import sys

dialect, tty, state_path, control_dir, password = sys.argv[1:6]
plugs = {str(i): "ON" for i in range(1, 9)} if dialect == "nps" else {str(i): "ON" for i in range(10)}


def save():
    tmp = state_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(plugs, f)
    os.replace(tmp, state_path)


def muted():
    return os.path.exists(os.path.join(control_dir, "mute"))


fd = os.open(tty, os.O_RDWR | os.O_NOCTTY)


def send(text):
    if not muted():
        os.write(fd, text.encode("latin-1"))


save()
with open(os.path.join(control_dir, "ready"), "w") as f:
    f.write(str(os.getpid()))

buf = b""
logged_in = False


def table():
    rows = ["Plug | Name             | Status | Boot Delay | Default |",
            "-----+------------------+--------+------------+---------+"]
    for p in sorted(plugs, key=int):
        rows.append(" %-3s | node%-12s |  %-4s  |   0.5 Secs |   ON    |" % (p, p, plugs[p]))
    return "\r\n".join(rows) + "\r\n"


def nps_line(line):
    global logged_in
    if not logged_in:
        if line == "":
            send("\r\nPassword: ")
        elif line == password:
            logged_in = True
            send("\r\n\r\nNPS> ")
        else:
            send("\r\nInvalid password\r\nPassword: ")
        return
    parts = line.split()
    if not parts:
        send("\r\nNPS> ")
        return
    cmd = parts[0].lower()
    if cmd in ("/x", "/x,y"):
        logged_in = False
        send("\r\nDisconnected\r\n")
        return
    if cmd == "/s":
        send("\r\n" + table() + "\r\nNPS> ")
        return
    if cmd in ("/on", "/off", "/boot") and len(parts) == 2:
        plug = parts[1].split(",")[0]
        if plug not in plugs:
            send("\r\nInvalid plug\r\nNPS> ")
            return
        if cmd == "/boot":
            plugs[plug] = "OFF"
            save()
            plugs[plug] = "ON"
        else:
            plugs[plug] = "ON" if cmd == "/on" else "OFF"
        save()
        send("\r\n" + table() + "\r\nNPS> ")
        return
    send("\r\nInvalid command\r\nNPS> ")


PREFIX = b"\x02\x18\x18\x02\x18\x18"


def rps_command(cmd):
    if not cmd.startswith(PREFIX) or len(cmd) != len(PREFIX) + 2:
        return
    plug, op = chr(cmd[len(PREFIX)]), chr(cmd[len(PREFIX) + 1])
    targets = list(plugs) if plug == "*" else [plug]
    for p in targets:
        if p not in plugs:
            continue
        if op == "0":
            plugs[p] = "OFF"
        elif op == "1":
            plugs[p] = "ON"
        elif op == "T":
            plugs[p] = "OFF"
            save()
            send("Plug %s Off\r\n" % p)
            plugs[p] = "ON"
        save()
        send("Plug %s %s\r\n" % (p, "On" if plugs[p] == "ON" else "Off"))
    send("Complete\r\n")


while True:
    try:
        data = os.read(fd, 256)
    except OSError:
        sys.exit(0)
    if not data:
        sys.exit(0)
    buf += data
    while b"\r" in buf:
        line, buf = buf.split(b"\r", 1)
        line = line.lstrip(b"\n")
        if dialect == "nps":
            nps_line(line.decode("latin-1").strip())
        else:
            rps_command(line)
