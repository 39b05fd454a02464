package model

import (
	"reflect"
	"testing"

	"github.com/mistwatch/mistwatch/model/jsonscan"
)

// Every member name finds its own field through the hash table, no two
// share one, and names mistwatch does not read (or near misses) find none.
func TestWireFieldLookup(t *testing.T) {
	var w wireEvent
	seen := map[*[]byte]string{}
	for _, f := range wireFields {
		p := w.field(f.name)
		if p == nil {
			t.Fatalf("%q: no field", f.name)
		}
		if other, dup := seen[p]; dup {
			t.Errorf("%q and %q share a field", f.name, other)
		}
		seen[p] = f.name
	}
	if w.field("org_id") != &w.OrgID || w.field("bssid") != &w.BSSID || w.field("reason") != &w.Reason2 {
		t.Error("a name finds the wrong field")
	}
	for _, k := range []string{"", "seq", "org_i", "org_idx", "Org_id", "wlan_id", "connect", "x_"} {
		if w.field(k) != nil {
			t.Errorf("%q finds a field", k)
		}
	}
}

// wireHash stays a perfect hash of the names: each is found at its first
// probe (a name added later that collides still works, one probe slower;
// change wireHash's factors then).
func TestWireHashPerfect(t *testing.T) {
	for _, f := range wireFields {
		if wireTable[wireHash(f.name)].name != f.name {
			t.Errorf("%q is not at its first probe", f.name)
		}
	}
}

// readPlainObject, where it reads an object at all, reads what an Iter
// reads: the same end and the same value for every field, including
// duplicate keys (the last wins), nesting and white space.
func FuzzPlainObjectMatchesIter(f *testing.F) {
	for _, s := range []string{`{}`, `{"mac":"70ef00710001","rssi":-58,"x":1.5e3}`, `{ "ap" : "a" , "ap" : null }`,
		`{"scan_data":[{"ap":"x","rssi":-40}],"type":"sdk","n":{"a":[1,{}]}}`, `{"Mac":"upper"}`, `{"m\u0061c":"esc"}`,
		`{"mac":"a",}`, `{"mac" "a"}`, `{"mac":tru}`, `{"mac":"a"`, `{"name":"AP \"43\"","ssid":"caf\u00e9"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		if len(b) == 0 || b[0] != '{' {
			return
		}
		var fast, slow wireEvent
		end, ok := readPlainObject(b, 0, 2, &fast) // depth as readObject gives it inside the array below
		if !ok {
			return
		}
		outer, err := jsonscan.Open([]byte("["+s+"]"), 0, 0)
		if err != nil || !outer.Next() {
			t.Fatalf("%q: no outer array", s)
		}
		raw := readObjectIter(&outer, &slow)
		if raw == nil || len(raw) != end {
			t.Fatalf("%q: fast path ends at %d, the Iter at %d (%q)", s, end, len(raw), raw)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q: fast path read\n%+v\nthe Iter\n%+v", s, fast, slow)
		}
	})
}
