package model

import "testing"

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
