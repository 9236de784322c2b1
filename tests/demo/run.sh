#!/usr/bin/env bash
# Runs cnsbot on this machine with no Zalo account: installs packages, builds, starts the local
# Zalo stand-in (it prints every message the bot sends) and `cnsbot serve` with
# config/cnsbot.dev.json, a demo unit tree and join codes. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash .ci/install-deps
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target cnsbot fake-zalo

config=config/cnsbot.dev.json
mkdir -p data
build/tests/fake-zalo --port 8790 --app-secret dev-app-secret --accept-any-refresh yes &
fake=$!
trap 'kill "$fake" ${bot:+"$bot"} 2>/dev/null || true' EXIT

if [ ! -f data/demo-codes.txt ]; then
  build/cnsbot units import --config "$config" config/demo-units.csv
  build/cnsbot token set --config "$config" --refresh-token RT-demo
  {
    echo "member  (Thôn Đồng Sơn):  $(build/cnsbot codes create --config "$config" --unit HN-KB-TL-DS --role member | head -n1)"
    echo "leader  (Thôn Đồng Sơn):  $(build/cnsbot codes create --config "$config" --unit HN-KB-TL-DS --role leader | head -n1)"
    echo "member  (Thôn Bài Lễ):    $(build/cnsbot codes create --config "$config" --unit HN-KB-TL-BL --role member | head -n1)"
    echo "staff   (Xã Thụy Lôi):    $(build/cnsbot codes create --config "$config" --unit HN-KB-TL --role staff | head -n1)"
    echo "admin   (Huyện Kim Bảng): $(build/cnsbot codes create --config "$config" --unit HN-KB --role admin | head -n1)"
  } > data/demo-codes.txt
fi

build/cnsbot serve --config "$config" &
bot=$!
sleep 1
cat <<MSG

cnsbot is running on https://127.0.0.1:8443/zalo/webhook (self-signed certificate in data/).
Join codes of the demo tree:
$(cat data/demo-codes.txt)

In another terminal, act as a Zalo user (each command is a signed webhook):
  build/cnsbot webhook send --config $config --user 7000000000000000001 "đăng ký <CODE>"
  build/cnsbot webhook send --config $config --user 7000000000000000001 "báo cáo: 12 tài khoản thanh toán, 3 internet mới"
The bot's replies appear here, as the Zalo stand-in receives them.
MSG
wait "$bot"
