#include "textflag.h"

// The sums are the Go loops' exactly: a multiply and an add per element,
// each rounded (no fused multiply-add).

// func addVecAVX(dst, src []float32)
TEXT ·addVecAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
loop32:
	CMPQ    CX, $32
	JLT     loop8
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS 96(SI), Y3
	VADDPS  (DI), Y0, Y0
	VADDPS  32(DI), Y1, Y1
	VADDPS  64(DI), Y2, Y2
	VADDPS  96(DI), Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	SUBQ    $32, CX
	JMP     loop32
loop8:
	CMPQ    CX, $8
	JLT     tail
	VMOVUPS (SI), Y0
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
	ADDSS (DI), X0
	MOVSS X0, (DI)
	ADDQ  $4, SI
	ADDQ  $4, DI
	DECQ  CX
	JMP   tail
done:
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
