#include "textflag.h"

// func gramHitsAsm(full []byte, at []int32, runes int, slots []gramSlot, shift uint, masks *[9]uint64, out []int32) int
//
// gramHitsGo's loops (for n of 3 then 4, each start i): the gram's bytes
// full[at[i]:at[i+n]], read eight at once and masked (masks[len]), hashed
// as gramHash does and looked up in the slots; the id of a hit, or
// ^(i<<3|n) for a gram of more than 8 bytes, appended to out. full has
// eight bytes of room past at[runes], and out room for every gram.
TEXT ·gramHitsAsm(SB), NOSPLIT, $16-128
	MOVQ full_base+0(FP), SI
	MOVQ at_base+24(FP), DI
	MOVQ slots_base+56(FP), R9
	MOVQ slots_len+64(FP), R10
	DECQ R10                     // the slots' mask
	MOVQ shift+80(FP), CX
	MOVQ masks+88(FP), R8
	MOVQ out_base+96(FP), R11
	XORQ R12, R12                // how many in out
	MOVQ $0x9E3779B97F4A7C15, R15
	MOVQ $3, 8(SP)               // n: 3-grams, then 4-grams
	MOVQ runes+48(FP), R13
	SUBQ $3, R13                 // the last start of an n-gram
	XORQ BX, BX

g_loop:
	CMPQ    BX, R13
	JGT     g_done
	MOVLQSX (DI)(BX*4), AX       // where the gram starts
	MOVQ    8(SP), DX
	ADDQ    BX, DX
	MOVLQSX (DI)(DX*4), DX       // and ends
	SUBQ    AX, DX               // its length
	CMPQ    DX, $8
	JGT     g_long
	MOVQ    (SI)(AX*1), AX       // its bytes
	ANDQ    (R8)(DX*8), AX       // masked to its length: the key
	MOVQ    DX, 0(SP)            // the length, for the slot's test
	SHLQ    $59, DX              // gramHash
	XORQ    AX, DX
	IMULQ   R15, DX
	MOVQ    DX, R14
	SHRQ    $29, R14
	XORQ    R14, DX
	SHRQ    CX, DX               // the first slot
g_probe:
	MOVQ    DX, R14
	SHLQ    $4, R14              // 16-byte slots
	CMPL    8(R9)(R14*1), $0
	JEQ     g_next               // an empty slot: not in the index
	CMPQ    AX, (R9)(R14*1)
	JNE     g_on
	MOVQ    0(SP), DX
	CMPL    DX, 8(R9)(R14*1)
	JNE     g_onj
	MOVL    12(R9)(R14*1), DX    // the id
	MOVL    DX, (R11)(R12*4)
	INCQ    R12
	JMP     g_next
g_onj:
	MOVQ    R14, DX
	SHRQ    $4, DX
g_on:
	INCQ    DX
	ANDQ    R10, DX
	JMP     g_probe
g_long:
	MOVQ    BX, DX               // ^(i<<3|n), for the Go code
	SHLQ    $3, DX
	ORQ     8(SP), DX
	NOTQ    DX
	MOVL    DX, (R11)(R12*4)
	INCQ    R12
g_next:
	INCQ    BX
	JMP     g_loop
g_done:
	CMPQ    8(SP), $4
	JEQ     g_end
	MOVQ    $4, 8(SP)
	DECQ    R13                  // the last start of a 4-gram
	XORQ    BX, BX
	JMP     g_loop
g_end:
	MOVQ R12, ret+120(FP)
	RET
