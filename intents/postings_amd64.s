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
	LEAQ  (CX)(CX*2), CX
	LEAQ  (SI)(CX*4), CX  // the end: 12 bytes a posting
	CMPQ  SI, CX
	JEQ   done
loop:
	MOVL  (SI), R9        // doc
	MOVSS 8(SI), X0       // w
	MULSS X1, X0
	ADDSS (DI)(R9*4), X0
	MOVSS X0, (DI)(R9*4)
	ADDQ  $12, SI
	CMPQ  SI, CX
	JNE   loop
done:
	RET

// func addRow(dst []float32, row []posting, w float32)
TEXT ·addRow(SB), NOSPLIT, $0-52
	MOVQ  dst_base+0(FP), DI
	MOVQ  row_base+24(FP), SI
	MOVQ  row_len+32(FP), CX
	MOVSS w+48(FP), X1
	LEAQ  (SI)(CX*8), CX  // the end: 8 bytes a posting
	CMPQ  SI, CX
	JEQ   done
loop:
	MOVL  (SI), R9        // doc
	MOVSS 4(SI), X0       // w
	MULSS X1, X0
	ADDSS (DI)(R9*4), X0
	MOVSS X0, (DI)(R9*4)
	ADDQ  $8, SI
	CMPQ  SI, CX
	JNE   loop
done:
	RET

// func keepBest(per []agg, docs []float32, row []docPosting)
TEXT ·keepBest(SB), NOSPLIT, $0-72
	MOVQ per_base+0(FP), AX
	MOVQ docs_base+24(FP), DI
	MOVQ row_base+48(FP), SI
	MOVQ row_len+56(FP), CX
	TESTQ CX, CX
	JEQ  done
	LEAQ (CX)(CX*2), CX
	LEAQ (SI)(CX*4), CX   // the end
	MOVL 4(SI), BX        // the run's slot
	MOVL (AX)(BX*8), R8   // its best
	MOVL 4(AX)(BX*8), DX  // and second best
loop:
	MOVL (SI), R9         // doc
	MOVL 4(SI), R10       // slot
	MOVL (DI)(R9*4), R11  // v: the score's bits
	MOVL $0, (DI)(R9*4)
	CMPL R10, BX
	JNE  next
keep:
	// A slot's second best is never above its best, so
	// max(second, min(best, v)) is max(second, v) unless v beats best.
	CMPL    R11, DX
	CMOVLHI R11, DX       // second = max(second, v)
	CMPL    R11, R8
	CMOVLHI R8, DX        // v > best: second = best
	CMOVLHI R11, R8       // and best = v
	ADDQ    $12, SI
	CMPQ    SI, CX
	JNE     loop
	MOVL    R8, (AX)(BX*8)
	MOVL    DX, 4(AX)(BX*8)
done:
	RET
next:
	// A new run: store the last one's, load this one's.
	MOVL R8, (AX)(BX*8)
	MOVL DX, 4(AX)(BX*8)
	MOVL R10, BX
	MOVL (AX)(BX*8), R8
	MOVL 4(AX)(BX*8), DX
	JMP  keep
