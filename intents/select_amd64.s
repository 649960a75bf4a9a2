#include "textflag.h"

DATA neginf<>+0(SB)/8, $0xFFF0000000000000
GLOBL neginf<>(SB), RODATA|NOPTR, $8

// func laneMaxAVX(xs []float64, out *[8]float64)
//
// laneMaxGo's loop: out[k] is the largest of xs[j], j%8 == k, over the
// first len(xs)&^7; x > max ? x : max, so a NaN leaves the maximum as it is.
TEXT ·laneMaxAVX(SB), NOSPLIT, $0-32
	MOVQ         xs_base+0(FP), SI
	MOVQ         xs_len+8(FP), CX
	MOVQ         out+24(FP), DI
	VBROADCASTSD neginf<>(SB), Y0
	VMOVAPD      Y0, Y1
	SHRQ         $3, CX
	JEQ          done
loop:
	VMOVUPD (SI), Y2
	VMOVUPD 32(SI), Y3
	VMAXPD  Y0, Y2, Y0 // Y2 > Y0 ? Y2 : Y0
	VMAXPD  Y1, Y3, Y1
	ADDQ    $64, SI
	DECQ    CX
	JNE     loop
done:
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VZEROUPPER
	RET

// func candMaskAVX(xs []float64, floor float64, mask []uint64)
//
// candMaskGo's loop for len(xs) a multiple of 4: bit i of the mask set
// when !(xs[i] <= 0 || xs[i] < floor) (a NaN's too), each word written
// once, the last one as far as xs goes.
TEXT ·candMaskAVX(SB), NOSPLIT, $0-56
	MOVQ         xs_base+0(FP), SI
	MOVQ         xs_len+8(FP), R10
	VBROADCASTSD floor+24(FP), Y1
	MOVQ         mask_base+32(FP), DI
	VXORPD       Y0, Y0, Y0
	XORQ         R8, R8 // the word being filled
	XORQ         CX, CX // its next bit
	SHRQ         $2, R10
	JEQ          done
loop:
	VMOVUPD   (SI), Y2
	VCMPPD    $6, Y0, Y2, Y3 // !(x <= 0)
	VCMPPD    $5, Y1, Y2, Y4 // !(x < floor)
	VANDPD    Y3, Y4, Y4
	VMOVMSKPD Y4, AX
	SHLQ      CX, AX
	ORQ       AX, R8
	ADDQ      $32, SI
	ADDQ      $4, CX
	CMPQ      CX, $64
	JNE       next
	MOVQ      R8, (DI)
	ADDQ      $8, DI
	XORQ      R8, R8
	XORQ      CX, CX
next:
	DECQ R10
	JNE  loop
	TESTQ CX, CX
	JEQ   done
	MOVQ  R8, (DI)
done:
	VZEROUPPER
	RET
