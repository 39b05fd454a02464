package model

import (
	"syscall"
	"unsafe"
)

// adviseHugePages asks the kernel to back a large table with 2 MiB pages:
// the tables probed once per event at random (symbol index, dedupe window)
// span thousands of 4 KiB pages, so with small pages nearly every probe
// also misses the TLB, and the page walks, not the loads, limit how many
// misses the processor overlaps. Only the whole 2 MiB pages inside s are
// advised; an error (an older kernel, THP off) leaves small pages.
func adviseHugePages[T any](s []T) {
	const huge = 2 << 20
	var zero T
	size := uintptr(cap(s)) * unsafe.Sizeof(zero)
	if size < 2*huge {
		return
	}
	base := unsafe.Pointer(unsafe.SliceData(s))
	p := uintptr(base)
	start, end := (p+huge-1)&^(huge-1), (p+size)&^(huge-1)
	if end > start {
		_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(base, start-p)), end-start), 14) // MADV_HUGEPAGE
	}
}
