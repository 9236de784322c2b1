#!/usr/bin/env python3
"""`cnsbot simulate` as a person meets it: a terminal program driven through a pseudo-terminal.

Starts `cnsbot serve` (plain HTTP, ephemeral ports, a temporary database with a small unit tree),
then checks the non-interactive form (--as USER TEXT) and an interactive session where a member
registers and reports, a staff member broadcasts, binds a new team group in chat (seen by
`cnsbot groups list` through the simulator's Zalo) and invites a member who joins with a name,
reading the transcript the simulator prints.
Exit status 0 when every check holds.
"""
import argparse
import json
import os
import pty
import re
import select
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

UNITS = """code,parent_code,name,level,zalo_group_id
P,,Tỉnh Mẫu,province,
P-X,P,Xã Mẫu,commune,
P-X-1,P-X,Thôn Một,village,grp-mot
P-X-2,P-X,Thôn Hai,village,
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Terminal:
    """A child process on a pseudo-terminal, read with deadlines."""

    def __init__(self, argv):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, close_fds=True)
        os.close(slave)
        self.seen = ""

    def expect(self, text, timeout=15):
        end = time.time() + timeout
        while text not in self.seen:
            left = end - time.time()
            if left <= 0:
                raise AssertionError(f"did not see {text!r}; screen so far:\n{self.seen}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"terminal closed before {text!r}:\n{self.seen}")
                self.seen += chunk.decode("utf-8", "replace")
        shown, self.seen = self.seen, self.seen[self.seen.index(text) + len(text):]
        return shown

    def type(self, line):
        os.write(self.master, line.encode() + b"\r")  # Enter, as a keyboard sends it


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/cnsbot")
    binary = os.path.abspath(ap.parse_args().bin)
    work = tempfile.mkdtemp(prefix="cnsbot-simulate-")
    port, zalo_port = free_port(), free_port()
    config = os.path.join(work, "cnsbot.json")
    with open(config, "w") as f:
        json.dump({"server": {"address": "127.0.0.1", "port": port},
                   "database": {"path": os.path.join(work, "cnsbot.db")},
                   "zalo": {"app_id": "1", "oa_secret_key": "oa", "app_secret_key": "app",
                            "api_base": f"http://127.0.0.1:{zalo_port}",
                            "oauth_base": f"http://127.0.0.1:{zalo_port}"}}, f)
    units = os.path.join(work, "units.csv")
    with open(units, "w") as f:
        f.write(UNITS)

    def cli(*args):
        r = subprocess.run([binary, *args], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, f"{args}: {r.stderr}"
        return r.stdout

    cli("units", "import", "--config", config, units)
    cli("token", "set", "--config", config, "--refresh-token", "RT-any")
    member_code = cli("codes", "create", "--config", config, "--unit", "P-X-1", "--role", "member").split()[0]
    staff_code = cli("codes", "create", "--config", config, "--unit", "P-X", "--role", "staff").split()[0]

    serve = subprocess.Popen([binary, "serve", "--config", config],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).status == 200:
                    break
            except OSError:
                time.sleep(0.1)

        # For scripts: one message, the answers, exit.
        r = subprocess.run([binary, "simulate", "--config", config, "--as", "an",
                            "đăng ký " + member_code], capture_output=True, text=True, timeout=30)
        assert r.returncode == 0, r.stderr
        assert "cnsbot → an:" in r.stdout and "Đăng ký thành công" in r.stdout, r.stdout

        # For people: a chat session on a terminal.
        term = Terminal([binary, "simulate", "--config", config])
        term.expect("lan> ")
        term.type("đăng ký " + member_code.lower())
        term.expect("Đăng ký thành công! Bạn là thành viên của Thôn Một")
        term.expect("lan> ")
        term.type("báo cáo: 12 tài khoản thanh toán, 3 internet mới")
        term.expect("Đã ghi báo cáo của Thôn Một")
        term.expect("lan> ")
        term.type(":as canbo")
        term.expect("canbo> ")
        term.type("dk " + staff_code)
        term.expect("Bạn là cán bộ của Xã Mẫu")
        term.expect("canbo> ")
        term.type("tổng")
        term.expect("Tài khoản thanh toán không dùng tiền mặt: 12")
        term.expect("canbo> ")
        term.type("thông báo: Thứ Hai họp giao ban lúc 8h")
        term.expect("Đang gửi tới 1 nhóm")
        term.expect("cnsbot → nhóm grp-mot:")
        term.expect("[Xã Mẫu] Thứ Hai họp giao ban lúc 8h")
        term.expect("canbo> ")
        # Group binding end to end: a group of the OA, bound in chat, listed by the operator.
        term.type(":group grp-hai Nhóm Tổ CNSCĐ thôn Hai")
        term.expect("canbo @ grp-hai> ")
        term.type("liên kết nhóm thôn Hai")
        term.expect("cnsbot → nhóm grp-hai:")
        term.expect("Đã liên kết nhóm này với Thôn Hai, Xã Mẫu")
        term.expect("canbo @ grp-hai> ")
        listed = cli("groups", "list", "--config", config)
        assert "grp-hai\tNhóm Tổ CNSCĐ thôn Hai\tenabled\thttps://zalo.me/g/grp-hai\t" \
               "P-X-2 (Thôn Hai)\tok" in listed, listed
        term.type(":private")
        term.expect("canbo> ")
        # Bringing a member in by chat: a code ready to forward, used with a name.
        term.type("mã mời thôn Một thành viên 2")
        shown = term.expect("(còn 2 lượt")
        code = re.search(r"Gửi cho thành viên Thôn Một: đăng ký ([A-Z0-9]{8})", shown)
        assert code, shown
        term.expect("canbo> ")
        term.type(":as moi")
        term.expect("moi> ")
        term.type("đăng ký " + code.group(1) + " Nguyễn Văn Mới")
        term.expect("Bạn là thành viên của Thôn Một")
        term.expect("moi> ")
        term.type(":as canbo")
        term.expect("canbo> ")
        term.type("thành viên thôn Một")
        term.expect("Nguyễn Văn Mới – thành viên – chưa báo cáo")
        term.expect("canbo> ")
        term.type(":nonsense")
        term.expect("lệnh không rõ")
        term.type(":quit")
        assert term.proc.wait(10) == 0
        print("simulate: every check holds")
        return 0
    finally:
        serve.terminate()
        serve.wait(10)


if __name__ == "__main__":
    sys.exit(main())
