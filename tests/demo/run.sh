#!/usr/bin/env bash
# Runs cnsbot on this machine with no Zalo account: installs packages, builds, imports a demo unit
# tree, starts `cnsbot serve` with config/cnsbot.dev.json in the background (log: data/serve.log)
# and opens `cnsbot simulate`, where you type as Zalo users and read the bot's answers.
# Leave the simulator with :quit or Ctrl-D; the server stops with it.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash .ci/install-deps
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
python3 .ci/check-deps build >/dev/null
cmake --build build --target cnsbot

config=config/cnsbot.dev.json
mkdir -p data
if [ ! -f data/demo-codes.txt ]; then
  build/cnsbot units import --config "$config" config/demo-units.csv
  # Any pair will do: the simulator's Zalo stand-in accepts the first refresh and issues its own.
  build/cnsbot token set --config "$config" --refresh-token RT-demo
  {
    echo "  thành viên Thôn Đồng Sơn:  đăng ký $(build/cnsbot codes create --config "$config" --unit NB-TL-DS --role member | head -n1)"
    echo "  tổ trưởng Thôn Đồng Sơn:   đăng ký $(build/cnsbot codes create --config "$config" --unit NB-TL-DS --role leader | head -n1)"
    echo "  thành viên Thôn Bài Lễ:    đăng ký $(build/cnsbot codes create --config "$config" --unit NB-TL-BL --role member | head -n1)"
    echo "  cán bộ Xã Thụy Lôi:        đăng ký $(build/cnsbot codes create --config "$config" --unit NB-TL --role staff | head -n1)"
    echo "  quản trị Tỉnh Ninh Bình:   đăng ký $(build/cnsbot codes create --config "$config" --unit NB --role admin | head -n1)"
  } > data/demo-codes.txt
fi

build/cnsbot serve --config "$config" >>data/serve.log 2>&1 &
bot=$!
trap 'kill "$bot" 2>/dev/null || true; wait "$bot" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  grep -q "listening on" data/serve.log 2>/dev/null && break
  sleep 0.1
done
cat <<MSG

cnsbot is serving https://127.0.0.1:8443/zalo/webhook (log: data/serve.log).
Join codes of the demo tree (Tỉnh Ninh Bình > Xã Thụy Lôi > Thôn Đồng Sơn, Thôn Bài Lễ, …;
Phường Phủ Lý > Tổ dân phố số 1, số 2):
$(cat data/demo-codes.txt)
Try, as one user after another (:as TÊN switches user):
  đăng ký <mã>  ·  báo cáo: 12 tài khoản thanh toán, 3 internet mới  ·  tổng  ·  chưa báo cáo
  thông báo: Thứ Hai họp giao ban lúc 8h  (as staff or admin)  ·  tình trạng thông báo
  mã mời thành viên  (as the leader: a code to forward)  ·  thành viên  ·  tên Nguyễn Văn An
MSG
build/cnsbot simulate --config "$config"
