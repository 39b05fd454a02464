package model

import (
	"testing"
	"time"
)

func TestStoreDropsDuplicateDeliveries(t *testing.T) {
	body := []byte(`{"topic":"client-join","events":[{"mac":"70ef0071535f","rssi":-60,"timestamp":1793610000}]}`)
	decode := func() []Event {
		_, evs, err := DecodeMessage(body, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return evs
	}
	s := NewStore(2)
	if got := len(s.Append(decode())); got != 1 {
		t.Fatalf("first delivery stored %d", got)
	}
	if got := len(s.Append(decode())); got != 0 || s.Duplicates() != 1 || s.Len() != 1 {
		t.Fatalf("the org+site copy should be counted, not stored: stored %d, dups %d, len %d", got, s.Duplicates(), s.Len())
	}
	// Once the original is evicted, the same content is new again.
	other := []byte(`{"topic":"ping","events":[{"n":1},{"n":2}]}`)
	_, evs, _ := DecodeMessage(other, time.Now())
	s.Append(evs)
	if got := len(s.Append(decode())); got != 1 {
		t.Fatalf("after its original left the store an event is not a duplicate: stored %d", got)
	}
	keep := NewStore(10)
	keep.Dedupe = false
	keep.Append(decode())
	if got := len(keep.Append(decode())); got != 1 || keep.Duplicates() != 0 {
		t.Fatal("with Dedupe off every copy is stored")
	}
}
