"""The client of scripts/live-latency.sh: subscribes to ChiSo's live stream, posts dossiers received "now" one by
one, and measures the time from each POST to the stream's event that counts it (standard library only)."""

import argparse
import datetime
import json
import queue
import selectors
import socket
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request

VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def open_stream(host, port, cookie):
    """A socket reading /api/v1/live, past the answer's head."""
    sock = socket.create_connection((host, port), timeout=30)
    request = f"GET /api/v1/live HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n"
    sock.sendall(request.encode())
    return sock


def read_events(sock, events):
    """Puts (arrival time, data) of each `update` event on `events` (chunked transfer framing is skipped: the
    event lines are found in the bytes as they come)."""
    buffer = b""
    while True:
        try:
            chunk = sock.recv(1 << 16)
        except OSError:
            return
        if not chunk:
            return
        arrived = time.perf_counter()
        buffer += chunk
        while b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            lines = block.decode("utf-8", "replace").split("\n")
            if any(line == "event: update" for line in lines):
                data = [line[6:] for line in lines if line.startswith("data: ")]
                if data:
                    events.put((arrived, data[0]))


def drain(socks, stop):
    """Reads and drops what the extra subscribers receive."""
    selector = selectors.DefaultSelector()
    for s in socks:
        s.setblocking(False)
        selector.register(s, selectors.EVENT_READ)
    while not stop.is_set():
        for key, _ in selector.select(timeout=0.2):
            try:
                if not key.fileobj.recv(1 << 16):
                    selector.unregister(key.fileobj)
            except BlockingIOError:
                pass
            except OSError:
                selector.unregister(key.fileobj)


def sample_dossier(path):
    """An open dossier of the demo, as the one-stop system sent it: the template of the dossiers posted."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if str(d.get("TrangThaiHoSo")) == "4" and not d.get("DanhSachHoSoBoSung"):
                return d
    sys.exit("live-latency: no open dossier in the demo data")


def post(base, token, dossier):
    request = urllib.request.Request(
        base + "/api/v1/dongbo/hoso", data=json.dumps([dossier]).encode(), method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        body = json.loads(answer.read())
    if body.get("accepted") != 1:
        sys.exit(f"live-latency: dossier not accepted: {body}")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--cookie", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--sample", required=True)
    parser.add_argument("--dossiers", type=int, default=100)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--out")
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.base)

    stop = threading.Event()
    extra = [open_stream(url.hostname, url.port, args.cookie) for _ in range(args.subscribers)]
    threading.Thread(target=drain, args=(extra, stop), daemon=True).start()
    events = queue.Queue()
    stream = open_stream(url.hostname, url.port, args.cookie)
    threading.Thread(target=read_events, args=(stream, events), daemon=True).start()
    time.sleep(1.0)  # every subscription made

    template = sample_dossier(args.sample)
    unit = template["DonViXuLy"]
    latencies = []
    for i in range(args.dossiers):
        while not events.empty():
            events.get_nowait()
        now = datetime.datetime.now(VIETNAM)
        dossier = dict(template)
        dossier["MaHoSo"] = f"DO-TRE-{int(time.time())}-{i}"
        dossier["NgayTiepNhan"] = now.strftime("%Y%m%d%H%M%S")
        dossier["NgayNopHoSo"] = now.strftime("%Y%m%d%H%M%S")
        dossier["NgayHenTra"] = (now + datetime.timedelta(days=10)).strftime("%Y%m%d%H%M%S")
        started = time.perf_counter()
        post(args.base, args.token, dossier)
        while True:
            try:
                arrived, data = events.get(timeout=10)
            except queue.Empty:
                sys.exit(f"live-latency: no event counted dossier {dossier['MaHoSo']} within 10 s")
            if any(u.get("code") == unit for u in json.loads(data).get("units", [])):
                break
        latencies.append((arrived - started) * 1000)
    stop.set()

    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write("\n".join(f"{v:.3f}" for v in latencies) + "\n")
    print(f"subscribers: {args.subscribers + 1}, dossiers posted: {len(latencies)} (unit {unit})")
    print(f"POST → event (ms): p50 {percentile(latencies, 50):.1f}  p99 {percentile(latencies, 99):.1f}  "
          f"max {max(latencies):.1f}  mean {statistics.mean(latencies):.1f}")


if __name__ == "__main__":
    main()
