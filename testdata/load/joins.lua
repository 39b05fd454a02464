-- Load test for mistwatch with wrk (Debian package "wrk"): every request is a
-- distinct client-join message of 5 events, so none is counted as a duplicate.
--   go build -o /tmp/mistwatch . && /tmp/mistwatch --listen 127.0.0.1:18081   (in a terminal or tmux)
--   wrk -t2 -c16 -d10s -s testdata/load/joins.lua http://127.0.0.1:18081/
--   curl -s 127.0.0.1:18081/healthz   # events accepted == shown_total, rejected 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local tmpl = [[{"topic": "client-join", "events": [{"ap": "xx2316ed6axx", "ap_name": "Pradeep AP 01", "band": "5", "bssid": "xxxx16f918xx", "connect": 1695172665, "connect_float": 1695172665.082, "mac": "xxdd8e7508xx", "org_id": "xxxx0047-ccbb-46b8-a04e-d8240ddxxxxx", "random_mac": false, "rssi": -27, "site_id": "xxxxxx0a4-2770-47b6-93b1-87114bxxxx", "site_name": "Primary Site", "ssid": "Pradeep_Guest", "timestamp": %d, "version": 2, "wlan_id": "77ed81d2-4fab-4df7-807a-0b679900d8f7"}, {"ap": "xx2316ed6axx", "ap_name": "Pradeep AP 01", "band": "5", "bssid": "xxxx16f918xx", "connect": 1695172665, "connect_float": 1695172665.082, "mac": "xxdd8e7508xx", "org_id": "xxxx0047-ccbb-46b8-a04e-d8240ddxxxxx", "random_mac": false, "rssi": -27, "site_id": "xxxxxx0a4-2770-47b6-93b1-87114bxxxx", "site_name": "Primary Site", "ssid": "Pradeep_Guest", "timestamp": %d, "version": 2, "wlan_id": "77ed81d2-4fab-4df7-807a-0b679900d8f7"}, {"ap": "xx2316ed6axx", "ap_name": "Pradeep AP 01", "band": "5", "bssid": "xxxx16f918xx", "connect": 1695172665, "connect_float": 1695172665.082, "mac": "xxdd8e7508xx", "org_id": "xxxx0047-ccbb-46b8-a04e-d8240ddxxxxx", "random_mac": false, "rssi": -27, "site_id": "xxxxxx0a4-2770-47b6-93b1-87114bxxxx", "site_name": "Primary Site", "ssid": "Pradeep_Guest", "timestamp": %d, "version": 2, "wlan_id": "77ed81d2-4fab-4df7-807a-0b679900d8f7"}, {"ap": "xx2316ed6axx", "ap_name": "Pradeep AP 01", "band": "5", "bssid": "xxxx16f918xx", "connect": 1695172665, "connect_float": 1695172665.082, "mac": "xxdd8e7508xx", "org_id": "xxxx0047-ccbb-46b8-a04e-d8240ddxxxxx", "random_mac": false, "rssi": -27, "site_id": "xxxxxx0a4-2770-47b6-93b1-87114bxxxx", "site_name": "Primary Site", "ssid": "Pradeep_Guest", "timestamp": %d, "version": 2, "wlan_id": "77ed81d2-4fab-4df7-807a-0b679900d8f7"}, {"ap": "xx2316ed6axx", "ap_name": "Pradeep AP 01", "band": "5", "bssid": "xxxx16f918xx", "connect": 1695172665, "connect_float": 1695172665.082, "mac": "xxdd8e7508xx", "org_id": "xxxx0047-ccbb-46b8-a04e-d8240ddxxxxx", "random_mac": false, "rssi": -27, "site_id": "xxxxxx0a4-2770-47b6-93b1-87114bxxxx", "site_name": "Primary Site", "ssid": "Pradeep_Guest", "timestamp": %d, "version": 2, "wlan_id": "77ed81d2-4fab-4df7-807a-0b679900d8f7"}]}]]
n = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("n", threads * 100000000)
end
request = function()
  n = n + 1
  local b = n * 5
  return wrk.format(nil, nil, nil, string.format(tmpl, b, b+1, b+2, b+3, b+4))
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx/3xx %d, p50 %.2fms p99 %.2fms\n", summary.requests, summary.errors.status, latency:percentile(50)/1000, latency:percentile(99)/1000))
end
