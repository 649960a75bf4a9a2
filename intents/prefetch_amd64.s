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

// func prefetchRows(start []int32, base unsafe.Pointer, shift uint, ids []int32)
//
// For each id of ids, the lines of the row from element start[id] to
// start[id+1] of the table at base, whose elements are 1<<shift bytes.
TEXT ·prefetchRows(SB), NOSPLIT, $0-64
	MOVQ  start_base+0(FP), R8
	MOVQ  base+24(FP), R9
	MOVQ  shift+32(FP), CX
	MOVQ  ids_base+40(FP), R10
	MOVQ  ids_len+48(FP), R11
	TESTQ R11, R11
	JEQ   done
row:
	MOVLQSX (R10), AX
	MOVLQSX (R8)(AX*4), SI
	MOVLQSX 4(R8)(AX*4), DX
	SHLQ    CX, SI
	SHLQ    CX, DX
	ADDQ    R9, SI
	ADDQ    R9, DX
	PREFETCHSPAN
	ADDQ $4, R10
	DECQ R11
	JNE  row
done:
	RET
