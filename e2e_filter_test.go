package main

// End-to-end test of filtering a large store (issue 6 item 3): the real
// binary replays a record file of 100,000 distinct events
// (MISTWATCH_FILTER_EVENTS overrides it), a filter is typed key by key, each
// key's echo must appear on the filter line, and the count the tabs land on
// must be the one worked out here from how the file was written.

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestE2EFilterLarge(t *testing.T) {
	requireTmux(t)
	total := envCount(t, "MISTWATCH_FILTER_EVENTS", 100000) / 20 * 20
	bin := e2eBinary(t)
	file := filepath.Join(t.TempDir(), "large.ndjson")
	writeDistinctRecord(t, file, total)
	d := startDashboard(t, bin, "replay", "--speed", "0", "--capacity", strconv.Itoa(total), file)
	waitReplayed(t, d, total)

	// mac:70ef00001 finds the client-sessions events whose client MAC
	// (70ef + 8 hex digits of sessionClient(i)) starts 70ef00001: the client
	// number in [0x1000, 0x1fff]. Joins' MACs start a8. "floor" then matches every
	// session (their AP names are "AP43 Floor n"): the count stays.
	const typed = "mac:70ef00001 floor"
	want := 0
	for _, k := range sessionClients(total) {
		if k >= 0x1000 && k <= 0x1fff {
			want++
		}
	}
	if want == 0 || want == total/2 {
		t.Fatalf("the filter should keep some sessions, not %d of %d", want, total/2)
	}

	d.keys("/") // keys arrive in order: the first one's echo shows the bar opened
	busy := 0
	for n := 1; n <= len(typed); n++ {
		d.keys("-l", typed[n-1:n])
		start := time.Now()
		echo := "/ " + typed[:n]
		s := d.waitUntil(fmt.Sprintf("the echo %q", echo), func(s string) bool { return strings.Contains(s, echo) })
		if strings.Contains(s, "filtering…") {
			busy++ // the echo came before the rows: typing does not wait for them
		}
		t.Logf("key %q echoed after %v", typed[n-1], time.Since(start).Round(time.Millisecond))
	}
	t.Logf("%d of %d echoes were drawn while the rows job still ran", busy, len(typed))
	d.keys("Enter")
	count := func(shown, of int) *regexp.Regexp {
		return regexp.MustCompile(fmt.Sprintf(` %d/%d\b`, shown, of))
	}
	d.waitUntil(fmt.Sprintf("All counting %d/%d with no job running", want, total), func(s string) bool {
		return count(want, total).MatchString(s) && !strings.Contains(s, "filtering…")
	})
	d.keys("3") // Roams: every match is a session
	d.waitUntil(fmt.Sprintf("Roams counting %d/%d", want, total/2), func(s string) bool {
		return count(want, total/2).MatchString(s)
	})
	d.keys("2") // Joins: none
	d.waitUntil(fmt.Sprintf("Joins counting 0/%d", total/2), func(s string) bool {
		return count(0, total/2).MatchString(s)
	})
	d.quit()
}

// A negated word hides every row that shows it (issue 8's rule): on the demo
// survey "joined" lies in the All tab's summaries, in no field, and
// "-joined" must list exactly the rows "joined" does not.
func TestE2EFilterNegatedWord(t *testing.T) {
	requireTmux(t)
	d := startDashboard(t, e2eBinary(t), "replay", "--speed", "0", demoFile)
	d.waitFor(`\bat \d\d:\d\d:\d\d 100% speed max\b`)
	d.keys("/")
	d.keys("-l", "joined")
	d.keys("Enter")
	counts := regexp.MustCompile(`filter: (-?)joined (\d+)/(\d+)\b`)
	read := func(neg string) (shown, of int, screen string) {
		screen = d.waitUntil("the filter "+neg+"joined with its count", func(s string) bool {
			m := counts.FindStringSubmatch(s)
			return m != nil && m[1] == neg && !strings.Contains(s, "filtering…")
		})
		m := counts.FindStringSubmatch(screen)
		shown, _ = strconv.Atoi(m[2])
		of, _ = strconv.Atoi(m[3])
		return shown, of, screen
	}
	with, total, screen := read("")
	if with == 0 || !strings.Contains(screen, " joined ") {
		t.Fatalf("joined should find the joins' summaries:\n%s", screen)
	}
	d.keys("/")
	d.keys("Home")
	d.keys("-l", "-")
	d.keys("Enter")
	without, of, screen := read("-")
	if of != total || with+without != total {
		t.Errorf("joined finds %d of %d rows, -joined %d of %d: not the complement", with, total, without, of)
	}
	if strings.Contains(screen, " joined ") {
		t.Errorf("-joined still shows a row that says joined:\n%s", screen)
	}
	d.quit()
}
