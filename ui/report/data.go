package report

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// Report is everything the page shows, computed; the page only lays it out.
type Report struct {
	Options
	From, Until time.Time // the span of the events' own times
	Events      int       // events read, copies delivered twice not counted
	Duplicates  int       // copies delivered twice (org- and site-level webhooks)
	Topics      []Count   // events per topic, most first
	Sites       []string  // site names
	APCount     int       // APs clients were seen on
	ClientCount int       // client MACs seen on an AP or located
	Clients     []*Client // the pinned clients, or those with most readings
	APs         []*AP     // by name
	Roams       RoamMatrix
	Maps        []*MapPositions
	Alarms      []*AlarmGroup // by first time
	Markers     []Marker      // the surveyor's notes, in file order
	// Late counts the shown clients' timeline entries that came further out
	// of time order than the reorder window (ReorderWindow, the most the
	// first pass saw, held to ReorderLimit entries a client) could place:
	// counted where read, findings near them may be off.
	Late          int
	ReorderWindow time.Duration
	ReorderLimit  int
}

// Marker is a surveyor's note stamped with a time ("Room 214, door open").
type Marker struct {
	Time time.Time
	Text string
}

// Count is how many of something there were.
type Count struct {
	Name string
	N    int
}

// Client is one shown client's walk. What it holds is bounded by what the
// page shows, not by the walk: its timeline streams through it.
type Client struct {
	MAC, Label    string
	Readings      int       // RSSI readings in the walk
	Points        []Reading // what the chart draws of them, in time order (see series)
	Min, Avg, Max float64   // over every reading; NaN when none
	Marks         []Mark    // what the chart marks: joins, roams, disconnects, then markers in the span (thinned evenly)
	Roams         int       // roams in the walk
	Findings      int       // findings in the walk
	Stretches     []Stretch // the AP under each run of readings (those the chart cannot draw apart merged away)
	From, Until   time.Time // first and last entry

	listedRoams    []Roam             // the first maxListed
	listedFindings []model.Finding    // the first maxListed, exactly as the timeline finds them
	chartFindings  []model.Finding    // those the chart shades (thinned evenly)
	pingPongs      map[[2]string]bool // AP MAC pairs it ping-ponged between
	walk           *clientWalk        // while the second pass runs
}

// What one client's section lists and draws at most, so the page stays a
// few megabytes whatever the walk: a client that roamed 20,000 times gets
// its first roams listed and its marks thinned evenly on the chart.
const (
	maxListed     = 50
	maxChartMarks = 300
)

// ListedRoams and ListedFindings are the first of each the page lists;
// MoreRoams and MoreFindings count the rest.
func (c *Client) ListedRoams() []Roam             { return c.listedRoams }
func (c *Client) MoreRoams() int                  { return max(c.Roams-len(c.listedRoams), 0) }
func (c *Client) ListedFindings() []model.Finding { return c.listedFindings }
func (c *Client) MoreFindings() int               { return max(c.Findings-len(c.listedFindings), 0) }

// thin keeps at most limit of xs, evenly spread, first one included.
func thin[T any](xs []T, limit int) []T {
	if len(xs) <= limit {
		return xs
	}
	out := make([]T, 0, limit)
	for i := range limit {
		out = append(out, xs[i*len(xs)/limit])
	}
	return out
}

// Reading is one RSSI reading of a client.
type Reading struct {
	Time time.Time
	RSSI float64
	AP   string // MAC of the AP it was taken on ("" when unknown)
}

// Mark is a join, roam or disconnect drawn on a client's chart.
type Mark struct {
	Time time.Time
	Kind model.EntryKind
	Text string // the timeline's line for it
}

// Roam is a roam A → B, APs by name ("?" when the next AP is unknown).
type Roam struct {
	Time     time.Time
	From, To string
}

// Stretch is a run of readings on one AP.
type Stretch struct {
	From, Until time.Time
	AP          string // by name
	nth         int    // its place among all the client's stretches, merged or not
}

// histMin is the lowest RSSI bin of an AP's histogram; bins are 1 dB wide
// up to 0 dBm, readings outside go to the end bins.
const (
	histMin  = -120
	histBins = 121
)

// AP is what clients did on one AP.
type AP struct {
	MAC, Name         string
	Clients           int
	Readings          int
	Min, Max, Mean    float64 // NaN when no readings
	Q1, Median, Q3    float64 // to the dB, from the histogram
	RoamsIn, RoamsOut int
	Disconnects       []Count // by reason, most first

	hist        [histBins]int
	sum         float64
	clients     map[string]bool
	disconnects map[string]int
}

func (ap *AP) observe(rssi float64) {
	ap.Readings++
	ap.sum += rssi
	ap.Min, ap.Max = math.Min(ap.Min, rssi), math.Max(ap.Max, rssi)
	bin := int(math.Round(rssi)) - histMin
	ap.hist[min(max(bin, 0), histBins-1)]++
}

// quantile is the nearest-rank q-quantile of the histogram.
func (ap *AP) quantile(q float64) float64 {
	rank := max(int(math.Ceil(q*float64(ap.Readings))), 1)
	seen := 0
	for i, n := range ap.hist {
		if seen += n; seen >= rank {
			return float64(i + histMin)
		}
	}
	return math.NaN()
}

// RoamMatrix counts roams from AP to AP over every client.
type RoamMatrix struct {
	APs    []string // names, rows and columns alike
	Counts [][]int  // Counts[from][to]
	// PingPong marks the pairs a shown client ping-ponged between.
	PingPong [][]bool
}

// MapPositions are the located positions on one map.
type MapPositions struct {
	ID, Name, Site string
	Total          int        // positions in the files
	Points         []Position // at most positionsPerMap of them, evenly taken
}

// Position is where a client was located, with its reading then.
type Position struct {
	X, Y    float64
	MAC     string
	RSSI    float64
	HasRSSI bool
}

// AlarmGroup is alarms or device events of one type on one AP or device.
type AlarmGroup struct {
	Topic, Type, Where string
	Severity           string // the worst seen
	Text               string // the first one's
	Events             int    // events received
	Count              int    // what they count (an alarm event may stand for several)
	First, Last        time.Time
}

// Report finishes the second pass.
func (s *Survey) Report() *Report {
	r := &Report{Options: s.opts, From: s.from, Until: s.until, Events: s.events, Duplicates: s.dups,
		APCount: len(s.aps), ClientCount: len(s.clientMACs), Markers: s.markers}
	r.Topics = sortedCounts(s.topics)
	for id := range s.sites {
		r.Sites = append(r.Sites, s.names.Site(id, ""))
	}
	slices.Sort(r.Sites)
	s.entriesWritten()
	for _, c := range s.order {
		r.Late += c.walk.finish()
	}
	r.ReorderWindow, r.ReorderLimit = s.lateness, s.reorderLimit
	r.Clients = append(r.Clients, s.order...)
	for _, ap := range s.apStats {
		ap.Clients = len(ap.clients)
		ap.Disconnects = sortedCounts(ap.disconnects)
		ap.Mean, ap.Q1, ap.Median, ap.Q3 = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		if ap.Readings > 0 {
			ap.Mean = ap.sum / float64(ap.Readings)
			ap.Q1, ap.Median, ap.Q3 = ap.quantile(0.25), ap.quantile(0.5), ap.quantile(0.75)
		} else {
			ap.Min, ap.Max = math.NaN(), math.NaN()
		}
		r.APs = append(r.APs, ap)
	}
	slices.SortFunc(r.APs, func(a, b *AP) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.MAC, b.MAC)) })
	r.Roams = s.roamMatrix(r.Clients)
	for _, m := range s.maps {
		r.Maps = append(r.Maps, m)
	}
	slices.SortFunc(r.Maps, func(a, b *MapPositions) int {
		return cmp.Or(cmp.Compare(a.Site, b.Site), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	for _, g := range s.alarms {
		r.Alarms = append(r.Alarms, g)
	}
	slices.SortFunc(r.Alarms, func(a, b *AlarmGroup) int {
		return cmp.Or(a.First.Compare(b.First), cmp.Compare(a.Topic, b.Topic), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Where, b.Where))
	})
	return r
}

func (s *Survey) roamMatrix(clients []*Client) RoamMatrix {
	var macs []string
	for mac, ap := range s.apStats {
		if ap.RoamsIn+ap.RoamsOut > 0 {
			macs = append(macs, mac)
		}
	}
	slices.SortFunc(macs, func(a, b string) int {
		return cmp.Or(cmp.Compare(s.apStats[a].Name, s.apStats[b].Name), cmp.Compare(a, b))
	})
	index := map[string]int{}
	m := RoamMatrix{Counts: make([][]int, len(macs)), PingPong: make([][]bool, len(macs))}
	for i, mac := range macs {
		index[mac] = i
		m.APs = append(m.APs, s.apStats[mac].Name)
		m.Counts[i] = make([]int, len(macs))
		m.PingPong[i] = make([]bool, len(macs))
	}
	for pair, n := range s.roams {
		m.Counts[index[pair[0]]][index[pair[1]]] = n
	}
	for _, c := range clients {
		for pair := range c.pingPongs {
			a, okA := index[pair[0]]
			b, okB := index[pair[1]]
			if okA && okB {
				m.PingPong[a][b], m.PingPong[b][a] = true, true
			}
		}
	}
	return m
}

func sortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Name, b.Name)) })
	return out
}
