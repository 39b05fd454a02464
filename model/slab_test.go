package model

import "testing"

// A slab hands a freed slot out again, zeroed, before it makes a block,
// and lets go of blocks left empty but one.
func TestSlabReusesFreedSlotsAndLetsGoOfEmptyBlocks(t *testing.T) {
	s := newSlab[int64](2) // blocks of 4
	var slots []int32
	for i := range 12 {
		slot := s.alloc()
		*s.at(slot) = int64(i + 1)
		slots = append(slots, slot)
	}
	if s.blocksHeld() != 3 || s.len() != 12 {
		t.Fatalf("12 slots in blocks of 4: %d blocks, %d in use", s.blocksHeld(), s.len())
	}
	s.put(slots[5])
	if again := s.alloc(); again != slots[5] || *s.at(again) != 0 {
		t.Fatalf("after freeing slot %d the next is %d holding %d; want it again, zeroed", slots[5], again, *s.at(again))
	}
	for _, slot := range slots[:8] { // blocks 0 and 1 empty
		s.put(slot)
	}
	s.release()
	if s.blocksHeld() != 2 || s.len() != 4 {
		t.Fatalf("after emptying two blocks: %d blocks held, %d in use; want one empty kept, 4 in use", s.blocksHeld(), s.len())
	}
	if s.lookup(slots[4]) != nil || s.lookup(slots[0]) == nil || *s.lookup(slots[8]) != 9 {
		t.Fatal("lookup must find released blocks' slots gone, kept ones zeroed, and live ones unchanged")
	}
	for range 8 {
		s.alloc()
	}
	if s.blocksHeld() != 3 || len(s.blocks) != 3 {
		t.Fatalf("refilled: %d blocks held of %d; want the released place taken again", s.blocksHeld(), len(s.blocks))
	}
}
