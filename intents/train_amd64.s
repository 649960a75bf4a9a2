#include "textflag.h"

// maskTab<>: eight lanes set, then eight clear; the eight from lane 8-k
// on are a mask of the first k lanes.
DATA maskTab<>+0(SB)/4, $0xffffffff
DATA maskTab<>+4(SB)/4, $0xffffffff
DATA maskTab<>+8(SB)/4, $0xffffffff
DATA maskTab<>+12(SB)/4, $0xffffffff
DATA maskTab<>+16(SB)/4, $0xffffffff
DATA maskTab<>+20(SB)/4, $0xffffffff
DATA maskTab<>+24(SB)/4, $0xffffffff
DATA maskTab<>+28(SB)/4, $0xffffffff
DATA maskTab<>+32(SB)/4, $0
DATA maskTab<>+36(SB)/4, $0
DATA maskTab<>+40(SB)/4, $0
DATA maskTab<>+44(SB)/4, $0
DATA maskTab<>+48(SB)/4, $0
DATA maskTab<>+52(SB)/4, $0
DATA maskTab<>+56(SB)/4, $0
DATA maskTab<>+60(SB)/4, $0
GLOBL maskTab<>(SB), RODATA|NOPTR, $64

// func scoreDenseAVX(w []float32, classes, stride int, ids []int32, xs []float32, out []float32)
//
// out[c] = sum over i, in order, of w[ids[i]*stride+c]*xs[i], each
// product rounded and then added (no fused multiply-add), from 0: the
// sums of scoreDenseGo exactly. Classes are taken 96 at a time, their
// sums kept in Y0-Y11 across every feature; the last eight of a block
// may be fewer, read and written through a mask (Y13). The row of the
// feature four ahead is prefetched: rows are far apart in a large matrix.
//
// Registers: SI w, R8 classes, CX stride, R9 ids, R10 len(ids), R11 xs, DI out,
// R12 the block's first class, R14 its full eights, R15 the rest, BX the
// feature, DX its row, Y12 its value.
TEXT ·scoreDenseAVX(SB), NOSPLIT, $0-112
	MOVQ w_base+0(FP), SI
	MOVQ classes+24(FP), R8
	MOVQ stride+32(FP), CX
	MOVQ ids_base+40(FP), R9
	MOVQ ids_len+48(FP), R10
	MOVQ xs_base+64(FP), R11
	MOVQ out_base+88(FP), DI
	XORQ R12, R12
block:
	CMPQ R12, R8
	JGE  done
	MOVQ R8, R13
	SUBQ R12, R13
	CMPQ R13, $96
	JLE  sized
	MOVQ $96, R13
sized:
	MOVQ R13, R14
	SHRQ $3, R14
	MOVQ R13, R15
	ANDQ $7, R15
	MOVQ $8, AX
	SUBQ R15, AX
	LEAQ maskTab<>(SB), DX
	VMOVDQU (DX)(AX*4), Y13
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	XORQ BX, BX
feature:
	CMPQ BX, R10
	JGE  store
	LEAQ 4(BX), AX
	CMPQ AX, R10
	JGE  row
	MOVLQSX (R9)(AX*4), AX
	IMULQ   CX, AX
	ADDQ    R12, AX
	LEAQ    (SI)(AX*4), AX
	PREFETCHT0 0(AX)
	PREFETCHT0 64(AX)
	PREFETCHT0 128(AX)
	PREFETCHT0 192(AX)
	PREFETCHT0 256(AX)
	PREFETCHT0 320(AX)
row:
	MOVLQSX      (R9)(BX*4), AX
	IMULQ        CX, AX
	ADDQ         R12, AX
	LEAQ         (SI)(AX*4), DX
	VBROADCASTSS (R11)(BX*4), Y12
	CMPQ   R14, $0
	JEQ    mask0
	VMULPS 0(DX), Y12, Y14
	VADDPS Y14, Y0, Y0
	CMPQ   R14, $1
	JEQ    mask1
	VMULPS 32(DX), Y12, Y14
	VADDPS Y14, Y1, Y1
	CMPQ   R14, $2
	JEQ    mask2
	VMULPS 64(DX), Y12, Y14
	VADDPS Y14, Y2, Y2
	CMPQ   R14, $3
	JEQ    mask3
	VMULPS 96(DX), Y12, Y14
	VADDPS Y14, Y3, Y3
	CMPQ   R14, $4
	JEQ    mask4
	VMULPS 128(DX), Y12, Y14
	VADDPS Y14, Y4, Y4
	CMPQ   R14, $5
	JEQ    mask5
	VMULPS 160(DX), Y12, Y14
	VADDPS Y14, Y5, Y5
	CMPQ   R14, $6
	JEQ    mask6
	VMULPS 192(DX), Y12, Y14
	VADDPS Y14, Y6, Y6
	CMPQ   R14, $7
	JEQ    mask7
	VMULPS 224(DX), Y12, Y14
	VADDPS Y14, Y7, Y7
	CMPQ   R14, $8
	JEQ    mask8
	VMULPS 256(DX), Y12, Y14
	VADDPS Y14, Y8, Y8
	CMPQ   R14, $9
	JEQ    mask9
	VMULPS 288(DX), Y12, Y14
	VADDPS Y14, Y9, Y9
	CMPQ   R14, $10
	JEQ    mask10
	VMULPS 320(DX), Y12, Y14
	VADDPS Y14, Y10, Y10
	CMPQ   R14, $11
	JEQ    mask11
	VMULPS 352(DX), Y12, Y14
	VADDPS Y14, Y11, Y11
	JMP    next
mask0:
	TESTQ      R15, R15
	JEQ        next
	VMASKMOVPS 0(DX), Y13, Y14
	VMULPS     Y14, Y12, Y14
	VADDPS     Y14, Y0, Y0
	JMP        next
mask1:
	TESTQ      R15, R15
	JEQ        next
	VMASKMOVPS 32(DX), Y13, Y14
	VMULPS     Y14, Y12, Y14
	VADDPS     Y14, Y1, Y1
	JMP        next
mask2:
	TESTQ      R15, R15
	JEQ        next
	VMASKMOVPS 64(DX), Y13, Y14
	VMULPS     Y14, Y12, Y14
	VADDPS     Y14, Y2, Y2
	JMP        next
mask3:
	TESTQ      R15, R15
	JEQ        next
	VMASKMOVPS 96(DX), Y13, Y14
	VMULPS     Y14, Y12, Y14
	VADDPS     Y14, Y3, Y3
	JMP        next
mask4:
	TESTQ      R15, R15
	JEQ        next
	VMASKMOVPS 128(DX), Y13, Y14
	VMULPS     Y14, Y12, Y14
	VADDPS     Y14, Y4, Y4
	JMP        next
mask5:
	TESTQ      R15, R15
	JEQ        next
	VMASKMOVPS 160(DX), Y13, Y14
	VMULPS     Y14, Y12, Y14
	VADDPS     Y14, Y5, Y5
	JMP        next
mask6:
	TESTQ      R15, R15
	JEQ        next
	VMASKMOVPS 192(DX), Y13, Y14
	VMULPS     Y14, Y12, Y14
	VADDPS     Y14, Y6, Y6
	JMP        next
mask7:
	TESTQ      R15, R15
	JEQ        next
	VMASKMOVPS 224(DX), Y13, Y14
	VMULPS     Y14, Y12, Y14
	VADDPS     Y14, Y7, Y7
	JMP        next
mask8:
	TESTQ      R15, R15
	JEQ        next
	VMASKMOVPS 256(DX), Y13, Y14
	VMULPS     Y14, Y12, Y14
	VADDPS     Y14, Y8, Y8
	JMP        next
mask9:
	TESTQ      R15, R15
	JEQ        next
	VMASKMOVPS 288(DX), Y13, Y14
	VMULPS     Y14, Y12, Y14
	VADDPS     Y14, Y9, Y9
	JMP        next
mask10:
	TESTQ      R15, R15
	JEQ        next
	VMASKMOVPS 320(DX), Y13, Y14
	VMULPS     Y14, Y12, Y14
	VADDPS     Y14, Y10, Y10
	JMP        next
mask11:
	TESTQ      R15, R15
	JEQ        next
	VMASKMOVPS 352(DX), Y13, Y14
	VMULPS     Y14, Y12, Y14
	VADDPS     Y14, Y11, Y11
	JMP        next
next:
	INCQ BX
	JMP  feature
store:
	LEAQ (DI)(R12*4), DX
	CMPQ    R14, $0
	JEQ     last0
	VMOVUPS Y0, 0(DX)
	CMPQ    R14, $1
	JEQ     last1
	VMOVUPS Y1, 32(DX)
	CMPQ    R14, $2
	JEQ     last2
	VMOVUPS Y2, 64(DX)
	CMPQ    R14, $3
	JEQ     last3
	VMOVUPS Y3, 96(DX)
	CMPQ    R14, $4
	JEQ     last4
	VMOVUPS Y4, 128(DX)
	CMPQ    R14, $5
	JEQ     last5
	VMOVUPS Y5, 160(DX)
	CMPQ    R14, $6
	JEQ     last6
	VMOVUPS Y6, 192(DX)
	CMPQ    R14, $7
	JEQ     last7
	VMOVUPS Y7, 224(DX)
	CMPQ    R14, $8
	JEQ     last8
	VMOVUPS Y8, 256(DX)
	CMPQ    R14, $9
	JEQ     last9
	VMOVUPS Y9, 288(DX)
	CMPQ    R14, $10
	JEQ     last10
	VMOVUPS Y10, 320(DX)
	CMPQ    R14, $11
	JEQ     last11
	VMOVUPS Y11, 352(DX)
	JMP     stored
last0:
	TESTQ      R15, R15
	JEQ        stored
	VMASKMOVPS Y0, Y13, 0(DX)
	JMP        stored
last1:
	TESTQ      R15, R15
	JEQ        stored
	VMASKMOVPS Y1, Y13, 32(DX)
	JMP        stored
last2:
	TESTQ      R15, R15
	JEQ        stored
	VMASKMOVPS Y2, Y13, 64(DX)
	JMP        stored
last3:
	TESTQ      R15, R15
	JEQ        stored
	VMASKMOVPS Y3, Y13, 96(DX)
	JMP        stored
last4:
	TESTQ      R15, R15
	JEQ        stored
	VMASKMOVPS Y4, Y13, 128(DX)
	JMP        stored
last5:
	TESTQ      R15, R15
	JEQ        stored
	VMASKMOVPS Y5, Y13, 160(DX)
	JMP        stored
last6:
	TESTQ      R15, R15
	JEQ        stored
	VMASKMOVPS Y6, Y13, 192(DX)
	JMP        stored
last7:
	TESTQ      R15, R15
	JEQ        stored
	VMASKMOVPS Y7, Y13, 224(DX)
	JMP        stored
last8:
	TESTQ      R15, R15
	JEQ        stored
	VMASKMOVPS Y8, Y13, 256(DX)
	JMP        stored
last9:
	TESTQ      R15, R15
	JEQ        stored
	VMASKMOVPS Y9, Y13, 288(DX)
	JMP        stored
last10:
	TESTQ      R15, R15
	JEQ        stored
	VMASKMOVPS Y10, Y13, 320(DX)
	JMP        stored
last11:
	TESTQ      R15, R15
	JEQ        stored
	VMASKMOVPS Y11, Y13, 352(DX)
	JMP        stored
stored:
	ADDQ $96, R12
	JMP  block
done:
	VZEROUPPER
	RET
