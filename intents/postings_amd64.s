#include "go_asm.h"
#include "textflag.h"

// ADDPOST adds one posting to dst (DI): the document (or class) index at
// doff(SI), its weight at woff(SI) times the row's weight in X1, with idx
// and x as scratch. Every posting loop below is made of these.
#define ADDPOST(doff, woff, idx, x) \
	MOVL  doff(SI), idx; \
	MOVSS woff(SI), x; \
	MULSS X1, x; \
	ADDSS (DI)(idx*4), x; \
	MOVSS x, (DI)(idx*4)

// The posting walks of rank, as addScoresGo and keepBestGo do them (the
// same operations in the same order, so the same bits), without their
// bounds checks: the index built the postings, so their documents and
// slots are in range.

// func addScoresAll(docs []float32, postings []docPosting, starts []int32, near []qfeat, scale float32)
//
// For each feature f of near, in order, addScoresGo(docs, its postings
// (postings[starts[f.id]:starts[f.id+1]]), f.w*scale).
TEXT ·addScoresAll(SB), NOSPLIT, $0-100
	MOVQ  docs_base+0(FP), DI
	MOVQ  postings_base+24(FP), R11
	MOVQ  starts_base+48(FP), R14
	MOVQ  near_base+72(FP), DX
	MOVQ  near_len+80(FP), R8
	LEAQ  (DX)(R8*8), R8     // the end of near
	MOVSS scale+96(FP), X5
feat:
	CMPQ    DX, R8
	JEQ     done
	MOVL    0(DX), R9        // the feature's id
	MOVSS   4(DX), X1
	MULSS   X5, X1           // w = f.w*scale
	ADDQ    $8, DX
	MOVLQSX (R14)(R9*4), SI  // its postings' start
	MOVLQSX 4(R14)(R9*4), CX // and end
	SUBQ    SI, CX
	LEAQ    (SI)(SI*2), SI
	LEAQ    (R11)(SI*4), SI  // its first posting
	MOVQ    CX, R13
	ANDQ    $3, R13          // the first len%4 one at a time
	SHRQ    $2, CX           // then four at a time: one loop test for four
	TESTQ   R13, R13
	JEQ     fours
one:
	ADDPOST(0, 8, R9, X0)
	ADDQ  $12, SI
	DECQ  R13
	JNE   one
fours:
	TESTQ CX, CX
	JEQ   feat
four:
	// In order: a document twice in a row would see its first add.
	ADDPOST(0, 8, R9, X0)
	ADDPOST(12, 20, R10, X2)
	ADDPOST(24, 32, R12, X3)
	ADDPOST(36, 44, R12, X4)
	ADDQ  $48, SI
	DECQ  CX
	JNE   four
	JMP   feat
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
	ADDPOST(0, 4, R9, X0)
	ADDQ  $8, SI
	DECQ  DX
	JNE   one
fours:
	TESTQ CX, CX
	JEQ   done
four:
	ADDPOST(0, 4, R9, X0)
	ADDPOST(8, 12, R10, X2)
	ADDPOST(16, 20, R11, X3)
	ADDPOST(24, 28, R12, X4)
	ADDQ  $32, SI
	DECQ  CX
	JNE   four
done:
	RET

// func addRowList(dst []float32, posts []posting, start []int32, ids []int32, ws []float32)
//
// addRow of row ids[k] (posts[start[ids[k]]:start[ids[k]+1]]) with weight
// ws[k], for each k in order: one call for a word's features instead of
// one each.
TEXT ·addRowList(SB), NOSPLIT, $0-120
	MOVQ  dst_base+0(FP), DI
	MOVQ  posts_base+24(FP), R8
	MOVQ  ids_base+72(FP), R13
	MOVQ  ids_len+80(FP), R14
	MOVQ  ws_base+96(FP), BX
	TESTQ R14, R14
	JEQ   done
row:
	MOVLQSX (R13), AX
	MOVQ    start_base+48(FP), R9
	MOVLQSX (R9)(AX*4), SI  // the row's first posting
	MOVLQSX 4(R9)(AX*4), CX // one past its last
	SUBQ    SI, CX
	LEAQ    (R8)(SI*8), SI  // a posting is two words of four bytes
	MOVSS   (BX), X1        // its weight
	MOVQ    CX, DX
	ANDQ    $3, DX         // the first len%4 one at a time
	SHRQ    $2, CX         // then four at a time
	TESTQ   DX, DX
	JEQ     fours
one:
	ADDPOST(0, 4, R9, X0)
	ADDQ  $8, SI
	DECQ  DX
	JNE   one
fours:
	TESTQ CX, CX
	JEQ   next
four:
	ADDPOST(0, 4, R9, X0)
	ADDPOST(8, 12, R10, X2)
	ADDPOST(16, 20, R11, X3)
	ADDPOST(24, 28, R12, X4)
	ADDQ  $32, SI
	DECQ  CX
	JNE   four
next:
	ADDQ $4, R13
	ADDQ $4, BX
	DECQ R14
	JNE  row
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

// func keepBestAllAVX(per []agg, docs []float32, postings []docPosting, starts []int32, near []qfeat, ends []int32)
//
// For each feature f of near, keepBestGo(per, docs, its postings).
//
// The run's best and second best are kept in X1 and X3; a score v moves
// them as keepBestGo's min and max do: lo = min(best, v), best = max(best,
// v), second = max(second, lo), unsigned (positive scores' bits order like
// them). A slot's documents are a range of ids, which ends before
// ends[slot]: a posting past the end starts a new run, and its slot is read
// only then.
TEXT ·keepBestAllAVX(SB), NOSPLIT, $0-144
	MOVQ  per_base+0(FP), AX
	MOVQ  docs_base+24(FP), DI
	MOVQ  postings_base+48(FP), R11
	MOVQ  starts_base+72(FP), R14
	MOVQ  near_base+96(FP), DX
	MOVQ  near_len+104(FP), R10
	LEAQ  (DX)(R10*8), R10   // the end of near
	MOVQ  ends_base+120(FP), R8
feat:
	CMPQ    DX, R10
	JEQ     done
	MOVL    0(DX), R9        // the feature's id
	ADDQ    $8, DX
	MOVLQSX (R14)(R9*4), SI  // its postings' start
	MOVLQSX 4(R14)(R9*4), CX // and end
	SUBQ    SI, CX
	JEQ     feat
	LEAQ    (SI)(SI*2), SI
	LEAQ    (R11)(SI*4), SI  // its first posting
	MOVL  4(SI), BX          // the run's slot
	MOVL  (R8)(BX*4), R13    // the end of its documents
	VMOVD (AX)(BX*8), X1     // its best
	VMOVD 4(AX)(BX*8), X3    // and second best
	MOVQ  CX, R12
	ANDQ  $3, R12            // the first len%4 one at a time
	SHRQ  $2, CX             // then four at a time
	TESTQ R12, R12
	JEQ   fours
one:
	MOVL    0(SI), R9        // doc
	CMPL    R9, R13
	JAE     next0
keep0:
	VMOVD   (DI)(R9*4), X0   // v: the score's bits
	MOVL    $0, (DI)(R9*4)
	VPMINUD X0, X1, X2
	VPMAXUD X0, X1, X1
	VPMAXUD X2, X3, X3
	ADDQ    $12, SI
	DECQ    R12
	JNE     one
fours:
	TESTQ CX, CX
	JEQ   last
four:
	MOVL    0(SI), R9
	CMPL    R9, R13
	JAE     next1
keep1:
	VMOVD   (DI)(R9*4), X0
	MOVL    $0, (DI)(R9*4)
	VPMINUD X0, X1, X2
	VPMAXUD X0, X1, X1
	VPMAXUD X2, X3, X3
	MOVL    12(SI), R9
	CMPL    R9, R13
	JAE     next2
keep2:
	VMOVD   (DI)(R9*4), X0
	MOVL    $0, (DI)(R9*4)
	VPMINUD X0, X1, X2
	VPMAXUD X0, X1, X1
	VPMAXUD X2, X3, X3
	MOVL    24(SI), R9
	CMPL    R9, R13
	JAE     next3
keep3:
	VMOVD   (DI)(R9*4), X0
	MOVL    $0, (DI)(R9*4)
	VPMINUD X0, X1, X2
	VPMAXUD X0, X1, X1
	VPMAXUD X2, X3, X3
	MOVL    36(SI), R9
	CMPL    R9, R13
	JAE     next4
keep4:
	VMOVD   (DI)(R9*4), X0
	MOVL    $0, (DI)(R9*4)
	VPMINUD X0, X1, X2
	VPMAXUD X0, X1, X1
	VPMAXUD X2, X3, X3
	ADDQ    $48, SI
	DECQ    CX
	JNE     four
last:
	VMOVD X1, (AX)(BX*8)
	VMOVD X3, 4(AX)(BX*8)
	JMP   feat
done:
	RET

	// A new run: store the last one's, load this one's.
next0:
	VMOVD X1, (AX)(BX*8)
	VMOVD X3, 4(AX)(BX*8)
	MOVL  4(SI), BX
	MOVL  (R8)(BX*4), R13
	VMOVD (AX)(BX*8), X1
	VMOVD 4(AX)(BX*8), X3
	JMP   keep0
next1:
	VMOVD X1, (AX)(BX*8)
	VMOVD X3, 4(AX)(BX*8)
	MOVL  4(SI), BX
	MOVL  (R8)(BX*4), R13
	VMOVD (AX)(BX*8), X1
	VMOVD 4(AX)(BX*8), X3
	JMP   keep1
next2:
	VMOVD X1, (AX)(BX*8)
	VMOVD X3, 4(AX)(BX*8)
	MOVL  16(SI), BX
	MOVL  (R8)(BX*4), R13
	VMOVD (AX)(BX*8), X1
	VMOVD 4(AX)(BX*8), X3
	JMP   keep2
next3:
	VMOVD X1, (AX)(BX*8)
	VMOVD X3, 4(AX)(BX*8)
	MOVL  28(SI), BX
	MOVL  (R8)(BX*4), R13
	VMOVD (AX)(BX*8), X1
	VMOVD 4(AX)(BX*8), X3
	JMP   keep3
next4:
	VMOVD X1, (AX)(BX*8)
	VMOVD X3, 4(AX)(BX*8)
	MOVL  40(SI), BX
	MOVL  (R8)(BX*4), R13
	VMOVD (AX)(BX*8), X1
	VMOVD 4(AX)(BX*8), X3
	JMP   keep4

// fuseGo's loop four services at a time: the same operations in the same
// order, each rounded (no fused multiply-add), so the same bits; naive
// Bayes' step is skipped when nbp is nil.

DATA fuseperm<>+0(SB)/4, $0 // the bests of four aggs, then their seconds
DATA fuseperm<>+4(SB)/4, $2
DATA fuseperm<>+8(SB)/4, $4
DATA fuseperm<>+12(SB)/4, $6
DATA fuseperm<>+16(SB)/4, $1
DATA fuseperm<>+20(SB)/4, $3
DATA fuseperm<>+24(SB)/4, $5
DATA fuseperm<>+28(SB)/4, $7
GLOBL fuseperm<>(SB), RODATA|NOPTR, $32

// func fuseAVX2(evs, fused *float64, per, prof *agg, cents *float32, lin, nbp *float64, inv float32, n int, k *[8]float64)
TEXT ·fuseAVX2(SB), NOSPLIT, $0-80
	MOVQ         evs+0(FP), DI
	MOVQ         fused+8(FP), DX
	MOVQ         per+16(FP), SI
	MOVQ         prof+24(FP), R8
	MOVQ         cents+32(FP), R9
	MOVQ         lin+40(FP), R10
	MOVQ         nbp+48(FP), R11
	MOVQ         n+64(FP), CX
	MOVQ         k+72(FP), AX
	VBROADCASTSS inv+56(FP), X15
	VMOVDQU      fuseperm<>(SB), Y14
	VBROADCASTSD 0(AX), Y13
	VBROADCASTSD 8(AX), Y12
	VBROADCASTSD 16(AX), Y11
	VBROADCASTSD 24(AX), Y10
	VBROADCASTSD 32(AX), Y9
	VBROADCASTSD 40(AX), Y8
	VBROADCASTSD 48(AX), Y7
	VBROADCASTSD 56(AX), Y6
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
	TESTQ        R11, R11
	JEQ          store
	VMULPD       Y7, Y1, Y1          // score = (1-nbMix)*score + nbMix*nbp[i]
	VMULPD       (R11)(BX*8), Y6, Y5
	VADDPD       Y5, Y1, Y1

store:
	VMOVUPD      Y1, (DX)(BX*8)
	ADDQ         $4, BX
	CMPQ         BX, CX
	JLT          loop
	VZEROUPPER
	RET

// func mergeAsm(slots []qslot, mask uint32, accs []qacc, n int, ids []int32, ws, pre []float32, slow []int32, nslow *int) int
//
// qtable.mergeGo's loop, with ws and pre as long as ids, accs room for
// n+len(ids) and slow for every feature: the same slots probed in the same
// order, the same adds, the same places noted.
TEXT ·mergeAsm(SB), NOSPLIT, $0-176
	MOVQ slots_base+0(FP), SI
	MOVL mask+24(FP), R8
	MOVQ accs_base+32(FP), DI
	MOVQ n+56(FP), R9
	MOVQ ids_base+64(FP), R10
	MOVQ ids_len+72(FP), R11
	MOVQ ws_base+88(FP), R12
	MOVQ pre_base+112(FP), R13
	XORQ R14, R14            // k
	TESTQ R11, R11
	JEQ  done
loop:
	MOVL   (R10)(R14*4), AX  // id
	LEAL   1(AX), BX         // its slot key
	IMUL3L $-0x61c8864f, AX, DX
	SHRL   $7, DX
	ANDL   R8, DX
probe:
	MOVL  (SI)(DX*8), CX
	TESTL CX, CX
	JEQ   new
	CMPL  CX, BX
	JEQ   dup
	INCL  DX
	ANDL  R8, DX
	JMP   probe
new:
	MOVL BX, (SI)(DX*8)
	MOVL R9, 4(SI)(DX*8)
	MOVQ R9, CX
	SHLQ $4, CX
	MOVL AX, (DI)(CX*1)      // id
	MOVL (R12)(R14*4), DX
	MOVL DX, 4(DI)(CX*1)     // acc: ws[k]
	MOVL (R13)(R14*4), DX
	MOVL DX, 8(DI)(CX*1)     // pre: pre[k]
	MOVL $1, 12(DI)(CX*1)    // cnt
	INCQ R9
	INCQ R14
	CMPQ R14, R11
	JNE  loop
	JMP  done
dup:
	MOVLQSX 4(SI)(DX*8), CX  // its place
	SHLQ    $4, CX
	CMPL    12(DI)(CX*1), $1
	JNE     add              // not one word's own weight until now:
	CMPL    8(DI)(CX*1), $0  // noted already, or 0 (see mergeGo)
	JEQ     add
	MOVQ    slow_base+136(FP), AX
	MOVQ    nslow+160(FP), DX
	MOVQ    (DX), BX         // how many are noted
	SHRQ    $4, CX
	MOVL    CX, (AX)(BX*4)   // note the place
	SHLQ    $4, CX
	INCQ    BX
	MOVQ    BX, (DX)
add:
	INCL    12(DI)(CX*1)
	MOVSS   4(DI)(CX*1), X0
	ADDSS   (R12)(R14*4), X0
	MOVSS   X0, 4(DI)(CX*1)
	MOVSS   8(DI)(CX*1), X0
	ADDSS   (R13)(R14*4), X0
	MOVSS   X0, 8(DI)(CX*1)
	INCQ    R14
	CMPQ    R14, R11
	JNE     loop
done:
	MOVQ R9, ret+168(FP)
	RET

// func weighSums(accs []qacc, gram []bool, near []qfeat, sums *[3]float64) int
//
// weighSumsGo's loop, near as long as accs: the same adds in the same
// order, each rounded.
TEXT ·weighSums(SB), NOSPLIT, $0-88
	MOVQ  accs_base+0(FP), SI
	MOVQ  accs_len+8(FP), CX
	MOVQ  gram_base+24(FP), DX
	MOVQ  near_base+48(FP), DI
	MOVQ  sums+72(FP), R8
	MOVSD 0(R8), X0            // sumw
	MOVSD 8(R8), X1            // sum
	MOVSD 16(R8), X2           // words
	XORQ  R9, R9               // n
	SHLQ  $4, CX
	ADDQ  SI, CX               // the end of accs
	CMPQ  SI, CX
	JEQ   done
loop:
	MOVL     0(SI), AX         // id
	MOVSS    8(SI), X3         // w: its pre
	CVTSS2SD X3, X4
	ADDSD    X4, X0            // sumw += float64(w)
	MULSD    X4, X4            // w2
	ADDSD    X4, X1            // sum += w2
	CMPB     (DX)(AX*1), $0
	JNE      skip
	ADDSD    X4, X2            // words += w2
	MOVL     AX, 0(DI)(R9*8)
	MOVSS    X3, 4(DI)(R9*8)
	INCQ     R9
skip:
	ADDQ $16, SI
	CMPQ SI, CX
	JNE  loop
done:
	MOVSD X0, 0(R8)
	MOVSD X1, 8(R8)
	MOVSD X2, 16(R8)
	MOVQ  R9, ret+80(FP)
	RET

// func mergeWordsAsm(t *qtable, accs *qacc, words []*wordFeats) int
//
// mergeAsm's loop for each word in turn, its ids, term frequencies and
// weights (ws and tfidf, as long as its ids) from the word itself: the
// features of a whole query in one call, accs with room for them all.
TEXT ·mergeWordsAsm(SB), NOSPLIT, $16-48
	MOVQ  t+0(FP), AX
	MOVQ  qtable_slots(AX), SI
	MOVL  qtable_mask(AX), R8
	MOVQ  accs+8(FP), DI
	XORQ  R9, R9               // n
	MOVQ  words_base+16(FP), BX
	MOVQ  words_len+24(FP), CX
	MOVQ  BX, wp-8(SP)         // the next word
	MOVQ  CX, wn-16(SP)        // how many are left
	TESTQ CX, CX
	JEQ   done
word:
	MOVQ  wp-8(SP), BX
	MOVQ  (BX), AX
	ADDQ  $8, BX
	MOVQ  BX, wp-8(SP)
	MOVQ  wordFeats_ids(AX), R10
	MOVQ  wordFeats_ids+8(AX), R11
	MOVQ  wordFeats_ws(AX), R12
	MOVQ  wordFeats_tfidf(AX), R13
	XORQ  R14, R14             // k
	TESTQ R11, R11
	JEQ   next
loop:
	MOVL   (R10)(R14*4), AX  // id
	LEAL   1(AX), BX         // its slot key
	IMUL3L $-0x61c8864f, AX, DX
	SHRL   $7, DX
	ANDL   R8, DX
probe:
	MOVL  (SI)(DX*8), CX
	TESTL CX, CX
	JEQ   new
	CMPL  CX, BX
	JEQ   dup
	INCL  DX
	ANDL  R8, DX
	JMP   probe
new:
	MOVL BX, (SI)(DX*8)
	MOVL R9, 4(SI)(DX*8)
	MOVQ R9, CX
	SHLQ $4, CX
	MOVL AX, (DI)(CX*1)      // id
	MOVL (R12)(R14*4), DX
	MOVL DX, 4(DI)(CX*1)     // acc: ws[k]
	MOVL (R13)(R14*4), DX
	MOVL DX, 8(DI)(CX*1)     // pre: tfidf[k]
	MOVL $1, 12(DI)(CX*1)    // cnt
	INCQ R9
	INCQ R14
	CMPQ R14, R11
	JNE  loop
	JMP  next
dup:
	MOVLQSX 4(SI)(DX*8), CX  // its place
	SHLQ    $4, CX
	CMPL    12(DI)(CX*1), $1
	JNE     add              // not one word's own weight until now:
	CMPL    8(DI)(CX*1), $0  // noted already, or 0 (see mergeGo)
	JEQ     add
	MOVQ    t+0(FP), DX
	MOVQ    qtable_slow(DX), AX
	MOVQ    qtable_nslow(DX), BX // how many are noted
	SHRQ    $4, CX
	MOVL    CX, (AX)(BX*4)   // note the place
	SHLQ    $4, CX
	INCQ    BX
	MOVQ    BX, qtable_nslow(DX)
add:
	INCL    12(DI)(CX*1)
	MOVSS   4(DI)(CX*1), X0
	ADDSS   (R12)(R14*4), X0
	MOVSS   X0, 4(DI)(CX*1)
	MOVSS   8(DI)(CX*1), X0
	ADDSS   (R13)(R14*4), X0
	MOVSS   X0, 8(DI)(CX*1)
	INCQ    R14
	CMPQ    R14, R11
	JNE     loop
next:
	DECQ wn-16(SP)
	JNE  word
done:
	MOVQ R9, ret+40(FP)
	RET
