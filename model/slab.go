package model

import "slices"

// slab hands out slots of T from large blocks, so that a million small
// values are a few hundred allocations rather than a million, and, when T
// holds no pointers, blocks the collector never scans. A slot is an int32
// index; a freed slot is zeroed and handed out again before a new block is
// made, and a block left without a slot in use is let go of (release), so
// that a table that once grew does not keep every block it ever had.
type slab[T any] struct {
	blocks [][]T // nil: released
	inUse  []int32
	free   []int32 // slots to hand out, the next one last
	shift  uint    // a block holds 1<<shift slots
}

func newSlab[T any](shift uint) slab[T] { return slab[T]{shift: shift} }

// at is slot i, which must have been handed out and not freed since.
func (s *slab[T]) at(i int32) *T {
	return &s.blocks[i>>s.shift][i&(1<<s.shift-1)]
}

// lookup is slot i, nil when its block was released.
func (s *slab[T]) lookup(i int32) *T {
	if b := int(i >> s.shift); i < 0 || b >= len(s.blocks) || s.blocks[b] == nil {
		return nil
	}
	return s.at(i)
}

// alloc hands out a zeroed slot.
func (s *slab[T]) alloc() int32 {
	if len(s.free) == 0 {
		s.grow()
	}
	i := s.free[len(s.free)-1]
	s.free = s.free[:len(s.free)-1]
	s.inUse[i>>s.shift]++
	return i
}

// grow makes a block, in the place of a released one if there is one, and
// lists its slots as free, lowest last (handed out first).
func (s *slab[T]) grow() {
	b := len(s.blocks)
	for i, blk := range s.blocks {
		if blk == nil {
			b = i
			break
		}
	}
	if b == len(s.blocks) {
		s.blocks = append(s.blocks, nil)
		s.inUse = append(s.inUse, 0)
	}
	s.blocks[b] = make([]T, 1<<s.shift)
	for i := int32(1<<s.shift) - 1; i >= 0; i-- {
		s.free = append(s.free, int32(b)<<s.shift|i)
	}
}

// put frees slot i, zeroing it.
func (s *slab[T]) put(i int32) {
	var zero T
	*s.at(i) = zero
	s.free = append(s.free, i)
	s.inUse[i>>s.shift]--
}

// release lets go of the blocks no slot is in use in, but the last one
// left (the next few allocations would only make it again). It walks the
// free list: call it after freeing many slots at once, not after each.
func (s *slab[T]) release() {
	empty, kept := 0, false
	for b, n := range s.inUse {
		if n == 0 && s.blocks[b] != nil {
			empty++
		}
	}
	if empty < 2 {
		return
	}
	for b, n := range s.inUse {
		if n == 0 && s.blocks[b] != nil {
			if !kept {
				kept = true
				continue
			}
			s.blocks[b] = nil
		}
	}
	s.free = slices.DeleteFunc(s.free, func(i int32) bool { return s.blocks[i>>s.shift] == nil })
}

// len is how many slots are in use.
func (s *slab[T]) len() int {
	n := 0
	for _, u := range s.inUse {
		n += int(u)
	}
	return n
}

// blocksHeld is how many blocks the slab holds.
func (s *slab[T]) blocksHeld() int {
	n := 0
	for _, b := range s.blocks {
		if b != nil {
			n++
		}
	}
	return n
}
