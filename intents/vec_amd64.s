#include "textflag.h"

// The sums are the Go loops' exactly: a multiply and an add per element,
// each rounded (no fused multiply-add).

// func addVecsAVX(dst []float32, srcs [][]float32)
//
// addVecsGo for len(dst) a multiple of 8, every src at least as long: each
// block of dst is loaded once, has every src's block added in turn, and is
// stored once.
TEXT ·addVecsAVX(SB), NOSPLIT, $0-48
	MOVQ  dst_base+0(FP), DI
	MOVQ  dst_len+8(FP), CX
	MOVQ  srcs_base+24(FP), R8
	MOVQ  srcs_len+32(FP), R9
	SHLQ  $2, CX // dst's length in bytes
	XORQ  SI, SI // the block's offset in bytes
	TESTQ R9, R9
	JEQ   done
block32:
	LEAQ    128(SI), AX
	CMPQ    AX, CX
	JGT     block8
	VMOVUPS (DI)(SI*1), Y0
	VMOVUPS 32(DI)(SI*1), Y1
	VMOVUPS 64(DI)(SI*1), Y2
	VMOVUPS 96(DI)(SI*1), Y3
	MOVQ    R8, R10
	MOVQ    R9, R11
src32:
	MOVQ   (R10), DX // the src's base (a slice header is three words)
	VADDPS (DX)(SI*1), Y0, Y0
	VADDPS 32(DX)(SI*1), Y1, Y1
	VADDPS 64(DX)(SI*1), Y2, Y2
	VADDPS 96(DX)(SI*1), Y3, Y3
	ADDQ   $24, R10
	DECQ   R11
	JNE    src32
	VMOVUPS Y0, (DI)(SI*1)
	VMOVUPS Y1, 32(DI)(SI*1)
	VMOVUPS Y2, 64(DI)(SI*1)
	VMOVUPS Y3, 96(DI)(SI*1)
	MOVQ    AX, SI
	JMP     block32
block8:
	CMPQ    SI, CX
	JGE     done
	VMOVUPS (DI)(SI*1), Y0
	MOVQ    R8, R10
	MOVQ    R9, R11
src8:
	MOVQ   (R10), DX
	VADDPS (DX)(SI*1), Y0, Y0
	ADDQ   $24, R10
	DECQ   R11
	JNE    src8
	VMOVUPS Y0, (DI)(SI*1)
	ADDQ    $32, SI
	JMP     block8
done:
	VZEROUPPER
	RET

// func addScaledAVX(dst, src []float32, w float32)
TEXT ·addScaledAVX(SB), NOSPLIT, $0-52
	MOVQ         dst_base+0(FP), DI
	MOVQ         src_base+24(FP), SI
	MOVQ         src_len+32(FP), CX
	VBROADCASTSS w+48(FP), Y4
loop16:
	CMPQ    CX, $16
	JLT     loop8
	VMULPS  (SI), Y4, Y0
	VMULPS  32(SI), Y4, Y1
	VADDPS  (DI), Y0, Y0
	VADDPS  32(DI), Y1, Y1
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     loop16
loop8:
	CMPQ    CX, $8
	JLT     tail
	VMULPS  (SI), Y4, Y0
	VADDPS  (DI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop8
tail:
	VZEROUPPER
	TESTQ CX, CX
	JEQ   done
	MOVSS (SI), X0
	MULSS X4, X0
	ADDSS (DI), X0
	MOVSS X0, (DI)
	ADDQ  $4, SI
	ADDQ  $4, DI
	DECQ  CX
	JMP   tail
done:
	RET

// func hasAVX() bool
TEXT ·hasAVX(SB), NOSPLIT, $0-1
	MOVL $1, AX
	XORL CX, CX
	CPUID
	ANDL $0x18000000, CX // OSXSAVE (bit 27) and AVX (28)
	CMPL CX, $0x18000000
	JNE  no
	XORL CX, CX
	XGETBV
	ANDL $6, AX // the OS saves XMM and YMM state
	CMPL AX, $6
	JNE  no
	MOVB $1, ret+0(FP)
	RET
no:
	MOVB $0, ret+0(FP)
	RET

// The softmax's loops (see linear.probs): each lane's operations are the Go
// loops', each rounded, and a maximum is the same whatever the order.

DATA neginf<>+0(SB)/4, $0xff800000
GLOBL neginf<>(SB), RODATA|NOPTR, $4

// func scaleMaxAVX(xs []float32, k float32) float32
TEXT ·scaleMaxAVX(SB), NOSPLIT, $0-36
	MOVQ         xs_base+0(FP), SI
	MOVQ         xs_len+8(FP), CX
	VBROADCASTSS k+24(FP), Y4
	VBROADCASTSS neginf<>(SB), Y5
loop8:
	CMPQ    CX, $8
	JLT     reduce
	VMULPS  (SI), Y4, Y0
	VMOVUPS Y0, (SI)
	VMAXPS  Y0, Y5, Y5
	ADDQ    $32, SI
	SUBQ    $8, CX
	JMP     loop8
reduce:
	VEXTRACTF128 $1, Y5, X6
	VMAXPS       X6, X5, X5
	VMOVHLPS     X5, X5, X6
	VMAXPS       X6, X5, X5
	VPSHUFD      $1, X5, X6
	VMAXSS       X6, X5, X5
	VZEROUPPER
tail:
	TESTQ  CX, CX
	JEQ    done
	VMOVSS (SI), X0
	VMULSS X4, X0, X0
	VMOVSS X0, (SI)
	VMAXSS X0, X5, X5
	ADDQ   $4, SI
	DECQ   CX
	JMP    tail
done:
	VMOVSS X5, ret+32(FP)
	RET

// func shiftWidenAVX(dst []float64, xs []float32, sub float32, k float64)
TEXT ·shiftWidenAVX(SB), NOSPLIT, $0-64
	MOVQ         dst_base+0(FP), DI
	MOVQ         xs_base+24(FP), SI
	MOVQ         xs_len+32(FP), CX
	VBROADCASTSS sub+48(FP), Y5
	VBROADCASTSD k+56(FP), Y6
	VXORPS       Y7, Y7, Y7
loop8:
	CMPQ         CX, $8
	JLT          tail
	VMOVUPS      (SI), Y0
	VSUBPS       Y5, Y0, Y0
	VCVTPS2PD    X0, Y1
	VEXTRACTF128 $1, Y0, X2
	VCVTPS2PD    X2, Y2
	VMULPD       Y6, Y1, Y1
	VMULPD       Y6, Y2, Y2
	VMOVUPD      Y1, (DI)
	VMOVUPD      Y2, 32(DI)
	VMOVUPS      Y7, (SI)
	ADDQ         $32, SI
	ADDQ         $64, DI
	SUBQ         $8, CX
	JMP          loop8
tail:
	VZEROUPPER
	TESTQ     CX, CX
	JEQ       done
	VMOVSS    (SI), X0
	VSUBSS    X5, X0, X0
	VCVTSS2SD X0, X0, X0
	VMULSD    X6, X0, X0
	VMOVSD    X0, (DI)
	MOVL      $0, (SI)
	ADDQ      $4, SI
	ADDQ      $8, DI
	DECQ      CX
	JMP       tail
done:
	RET

// func scaleVecAVX(xs []float64, k float64)
TEXT ·scaleVecAVX(SB), NOSPLIT, $0-32
	MOVQ         xs_base+0(FP), SI
	MOVQ         xs_len+8(FP), CX
	VBROADCASTSD k+24(FP), Y4
loop8:
	CMPQ    CX, $8
	JLT     loop4
	VMULPD  (SI), Y4, Y0
	VMULPD  32(SI), Y4, Y1
	VMOVUPD Y0, (SI)
	VMOVUPD Y1, 32(SI)
	ADDQ    $64, SI
	SUBQ    $8, CX
	JMP     loop8
loop4:
	CMPQ    CX, $4
	JLT     tail
	VMULPD  (SI), Y4, Y0
	VMOVUPD Y0, (SI)
	ADDQ    $32, SI
	SUBQ    $4, CX
tail:
	VZEROUPPER
	TESTQ  CX, CX
	JEQ    done
	VMOVSD (SI), X0
	VMULSD X4, X0, X0
	VMOVSD X0, (SI)
	ADDQ   $8, SI
	DECQ   CX
	JMP    tail
done:
	RET

// func nbScoresAVX(out, bias []float32, p []float64, sumw, inv, max float64) float64
//
// nbScoresGo's loop for a multiple of 4 services: the same product, sum and
// product, each rounded. Each lane keeps its maximum as the Go loop's >
// does (a NaN or an equal zero leaves it); the lanes' maximums are then
// the same value as the loop's, but for which zero when it is a zero.
TEXT ·nbScoresAVX(SB), NOSPLIT, $0-104
	MOVQ         out_base+0(FP), SI
	MOVQ         out_len+8(FP), CX
	MOVQ         bias_base+24(FP), BX
	MOVQ         p_base+48(FP), DI
	VBROADCASTSD sumw+72(FP), Y4
	VBROADCASTSD inv+80(FP), Y5
	VBROADCASTSD max+88(FP), Y6
	VXORPS       X7, X7, X7
loop4:
	CMPQ         CX, $4
	JLT          reduce
	VCVTPS2PD    (SI), Y0  // float64(out[c])
	VCVTPS2PD    (BX), Y1  // float64(bias[c])
	VMULPD       Y1, Y4, Y1 // sumw*bias
	VADDPD       Y1, Y0, Y0
	VMULPD       Y5, Y0, Y0 // times inv
	VMOVUPD      Y0, (DI)
	VMOVUPS      X7, (SI)
	VMAXPD       Y6, Y0, Y6 // the new value only when greater
	ADDQ         $16, SI
	ADDQ         $16, BX
	ADDQ         $32, DI
	SUBQ         $4, CX
	JMP          loop4
reduce:
	VEXTRACTF128 $1, Y6, X1
	VMAXPD       X6, X1, X6
	VPERMILPD    $1, X6, X1
	VMAXSD       X6, X1, X6
	VZEROUPPER
	VMOVSD       X6, ret+96(FP)
	RET

// func subScaleAVX(xs []float64, sub, k float64)
//
// subScaleGo's loop: (x-sub)*k, each rounded.
TEXT ·subScaleAVX(SB), NOSPLIT, $0-40
	MOVQ         xs_base+0(FP), SI
	MOVQ         xs_len+8(FP), CX
	VBROADCASTSD sub+24(FP), Y4
	VBROADCASTSD k+32(FP), Y5
loop4:
	CMPQ    CX, $4
	JLT     tail
	VMOVUPD (SI), Y0
	VSUBPD  Y4, Y0, Y0
	VMULPD  Y5, Y0, Y0
	VMOVUPD Y0, (SI)
	ADDQ    $32, SI
	SUBQ    $4, CX
	JMP     loop4
tail:
	VZEROUPPER
	TESTQ  CX, CX
	JEQ    done
	VMOVSD (SI), X0
	VSUBSD X4, X0, X0
	VMULSD X5, X0, X0
	VMOVSD X0, (SI)
	ADDQ   $8, SI
	DECQ   CX
	JMP    tail
done:
	RET

// func addLinListAVX(dst []float32, start []int32, cls []uint16, val []float32, ids []int32, ws []float32)
//
// addLinListGo's loop: for each feature ids[k] in order, its learned row
// (val[start[id]:start[id+1]], dense when as long as dst, else sparse with
// the services cls) times ws[k] added to dst, each product rounded before
// its add, as addScaledAVX and addSparse do.
TEXT ·addLinListAVX(SB), NOSPLIT, $0-144
	MOVQ  dst_base+0(FP), DI
	MOVQ  dst_len+8(FP), R8
	MOVQ  start_base+24(FP), R9
	MOVQ  cls_base+48(FP), R10
	MOVQ  val_base+72(FP), R11
	MOVQ  ids_base+96(FP), R12
	MOVQ  ids_len+104(FP), R13
	MOVQ  ws_base+120(FP), BX
	TESTQ R13, R13
	JEQ   done
row:
	MOVLQSX      (R12), AX
	MOVLQSX      (R9)(AX*4), SI  // lo
	MOVLQSX      4(R9)(AX*4), CX // hi
	SUBQ         SI, CX          // the row's length
	VBROADCASTSS (BX), Y4        // its weight
	LEAQ         (R11)(SI*4), R14
	CMPQ         CX, R8
	JEQ          dense
	LEAQ         (R10)(SI*2), DX
	TESTQ        $1, CX
	JEQ          sparse2
	MOVWLZX      (DX), AX        // an odd one first
	VMOVSS       (R14), X0
	VMULSS       X4, X0, X0
	VADDSS       (DI)(AX*4), X0, X0
	VMOVSS       X0, (DI)(AX*4)
	ADDQ         $2, DX
	ADDQ         $4, R14
	DECQ         CX
sparse2:
	TESTQ CX, CX // then two at a time, each stored before the next is read
	JEQ   next
pair:
	MOVWLZX (DX), AX
	MOVWLZX 2(DX), SI
	VMOVSS  (R14), X0
	VMOVSS  4(R14), X1
	VMULSS  X4, X0, X0
	VMULSS  X4, X1, X1
	VADDSS  (DI)(AX*4), X0, X0
	VMOVSS  X0, (DI)(AX*4)
	VADDSS  (DI)(SI*4), X1, X1
	VMOVSS  X1, (DI)(SI*4)
	ADDQ    $4, DX
	ADDQ    $8, R14
	SUBQ    $2, CX
	JNE     pair
	JMP     next
dense:
	// A run of dense rows (the logistic model's rows are all dense) is
	// summed a block of dst at a time, the block held in registers across
	// the run's rows: each element takes the same adds in the same order,
	// and dst is loaded and stored once a block instead of once a row.
	CMPQ    R13, $2
	JLT     dense1
	MOVLQSX 4(R12), AX
	MOVLQSX (R9)(AX*4), SI
	MOVLQSX 4(R9)(AX*4), R15
	SUBQ    SI, R15
	CMPQ    R15, R8
	JEQ     run
dense1:
	MOVQ DI, DX
dense32:
	CMPQ    CX, $32
	JLT     dense8
	VMULPS  (R14), Y4, Y0
	VMULPS  32(R14), Y4, Y1
	VMULPS  64(R14), Y4, Y2
	VMULPS  96(R14), Y4, Y3
	VADDPS  (DX), Y0, Y0
	VADDPS  32(DX), Y1, Y1
	VADDPS  64(DX), Y2, Y2
	VADDPS  96(DX), Y3, Y3
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	VMOVUPS Y2, 64(DX)
	VMOVUPS Y3, 96(DX)
	ADDQ    $128, R14
	ADDQ    $128, DX
	SUBQ    $32, CX
	JMP     dense32
dense8:
	CMPQ    CX, $8
	JLT     dense4
	VMULPS  (R14), Y4, Y0
	VADDPS  (DX), Y0, Y0
	VMOVUPS Y0, (DX)
	ADDQ    $32, R14
	ADDQ    $32, DX
	SUBQ    $8, CX
	JMP     dense8
dense4:
	CMPQ    CX, $4 // a row of 77 services ends in five: four at once
	JLT     densetail
	VMULPS  (R14), X4, X0
	VADDPS  (DX), X0, X0
	VMOVUPS X0, (DX)
	ADDQ    $16, R14
	ADDQ    $16, DX
	SUBQ    $4, CX
densetail:
	TESTQ  CX, CX
	JEQ    next
	VMOVSS (R14), X0
	VMULSS X4, X0, X0
	VADDSS (DX), X0, X0
	VMOVSS X0, (DX)
	ADDQ   $4, R14
	ADDQ   $4, DX
	DECQ   CX
	JMP    densetail
next:
	ADDQ $4, R12
	ADDQ $4, BX
	DECQ R13
	JNE  row
done:
	VZEROUPPER
	RET

run: // rows ids[0:2] dense: R15 counts the run's rows
	MOVQ $2, R15
runlen:
	CMPQ    R15, R13
	JEQ     runcols
	MOVLQSX (R12)(R15*4), AX
	MOVLQSX (R9)(AX*4), SI
	MOVLQSX 4(R9)(AX*4), CX
	SUBQ    SI, CX
	CMPQ    CX, R8
	JNE     runcols
	INCQ    R15
	JMP     runlen
runcols:
	XORQ DX, DX // the block's offset in bytes
	MOVQ R8, CX // the columns left
run64:
	CMPQ    CX, $64
	JLT     run32
	VMOVUPS (DI)(DX*1), Y0
	VMOVUPS 32(DI)(DX*1), Y1
	VMOVUPS 64(DI)(DX*1), Y2
	VMOVUPS 96(DI)(DX*1), Y3
	VMOVUPS 128(DI)(DX*1), Y4
	VMOVUPS 160(DI)(DX*1), Y5
	VMOVUPS 192(DI)(DX*1), Y6
	VMOVUPS 224(DI)(DX*1), Y7
	XORQ    AX, AX
run64row:
	MOVLQSX      (R12)(AX*4), SI
	MOVLQSX      (R9)(SI*4), SI
	LEAQ         (R11)(SI*4), SI
	VBROADCASTSS (BX)(AX*4), Y8
	VMULPS       (SI)(DX*1), Y8, Y9
	VADDPS       Y9, Y0, Y0
	VMULPS       32(SI)(DX*1), Y8, Y10
	VADDPS       Y10, Y1, Y1
	VMULPS       64(SI)(DX*1), Y8, Y11
	VADDPS       Y11, Y2, Y2
	VMULPS       96(SI)(DX*1), Y8, Y12
	VADDPS       Y12, Y3, Y3
	VMULPS       128(SI)(DX*1), Y8, Y9
	VADDPS       Y9, Y4, Y4
	VMULPS       160(SI)(DX*1), Y8, Y10
	VADDPS       Y10, Y5, Y5
	VMULPS       192(SI)(DX*1), Y8, Y11
	VADDPS       Y11, Y6, Y6
	VMULPS       224(SI)(DX*1), Y8, Y12
	VADDPS       Y12, Y7, Y7
	INCQ         AX
	CMPQ         AX, R15
	JNE          run64row
	VMOVUPS      Y0, (DI)(DX*1)
	VMOVUPS      Y1, 32(DI)(DX*1)
	VMOVUPS      Y2, 64(DI)(DX*1)
	VMOVUPS      Y3, 96(DI)(DX*1)
	VMOVUPS      Y4, 128(DI)(DX*1)
	VMOVUPS      Y5, 160(DI)(DX*1)
	VMOVUPS      Y6, 192(DI)(DX*1)
	VMOVUPS      Y7, 224(DI)(DX*1)
	ADDQ         $256, DX
	SUBQ         $64, CX
	JMP          run64
run32:
	CMPQ    CX, $32
	JLT     run8
	VMOVUPS (DI)(DX*1), Y0
	VMOVUPS 32(DI)(DX*1), Y1
	VMOVUPS 64(DI)(DX*1), Y2
	VMOVUPS 96(DI)(DX*1), Y3
	XORQ    AX, AX
run32row:
	MOVLQSX      (R12)(AX*4), SI
	MOVLQSX      (R9)(SI*4), SI
	LEAQ         (R11)(SI*4), SI
	VBROADCASTSS (BX)(AX*4), Y4
	VMULPS       (SI)(DX*1), Y4, Y5
	VMULPS       32(SI)(DX*1), Y4, Y6
	VMULPS       64(SI)(DX*1), Y4, Y7
	VMULPS       96(SI)(DX*1), Y4, Y8
	VADDPS       Y5, Y0, Y0
	VADDPS       Y6, Y1, Y1
	VADDPS       Y7, Y2, Y2
	VADDPS       Y8, Y3, Y3
	INCQ         AX
	CMPQ         AX, R15
	JNE          run32row
	VMOVUPS      Y0, (DI)(DX*1)
	VMOVUPS      Y1, 32(DI)(DX*1)
	VMOVUPS      Y2, 64(DI)(DX*1)
	VMOVUPS      Y3, 96(DI)(DX*1)
	ADDQ         $128, DX
	SUBQ         $32, CX
	JMP          run32
run8:
	CMPQ    CX, $8
	JLT     runtail
	VMOVUPS (DI)(DX*1), Y0
	XORQ    AX, AX
run8row:
	MOVLQSX      (R12)(AX*4), SI
	MOVLQSX      (R9)(SI*4), SI
	LEAQ         (R11)(SI*4), SI
	VBROADCASTSS (BX)(AX*4), Y4
	VMULPS       (SI)(DX*1), Y4, Y5
	VADDPS       Y5, Y0, Y0
	INCQ         AX
	CMPQ         AX, R15
	JNE          run8row
	VMOVUPS      Y0, (DI)(DX*1)
	ADDQ         $32, DX
	SUBQ         $8, CX
	JMP          run8
runtail: // the last columns, fewer than 8: masked lanes (loads of them
	// read zeros and never fault; the stores leave them)
	TESTQ        CX, CX
	JEQ          rundone
	LEAQ         ·tailMasks(SB), R14
	NEGQ         CX
	VMOVDQU      32(R14)(CX*4), Y13   // CX lanes set
	VMASKMOVPS   (DI)(DX*1), Y13, Y0
	XORQ         AX, AX
runtailrow:
	MOVLQSX      (R12)(AX*4), SI
	MOVLQSX      (R9)(SI*4), SI
	LEAQ         (R11)(SI*4), SI
	VBROADCASTSS (BX)(AX*4), Y4
	VMASKMOVPS   (SI)(DX*1), Y13, Y5
	VMULPS       Y5, Y4, Y5
	VADDPS       Y5, Y0, Y0
	INCQ         AX
	CMPQ         AX, R15
	JNE          runtailrow
	VMASKMOVPS   Y0, Y13, (DI)(DX*1)
rundone:
	LEAQ (R12)(R15*4), R12
	LEAQ (BX)(R15*4), BX
	SUBQ R15, R13
	JNE  row
	VZEROUPPER
	RET
