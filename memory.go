package main

// maxStoreBytesCeiling caps the default --max-store-bytes on big machines.
const maxStoreBytesCeiling = 4 << 30

// defaultMaxStoreBytes is a quarter of physical memory, at most 4 GiB (1 GiB
// where the memory size is unknown): a flood of huge events cannot take the
// machine, and a laptop keeps room for everything else it runs.
func defaultMaxStoreBytes() int64 {
	return storeBudget(physicalMemory())
}

func storeBudget(physical uint64) int64 {
	if physical == 0 {
		return 1 << 30
	}
	return int64(min(physical/4, maxStoreBytesCeiling))
}
