// Package modeltest builds the messages the load tool sends, for the load
// tool itself and for the benchmarks that stand in for it, so the traffic
// measured in a benchmark is the traffic measured on the real binary.
package modeltest

import (
	"bytes"
	"fmt"
)

// LoadMessage writes a client-join or client-sessions message of n events
// (the topic alternates every n events), each made distinct by its sequence
// number and client MAC, so a dedupe window cannot help.
func LoadMessage(b *bytes.Buffer, first uint64, n int) {
	topic := "client-join"
	if first/uint64(n)%2 == 1 {
		topic = "client-sessions"
	}
	fmt.Fprintf(b, `{"topic":%q,"events":[`, topic)
	for i := uint64(0); i < uint64(n); i++ {
		s := first + i
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(b, `{"seq":%d,"mac":"70ef%08x","ap":"5c5b35%06x","ap_name":"AP43 Floor %d","band":"5","channel":36,`+
			`"org_id":"6748cfa6-4e12-11e6-8f42-0242ac110008","site_id":"d761985e-49b1-4506-8f42-0242ac110008","site_name":"HQ",`+
			`"ssid":"corp","rssi":-%d,"timestamp":%d,"client_family":"iPhone","client_os":"17.1","client_manufacture":"Apple"`,
			s, s&0xffffffff, s%64, s%64, 40+s%50, 1700000000+s/100)
		if topic == "client-sessions" {
			fmt.Fprintf(b, `,"duration":%d.5,"termination_reason":%d,"next_ap":"000000000000"`, s%3600, 1+s%3)
		}
		b.WriteByte('}')
	}
	b.WriteString("]}")
}

// LoadMessageBytes is LoadMessage into a new slice.
func LoadMessageBytes(first, n int) []byte {
	var b bytes.Buffer
	LoadMessage(&b, uint64(first), n)
	return b.Bytes()
}
