package model

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// filledEvent sets every exported field of an Event to a value that depends
// on i, by reflection: a field added to Event later that the store forgets
// to keep fails TestStoreKeepsEveryField.
func filledEvent(i int) Event {
	var e Event
	v := reflect.ValueOf(&e).Elem()
	for f := 0; f < v.NumField(); f++ {
		fv, name := v.Field(f), v.Type().Field(f).Name
		switch {
		case name == "Seq":
		case name == "Raw":
			fv.SetBytes([]byte(fmt.Sprintf(`{"n":%d,"pad":"%s"}`, i, strings.Repeat("x", i%40))))
		case fv.Type() == reflect.TypeOf(time.Time{}):
			fv.Set(reflect.ValueOf(time.Unix(1700000000+int64(i), int64(i)*1000).UTC()))
		case fv.Type() == reflect.TypeOf([]ScanEntry(nil)):
			fv.Set(reflect.ValueOf([]ScanEntry{{AP: fmt.Sprintf("ap%d", i), BSSID: "b", Band: Band5, Channel: 36, RSSI: -60, SSID: "s"}}))
		default:
			switch fv.Kind() {
			case reflect.String:
				fv.SetString(fmt.Sprintf("%s-%d", name, i%7)) // repeated: shared symbols
			case reflect.Bool:
				fv.SetBool(true)
			case reflect.Int:
				fv.SetInt(int64(i + f))
			case reflect.Uint8:
				fv.SetUint(uint64(f % 5))
			case reflect.Float64:
				fv.SetFloat(float64(i) + 0.25)
			default:
				panic("filledEvent: no value for field " + name + " of kind " + fv.Kind().String())
			}
		}
	}
	return e
}

func TestStoreKeepsEveryField(t *testing.T) {
	s := NewStore(1000)
	want := appendFilled(s, 300)
	check := func(when string) {
		for i, w := range want {
			w.Seq = uint64(i + 1)
			got, ok := s.Get(w.Seq)
			if !ok || !reflect.DeepEqual(*got, w) {
				t.Fatalf("%s: Get(%d) =\n%+v\nwant\n%+v", when, w.Seq, got, w)
			}
		}
	}
	check("fresh")
	s.waitCompressed()
	if z := s.chunks[0].sealed.Load(); z == nil || z.z == nil {
		t.Fatal("the first chunk is full but its raw JSON was not compressed")
	}
	check("after compression")
}

func TestStoreEvictsByBytes(t *testing.T) {
	s := NewStore(1000)
	small := Event{Topic: "ping", Raw: []byte(`{"n":1}`)}
	s.Dedupe = false
	for range 100 {
		s.Append([]Event{small})
	}
	perEvent := footprint(&small)
	s.SetMaxBytes(10 * perEvent)
	eq(t, "Len after SetMaxBytes", s.Len(), 10)
	eq(t, "Evicted after SetMaxBytes", s.Evicted(), uint64(90))
	if s.Bytes() > 10*perEvent {
		t.Errorf("Bytes = %d, over the budget %d", s.Bytes(), 10*perEvent)
	}

	// A huge event evicts everything else but is kept itself.
	huge := Event{Topic: "ping", Raw: []byte(`"` + strings.Repeat("h", 100000) + `"`)}
	s.Append([]Event{huge})
	eq(t, "Len after a huge event", s.Len(), 1)
	if e, ok := s.Get(s.NextSeq() - 1); !ok || len(e.Raw) != len(huge.Raw) {
		t.Fatalf("the huge event is not the one held")
	}
	// The next small one evicts the huge one.
	s.Append([]Event{small})
	eq(t, "Len after a small one", s.Len(), 1)
	eq(t, "Total", s.Total(), uint64(102))
	eq(t, "Evicted", s.Evicted(), uint64(101))
}

func TestStoreForgetsStringsOfEvictedEvents(t *testing.T) {
	s := NewStore(100)
	for i := range 20000 {
		s.Append([]Event{{Topic: "client-join", Kind: KindJoin, MAC: fmt.Sprintf("%012x", i),
			SiteID: fmt.Sprintf("site-%d", i), SiteName: fmt.Sprintf("Site %d", i), AP: fmt.Sprintf("%012x", i<<8),
			APName: fmt.Sprintf("AP %d", i), Raw: []byte(fmt.Sprintf(`{"n":%d}`, i))}})
	}
	// 100 held plus at most one chunk of evicted ones not yet dropped, each
	// with 5 distinct strings, plus the shared topic.
	if n, limit := s.Symbols().Len(), 5*(100+s.chunkSize)+1; n > limit {
		t.Errorf("symbol table holds %d strings for %d events held, want at most %d", n, s.Len(), limit)
	}
	if _, ok := s.Symbols().Lookup("Site 0"); ok {
		t.Error(`"Site 0" is still in the symbol table long after its event was evicted`)
	}
	if id, ok := s.Symbols().Lookup("Site 19999"); !ok || s.Symbols().View().String(id) != "Site 19999" {
		t.Error(`"Site 19999" (held) is not in the symbol table`)
	}
	if s.Names.sites.len() > 2*max(100, minNames) || s.Names.aps.len() > 2*max(100, minNames) {
		t.Errorf("learned names not bounded: %d sites, %d APs", s.Names.sites.len(), s.Names.aps.len())
	}
	eq(t, "the newest site's learned name", s.Names.SiteName("site-19999"), "Site 19999")
	if s.Clients.Len() > 100 {
		t.Errorf("client table holds %d clients at capacity 100", s.Clients.Len())
	}
}

// TestSnapshotReadsWhileTheStoreWrites: a reader on another goroutine sees
// exactly the events of its snapshot while the store appends and evicts past
// them; run with -race.
func TestSnapshotReadsWhileTheStoreWrites(t *testing.T) {
	s := NewStore(500)
	mk := func(i int) Event {
		return Event{Topic: "client-join", Kind: KindJoin, MAC: fmt.Sprintf("%012x", i),
			SiteName: fmt.Sprintf("Site %d", i%13), Raw: []byte(fmt.Sprintf(`{"n":%d}`, i))}
	}
	for i := range 700 {
		s.Append([]Event{mk(i)})
	}
	sn := s.Snapshot()
	first, end := sn.Range()
	for i := 700; i < 3000; i++ { // evicts everything the snapshot holds
		s.Append([]Event{mk(i)})
	}
	if _, ok := s.Get(first); ok {
		t.Fatal("test did not evict the snapshot's events")
	}
	var wg sync.WaitGroup
	wg.Add(1)
	errs := make(chan string, 10)
	go func() {
		defer wg.Done()
		defer sn.Close()
		set := sn.Symbols().Matching(func(v string) bool { return v == "Site 3" })
		var e Event
		for seq := first; seq < end; seq++ {
			i := int(seq - 1)
			if !sn.Load(seq, &e) || e.MAC != fmt.Sprintf("%012x", i) || string(e.Raw) != fmt.Sprintf(`{"n":%d}`, i) {
				errs <- fmt.Sprintf("Load(%d) = %q %s", seq, e.MAC, e.Raw)
				return
			}
			id, _ := sn.Sym(seq, FieldSiteName)
			if set.Has(id) != (i%13 == 3) {
				errs <- fmt.Sprintf("Sym(%d) = %d: in the set of \"Site 3\" is %v for %q", seq, id, set.Has(id), e.SiteName)
				return
			}
		}
	}()
	for i := 3000; i < 5000; i++ { // and goes on while the reader reads
		s.Append([]Event{mk(i)})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	s.Append([]Event{mk(5000)}) // closed: the store may now forget them
	if _, ok := s.Symbols().Lookup(fmt.Sprintf("%012x", first-1)); ok {
		t.Error("strings of events evicted during the snapshot are never forgotten")
	}
}

func TestBoundedMapKeepsWhatIsInUse(t *testing.T) {
	m := newBoundedMap[string](10)
	m.put("kept", "K")
	for i := range 1000 {
		m.put(fmt.Sprint(i), "v")
		if i%5 == 0 {
			m.put("kept", "K") // mentioned again and again
		}
		if m.len() > 20 {
			t.Fatalf("%d keys after %d puts, want at most 20", m.len(), i+2)
		}
	}
	eq(t, "kept", m.get("kept"), "K")
	eq(t, "0 (long gone)", m.get("0"), "")
	eq(t, "999", m.get("999"), "v")
	if m.put("kept", "K") {
		t.Error("put of the same value reports a change")
	}
	if !m.put("kept", "L") {
		t.Error("put of a new value reports no change")
	}
}
