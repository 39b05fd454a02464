package model

import (
	"reflect"
	"testing"
	"time"
)

// AppendMessage decodes as DecodeMessage does, after what dst holds,
// leaving dst's events alone; a message that fails leaves dst as it was.
func TestAppendMessageAppendsWhatDecodeMessageGives(t *testing.T) {
	at := time.Date(2024, 5, 6, 7, 0, 0, 0, time.UTC)
	first := []byte(`{"topic":"client-join","events":[{"mac":"000000000001","rssi":-61},{"mac":"000000000002"}]}`)
	second := []byte(`{"events":[{"mac":"000000000003","timestamp":1700000000}],"topic":"client-sessions"}`) // events before topic
	var dst []Event
	for _, body := range [][]byte{first, second} {
		before := append([]Event(nil), dst...)
		topic, got, err := AppendMessage(dst, body, at, DecodeOptions{})
		wantTopic, want, wantErr := DecodeMessage(body, at)
		if err != nil || wantErr != nil || topic != wantTopic {
			t.Fatalf("AppendMessage: %q, %v; DecodeMessage: %q, %v", topic, err, wantTopic, wantErr)
		}
		if len(before) > 0 && !reflect.DeepEqual(got[:len(before)], before) {
			t.Fatal("AppendMessage changed the events already in dst")
		}
		if !reflect.DeepEqual(got[len(before):], want) {
			t.Fatalf("appended %+v, want %+v", got[len(before):], want)
		}
		dst = got
	}
	if len(dst) != 3 {
		t.Fatalf("%d events after two messages, want 3", len(dst))
	}
	for _, bad := range []string{`{"topic":"client-join","events":[{"mac":"000000000004"}],}`, `{"events":{}}`, `[1]`} {
		roomy := append(make([]Event, 0, len(dst)+8), dst...)
		_, got, err := AppendMessage(roomy, []byte(bad), at, DecodeOptions{})
		if err == nil {
			t.Fatalf("%s: no error", bad)
		}
		if len(got) != len(dst) || !reflect.DeepEqual(got, dst) {
			t.Errorf("%s: dst has %d events after a failed message, want the %d it had", bad, len(got), len(dst))
		}
	}
}
