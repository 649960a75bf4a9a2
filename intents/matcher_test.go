package intents_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/dalil-project/dalil/evaluate"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
)

var (
	once sync.Once
	kb   *knowledge.Base
	m    *intents.Matcher
)

func matcher(tb testing.TB) *intents.Matcher {
	once.Do(func() {
		var err error
		kb, err = knowledge.Load(knowledge.Sample())
		if err != nil {
			panic(err)
		}
		m = intents.NewMatcher(kb)
	})
	return m
}

// Questions written for this test (not taken from any evaluation set), one
// or more per variety.
func TestUnderstand(t *testing.T) {
	m := matcher(t)
	tests := []struct {
		text, last              string
		intent, service, aspect string
		lang                    string
	}{
		{"كم تكلفة تجديد جواز السفر المنتهي؟", "", "service_info", "passport-renewal", "fees", "ar"},
		{"عايز اعرف ازاي اجدد رخصة العربية", "", "service_info", "vehicle-registration-renewal", "steps", "ar"},
		{"بدي شهادة ميلاد لابني اللي انولد مبارح", "", "service_info", "birth-certificate", "", "ar"},
		{"ابي اسجل شركة جديدة وش الاوراق", "", "service_info", "business-registration", "documents", "ar"},
		{"3ayez adfa3 el mokhalfat bta3et el 3arabeya", "", "service_info", "traffic-fines-payment", "", "ar"},
		{"how do I pay my water bill online", "", "service_info", "water-bill-payment", "steps", "en"}, // "how do I" outweighs "online" since session 9; "can I … online" is location
		{"lost my ID card yesterday", "", "service_info", "national-id-replacement", "", "en"},
		{"what papers do I need for a building permit", "", "service_info", "building-permit", "documents", "en"},
		{"قديش بدها وقت؟", "building-permit", "service_info", "building-permit", "time", "ar"},
		{"and how much is it?", "passport-renewal", "service_info", "passport-renewal", "fees", "en"},
		{"السلام عليكم", "", "greeting", "", "", "ar"},
		{"thank you so much", "", "thanks", "", "", "en"},
		{"bye", "", "goodbye", "", "", "en"},
		// Thanks before a question of its own is the question (session 12).
		{"شكرا يا باشا، طب ورخصة السواقة بتتجدد ازاي؟", "", "service_info", "driving-license-renewal", "steps", "ar"},
		{"تسلم يا غالي، طيب المعونة الاجتماعية مين بيقدر ياخدها؟", "", "service_info", "social-assistance", "eligibility", "ar"},
		{"tayeb shokran, ha-roo7 bokra", "", "thanks", "", "", "ar"},
		// Openings in other spellings and languages (session 12).
		{"salamat ya shabab", "", "greeting", "", "", "ar"},
		{"bonjour", "", "greeting", "", "", "en"},
		{"الو", "", "greeting", "", "", "ar"},
		{"shlonkum", "", "greeting", "", "", "ar"},
		{"ma3 el salameh", "", "goodbye", "", "", "ar"},
		{"I'd like to talk to a human please", "", "handoff", "", "", "en"},
		{"ممكن احكي مع موظف؟", "", "handoff", "", "", "ar"},
		{"بدي احكي مع موظف لو سمحت", "", "handoff", "", "", "ar"},
		{"please connect me with customer support", "", "handoff", "", "", "en"},
		{"I need a real human, the bot is not helping", "", "handoff", "", "", "en"},
		{"وصلني بموظف", "", "handoff", "", "", "ar"},
		{"ta7iyati w shukran", "", "thanks", "", "", "ar"},
		{"thanks, I'll book an appointment then", "", "thanks", "", "", "en"},
		{"شكرا، بدي اجدد جوازي", "", "service_info", "passport-renewal", "", "ar"},
		{"ابي اشتكي على الموظف اللي بالكاونتر", "", "service_info", "general-complaint", "", "ar"},
		{"what's the weather tomorrow", "", "out_of_scope", "", "", "en"},
		{"مين افضل لاعب كرة قدم", "", "out_of_scope", "", "", "ar"},
		{"؟؟؟", "", "fallback", "", "", "ar"},
		// Greetings and thanks with the words people wrap them in.
		{"hello, can you help me?", "", "greeting", "", "", "en"},
		{"مرحبا، عندي سؤال", "", "greeting", "", "", "ar"},
		{"السلام عليكم ورحمة الله وبركاته", "", "greeting", "", "", "ar"},
		{"صباح الخير يا جماعة", "", "greeting", "", "", "ar"},
		{"اهلين كيفكم، ممكن مساعدة", "", "greeting", "", "", "ar"},
		{"ازيك عامل ايه", "", "greeting", "", "", "ar"},
		{"good evening, is anyone there?", "", "greeting", "", "", "en"},
		{"thanks a lot for your help", "", "thanks", "", "", "en"},
		{"شكرا جزيلا على المساعدة", "", "thanks", "", "", "ar"},
		{"shukran ktir 3al mosa3ade", "", "thanks", "", "", "ar"},
		{"مشكور ما قصرت", "", "thanks", "", "", "ar"},
		{"bye bye see you later", "", "goodbye", "", "", "en"},
		// ... but a greeting with a request is the request.
		{"مرحبا بدي مساعدة مالية للعائلة", "", "service_info", "social-assistance", "", "ar"},
		{"hi, how do I renew my passport?", "", "service_info", "passport-renewal", "steps", "en"},
		{"بدي اجدد جوازي هلا", "", "service_info", "passport-renewal", "", "ar"}, // هلا: "now"
		{"translate hello into french", "", "out_of_scope", "", "", "en"},
		// Aspect words of follow-ups: Arabizi خ as "5", Egyptian منين,
		// conditions with "if I".
		{"tayyeb w el 5atawat eh?", "business-registration", "service_info", "business-registration", "steps", "ar"},
		{"وبطلعها منين؟", "good-conduct-certificate", "service_info", "good-conduct-certificate", "location", "ar"},
		{"can I still get it if I work part-time?", "job-seeker-registration", "service_info", "job-seeker-registration", "eligibility", "en"},
		{"I moved house, do I need a rental contract to update my address?", "", "service_info", "change-of-address", "documents", "en"},
		{"shou lazem jib ma3i?", "family-registry-extract", "service_info", "family-registry-extract", "documents", "ar"},
		{"is there a discount if I pay early?", "traffic-fines-payment", "service_info", "traffic-fines-payment", "fees", "en"},
		{"w ibni byesta7e2?", "school-enrollment", "service_info", "school-enrollment", "eligibility", "ar"},
		// Aspects asked indirectly.
		{"do they take a copy or must it be the original?", "birth-certificate", "service_info", "birth-certificate", "documents", "en"},
		{"I need it by Thursday, is that possible?", "good-conduct-certificate", "service_info", "good-conduct-certificate", "time", "en"},
		{"طيب من وين ابلش؟", "business-registration", "service_info", "business-registration", "steps", "ar"},
		{"is there an office near me?", "national-id-replacement", "service_info", "national-id-replacement", "location", "en"},
		{"طيب وش يبيلي؟", "driving-license-renewal", "service_info", "driving-license-renewal", "documents", "ar"},
		{"شو لازم اخد معي؟", "birth-certificate", "service_info", "birth-certificate", "documents", "ar"},
		{"وين اللينك؟", "exam-results", "service_info", "exam-results", "location", "ar"},
		{"بنتي عمرها ١٥ بيقبلوها؟", "school-enrollment", "service_info", "school-enrollment", "eligibility", "ar"},
		// Session 9: dialect forms (Gulf ليسني, whose stem ليس is "not";
		// انرزقنا "we were given a baby"), "a copy of" naming what is asked
		// for, "how" over the channel it is done on, "must it …?", and
		// Arabizi words the knowledge base has read for their cues
		// (wesh, awraq, wain).
		{"ابغى اجدد ليسني الحين", "", "service_info", "driving-license-renewal", "", "ar"},
		{"الحمدلله انرزقنا بولد، كيف نسجله؟", "", "service_info", "birth-certificate", "steps", "ar"},
		{"بدي صورة عن شهادة الوفاة، قديش بتكلف؟", "", "service_info", "death-certificate", "fees", "ar"},
		{"شلون اجدد الاستمارة من التطبيق؟", "", "service_info", "vehicle-registration-renewal", "steps", "ar"},
		{"طيب لازم يكون باسمي؟", "electricity-connection", "service_info", "electricity-connection", "eligibility", "ar"},
		{"wesh el awraq elli yabonha?", "customs-clearance", "service_info", "customs-clearance", "documents", "ar"},
		{"w wain bsawiha?", "trade-license-renewal", "service_info", "trade-license-renewal", "location", "ar"},
		// Courtesy with an aspect after an answer asks about the service;
		// without one it is thanks.
		{"شكرا، وكم الرسوم؟", "passport-renewal", "service_info", "passport-renewal", "fees", "ar"},
		{"thanks, and what documents do I need", "birth-certificate", "service_info", "birth-certificate", "documents", "en"},
		{"thanks a lot, that helped", "birth-certificate", "thanks", "", "", "en"},
		{"شكرا كتير", "passport-renewal", "thanks", "", "", "ar"},
	}
	for _, tt := range tests {
		r, err := m.Understand(context.Background(), intents.Query{Text: tt.text, Context: intents.Context{LastService: tt.last}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Intent != tt.intent || r.ServiceID != tt.service || string(r.Aspect) != tt.aspect || r.Lang != tt.lang {
			t.Errorf("%q: got %s/%s/%s/%s (%.2f %v), want %s/%s/%s/%s", tt.text, r.Intent, r.ServiceID, r.Aspect, r.Lang,
				r.Confidence, r.Candidates, tt.intent, tt.service, tt.aspect, tt.lang)
		}
		if r.Confidence < 0 || r.Confidence > 1 {
			t.Errorf("%q: confidence %v out of [0,1]", tt.text, r.Confidence)
		}
	}
}

// The context's service does not hold on to a conversation that moved on.
func TestNewServiceReplacesContext(t *testing.T) {
	m := matcher(t)
	r, _ := m.Understand(context.Background(), intents.Query{Text: "and I also need a certificate of good conduct, where?",
		Context: intents.Context{LastService: "passport-renewal"}})
	if r.ServiceID != "good-conduct-certificate" || r.FollowUp {
		t.Errorf("got %+v", r)
	}
}

func TestCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := matcher(t).Understand(ctx, intents.Query{Text: "passport"}); err == nil {
		t.Error("no error on a canceled context")
	}
}

func BenchmarkUnderstand(b *testing.B) {
	m := matcher(b)
	qs := []string{
		"كم رسوم تجديد جواز السفر؟", "bade ajadded rokhset el swa2a", "how long does a building permit take",
		"عايز اطلع شهادة ميلاد لبنتي", "وش الاوراق المطلوبة للتأمين الصحي",
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Understand(ctx, intents.Query{Text: qs[i%len(qs)]}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewMatcher(b *testing.B) {
	matcher(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		intents.NewMatcher(kb)
	}
	b.StopTimer()
	reportRetained(b, kb)
}

// reportRetained reports the heap a matcher of kb keeps once built (what an
// instance holds, and holds twice for the moment a publish swaps one for
// the next).
func reportRetained(b *testing.B, kb *knowledge.Base) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := intents.NewMatcher(kb)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(m)
	b.ReportMetric(float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))/(1<<20), "MiB-retained")
}

// synthetic returns n services made from the sample ones, each with its
// own id and a few words of its own, the size of a national catalogue.
// Each copy takes synthShare of its sample service's examples and near
// misses, so 5,000 services stay the workload they were before session 9
// grew the sample by half (about 312,000 texts; all of them would be
// 527,000: docs/intents.md, "Session 9").
func synthetic(tb testing.TB, n int) *knowledge.Base {
	matcher(tb)
	src := kb.Services()
	out := make([]*knowledge.Service, n)
	for i := range out {
		s := *src[i%len(src)]
		s.ID = fmt.Sprintf("%s-%d", s.ID, i)
		tag := fmt.Sprintf("x%dq", i)
		ex := knowledge.Phrases{AR: share(s.Examples.AR), EN: share(s.Examples.EN)}
		s.NotFor = knowledge.Phrases{AR: share(s.NotFor.AR), EN: share(s.NotFor.EN)}
		s.Examples = knowledge.Phrases{AR: make([]string, len(ex.AR)), EN: make([]string, len(ex.EN))}
		for j, e := range ex.AR {
			s.Examples.AR[j] = e + " " + tag
		}
		for j, e := range ex.EN {
			s.Examples.EN[j] = e + " " + tag
		}
		out[i] = &s
	}
	b, err := knowledge.New(out)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// synthShare: see synthetic.
const synthShare = 0.6

// share is the first synthShare of a list (at least one of a non-empty one).
func share(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	return l[:max(1, int(float64(len(l))*synthShare+0.5))]
}

// BenchmarkNewMatcher5000: index build for a 5,000-service knowledge base
// (about 165,000 example questions).
func BenchmarkNewMatcher5000(b *testing.B) { benchBuild(b, 5000) }

// BenchmarkNewMatcher200: a mid-size catalogue, 200 services of about 30
// examples each: the largest kind whose learned model's training is
// bounded by linMaxWork (every example scored against every service,
// every epoch), where the 5,000-service one has no learned model.
func BenchmarkNewMatcher200(b *testing.B) { benchBuild(b, 200) }

// benchBuild times the index build of a synthetic n-service knowledge
// base and reports what a built matcher keeps.
func benchBuild(b *testing.B, n int) {
	catalogue := synthetic(b, n)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		intents.NewMatcher(catalogue)
	}
	b.StopTimer()
	reportRetained(b, catalogue)
}

// TestCalibrationSet guards the decision on questions written by the team
// (testdata/calibration.jsonl: in scope, sibling services, out of scope)
// and on two sets written blind, from the list of services alone
// (heldout.jsonl, heldout2.jsonl, heldout3.jsonl: every variety;
// dialect4.jsonl: Levantine, Gulf and Egyptian; arz6.jsonl: Arabizi and
// Egyptian; nearmiss*.jsonl:
// look-alike requests no service covers, and covered requests close to
// them): the figures may
// move with the knowledge base, but not collapse. Near-miss classes are
// never offered.
func TestCalibrationSet(t *testing.T) {
	m := matcher(t)
	for _, tc := range []struct {
		file         string
		service, oos float64
	}{
		{"testdata/calibration.jsonl", 0.93, 0.8},
		{"testdata/heldout.jsonl", 0.9, 0.8},
		{"testdata/nearmiss.jsonl", 0.9, 0.9},    // oos17: 0.944
		{"testdata/nearmiss2.jsonl", 0.85, 0.92}, // oos17: 0.95
		{"testdata/nearmiss3.jsonl", 0.72, 0.55},
		{"testdata/heldout2.jsonl", 0.93, 0.88},
		{"testdata/heldout3.jsonl", 0.9, 0.76},
		{"testdata/dialect4.jsonl", 0.9, 0.9},
		{"testdata/nearmiss4.jsonl", 0.9, 0.75},
		{"testdata/dialect5.jsonl", 0.9, 0.9},
		{"testdata/heldout4.jsonl", 0.9, 0.68},
		{"testdata/aspect6.jsonl", 0.93, 0},
		{"testdata/arz6.jsonl", 0.9, 0.7},
		{"testdata/en6.jsonl", 0.92, 0.8},
		{"testdata/heldout5.jsonl", 0.88, 0.8},
		{"testdata/arz7.jsonl", 0.9, 0.7},
		{"testdata/heldout6.jsonl", 0.95, 0.72},  // session 11, blind
		{"testdata/dialect9.jsonl", 0.88, 0.75},  // session 11, blind
		{"testdata/nearmiss5.jsonl", 0.93, 0.65}, // session 11, blind
		{"testdata/heldout7.jsonl", 0.92, 0.76},  // session 12, blind
		{"testdata/nearmiss6.jsonl", 0.93, 0.62}, // session 12, blind
		{"testdata/dialect10.jsonl", 0.92, 0.8},  // session 12, blind
	} {
		qs, err := evaluate.ReadJSONL[evaluate.Turn](tc.file)
		if err != nil {
			t.Fatal(err)
		}
		var svcOK, svcN, oosOK, oosN int
		for _, q := range qs {
			r, err := m.Understand(context.Background(), intents.Query{Text: q.Text})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range r.Candidates {
				if strings.Contains(c.ServiceID, "#") {
					t.Errorf("%s: %q: candidate %s is not a service", tc.file, q.Text, c.ServiceID)
				}
			}
			switch q.ExpectIntent {
			case "service_info":
				svcN++
				if r.Intent == "service_info" && r.ServiceID == *q.ExpectSvc {
					svcOK++
				}
			case "out_of_scope":
				oosN++
				if r.Intent == "out_of_scope" || r.Intent == "fallback" {
					oosOK++
				}
			}
		}
		t.Logf("%s: service %d/%d, out of scope %d/%d", tc.file, svcOK, svcN, oosOK, oosN)
		if float64(svcOK) < tc.service*float64(svcN) || float64(oosOK) < tc.oos*float64(oosN) {
			t.Errorf("%s: service %d/%d (want >= %.0f%%), out of scope %d/%d (want >= %.0f%%)",
				tc.file, svcOK, svcN, 100*tc.service, oosOK, oosN, 100*tc.oos)
		}
	}
}

// TestSystemPhrases: greetings, thanks and requests for a person in every
// variety are recognised and answered in the message's language:
// testdata/system.jsonl (written by the team from how people open, close
// and ask for a human) every one; sys7.jsonl (written blind by another
// hand, then tuned on) all but a few; sys8.jsonl, sys9.jsonl and
// sys10.jsonl (written blind by other hands, still unread but for two
// lines of sys10) a floor under their latest scores.
func TestSystemPhrases(t *testing.T) {
	m := matcher(t)
	for _, tc := range []struct {
		file string
		min  float64
	}{
		{"testdata/system.jsonl", 1},
		{"testdata/sys7.jsonl", 0.97},
		{"testdata/sys8.jsonl", 0.88},       // blind: its lines are unread
		{"testdata/sys9.jsonl", 0.85},       // blind (session 11)
		{"testdata/sys10.jsonl", 0.88},      // blind (session 12)
		{"testdata/sysprobe15.jsonl", 0.95}, // the tuner's own (session 12, sys15): thanks, goodbyes, look-alikes
	} {
		qs, err := evaluate.ReadJSONL[evaluate.Turn](tc.file)
		if err != nil {
			t.Fatal(err)
		}
		var bad []string
		for _, q := range qs {
			r, err := m.Understand(context.Background(), intents.Query{Text: q.Text})
			if err != nil {
				t.Fatal(err)
			}
			if string(r.Intent) != q.ExpectIntent || r.Lang != q.Lang {
				bad = append(bad, fmt.Sprintf("%s %q: got %s in %s, want %s in %s", q.ID, q.Text, r.Intent, r.Lang, q.ExpectIntent, q.Lang))
			}
		}
		if ok := len(qs) - len(bad); float64(ok) < tc.min*float64(len(qs)) {
			t.Errorf("%s: %d of %d right, want %.0f%%:\n%s", tc.file, ok, len(qs), 100*tc.min, strings.Join(bad, "\n"))
		}
	}
}

// Two services a question cannot tell apart (thresholds that make every
// margin too small): without context the citizen is asked to choose; in a
// conversation about one of the two best, it stays with that one.
func TestTieStaysWithConversation(t *testing.T) {
	ex := knowledge.Phrases{AR: []string{"بدي اسجل طلب جديد", "كيف اقدم طلب"}, EN: []string{"I want to register a new request", "how do I apply"}}
	var svcs []*knowledge.Service
	for _, id := range []string{"first-service", "second-service", "other-service"} {
		s := &knowledge.Service{ID: id, Title: knowledge.Text{AR: id, EN: id}, Examples: ex, ExamplesOnly: true}
		if id == "other-service" {
			s.Examples = knowledge.Phrases{EN: []string{"pay a parking fine", "parking ticket"}}
		}
		svcs = append(svcs, s)
	}
	kb, err := knowledge.New(svcs)
	if err != nil {
		t.Fatal(err)
	}
	m := intents.NewMatcher(kb)
	// Any margin is too small, and no confidence sure enough, to answer
	// without asking.
	m.Thresholds.Margin, m.Thresholds.Sure = 1, 2
	q := "how do I register a new request"
	for _, tc := range []struct{ last, intent, service string }{
		{"", intents.IntentClarify, ""},
		{"second-service", intents.IntentServiceInfo, "second-service"},
		{"first-service", intents.IntentServiceInfo, "first-service"},
		{"other-service", intents.IntentClarify, ""},
	} {
		r, err := m.Understand(context.Background(), intents.Query{Text: q, Context: intents.Context{LastService: tc.last}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Intent != tc.intent || r.ServiceID != tc.service {
			t.Errorf("after %q: %s %s (confidence %.2f, candidates %v), want %s %s", tc.last, r.Intent, r.ServiceID, r.Confidence, r.Candidates, tc.intent, tc.service)
		}
	}
}

// TestConcurrentColdWords: goroutines sharing a matcher, while its cache
// of new words is emptied, understand questions full of words the
// knowledge base lacks as one goroutine alone does (run with -race).
func TestConcurrentColdWords(t *testing.T) {
	m := matcher(t)
	var qs []string
	for i := range 60 {
		qs = append(qs, fmt.Sprintf("كم رسوم تجديد جواز السفر zorbex%d يا قلبنطوس%d", i%20, i%7),
			fmt.Sprintf("wie viel kostet flumbrix%d renewal passport", i%11))
	}
	ctx := context.Background()
	m.ForgetWords()
	want := make([]intents.Result, len(qs))
	for i, q := range qs {
		want[i], _ = m.Understand(ctx, intents.Query{Text: q})
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for r := range 3 {
				if g == 0 && r > 0 {
					m.ForgetWords()
				}
				for i := range qs {
					i := (i + 17*g) % len(qs)
					got, _ := m.Understand(ctx, intents.Query{Text: qs[i]})
					if fmt.Sprint(got) != fmt.Sprint(want[i]) {
						t.Errorf("%q: %v, alone %v", qs[i], got, want[i])
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
