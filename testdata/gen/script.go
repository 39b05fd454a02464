package main

import "fmt"

// script emits the events that do not come from walking: the delivery test,
// alarms, the W-Aisle-3 outage, an occupancy alert, a Mist Edge event and the
// one-off location triggers.
func (g *gen) script() {
	g.ping(0.183427)
	g.trigger(26.417392, "rssizone", "rssizone_id", "419bf358-b4e7-4357-b657-176468ce86fc")
	g.trigger(83.261904, "vbeacon", "vbeacon_id", "ec5dab4a-96ec-449d-a3fc-d047b8f4c722")
	g.rogue(95.402718)
	g.outage()
	g.occupancy(420.716283)
	g.mxedge(451.308884)
}

func (g *gen) ping(t float64) {
	g.emit(t, "ping", map[string]any{"id": "31a72f85-0def-44c8-b85a-8a7ea9503881",
		"name": "webhook event delivery test", "site_id": hq.id, "timestamp": g.epoch(t)})
}

// trigger: the iPhone enters the lobby RSSI zone, then the reception kiosk's
// virtual beacon, early in its walk.
func (g *gen) trigger(t float64, topic, idKey, id string) {
	g.emit(t, topic, map[string]any{"mac": devices[0].mac, "map_id": hq1.id, "site_id": hq.id,
		idKey: id, "timestamp": g.epoch(t), "trigger": "enter", "type": "wifi"})
}

// mxedge: Mist Edge sends its timestamp as a numeric string.
func (g *gen) mxedge(t float64) {
	g.emit(t, "mxedge-events", map[string]any{"audit_id": "717c849c-3c0d-4b9a-af0c-52c3c29aed89",
		"mxcluster_id": "7d2f11eb-4d49-4be2-b646-c36d292abb4a", "mxedge_id": "00000000-0000-0000-1000-020000b7c4e1",
		"mxedge_name": "mxe-hq-01", "org_id": orgID, "timestamp": fmt.Sprintf("%.6f", g.epoch(t)),
		"type": "ME_CONFIG_CHANGED_BY_USER"})
}

func (g *gen) rogue(t float64) {
	g.emit(t, "alarms", map[string]any{"aps": []string{apNamed("A-1F-East").mac},
		"bssids": []string{"0024a1c3e7f0", "f09fc2aa1b02", "e894f6113c5d"}, "count": 3,
		"group": "security", "id": "2b61aae9-0f9c-4fc9-ab07-f6be6597fd6d", "last_seen": int64(g.epoch(t - 40)),
		"org_id": orgID, "severity": "warn", "site_id": hq.id,
		"ssids": []string{"FreeAirportWiFi", "DIRECT-7f-HP OfficeJet"}, "timestamp": g.epoch(t),
		"type": "rogue-ap-detected", "update": false})
}

// outage reports W-Aisle-3 going down and coming back. The walks see the same
// downtime (accessPoint.up): a client on it drops and rejoins elsewhere.
func (g *gen) outage() {
	a := apNamed(downtime.ap)
	dev := func(t float64, evType, typ, reason, text string) map[string]any {
		return map[string]any{"ap": a.mac, "ap_name": a.name, "device_name": a.name, "device_type": "ap",
			"ev_type": evType, "mac": a.mac, "org_id": orgID, "reason": reason, "site_id": wh.id,
			"site_name": wh.name, "text": text, "timestamp": g.epoch(t), "type": typ}
	}
	updown := func(t float64, typ string) map[string]any {
		return map[string]any{"ap": a.mac, "ap_name": a.name, "org_id": orgID, "site_id": wh.id,
			"site_name": wh.name, "timestamp": int64(g.epoch(t)), "type": typ}
	}
	down, up := downtime.from, downtime.to
	// An older-style subscription: underscore in the topic name.
	g.emit(down, "device_events", dev(down, "WARN", "AP_DISCONNECTED", "heartbeat_missed",
		"AP W-Aisle-3 disconnected: no heartbeat for 30 s"))
	g.emit(down+0.4, "device-updowns", updown(down+0.4, "AP_DISCONNECTED"))
	g.emit(down+12.8, "alarms", map[string]any{"aps": []string{a.mac}, "count": 1, "group": "infrastructure",
		"hostnames": []string{a.name}, "id": "84f2b229-e33d-47a1-a9fa-1dd381a7a1c7",
		"last_seen": int64(g.epoch(down)), "org_id": orgID, "severity": "warn", "site_id": wh.id,
		"timestamp": g.epoch(down + 12.8), "type": "device_down"})
	g.emit(up, "device-events", dev(up, "NOTICE", "AP_RESTARTED", "power_cycle", "AP restarted after power cycle"))
	g.emit(up+0.5, "device-events", dev(up+0.5, "NOTICE", "AP_CONNECTED", "", "AP W-Aisle-3 connected"))
	g.emit(up+0.7, "device-updowns", updown(up+0.7, "AP_CONNECTED"))
}

func (g *gen) occupancy(t float64) {
	alert := func(z *zone, current, limit int) map[string]any {
		return map[string]any{"current_occupancy": current, "map_id": z.fl.id, "occupancy_limit": limit,
			"org_id": orgID, "timestamp": int64(g.epoch(t)), "type": "COMPLIANCE-VIOLATION",
			"zone_id": z.id, "zone_name": z.name}
	}
	g.emit(t, "occupancy-alerts", map[string]any{"site_id": hq.id, "site_name": hq.name,
		"alert_events": []map[string]any{alert(zones[1], 42, 35), alert(zones[2], 14, 12)}})
}
