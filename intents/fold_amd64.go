package intents

// foldLetters is normalize's loop on the runes that need no more than a
// store or a skip (nearly every rune of a message), in fold_amd64.s: from
// s[i] on, it writes their folds to out from n, and returns where it
// stopped in s, the output's length and the last rune kept, as foldBytes
// gives it. It stops at any other rune (a run, a rune of three bytes or
// more, '$' or the apostrophe), for normalize to handle, and before a
// store could pass the end of out. normalize's own loop costs about twice
// as many instructions a rune: its values outnumber the registers.
//
//go:noescape
func foldLetters(out []byte, n int, s string, i int, last uint64) (j, m int, e uint64)

// spacesAt is spacesAtGo, in fold_amd64.s: sixteen bytes compared at once.
//
//go:noescape
func spacesAt(s string, at []int32) int
