#!/usr/bin/env python3
"""Runs one of Paceline's Pacemaker commands in the local daemon's JVM for an agent.

Called by the launcher (bin/pcmk/crm_attribute, /usr/lib/paceline/pcmk/crm_attribute) as
pcmk-client.py TOOL ARGS...: sends the daemon's admin socket (PACELINE_ADMIN_SOCKET) the request
"tool BASE64-JSON" with the arguments and the caller's OCF_* variables (the daemon keeps only
those the commands read), prints what the command printed and exits with its code. Exit 254 means
the daemon could not run it; the launcher then runs the command in a JVM of its own.
"""
import base64, json, os, socket, sys
tool, args = sys.argv[1], sys.argv[2:]
env = dict((k, v) for k, v in os.environ.items() if k.startswith("OCF_"))
request = json.dumps({"tool": tool, "args": args, "env": env}).encode("utf-8")
chunks = []
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(300)
    s.connect(os.environ["PACELINE_ADMIN_SOCKET"])
    s.sendall(b"tool " + base64.b64encode(request) + b"\n")
    while True:
        b = s.recv(65536)
        if not b:
            break
        chunks.append(b)
    s.close()
except (OSError, socket.timeout):
    sys.exit(254)
text = b"".join(chunks).decode("utf-8", "replace")
if not text.startswith("ok\n"):
    sys.exit(254)
try:
    answer = json.loads(text[3:])
except ValueError:
    sys.exit(254)
sys.stdout.write(answer["out"])
sys.stdout.flush()
sys.stderr.write(answer["err"])
sys.stderr.flush()
sys.exit(answer["rc"])
