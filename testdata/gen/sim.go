package main

import (
	"math"
	"sort"
)

const (
	noAP     = "000000000000" // next_ap when a session did not end in a roam
	minDwell = 8.0            // seconds a client stays before it may roam again
)

// signal is a log-distance indoor model: about -57 dBm at 5 m, -73 at 20 m,
// -84 at 50 m, and 18 dB lost per floor in between.
func signal(a *accessPoint, fl *floorMap, x, y float64) float64 {
	d := math.Max(math.Hypot(a.x-x, a.y-y), 1)
	s := -38 - 27*math.Log10(d)
	return s - 18*math.Abs(float64(a.fl.level-fl.level))
}

// dBm clamps to what a radio reports and rounds to whole dB, as Mist does.
func dBm(s float64) int { return int(math.Round(math.Max(-92, math.Min(-30, s)))) }

func (a *accessPoint) up(t float64) bool {
	return a.name != downtime.ap || t < downtime.from || t >= downtime.to
}

func (a *accessPoint) channel(band string) int {
	switch band {
	case "24", "2.4":
		return a.ch24
	case "6":
		return a.ch6
	}
	return a.ch5
}

// bssid is the AP MAC with its last digit naming the radio, as BSSIDs are
// derived from the AP's base MAC.
func (a *accessPoint) bssid(band string) string {
	return a.mac[:11] + map[string]string{"24": "1", "2.4": "1", "5": "2", "6": "3"}[band]
}

func apNamed(name string) *accessPoint {
	for _, a := range aps {
		if a.name == name {
			return a
		}
	}
	panic("no AP " + name)
}

// scanBand is the SDK's spelling of a band: it says "2.4" where joins say "24".
func scanBand(b string) string {
	if b == "24" {
		return "2.4"
	}
	return b
}

// at interpolates the device's position along its path.
func (d *device) at(t float64) (*floorMap, float64, float64) {
	p := d.path
	for i := 1; i < len(p); i++ {
		if t < p[i].t {
			f := (t - p[i-1].t) / (p[i].t - p[i-1].t)
			return p[i-1].fl, p[i-1].x + f*(p[i].x-p[i-1].x), p[i-1].y + f*(p[i].y-p[i-1].y)
		}
	}
	last := p[len(p)-1]
	return last.fl, last.x, last.y
}

// session is one client's association to one AP.
type session struct {
	mac       string
	wlan      *wlan
	band      string
	randomMAC any
	info      map[string]any // client_* fingerprint; nil when Mist has none
	ap        *accessPoint
	since     float64
	rssi      float64
}

// fields are what client-join and client-sessions share; stamp is the
// event's Unix time.
func (s *session) fields(stamp int64) map[string]any {
	return map[string]any{
		"ap": s.ap.mac, "ap_name": s.ap.name, "band": s.band, "bssid": s.ap.bssid(s.band),
		"mac": s.mac, "org_id": orgID, "rssi": dBm(s.rssi), "site_id": s.ap.fl.site.id,
		"site_name": s.ap.fl.site.name, "ssid": s.wlan.ssid, "wlan_id": s.wlan.id,
		"timestamp": stamp, "version": 2,
	}
}

func (g *gen) join(s *session, t float64, a *accessPoint, rssi float64) {
	s.ap, s.since, s.rssi = a, t, rssi
	e := s.fields(int64(g.epoch(t)))
	e["connect"] = int64(g.epoch(t))
	e["connect_float"] = round(g.epoch(t), 3)
	e["random_mac"] = s.randomMAC
	g.emit(t, "client-join", e)
}

// endSession reports the session ending; next is the AP roamed to, or nil.
func (g *gen) endSession(s *session, t float64, reason int, next *accessPoint) {
	e := s.fields(int64(g.epoch(t)))
	for k, v := range s.info {
		e[k] = v
	}
	conn, disc := g.epoch(s.since), g.epoch(t)
	e["connect"], e["connect_float"] = int64(conn), round(conn, 3)
	e["disconnect"], e["disconnect_float"] = int64(disc), round(disc, 3)
	// The AP measures duration itself, so it is a little short of disconnect-connect.
	e["duration"] = round(disc-conn-0.1-0.6*g.rng.Float64(), 6)
	e["next_ap"], e["termination_reason"] = noAP, reason
	if next != nil {
		e["next_ap"] = next.mac
	}
	g.emit(t, "client-sessions", e)
	s.ap = nil
}

type reading struct {
	ap   *accessPoint
	rssi float64
}

// walker is a test device being simulated second by second.
type walker struct {
	session
	d        *device
	noise    map[*accessPoint]float64
	inZone   map[*zone]bool
	nextScan float64
	nextLoc  float64
}

func (g *gen) walk(d *device) {
	w := &walker{d: d, noise: map[*accessPoint]float64{}, inZone: map[*zone]bool{}}
	w.session = session{mac: d.mac, wlan: d.wlan, band: d.band, randomMAC: false, info: map[string]any{
		"client_family": d.family, "client_manufacture": d.manufacture,
		"client_model": d.model, "client_os": d.os,
	}}
	first, last := d.path[0].t, d.path[len(d.path)-1].t
	w.nextScan, w.nextLoc = first+2, first+4
	// Steps of about a second, never exactly, so timestamps look like real clocks.
	t := first + g.rng.Float64()
	for ; t <= last; t += 0.9 + 0.2*g.rng.Float64() {
		fl, x, y := d.at(t)
		heard := g.hear(w, t, fl, x, y)
		g.associate(w, t, heard)
		g.zones(w, t, fl, x, y)
		if t >= w.nextScan && w.ap != nil {
			g.scan(w, t, heard)
			w.nextScan = t + 4 + 3*g.rng.Float64()
		}
		if t >= w.nextLoc {
			g.emit(t, "location-client", map[string]any{"mac": d.mac, "map_id": fl.id, "site_id": fl.site.id,
				"timestamp": g.epoch(t), "type": "wifi", "x": round(x, 2), "y": round(y, 2)})
			w.nextLoc = t + 8 + 4*g.rng.Float64()
		}
	}
	if d.endReason != 0 && w.ap != nil {
		g.endSession(&w.session, t, d.endReason, nil)
	}
}

// hear returns what the device hears from the APs of its site, strongest
// first. Each AP's noise is a random walk pulled back to zero, so readings
// wander smoothly instead of jumping.
func (g *gen) hear(w *walker, t float64, fl *floorMap, x, y float64) []reading {
	var rs []reading
	for _, a := range aps {
		if a.fl.site != fl.site || !a.up(t) {
			continue
		}
		w.noise[a] = 0.85*w.noise[a] + 1.2*g.rng.NormFloat64()
		rs = append(rs, reading{a, signal(a, fl, x, y) + w.noise[a]})
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].rssi > rs[j].rssi })
	return rs
}

// associate joins, roams or stays, following the device's roaming policy.
func (g *gen) associate(w *walker, t float64, heard []reading) {
	best := heard[0]
	cur := reading{rssi: math.Inf(-1)}
	for _, r := range heard {
		if r.ap == w.ap {
			cur = r
		}
	}
	switch {
	case w.ap == nil:
		g.join(&w.session, t, best.ap, best.rssi)
	case cur.ap == nil: // its AP vanished under it: the client times out, then rejoins
		g.endSession(&w.session, t, 2, nil)
		g.join(&w.session, t+1.5+g.rng.Float64(), best.ap, best.rssi)
	case best.ap != w.ap && t-w.since >= minDwell && cur.rssi < w.d.roamBelow &&
		best.rssi >= cur.rssi+w.d.hysteresis:
		w.rssi = cur.rssi
		g.endSession(&w.session, t, 3, best.ap)
		g.join(&w.session, t+0.05+0.2*g.rng.Float64(), best.ap, best.rssi)
	default:
		w.rssi = cur.rssi
	}
}

// scan reports what the SDK on the device saw: its own AP plus 1-3 neighbours.
func (g *gen) scan(w *walker, t float64, heard []reading) {
	want := 2 + g.rng.IntN(3)
	picked := []reading{{w.ap, w.rssi}}
	for _, r := range heard {
		if len(picked) < want && r.ap != w.ap {
			picked = append(picked, r)
		}
	}
	sort.SliceStable(picked, func(i, j int) bool { return picked[i].rssi > picked[j].rssi })
	band := scanBand(w.band)
	var data []map[string]any
	for _, r := range picked {
		data = append(data, map[string]any{"ap": r.ap.mac, "band": band, "bssid": r.ap.bssid(band),
			"channel": r.ap.channel(band), "rssi": dBm(r.rssi), "ssid": w.wlan.ssid, "timestamp": g.epoch(t)})
	}
	g.emit(t, "sdkclient-scan-data", map[string]any{
		"connection_ap": w.ap.mac, "connection_band": band, "connection_bssid": w.ap.bssid(band),
		"connection_channel": w.ap.channel(band), "connection_rssi": dBm(w.rssi),
		"last_seen": g.epoch(t), "mac": w.mac, "scan_data": data, "site_id": w.ap.fl.site.id,
	})
}

// zones emits enter and exit as the device crosses a zone's edge. Like Mist,
// zone events name the site by id only.
func (g *gen) zones(w *walker, t float64, fl *floorMap, x, y float64) {
	for _, z := range zones {
		in := z.fl == fl && x >= z.x0 && x < z.x1 && y >= z.y0 && y < z.y1
		if in == w.inZone[z] {
			continue
		}
		w.inZone[z] = in
		trigger := "exit"
		if in {
			trigger = "enter"
		}
		g.emit(t, "zone", map[string]any{"mac": w.mac, "map_id": z.fl.id, "site_id": z.fl.site.id,
			"timestamp": g.epoch(t), "trigger": trigger, "type": "wifi", "zone_id": z.id, z.nameKey: z.name})
	}
}

func (g *gen) guest(gu guest) {
	s := &session{mac: gu.mac, wlan: gu.wlan, band: gu.band, randomMAC: gu.randomMAC}
	g.join(s, gu.join, apNamed(gu.ap), gu.rssi)
	s.rssi = gu.rssi - 6 - 4*g.rng.Float64()
	g.endSession(s, gu.leave, gu.reason, nil)
}

// beacon has the two nearest live APs report the beacon together, as one
// batched message.
func (g *gen) beacon(b beacon) {
	for t := 10 + b.every*g.rng.Float64(); t < 600; t += b.every * (0.8 + 0.4*g.rng.Float64()) {
		var rs []reading
		for _, a := range aps {
			if a.fl == b.fl && a.up(t) {
				rs = append(rs, reading{a, signal(a, b.fl, b.x, b.y) - 8 + 2*g.rng.NormFloat64()})
			}
		}
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].rssi > rs[j].rssi })
		for _, r := range rs[:2] {
			g.emit(t, b.topic, map[string]any{"mac": b.mac, "rssi": dBm(r.rssi),
				"device_id": "00000000-0000-0000-1000-" + r.ap.mac, "map_id": b.fl.id, "org_id": orgID,
				"site_id": b.fl.site.id, "timestamp": g.epoch(t), "beam": 1 + g.rng.IntN(8),
				"is_asset": b.topic == "asset-raw-rssi", "ap_loc": []float64{r.ap.x, r.ap.y, 2.75}})
		}
	}
}
