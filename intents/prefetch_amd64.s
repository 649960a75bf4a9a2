#include "textflag.h"

// PREFETCHSPAN prefetches every 64-byte line from SI up to (not including)
// DX, starting at SI's line, two lines a step (the second may be past DX:
// a prefetch never faults).
#define PREFETCHSPAN \
	ANDQ $~63, SI; \
	CMPQ SI, DX; \
	JAE  5(PC); \
	PREFETCHT0 (SI); \
	PREFETCHT0 64(SI); \
	ADDQ $128, SI; \
	JMP  -5(PC)

// func prefetchFloats(v []float32)
TEXT ·prefetchFloats(SB), NOSPLIT, $0-24
	MOVQ v_base+0(FP), SI
	MOVQ v_len+8(FP), DX
	LEAQ (SI)(DX*4), DX
	PREFETCHSPAN
	RET

// func prefetchRows4(start []int32, val []float32, ids []int32)
//
// For each id of ids, the lines of val[start[id]:start[id+1]].
TEXT ·prefetchRows4(SB), NOSPLIT, $0-72
	MOVQ  start_base+0(FP), R8
	MOVQ  val_base+24(FP), R9
	MOVQ  ids_base+48(FP), R10
	MOVQ  ids_len+56(FP), R11
	TESTQ R11, R11
	JEQ   done
row:
	MOVLQSX (R10), AX
	MOVLQSX (R8)(AX*4), SI
	MOVLQSX 4(R8)(AX*4), DX
	LEAQ    (R9)(SI*4), SI
	LEAQ    (R9)(DX*4), DX
	PREFETCHSPAN
	ADDQ $4, R10
	DECQ R11
	JNE  row
done:
	RET

// func prefetchRows8(start []int32, posts []posting, ids []int32)
//
// prefetchRows4 for rows of 8-byte postings.
TEXT ·prefetchRows8(SB), NOSPLIT, $0-72
	MOVQ  start_base+0(FP), R8
	MOVQ  posts_base+24(FP), R9
	MOVQ  ids_base+48(FP), R10
	MOVQ  ids_len+56(FP), R11
	TESTQ R11, R11
	JEQ   done
row:
	MOVLQSX (R10), AX
	MOVLQSX (R8)(AX*4), SI
	MOVLQSX 4(R8)(AX*4), DX
	LEAQ    (R9)(SI*8), SI
	LEAQ    (R9)(DX*8), DX
	PREFETCHSPAN
	ADDQ $4, R10
	DECQ R11
	JNE  row
done:
	RET
