#include "textflag.h"

// The posting walks of rank, as addScoresGo and keepBestGo do them (the
// same operations in the same order, so the same bits), without their
// bounds checks: the index built the postings, so their documents and
// slots are in range.

// func addScores(docs []float32, row []docPosting, w float32)
TEXT ·addScores(SB), NOSPLIT, $0-52
	MOVQ  docs_base+0(FP), DI
	MOVQ  row_base+24(FP), SI
	MOVQ  row_len+32(FP), CX
	MOVSS w+48(FP), X1
	MOVQ  CX, DX
	ANDQ  $3, DX          // the first len%4 one at a time
	SHRQ  $2, CX          // then four at a time: one loop test for four
	TESTQ DX, DX
	JEQ   fours
one:
	MOVL  (SI), R9        // doc
	MOVSS 8(SI), X0       // w
	MULSS X1, X0
	ADDSS (DI)(R9*4), X0
	MOVSS X0, (DI)(R9*4)
	ADDQ  $12, SI
	DECQ  DX
	JNE   one
fours:
	TESTQ CX, CX
	JEQ   done
four:
	// In order: a document twice in a row would see its first add.
	MOVL  0(SI), R9
	MOVSS 8(SI), X0
	MULSS X1, X0
	ADDSS (DI)(R9*4), X0
	MOVSS X0, (DI)(R9*4)
	MOVL  12(SI), R10
	MOVSS 20(SI), X2
	MULSS X1, X2
	ADDSS (DI)(R10*4), X2
	MOVSS X2, (DI)(R10*4)
	MOVL  24(SI), R11
	MOVSS 32(SI), X3
	MULSS X1, X3
	ADDSS (DI)(R11*4), X3
	MOVSS X3, (DI)(R11*4)
	MOVL  36(SI), R12
	MOVSS 44(SI), X4
	MULSS X1, X4
	ADDSS (DI)(R12*4), X4
	MOVSS X4, (DI)(R12*4)
	ADDQ  $48, SI
	DECQ  CX
	JNE   four
done:
	RET

// func addRow(dst []float32, row []posting, w float32)
TEXT ·addRow(SB), NOSPLIT, $0-52
	MOVQ  dst_base+0(FP), DI
	MOVQ  row_base+24(FP), SI
	MOVQ  row_len+32(FP), CX
	MOVSS w+48(FP), X1
	MOVQ  CX, DX
	ANDQ  $3, DX          // the first len%4 one at a time
	SHRQ  $2, CX          // then four at a time
	TESTQ DX, DX
	JEQ   fours
one:
	MOVL  (SI), R9        // doc
	MOVSS 4(SI), X0       // w
	MULSS X1, X0
	ADDSS (DI)(R9*4), X0
	MOVSS X0, (DI)(R9*4)
	ADDQ  $8, SI
	DECQ  DX
	JNE   one
fours:
	TESTQ CX, CX
	JEQ   done
four:
	MOVL  0(SI), R9
	MOVSS 4(SI), X0
	MULSS X1, X0
	ADDSS (DI)(R9*4), X0
	MOVSS X0, (DI)(R9*4)
	MOVL  8(SI), R10
	MOVSS 12(SI), X2
	MULSS X1, X2
	ADDSS (DI)(R10*4), X2
	MOVSS X2, (DI)(R10*4)
	MOVL  16(SI), R11
	MOVSS 20(SI), X3
	MULSS X1, X3
	ADDSS (DI)(R11*4), X3
	MOVSS X3, (DI)(R11*4)
	MOVL  24(SI), R12
	MOVSS 28(SI), X4
	MULSS X1, X4
	ADDSS (DI)(R12*4), X4
	MOVSS X4, (DI)(R12*4)
	ADDQ  $32, SI
	DECQ  CX
	JNE   four
done:
	RET

// func addSparse(dst []float32, cls []uint16, val []float32, w float32)
TEXT ·addSparse(SB), NOSPLIT, $0-76
	MOVQ  dst_base+0(FP), DI
	MOVQ  cls_base+24(FP), SI
	MOVQ  cls_len+32(FP), CX
	MOVQ  val_base+48(FP), BX
	MOVSS w+72(FP), X1
	MOVQ  CX, DX
	ANDQ  $3, DX          // the first len%4 one at a time
	SHRQ  $2, CX          // then four at a time
	TESTQ DX, DX
	JEQ   fours
one:
	MOVWLZX (SI), R9      // service
	MOVSS   (BX), X0      // weight
	MULSS   X1, X0
	ADDSS   (DI)(R9*4), X0
	MOVSS   X0, (DI)(R9*4)
	ADDQ    $2, SI
	ADDQ    $4, BX
	DECQ    DX
	JNE     one
fours:
	TESTQ CX, CX
	JEQ   done
four:
	MOVWLZX 0(SI), R9
	MOVSS   0(BX), X0
	MULSS   X1, X0
	ADDSS   (DI)(R9*4), X0
	MOVSS   X0, (DI)(R9*4)
	MOVWLZX 2(SI), R10
	MOVSS   4(BX), X2
	MULSS   X1, X2
	ADDSS   (DI)(R10*4), X2
	MOVSS   X2, (DI)(R10*4)
	MOVWLZX 4(SI), R11
	MOVSS   8(BX), X3
	MULSS   X1, X3
	ADDSS   (DI)(R11*4), X3
	MOVSS   X3, (DI)(R11*4)
	MOVWLZX 6(SI), R12
	MOVSS   12(BX), X4
	MULSS   X1, X4
	ADDSS   (DI)(R12*4), X4
	MOVSS   X4, (DI)(R12*4)
	ADDQ    $8, SI
	ADDQ    $16, BX
	DECQ    CX
	JNE     four
done:
	RET

// func keepBest(per []agg, docs []float32, row []docPosting)
TEXT ·keepBest(SB), NOSPLIT, $0-72
	MOVQ  per_base+0(FP), AX
	MOVQ  docs_base+24(FP), DI
	MOVQ  row_base+48(FP), SI
	MOVQ  row_len+56(FP), CX
	TESTQ CX, CX
	JEQ   done
	MOVL  4(SI), BX        // the run's slot
	MOVL  (AX)(BX*8), R8   // its best
	MOVL  4(AX)(BX*8), DX  // and second best
	MOVQ  CX, R12
	ANDQ  $3, R12          // the first len%4 one at a time
	SHRQ  $2, CX           // then four at a time
	TESTQ R12, R12
	JEQ   fours
one:
	// A slot's second best is never above its best, so
	// max(second, min(best, v)) is max(second, v) unless v beats best.
	MOVL  0(SI), R9       // doc
	MOVL  4(SI), R10      // slot
	MOVL  (DI)(R9*4), R11  // v: the score's bits
	MOVL  $0, (DI)(R9*4)
	CMPL  R10, BX
	JNE   next0
keep0:
	CMPL    R11, DX
	CMOVLHI R11, DX        // second = max(second, v)
	CMPL    R11, R8
	CMOVLHI R8, DX         // v > best: second = best
	CMOVLHI R11, R8        // and best = v
	ADDQ  $12, SI
	DECQ  R12
	JNE   one
fours:
	TESTQ CX, CX
	JEQ   last
four:
	MOVL  0(SI), R9       // doc
	MOVL  4(SI), R10      // slot
	MOVL  (DI)(R9*4), R11  // v: the score's bits
	MOVL  $0, (DI)(R9*4)
	CMPL  R10, BX
	JNE   next1
keep1:
	CMPL    R11, DX
	CMOVLHI R11, DX        // second = max(second, v)
	CMPL    R11, R8
	CMOVLHI R8, DX         // v > best: second = best
	CMOVLHI R11, R8        // and best = v
	MOVL  12(SI), R9       // doc
	MOVL  16(SI), R10      // slot
	MOVL  (DI)(R9*4), R11  // v: the score's bits
	MOVL  $0, (DI)(R9*4)
	CMPL  R10, BX
	JNE   next2
keep2:
	CMPL    R11, DX
	CMOVLHI R11, DX        // second = max(second, v)
	CMPL    R11, R8
	CMOVLHI R8, DX         // v > best: second = best
	CMOVLHI R11, R8        // and best = v
	MOVL  24(SI), R9       // doc
	MOVL  28(SI), R10      // slot
	MOVL  (DI)(R9*4), R11  // v: the score's bits
	MOVL  $0, (DI)(R9*4)
	CMPL  R10, BX
	JNE   next3
keep3:
	CMPL    R11, DX
	CMOVLHI R11, DX        // second = max(second, v)
	CMPL    R11, R8
	CMOVLHI R8, DX         // v > best: second = best
	CMOVLHI R11, R8        // and best = v
	MOVL  36(SI), R9       // doc
	MOVL  40(SI), R10      // slot
	MOVL  (DI)(R9*4), R11  // v: the score's bits
	MOVL  $0, (DI)(R9*4)
	CMPL  R10, BX
	JNE   next4
keep4:
	CMPL    R11, DX
	CMOVLHI R11, DX        // second = max(second, v)
	CMPL    R11, R8
	CMOVLHI R8, DX         // v > best: second = best
	CMOVLHI R11, R8        // and best = v
	ADDQ  $48, SI
	DECQ  CX
	JNE   four
last:
	MOVL  R8, (AX)(BX*8)
	MOVL  DX, 4(AX)(BX*8)
done:
	RET

	// A new run: store the last one's, load this one's.
next0:
	MOVL R8, (AX)(BX*8)
	MOVL DX, 4(AX)(BX*8)
	MOVL R10, BX
	MOVL (AX)(BX*8), R8
	MOVL 4(AX)(BX*8), DX
	JMP  keep0
next1:
	MOVL R8, (AX)(BX*8)
	MOVL DX, 4(AX)(BX*8)
	MOVL R10, BX
	MOVL (AX)(BX*8), R8
	MOVL 4(AX)(BX*8), DX
	JMP  keep1
next2:
	MOVL R8, (AX)(BX*8)
	MOVL DX, 4(AX)(BX*8)
	MOVL R10, BX
	MOVL (AX)(BX*8), R8
	MOVL 4(AX)(BX*8), DX
	JMP  keep2
next3:
	MOVL R8, (AX)(BX*8)
	MOVL DX, 4(AX)(BX*8)
	MOVL R10, BX
	MOVL (AX)(BX*8), R8
	MOVL 4(AX)(BX*8), DX
	JMP  keep3
next4:
	MOVL R8, (AX)(BX*8)
	MOVL DX, 4(AX)(BX*8)
	MOVL R10, BX
	MOVL (AX)(BX*8), R8
	MOVL 4(AX)(BX*8), DX
	JMP  keep4

// fuseGo's loop four services at a time: the same operations in the same
// order, each rounded (no fused multiply-add), so the same bits.

DATA fuseperm<>+0(SB)/4, $0 // the bests of four aggs, then their seconds
DATA fuseperm<>+4(SB)/4, $2
DATA fuseperm<>+8(SB)/4, $4
DATA fuseperm<>+12(SB)/4, $6
DATA fuseperm<>+16(SB)/4, $1
DATA fuseperm<>+20(SB)/4, $3
DATA fuseperm<>+24(SB)/4, $5
DATA fuseperm<>+28(SB)/4, $7
GLOBL fuseperm<>(SB), RODATA|NOPTR, $32

// func fuseAVX2(evs, fused *float64, per, prof *agg, cents *float32, lin *float64, inv float32, n int, k *[6]float64)
TEXT ·fuseAVX2(SB), NOSPLIT, $0-72
	MOVQ         evs+0(FP), DI
	MOVQ         fused+8(FP), DX
	MOVQ         per+16(FP), SI
	MOVQ         prof+24(FP), R8
	MOVQ         cents+32(FP), R9
	MOVQ         lin+40(FP), R10
	MOVQ         n+56(FP), CX
	MOVQ         k+64(FP), AX
	VBROADCASTSS inv+48(FP), X15
	VMOVDQU      fuseperm<>(SB), Y14
	VBROADCASTSD 0(AX), Y13
	VBROADCASTSD 8(AX), Y12
	VBROADCASTSD 16(AX), Y11
	VBROADCASTSD 24(AX), Y10
	VBROADCASTSD 32(AX), Y9
	VBROADCASTSD 40(AX), Y8
	XORQ         BX, BX

loop:
	VPERMD       (SI)(BX*8), Y14, Y0 // bests, seconds
	VCVTPS2PD    X0, Y1
	VEXTRACTF128 $1, Y0, X2
	VCVTPS2PD    X2, Y2
	VPERMD       (R8)(BX*8), Y14, Y3 // profiles' bests
	VCVTPS2PD    X3, Y3
	VMOVUPS      (R9)(BX*4), X4      // cent := float64(cents[i] * inv)
	VMULPS       X15, X4, X4
	VCVTPS2PD    X4, Y4
	VMULPD       Y13, Y1, Y1         // ev := 0.45*best + 0.1*second + 0.15*profile + 0.3*cent
	VMULPD       Y12, Y2, Y2
	VADDPD       Y2, Y1, Y1
	VMULPD       Y11, Y3, Y3
	VADDPD       Y3, Y1, Y1
	VMULPD       Y10, Y4, Y4
	VADDPD       Y4, Y1, Y1
	VMOVUPD      Y1, (DI)(BX*8)
	VMULPD       Y9, Y1, Y1          // score := (1-linMix)*ev + linMix*lin[i]
	VMULPD       (R10)(BX*8), Y8, Y5
	VADDPD       Y5, Y1, Y1
	VMOVUPD      Y1, (DX)(BX*8)
	ADDQ         $4, BX
	CMPQ         BX, CX
	JLT          loop
	VZEROUPPER
	RET
