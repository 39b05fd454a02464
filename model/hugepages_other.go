//go:build !linux

package model

// adviseHugePages is a no-op where there is no MADV_HUGEPAGE.
func adviseHugePages[T any](s []T) {}
