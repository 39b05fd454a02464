package model

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// The table's index answers as a map of the held strings would, through
// growth and removals (which move later entries of a run back).
func TestSymbolIndexAgreesWithAMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	syms := newSymbols(4) // small: grows and rebuilds many times
	held := map[string]int{}
	ids := map[string]Sym{}
	var refs []string // one entry per reference held
	for step := range 200000 {
		if len(refs) > 0 && rng.IntN(100) < 48 {
			k := rng.IntN(len(refs))
			s := refs[k]
			refs[k] = refs[len(refs)-1]
			refs = refs[:len(refs)-1]
			syms.release(ids[s])
			if held[s]--; held[s] == 0 {
				delete(held, s)
				delete(ids, s)
			}
		} else {
			s := fmt.Sprintf("70ef%08x", rng.IntN(5000))
			id := syms.intern(FieldMAC, s)
			if want, ok := ids[s]; ok && id != want {
				t.Fatalf("step %d: %q interned as %d, held as %d", step, s, id, want)
			}
			ids[s] = id
			held[s]++
			refs = append(refs, s)
		}
		if step%997 == 0 {
			for i := range 5000 {
				s := fmt.Sprintf("70ef%08x", i)
				id, ok := syms.Lookup(s)
				if want, held := ids[s]; ok != held || id != want {
					t.Fatalf("step %d: Lookup(%q) = %d, %v; want %d, %v", step, s, id, ok, want, held)
				}
				if ok && syms.String(id) != s {
					t.Fatalf("step %d: String(%d) = %q, want %q", step, id, syms.String(id), s)
				}
			}
			if syms.Len() != len(held) {
				t.Fatalf("step %d: Len %d, %d strings held", step, syms.Len(), len(held))
			}
		}
	}
}
