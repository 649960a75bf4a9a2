#include "textflag.h"

// func foldLetters(out []byte, n int, s string, i int, last uint64) (j, m int, e uint64)
//
// normalize's loop (see it) on one- and two-byte runes, from s[i] on, while
// none needs more than a store or a skip: a rune whose fold (foldBytes) is
// neither dropped nor a space nor last is stored at out[n:] (four bytes,
// as normalize stores them) and becomes last; a dropped one is skipped; a
// space is stored after a rune other than a space, else skipped. It stops
// at anything else (last again, a longer rune, '$' and the apostrophe,
// whose folds are spaces but which normalize may spell out, a fold below
// a space, the end of s) and before a store could pass the end of out.
TEXT ·foldLetters(SB), NOSPLIT, $0-88
	MOVQ out_base+0(FP), DI
	MOVQ out_len+8(FP), R9
	SUBQ $4, R9              // a store needs n <= len(out)-4
	MOVQ n+24(FP), BX
	MOVQ s_base+32(FP), SI
	MOVQ s_len+40(FP), R10
	MOVQ i+48(FP), CX
	MOVQ last+56(FP), R8
	LEAQ ·foldBytes(SB), R11
	MOVQ $0x100000020, R12   // a space as foldBytes gives it
loop:
	CMPQ    CX, R10
	JGE     out
	CMPQ    BX, R9
	JGT     out
	MOVBLZX (SI)(CX*1), AX
	CMPL    AX, $0x80
	JAE     two
	CMPL    AX, $0x24        // '$'
	JEQ     out
	CMPL    AX, $0x27        // '\''
	JEQ     out
	MOVQ    (R11)(AX*8), AX  // an ASCII byte's fold
	MOVL    $1, DX           // its length in s
	JMP     fold
two:
	LEAQ    1(CX), DX
	CMPQ    DX, R10
	JGE     out
	LEAL    -0xC2(AX), R13
	CMPL    R13, $0x1E       // a lead byte C2 to DF
	JAE     out
	MOVBLZX 1(SI)(CX*1), DX
	MOVL    DX, R13
	ANDL    $0xC0, R13
	CMPL    R13, $0x80       // then a continuation byte
	JNE     out
	ANDL    $0x1F, AX
	SHLL    $6, AX
	ANDL    $0x3F, DX
	ORL     DX, AX           // the rune
	MOVQ    (R11)(AX*8), AX  // its fold
	MOVL    $2, DX
fold:
	CMPQ AX, R12
	JLS  small               // dropped, a space or below
	CMPQ AX, R8
	JEQ  out                 // last again: a run, for normalize
store:
	MOVL AX, (DI)(BX*1)
	MOVQ AX, R8
	SHRQ $32, AX
	ADDQ AX, BX
	ADDQ DX, CX
	JMP  loop
small:
	TESTQ AX, AX
	JEQ   skip               // dropped
	CMPQ  AX, R12
	JNE   out                // below a space: for normalize
	TESTQ BX, BX
	JEQ   skip               // a space first
	CMPQ  R8, R12
	JNE   store              // a space after a letter; not after a space
skip:
	ADDQ DX, CX
	JMP  loop
out:
	MOVQ CX, j+64(FP)
	MOVQ BX, m+72(FP)
	MOVQ R8, e+80(FP)
	RET

// func spacesAt(s string, at []int32) int
//
// The index of each space of s, sixteen bytes compared at once (SSE2), the
// spaces among them taken lowest first; the last bytes one at a time.
TEXT ·spacesAt(SB), NOSPLIT, $0-48
	MOVQ       s_base+0(FP), SI
	MOVQ       s_len+8(FP), CX
	MOVQ       at_base+16(FP), DI
	MOVQ       at_len+24(FP), R8
	XORQ       AX, AX                  // the block's start
	XORQ       DX, DX                  // how many spaces
	MOVQ       $0x2020202020202020, R9
	MOVQ       R9, X1
	PUNPCKLQDQ X1, X1                  // sixteen spaces
block:
	LEAQ     16(AX), R10
	CMPQ     R10, CX
	JGT      tail
	MOVOU    (SI)(AX*1), X0
	PCMPEQB  X1, X0
	PMOVMSKB X0, R11                   // a bit a space
	TESTL    R11, R11
	JEQ      nextblock
space:
	BSFL R11, R10
	ADDQ AX, R10
	CMPQ DX, R8
	JAE  counted                       // at is full: counted only
	MOVL R10, (DI)(DX*4)
counted:
	INCQ DX
	LEAL -1(R11), R10
	ANDL R10, R11                      // the next space
	JNE  space
nextblock:
	ADDQ $16, AX
	JMP  block
tail:
	CMPQ AX, CX
	JGE  done
	CMPB (SI)(AX*1), $0x20
	JNE  tailnext
	CMPQ DX, R8
	JAE  tailcounted
	MOVL AX, (DI)(DX*4)
tailcounted:
	INCQ DX
tailnext:
	INCQ AX
	JMP  tail
done:
	MOVQ DX, ret+40(FP)
	RET
