package model

import (
	"bytes"
	"testing"
	"unsafe"
)

// scanMessage is a sdkclient-scan-data message whose client heard an AP
// other than the one it is connected to.
const scanMessage = `{"topic":"sdkclient-scan-data","events":[{"mac":"70ef0071535f","connection_ap":"5c5b352f587e",` +
	`"connection_rssi":-80,"last_seen":1592333828,"scan_data":[` +
	`{"ap":"5c5b352f587e","bssid":"5c5b352b51b4","band":"2.4","channel":11,"rssi":-80,"ssid":"mist-wifi"},` +
	`{"ap":"5c5b35aaaaaa","bssid":"5c5b35aaaab8","band":"5","channel":36,"rssi":-61,"ssid":"corp-5"},` +
	`{"ap":"5c5b35bbbbbb","bssid":"5c5b35bbbbb8","band":"7","channel":1,"rssi":-70,"ssid":"lab"}]}]}`

// lentFrom reports whether b lies inside buf's memory.
func lentFrom(b, buf []byte) bool {
	p, lo := uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	return p >= lo && p < lo+uintptr(cap(buf))
}

func TestDecodeLeasedLendsTheBodyUntilRecycled(t *testing.T) {
	body := []byte(string(sessionsMessage(3)))
	_, want, _ := DecodeMessage(bytes.Clone(body), recv)
	var released [][]byte
	before := Leases()
	topic, evs, err := DecodeLeased(body, recv, func(b []byte) { released = append(released, b) })
	if err != nil || topic != "client-sessions" || len(evs) != 3 {
		t.Fatalf("DecodeLeased = %q, %d events, %v", topic, len(evs), err)
	}
	for i := range evs {
		if !lentFrom(evs[i].Raw, body) {
			t.Errorf("event %d: raw JSON copied, not lent from the body", i)
		}
		if evs[i].MAC != want[i].MAC || !bytes.Equal(evs[i].Raw, want[i].Raw) {
			t.Errorf("event %d: %s %s, DecodeMessage gives %s %s", i, evs[i].MAC, evs[i].Raw, want[i].MAC, want[i].Raw)
		}
	}
	if Leases() != before+1 {
		t.Fatalf("Leases = %d after a lease, want %d", Leases(), before+1)
	}
	Recycle(evs)
	if len(released) != 1 || &released[0][0] != &body[0] {
		t.Fatalf("Recycle released %d bodies, want the lent one", len(released))
	}
	if Leases() != before {
		t.Errorf("Leases = %d after Recycle, want %d", Leases(), before)
	}
	if evs[0].MAC != "" || evs[0].Raw != nil {
		t.Errorf("a recycled event still refers to the body: %q %q", evs[0].MAC, evs[0].Raw)
	}
	Recycle(evs)
	if len(released) != 1 {
		t.Errorf("recycling twice released the body %d times", len(released))
	}
}

func TestDecodeLeasedKeepsNothingOfABadOrEmptyMessage(t *testing.T) {
	before := Leases()
	for _, body := range []string{`{"topic":"zone","events":[{"x":1},]}`, `{"topic":"zone","events":[]}`, `[]`} {
		_, evs, err := DecodeLeased([]byte(body), recv, func([]byte) { t.Errorf("%s: body released: the caller keeps it", body) })
		if evs != nil {
			t.Errorf("%s: %d events (err %v), want none", body, len(evs), err)
		}
	}
	if Leases() != before {
		t.Errorf("Leases = %d, want %d", Leases(), before)
	}
}

func TestRecycleLeavesBatchesItDidNotLease(t *testing.T) {
	evs := decode(t, string(sessionsMessage(2)))
	Recycle(evs)
	if evs[0].MAC == "" || len(evs[0].Raw) == 0 {
		t.Errorf("Recycle cleared a batch DecodeMessage made: %+v", evs[0])
	}
}

// A lent batch goes back to its lender, once, when recycled; the store's
// pool gets nothing of it.
func TestLendGivesTheBatchBackToItsLender(t *testing.T) {
	evs := decode(t, string(sessionsMessage(2)))
	before := Leases()
	var back [][]Event
	Lend(evs, func(e []Event) { back = append(back, e) })
	if Leases() != before+1 {
		t.Fatalf("Leases = %d after Lend, want %d", Leases(), before+1)
	}
	Recycle(evs)
	Recycle(evs) // no longer leased: left alone
	if len(back) != 1 || &back[0][0] != &evs[0] || Leases() != before {
		t.Errorf("lender got %d batches back, Leases = %d (want 1 batch, %d)", len(back), Leases(), before)
	}
}

// The store copies what it keeps of leased events: once they are recycled
// and their body is overwritten, raw JSON, scan list and the client table's
// heard AP are still as received.
func TestStoreKeepsNothingOfARecycledBody(t *testing.T) {
	body := []byte(scanMessage)
	_, evs, err := DecodeLeased(body, recv, func([]byte) {})
	if err != nil {
		t.Fatal(err)
	}
	wantRaw := string(evs[0].Raw)
	s := NewStore(100)
	stored := s.Append(evs)
	if len(stored) != 1 {
		t.Fatalf("stored %d events, want 1", len(stored))
	}
	Recycle(evs)
	copy(body, bytes.Repeat([]byte("x"), len(body)))

	got, ok := s.Get(1)
	if !ok {
		t.Fatal("event 1 not held")
	}
	if string(got.Raw) != wantRaw {
		t.Errorf("raw JSON after the body changed: %s", got.Raw)
	}
	if len(got.Scan) != 3 || got.Scan[1].AP != "5c5b35aaaaaa" || got.Scan[1].BSSID != "5c5b35aaaab8" || got.Scan[1].SSID != "corp-5" ||
		got.Scan[2].Band != "7" { // a band NormalizeBand does not know is the body's own text
		t.Errorf("scan list after the body changed: %+v", got.Scan)
	}
	c, ok := s.Clients.Get("70ef0071535f")
	if !ok || c.HeardAP() != "5c5b35aaaaaa" {
		t.Errorf("client's heard AP after the body changed: %+v (held %v)", c, ok)
	}
}
