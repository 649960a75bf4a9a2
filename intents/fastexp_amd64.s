#include "textflag.h"

// expNegsGo four lanes at a time: the same operations in the same order,
// each rounded (no fused multiply-add), so the same bits. The lanes below
// -700 are computed too and then cleared; the sum takes the lanes in
// order, a cleared one adding +0 (which leaves a sum of positive terms as
// it is).

DATA expc<>+0(SB)/8, $0x40471547652b82fe  // 32/ln2
DATA expc<>+8(SB)/8, $0x4338000000000000  // shift: 1.5*2**52
DATA expc<>+16(SB)/8, $0x3f962e42fefa39ef // ln2/32
DATA expc<>+24(SB)/8, $0x3fa5555555555555 // 1/24
DATA expc<>+32(SB)/8, $0x3fc5555555555555 // 1/6
DATA expc<>+40(SB)/8, $0x3fe0000000000000 // 1/2
DATA expc<>+48(SB)/8, $0x3ff0000000000000 // 1
DATA expc<>+56(SB)/8, $0xc085e00000000000 // -700
DATA expc<>+64(SB)/8, $31                 // the table's index mask
GLOBL expc<>(SB), RODATA|NOPTR, $72

// func expNegsAVX2(xs []float64) float64
TEXT ·expNegsAVX2(SB), NOSPLIT, $0-32
	MOVQ         xs_base+0(FP), SI
	MOVQ         xs_len+8(FP), CX
	LEAQ         ·exp2Table(SB), R8
	VBROADCASTSD expc<>+0(SB), Y15
	VBROADCASTSD expc<>+8(SB), Y14
	VBROADCASTSD expc<>+16(SB), Y13
	VBROADCASTSD expc<>+24(SB), Y12
	VBROADCASTSD expc<>+32(SB), Y11
	VBROADCASTSD expc<>+40(SB), Y10
	VBROADCASTSD expc<>+48(SB), Y9
	VBROADCASTSD expc<>+56(SB), Y8
	VBROADCASTSD expc<>+64(SB), Y7
	VXORPD       X6, X6, X6 // the sum
	TESTQ        CX, CX
	JEQ          done

loop:
	VMOVUPD      (SI), Y0
	VMULPD       Y15, Y0, Y1 // kf := x*(32/ln2) + shift
	VADDPD       Y14, Y1, Y1
	VPSUBQ       Y14, Y1, Y2 // k: kf's bits minus shift's
	VSUBPD       Y14, Y1, Y1 // r := x - (kf-shift)*(ln2/32)
	VMULPD       Y13, Y1, Y1
	VSUBPD       Y1, Y0, Y1
	VMULPD       Y12, Y1, Y3 // p := 1 + r*(1+r*(1/2+r*(1/6+r*(1/24))))
	VADDPD       Y11, Y3, Y3
	VMULPD       Y1, Y3, Y3
	VADDPD       Y10, Y3, Y3
	VMULPD       Y1, Y3, Y3
	VADDPD       Y9, Y3, Y3
	VMULPD       Y1, Y3, Y3
	VADDPD       Y9, Y3, Y3
	VPAND        Y7, Y2, Y4  // exp2Table[k&31]
	VPCMPEQQ     Y5, Y5, Y5
	VPGATHERQQ   Y5, (R8)(Y4*8), Y1
	VPSRLQ       $5, Y2, Y2  // + uint64(k>>5)<<52: a logical shift keeps the same low bits
	VPSLLQ       $52, Y2, Y2
	VPADDQ       Y2, Y1, Y1
	VMULPD       Y1, Y3, Y3  // e := p * that
	VCMPPD       $1, Y8, Y0, Y5 // x < -700: 0
	VANDNPD      Y3, Y5, Y3
	VMOVUPD      Y3, (SI)
	VADDSD       X3, X6, X6     // sum += e, lane by lane
	VUNPCKHPD    X3, X3, X4
	VADDSD       X4, X6, X6
	VEXTRACTF128 $1, Y3, X3
	VADDSD       X3, X6, X6
	VUNPCKHPD    X3, X3, X4
	VADDSD       X4, X6, X6
	ADDQ         $32, SI
	SUBQ         $4, CX
	JNE          loop

done:
	VZEROUPPER
	MOVSD X6, ret+24(FP)
	RET

// func hasAVX2() bool
TEXT ·hasAVX2(SB), NOSPLIT, $0-1
	MOVL $7, AX
	XORL CX, CX
	CPUID
	SHRL $5, BX // AVX2: leaf 7, EBX bit 5
	ANDL $1, BX
	MOVB BX, ret+0(FP)
	RET
