package intents

import (
	"runtime"
	"syscall"
	"unsafe"
)

// hugePage is the size of a huge page on x86-64 (and on arm64 with 4 KiB
// pages).
const hugePage = 2 << 20

// madvCollapse is Linux's MADV_COLLAPSE (6.1 and later): back a range with
// huge pages now, copying what it holds.
const madvCollapse = 25

// hugePages asks the kernel to back the 2 MiB blocks that table s lies in
// with huge pages, unless they would take more than budget bytes; it
// returns what they took. A question reads a few rows of each of many
// tables (the words' score vectors and the learned rows, the tables of
// words, n-grams and pairs), each read on a page of its own: with 4 KiB
// pages most of them also miss the TLB, and on a virtual machine a page
// walk costs dozens of memory reads. Whole blocks are collapsed, so the
// objects beside s share them; their contents stay as they are. Nothing
// is marked for later (no MADV_HUGEPAGE), so memory the heap frees and
// gives back is not collapsed again. A hint: kernels without it, or with
// transparent huge pages off, refuse it, and nothing changes. The
// addresses go to the kernel as integers: no Go pointer outside s is made.
func hugePages[E any](s []E, budget uintptr) uintptr {
	if len(s) == 0 {
		return 0
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	lo := p &^ (hugePage - 1)
	hi := (p + uintptr(len(s))*unsafe.Sizeof(s[0]) + hugePage - 1) &^ (hugePage - 1)
	if hi-lo > budget {
		return 0
	}
	for b := lo; b < hi; b += hugePage {
		syscall.Syscall(syscall.SYS_MADVISE, b, hugePage, madvCollapse)
	}
	runtime.KeepAlive(s)
	return hi - lo
}
