package main

// The survey's fixed world: two sites, their floors, APs, WLANs, zones, the
// test devices and the paths they walk. Coordinates are metres on a floor map;
// times are seconds after the survey start.

const orgID = "870dfa6c-dcb3-4310-9d23-39460c9bace7"

type site struct{ id, name string }

type floorMap struct {
	id    string
	site  *site
	level int // floors attenuate each other (see signal)
}

type wlan struct{ id, ssid string }

type accessPoint struct {
	name, mac      string
	fl             *floorMap
	x, y           float64
	ch24, ch5, ch6 int
}

type zone struct {
	id, name string
	nameKey  string // Mist is not consistent: some zone events say "name", some "zone_name"
	fl       *floorMap
	x0, y0   float64
	x1, y1   float64
}

type waypoint struct {
	t    float64
	fl   *floorMap
	x, y float64
}

type device struct {
	mac, family, manufacture, model, os string
	wlan                                *wlan
	band                                string  // client-join spelling: "24", "5" or "6"
	hysteresis                          float64 // dB a neighbour must beat the current AP by
	roamBelow                           float64 // only roam once the current AP is weaker than this
	endReason                           int     // termination_reason when the walk ends; 0 = stays connected
	path                                []waypoint
}

// beacon is a BLE transmitter the APs hear; it feeds the raw-RSSI topics.
type beacon struct {
	topic, mac string
	fl         *floorMap
	x, y       float64
	every      float64
}

// outage is the one AP that drops off the network mid-survey.
type outage struct {
	ap       string
	from, to float64
}

var (
	hq = &site{"ed5252f1-db82-4458-bf02-0427c10b4904", "HQ Building A"}
	wh = &site{"76e44bb2-33cf-4586-a514-ef16ed28786c", "Warehouse North"}

	hq1 = &floorMap{"580baa42-0838-4e7f-a59c-18b98f857bd7", hq, 1}
	hq2 = &floorMap{"b55ee185-c575-4a11-af37-2f33fc142f52", hq, 2}
	whf = &floorMap{"7577e63a-4d37-4465-8a7d-a0b27bf4def5", wh, 1}

	hqCorp  = &wlan{"9309437d-6502-44cd-90f5-51307d2d7fb8", "Mist-Corp"}
	hqGuest = &wlan{"028107e1-6ef7-4b1c-84fd-08c74dadebc8", "HQ-Guest"}
	whOps   = &wlan{"061c83b5-4f0f-4805-bde4-dfc33fedba45", "WH-Scanners"}
	whGuest = &wlan{"fbdf995e-4cf3-4567-abba-d19ffa00f830", "WH-Guest"}
)

var aps = []*accessPoint{
	{"A-1F-Lobby", "5c5b35a01c40", hq1, 8, 14, 1, 36, 5},
	{"A-1F-Cafe", "5c5b35a02d80", hq1, 26, 22, 6, 52, 37},
	{"A-1F-East", "5c5b35a03e00", hq1, 46, 12, 11, 100, 69},
	{"A-1F-Lab", "5c5b35a04f40", hq1, 60, 24, 1, 149, 101},
	{"A-2F-West", "5c5b35b11a80", hq2, 10, 12, 6, 44, 21},
	{"A-2F-Conf", "5c5b35b12b00", hq2, 28, 22, 11, 60, 53},
	{"A-2F-East", "5c5b35b13c40", hq2, 46, 12, 1, 116, 85},
	{"A-2F-North", "5c5b35b14d80", hq2, 58, 26, 6, 157, 117},
	{"W-Office", "d420b07e1a00", whf, 8, 30, 1, 36, 5},
	{"W-Dock-1", "d420b07e2b40", whf, 30, 6, 6, 52, 37},
	{"W-Dock-2", "d420b07e3c80", whf, 56, 6, 11, 100, 69},
	{"W-Aisle-3", "d420b07e4d00", whf, 44, 26, 6, 149, 101},
}

var zones = []*zone{
	{"846f7bee-5ded-4733-8250-84a7611d7ff0", "Lobby", "name", hq1, 0, 4, 16, 22},
	{"7a464e3e-ac72-4065-9f59-0891897ef84a", "Cafeteria", "name", hq1, 18, 15, 36, 30},
	{"13862e75-4eb5-47be-8941-a9d04873180d", "Board Room", "name", hq2, 20, 16, 36, 30},
	{"922619df-3188-49df-a6a1-64fa7b0e2da3", "Engineering 2F", "name", hq2, 40, 4, 66, 30},
	{"fe2aa43d-24f2-4375-b209-0ad490f15cf8", "Loading Dock", "zone_name", whf, 20, 0, 70, 12},
	{"188828d0-3049-4575-91ad-59b03c5b7fc4", "Cold Storage", "zone_name", whf, 62, 20, 90, 40},
}

var beacons = []beacon{
	{"discovered-raw-rssi", "e2c56db5dffb", hq1, 24, 18, 45},
	{"asset-raw-rssi", "c4f312a8b0e9", whf, 50, 18, 35},
}

var downtime = outage{"W-Aisle-3", 305.218406, 371.633517}

var devices = []*device{
	// Walks the whole of HQ, floor 1 then floor 2, pausing under each AP.
	{"bc0963e1f4a2", "iPhone", "Apple", "iPhone 15", "18.1", hqCorp, "5", 6, -68, 1, []waypoint{
		{5, hq1, 4, 10}, {25, hq1, 9, 14}, {45, hq1, 9, 15}, {70, hq1, 26, 20}, {95, hq1, 27, 21},
		{120, hq1, 46, 13}, {140, hq1, 46, 13}, {160, hq1, 58, 22}, {185, hq1, 59, 23},
		{215, hq1, 32, 4}, {230, hq2, 32, 4}, {255, hq2, 28, 20}, {280, hq2, 28, 21},
		{310, hq2, 10, 12}, {330, hq2, 10, 12}, {360, hq2, 46, 12}, {380, hq2, 47, 13},
		{405, hq2, 58, 26}, {430, hq2, 58, 26}, {470, hq2, 32, 4}, {485, hq1, 32, 4}, {520, hq1, 4, 10},
	}},
	// Sticky: a laptop that never lets go of A-1F-Lobby, even at the far east end.
	{"a8a15912c7e0", "Mac", "Apple", "MacBookPro18,3", "15.1", hqCorp, "5", 6, -95, 2, []waypoint{
		{30, hq1, 10, 17}, {60, hq1, 12, 17}, {100, hq1, 40, 16}, {130, hq1, 62, 16},
		{190, hq1, 62, 17}, {230, hq1, 40, 20}, {260, hq1, 26, 22}, {340, hq1, 26, 23},
	}},
	// Ping-pong: eager to roam, it walks from A-2F-West toward A-2F-East and
	// turns back, bouncing West→Conf→East→Conf→West within half a minute.
	{"4c4fee3a9d17", "Android", "Google", "Pixel 8", "15", hqCorp, "6", 4, -62, 0, []waypoint{
		{60, hq2, 9, 13}, {75, hq2, 10, 12}, {95, hq2, 36, 12}, {101, hq2, 36, 12},
		{117, hq2, 16, 12}, {140, hq2, 16, 13}, {170, hq2, 28, 22}, {230, hq2, 29, 22},
		{270, hq2, 58, 26}, {300, hq2, 58, 25}, {330, hq2, 46, 12}, {360, hq2, 44, 18}, {595, hq2, 44, 18},
	}},
	// A handheld scanner doing the warehouse rounds on 2.4 GHz.
	{"f4c2481b66d3", "Android", "Samsung", "Galaxy S24", "14", whOps, "24", 6, -70, 0, []waypoint{
		{20, whf, 8, 28}, {40, whf, 10, 28}, {80, whf, 30, 8}, {120, whf, 32, 8},
		{150, whf, 56, 8}, {190, whf, 58, 8}, {230, whf, 74, 30}, {270, whf, 76, 30},
		{300, whf, 44, 26}, {330, whf, 44, 24}, {380, whf, 20, 20}, {420, whf, 10, 30},
		{480, whf, 12, 30}, {540, whf, 40, 8}, {596, whf, 42, 8},
	}},
}

// guest is a passer-by on a guest WLAN: joins once, leaves once, never walks.
type guest struct {
	mac       string
	randomMAC any // Mist has sent both false and "true"
	ap        string
	wlan      *wlan
	band      string
	rssi      float64
	join      float64
	leave     float64
	reason    int
}

var guests = []guest{
	{"f8e43b5a7c21", false, "A-1F-Lobby", hqGuest, "5", -58, 140.327461, 402.815903, 2},
	{"6a1f0c88e4d1", "true", "W-Office", whGuest, "2.4", -63, 250.691238, 455.140772, 1},
}
