package intents

import (
	"slices"
	"strings"

	"github.com/dalil-project/dalil/knowledge"
)

// A cue is a phrase (normalized words) that signals an aspect or a system
// intent, with a weight: specific nouns ("رسوم", "documents") weigh 1, bare
// question words ("كيف", "can i") less, so "can I apply online?" is about
// location, not eligibility.
type cue struct {
	phrase string
	weight float64
	kept   bool // a word the service index keeps (see kept)
}

func cues(w float64, phrases ...string) []cue {
	out := make([]cue, len(phrases))
	for i, p := range phrases {
		out[i] = cue{Normalize(p), w, false}
	}
	return out
}

// kept are aspect cues whose words the service index keeps: they came
// after the index was tuned, and some of them tell services apart too
// ("discount" is fines, "calculated" taxes and customs), so they name an
// aspect without moving which service a question is about.
func kept(w float64, phrases ...string) []cue {
	out := cues(w, phrases...)
	for i := range out {
		out[i].kept = true
	}
	return out
}

func join(lists ...[]cue) []cue {
	var out []cue
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// spellings adds the other Arabizi spelling of each cue with خ in it:
// citizens write it "kh" or "5" ("khatawat", "5atawat") about equally,
// and a list that names one should not miss the other.
func spellings(list []cue) []cue {
	have := make(map[string]bool, len(list))
	for _, c := range list {
		have[c.phrase] = true
	}
	out := list
	for _, c := range list {
		for _, sw := range [][2]string{{"kh", "5"}, {"5", "kh"}} {
			if v := strings.ReplaceAll(c.phrase, sw[0], sw[1]); v != c.phrase && !have[v] {
				have[v] = true
				out = append(out, cue{v, c.weight, c.kept})
			}
		}
	}
	return out
}

var aspectCues = map[knowledge.Aspect][]cue{
	knowledge.AspectFees: spellings(join(
		cues(1, "رسوم", "رسم", "الرسوم", "تكلفة", "تكلفه", "تكاليف", "بتكلف", "يكلف", "تكلف", "بيكلف", "كلفة", "سعر", "اسعار", "فلوس", "مصاريف",
			"غرامة", "غرامه", "غرامات", "مجاني", "مجانا", "مجانية", "ببلاش", "بكام", "بكم", "كم سعر", "كم الرسوم", "قديش بكلف", "قديش سعر",
			"fee", "fees", "cost", "costs", "price", "how much", "charge", "charges", "penalty", "free of charge", "is it free", "for free", "late fee", "pay for",
			"rosoom", "rusoom", "rsoom", "rosom", "floos", "felos", "se3r", "taklefa", "bykallef", "bikallef", "btkallef", "bekam", "bkam", "maggany", "magany", "ghrama", "gharama", "masareef", "befloos"),
		kept(1, "discount", "خصم", "تخفيض", "5asm", "khasm", "calculated", "calculate", "how is it calculated",
			"بتتحسب", "تتحسب", "بيتحسب", "يتحسب", "بتنحسب", "تنحسب", "بينحسب", "ينحسب", "يحسبوها", "بيحسبوها", "يحسبونها"),
		kept(1, "the amount", "how much more", "pay again", "pay extra", "extra charge", "go up"), // Session 10: English
		kept(0.5, "installments", "instalments", "تقسيط", "اقساط", "بالتقسيط", "cash", "كاش", "نقدا", "by card", "credit card", "pay by card"),
		cues(0.5, "كم", "قديش", "كام", "kam", "2addesh", "addesh", "adesh"),
		// Session 9: "how much do I pay" in each dialect; كلف is the stem of
		// تكلف، بتكلف، تكلفني (already an aspect word); قديه "how much".
		cues(1, "كلف", "كم ادفع", "كم بدفع", "كم ندفع", "قديش بدفع", "قديش ادفع", "قديش لازم ادفع", "كم لازم ادفع", "ادفع قديش", "ادفع كام", "هدفع كام", "كام هدفع", "ادفع كم"),
		cues(0.5, "قديه"),
		kept(1, "بجم", "تمنها", "تمنه"),           // Kuwaiti "for how much"; "its price" (ثمن as said)
		kept(0.8, "غالي", "غاليه", "غلي", "غليت"), // "dear" (not رخيص "cheap": the stem of ترخيص "licence")
		// Session 10 (asp11): paying asked indirectly: an amount of
		// money, "do I need to pay anything"; a verb of paying alone only
		// leans (paying a bill or a fine is a service of its own).
		kept(0.8, "مبلغ", "مبلغا", "مبالغ", "المبالغ", "مصاري", "المصاري", "masari", "pay anything", "pay something", "need to pay", "have to pay", "must i pay", "any money"),
		kept(1, "لازم ادفع", "علي ادفع", "ان ادفع", "ادفع شي", "ادفع اشي", "ادفع حاجه", "ادفع اي", "بدفع شي", "بدفع اشي", "edfa3 eshi", "edfa3 shi", "adfa3 7aga", "bedfa3 shi"),
		kept(0.5, "يدفع", "ندفع", "تدفع", "سيدفع", "لدفع", "بيدفع", "بتدفع", "اشتراك", "اشتراكا"),
		// Money to bring is a fee, not a document ("bring" is documents).
		kept(1.2, "bring money", "bring cash", "احضر مبلغ", "احضر مبلغا", "اجيب مصاري", "جيب مصاري", "اجيب فلوس", "اجيب معي فلوس", "اجيب معايا فلوس", "ajib masari", "ageeb felos"),
		// "official" (رسمي، رسميا، الرسمية) has the stem of رسم "fee": as
		// written it is one cue with it, of no weight (like فيني and فين).
		kept(0, "رسمي", "رسميا", "رسميه", "الرسمي", "الرسميه", "بشكل رسمي"),
		kept(1, "معفي", "معفى", "معفيه", "اعفاء", "الاعفاء", "exempt", "exemption", "waived", "waive"), // exempt from paying
		// Session 11 (asp13): "how much does it want" in each dialect (كم
		// تبي، قديش بدها، بكام دي), its value, paying in money or made to
		// pay, a sum in a currency ("I only have 20 dinars"), and the
		// Arabizi spellings of "cost" with and without digits.
		kept(1, "كم تبي", "كم يبي", "كم يبون", "كم ياخذون", "كم بياخدوا", "قديش بدها", "قديش بدو", "قديش بياخدوا", "قديش بوخدوا", "بكام دي", "بكام ده",
			"سعرها كام", "سعره كام", "سعرها قديش", "سعره قديش", "كم قيمتها", "كم قيمته", "قيمتها كام", "قيمتها قديش", "كم سعرها", "كم سعره",
			"kam tabi", "kam ybi", "kam yabi", "kam yboon", "adesh bada", "adesh bado", "adesh bdo", "addesh bada", "addesh bado", "2addesh bada", "2addesh baddo", "2adesh bado", "b kam", "be kam", "bi kam"),
		kept(0.8, "قيمه", "قيمتها", "قيمته", "القيمه", "2ime", "2imetha", "2imeto", "qimetha", "qeemat"),
		cues(-0.8, "القيمه المضافه", "قيمه مضافه"), // value added tax: a service's name
		kept(1, "بفلوس", "بالفلوس", "بمصاري", "بالمصاري", "بيدفعوني", "بيدفعونا", "يدفعوني", "يدفعونا", "بيدفعوك", "فوايد تاخير", "رسوم تاخير",
			"b floos", "bi flous", "b masari", "bflous"),
		// "What will it come to": Levantine يطلع علي of a sum; how they
		// count it (كيف بحسبوها) is the fee, not the steps.
		kept(1, "يطلع علي", "بيطلع علي", "تطلع علي", "بتطلع علي", "رح يطلع علي", "رح تطلع علي", "بحسبوها", "بحسبوا", "بيحسبوا", "يحسبون", "يحسبوا",
			"btetla3 3alay", "bitla3 3alay", "byetla3 3alay", "btetla3 3aleyi", "bitla3 3aleyi"),
		kept(1, "قديش فرقه", "قديش الفرق", "كم الفرق", "كم فرقه", "الفرق كام", "فرقه كام", "الفرق قديش"), // the urgent one's over the ordinary
		cues(2.5, "كيف بحسبوها", "كيف بيحسبوها", "كيف بتنحسب", "كيف بينحسب", "كيف بتتحسب", "ازاي بيتحسب", "ازاي بتتحسب", "ازاي بيحسبوها", "شلون يحسبون", "شلون تنحسب"),
		kept(0.5, "تزيد", "بتزيد", "يزيد", "بيزيد", "zyade", "bitzeed", "btzeed"), // does it go up (paying verbs such as سدد are the fines service)
		kept(0.6, "دينار", "دنانير", "ريال", "جنيه", "درهم", "ليره", "dinar", "dananeer", "riyal", "ryal", "geneh", "gneh", "dirham", "lira"),
		kept(1, "yekalef", "ykalef", "tkalef", "bitkalef", "bitkallef", "btkalef", "btekallef", "bykalef", "bikalef", "hykalef", "7ykalef", "7atkalef", "hatkalef",
			"yekalefni", "ykalefni", "btkalefni", "bitkalefni", "bykalefni", "hykalefni", "takalif", "takaleef", "taklifa", "taklfa", "kolfa", "kulfa",
			"se3ro", "se3rha", "s3ro", "s3rha", "flous", "flus", "fulus", "mablagh", "mabla8", "rusum", "rsoum", "rosoum", "bbalash", "b balash", "balash", "majjani", "majani", "mjani", "maggani"),
		kept(1, "kam badfa3", "kam adfa3", "adesh badfa3", "addesh badfa3", "2addesh badfa3", "kam bdfa3", "adfa3 kam", "hadfa3 kam", "kam nedfa3"),
	)),
	knowledge.AspectDocuments: spellings(join(
		cues(1, "اوراق", "ورق", "الورق", "ورقه", "مستندات", "مستند", "وثائق", "الاوراق المطلوبه", "صور", "صوره", "صورة", "ارفق", "ارفاق", "احضر", "احضار", "المطلوب",
			"document", "documents", "docs", "papers", "paperwork", "bring", "photo", "photos", "picture", "pictures", "what do i need", "required documents", "proof", "attach", "what do we need", "what does it need", "rental contract",
			"محضر", "كشف حساب", "عقد ايجار", "lease", "bank statement", "kashf", "ma7dar",
			"awra2", "wara2", "war2a", "mostanadat", "soura", "sowar", "suwar", "sora", "erfe2", "arfe2", "el matloob", "matloube",
			"محتاج ايه", "محتاجين ايه", "احتاج ايه", "وش احتاج", "ايش احتاج", "شو بحتاج", "شو بدي احتاج", "وش يبون", "ايش يبغون", "وش يبغون", "شو بدهم", "شو بيطلبو", "ايه المطلوب",
			"m7tag eh", "me7tag eh", "ma7tag eh", "shu baddhom", "wesh yboon"),
		cues(0.6, "اجيب", "نجيب", "اجيبه", "ageeb", "ajeeb", "jeeb", "jib", "ajib", "njib"),
		kept(1.2, "ياخد معو", "ياخد معه", "ياخذ معه", "اخد معي", "اخذ معي", "اخد معايا", "اخدها معي", "ناخد معنا", "ناخذ معنا", "اجيب معي", "اجيب معايا", "take with me", "bring with me",
			"وش يبيلي", "ايش يبيلي", "وش يبي لي", "وش يبيله", "وش يبيلها", "wesh ybeeli"),
		kept(0.8, "المطلوبه"),
		kept(0.6, "copy", "copies", "original", "certified copy", "translated", "translation", "نسخه", "طبق الاصل", "مصدقه", "مترجمه"),
		// Session 9: "what must I bring (with me)" with the Levantine جيب
		// (لازم جيب، تجيب معها), "what do they ask for", a medical report.
		cues(1, "لازم جيب", "لازم اجيب", "لازم تجيب", "لازم نجيب", "لازم يجيب", "مطلوب مني", "وش يطلبون", "ايش يطلبون", "شو بيطلبوا", "بيطلبوا ايه", "عايزين ايه"),
		cues(1, "وش اللي احتاج", "وش اللي احتاجه", "ايش اللي احتاجه", "شو اللي بحتاجه", "شو اللي بدي احتاجه", "ايه اللي محتاجه", "ايه اللي محتاجينه"),
		kept(1.2, "جيب معي", "جيب معو", "جيبه معي", "تجيب معها", "تجيب معه", "تجيب معو", "يجيب معه", "يجيب معو", "نجيب معنا"),
		kept(1, "كشف طبي", "تقرير طبي"),
		// Session 10 (asp11): what to carry or have ready (احمل معي، نجهز
		// معنا, "have on hand"), and Arabizi "take with me".
		kept(1.2, "احمل معي", "نحمل معنا", "يحمل معه", "تحمل معك", "اجهز معي", "نجهز معنا", "اجهز قبل", "نجهز قبل",
			"ya5od ma3o", "ya5od ma3ah", "a5od ma3i", "a5od ma3aya", "na5od ma3na", "ajib ma3i", "ageeb ma3aya", "njib ma3na", "jib ma3i"),
		kept(1, "have ready", "have on hand", "have handy", "gather", "what info", "what information", "which information"),
		// Session 10: English asking what they will want to see.
		kept(1, "have with me", "need to have", "need to bring", "what proof", "which proof", "proof of address", "what evidence", "what paperwork",
			"what they need", "what will they need", "what they ll need", "they ll ask for", "will they ask for", "what else do i need", "medical report"),
		kept(1, "نموذج", "النموذج", "نماذج", "which form", "what form", "forms"), // a form to fill in
		// "a copy of" (صورة عن/من الشهادة) names what is asked for, not
		// the documents it takes: it counts half.
		cues(-0.5, "صوره عن", "صوره من"),
		// Session 11 (asp13): "is it required", "do they want …" (بدهم،
		// يبون، بيطلبوا: a lean, the model weighs it against none), the
		// original over a copy, "what do I prepare", papers in each
		// dialect, and Arabizi spellings.
		kept(0.6, "مطلوب", "مطلوبه", "matloob", "matlooba", "matlub", "matluba", "matlob", "matlooben"),
		kept(0.5, "بدهم", "بدهن", "يبون", "يبغون", "بيطلبوا", "بيطلبو", "يطلبون", "يطلبوا", "baddhom", "badhom", "bedhom", "baddon", "yboon", "ybghoon", "byotlobo", "byetlobo", "bytlobo"),
		kept(0.6, "الاصلي", "الاصليه", "اصلي", "اصليه", "الاصل", "asli", "asliye", "asliyye", "el asl", "el asliye"),
		kept(1, "ورقيات", "الورقيات", "ورقات", "اوراقه", "اوراقها", "ورقه ايه", "ورق ايه", "wara2at", "awra2o", "awra2ha", "awraqo", "awraq", "wara2 eh", "awra2 eh"),
		kept(1.2, "وش اجهز", "ايش اجهز", "نجهز ايه", "نحضر ايه", "شو لازم نحضر", "شو لازم نجهز", "شو نحضر", "شو بدنا نحضر", "شو بدنا نجهز", "وش نجهز", "ايش نجهز", "وش نحضر", "شو بدي اجهز", "شو لازم اجهز", "شو لازم حضر", "شو لازم احضر", "شو اجهز", "ايه اللي احضره",
			"لازم يكون معي", "لازم يكون معايا", "لازم يكون معاي", "لازم تكون معي", "لازم تكون معايا", "تكون معي", "يكون معي", "تكون معايا", "يكون معايا", "lazem tkoon ma3i", "lazem ykoon ma3i",
			"شو احضر", "شو حضر", "شو بدي حضر", "شو بدي جهز", "اجهز ايه", "احضر ايه", "احضر معي", "نجيب معانا", "ناخد معانا", "هاخد معايا", "هجيب معايا", "هنجيب معانا", "اجيب ايه", "نجيب ايه",
			"sho bado", "shu baddon", "sho baddon", "sho bedhom", "esh yabon", "wesh yabon", "wish yboon", "shu byetlobo", "eh el matloob", "el matloob eh", "m7tageen eh", "me7tag eih", "mehtag eh", "m7tag eih", "ageeb eh", "njeeb eh", "ajeeb eh"),
	)),
	knowledge.AspectSteps: spellings(join(
		cues(1, "خطوات", "الخطوات", "طريقه", "طريقة", "اجراءات", "الاجراءات", "كيفيه", "اعمل ايه", "شو اعمل", "وش اسوي", "ايش اسوي", "اعمل اي",
			"steps", "step", "process", "procedure", "procedures",
			"khatawat", "a3mel eh", "a3mel eih", "shu a3mel", "ejra2at", "e2ra2at", "tari2a",
			"ماذا افعل", "ماذا علي ان افعل", "ماذا يجب ان افعل", "ما الذي علي فعله", "نعمل ايه", "نعمل اي", "شو بعمل", "شو نعمل", "وش نسوي", "ايش نسوي", "وش الطريقه", "what should i do", "what do i do", "what do we do", "how do i go about",
			"n3mel eh", "na3mel eh", "shu ba3mel", "wesh asawi", "wish asawi"),
		// Outweighs the "where" (and "من وين") it starts with.
		cues(2.5, "where do i start", "where to start", "where do i begin", "من وين ابلش", "من وين بلش", "من وين نبلش", "من وين ابدا", "من فين ابدا", "من فين ابتدي", "منين ابدا", "what next", "what s next",
			"من وين ببلش", "من وين منبلش", "من وين بدي ابلش", "منين ابتدي", "منين ابلش"),
		cues(1, "شو لازم اعمل", "شو بدي اعمل", "وش لازم اسوي", "ايش لازم اسوي", "لازم اعمل ايه", "المفروض اعمل ايه", "اسوي ايش", "اسوي وش", "اعمل شو", "وش المفروض اسوي",
			"shu lazem a3mel", "sho lazem a3mel", "shou lazem a3mel", "shu lazem na3mel", "sho lazem na3mel", "shou lazem na3mel"),
		cues(1.1, "how do i", "how to", "how do we"),
		// Session 10 (asp11): the first step (خطوة alone, "the first thing
		// to do"), "walk me through".
		kept(1, "خطوه", "اول خطوه", "الخطوه الاولي", "اول شي اسوي", "اول شي اسويه", "اول اشي بعمل", "اول اشي اعمله", "اول حاجه اعملها", "اول حاجه اعمل",
			"first step", "first thing", "walk me through", "guide me", "5atwa", "awal 5atwa"),
		kept(1, "مراحل", "المراحل", "stages", "how does it work", "how it works", "كيف بتمشي", "كيف تمشي", "شلون تمشي"),
		kept(1.2, "شو بيصير", "وش يصير", "ايش يصير", "شو رح يصير", "شو بصير"),
		kept(1, "step by step", "start to finish", "the whole process", "what i must do", "what must i do", "what i have to do", "what do i have to do",
			"what comes next", "what happens next", "what i should do", "what we should do"),
		cues(0.8, "how can i", "how can we"), // "how can I pay online" asks where
		cues(1.1, "كيف", "ازاي", "ازاى", "شلون", "kif", "keef", "ezay", "ezzay", "izzay", "shlon", "shloon", "kaif"),
		// Session 11 (asp13): "explain it to me", "where do I start" with
		// the place last (ابتدي منين), "what happens after", and the
		// Arabizi spellings of how, steps and procedures.
		kept(1, "فهمني", "اشرحلي", "اشرح لي", "فهموني", "علمني", "وضحلي", "fahemni", "fahhemni", "efhamni", "eshra7li", "ishra7li"),
		cues(2.5, "ابتدي منين", "من وين ببدا", "منين ببدا", "من وين بدا", "من وين بدي ابدا", "من وين لازم ابدا", "من وين لازم ابلش", "من فين لازم ابدا", "من وين اول شي", "ابدا منين", "ابلش منين", "ابدا من فين", "ابتدي من فين", "بلش منين", "abda mnein", "ballesh mnein", "abtedi mnein", "abtedi menein"),
		kept(1.2, "شو بيصير بعدين", "شو بصير بعدين", "وش يصير بعدين", "ايش يصير بعدين", "ايه اللي بيحصل", "ايه اللي هيحصل", "شو الخطوه الجاي", "وش الخطوه الجايه", "بعدين شو", "بعد كده ايه", "وبعدين"),
		kept(1.1, "ezai", "ezzai", "izai", "ezaay", "izzai", "keif", "kiif", "kef", "shloun", "shlun", "shlown", "chlon", "kaef"),
		kept(1, "5otowat", "5otwat", "5utuwat", "5tawat", "5atwat", "ijra2at", "ejraat", "ijraat", "egra2at", "egraat", "tariqa", "taree2a", "tare2a", "el steps"),
	)),
	knowledge.AspectTime: spellings(join(
		cues(1.2, "how long", "قديش بدو وقت", "قد ايه", "اد ايه", "كم يوم", "كم المده"),
		cues(1, "كم يوم", "كام يوم", "قديش يوم", "كم ساعه", "مده", "المده", "متي", "امتي", "ايمتي", "وقت", "الوقت", "بياخد", "بتاخد", "ياخذ", "تاخذ", "تستغرق", "يستغرق",
			"نفس اليوم", "سريع", "مستعجل", "مستعجله", "مهله", "المهله", "قد ايه", "اد ايه", "كم اسبوع", "ايام", "اسبوع",
			"how many days", "when", "days", "day", "weeks", "ready", "deadline", "urgent", "express", "same day", "fast", "quickly", "quick", "time", "wait",
			"استني", "استنا", "انتظر", "بستني",
			"wa2t", "2ad eh", "ad eh", "kam yom", "kam youm", "emta", "imta", "mudde", "modda", "ayam", "osbo3", "nafs el yom", "besor3a",
			"اخر موعد", "اخر يوم", "موعد نهائي", "last day", "last date", "how soon", "in advance", "how far in advance",
			"ta5od", "bta5od", "takhod", "btakhod", "ya5od", "bya5od", "byakhod", "btaakhod"),
		// Session 9: Levantine when (ايمتا، وقتيش), "the earliest
		// appointment", "after how long", "take long", "be ready", "wait".
		cues(1, "ايمتا", "امتا", "وينتا", "وقتيش"),
		cues(1.5, "اقرب موعد", "اقرب ميعاد", "اول موعد", "بعد قديش", "بعد كم", "بعد اد ايه", "بعد قد ايه", "بعد كام"),
		cues(1, "اخر ميعاد"),
		kept(1, "هتاخد", "هياخد", "حتاخد", "بتاخذ", "بياخذ", "بتوخد", "بيوخد", "بتطول", "تطول", "يطول", "بطول", "بستنا", "نستنا", "ننتظر", "انطر", "بنطر"),
		kept(0.8, "جاهز", "جاهزه", "يجهز", "تجهز", "بتجهز", "بيجهز"),
		// Session 10 (asp11): in time or too late (لحق "make it").
		kept(1, "too late", "in time", "فات الاوان", "بلحق", "بتلحق", "بيلحق", "نلحق", "بنلحق", "ما زال هناك وقت", "لسه في وقت", "lessa fi wa2t"),
		// A week or days since something happened ("خلصت من اسبوع"،
		// "بقالها ايام", "two weeks ago") tells the story, it does not
		// ask how long: the phrase takes back what its duration word
		// weighs (matched on stems too: اسبوعين has the stem اسبوع, بقالي and
		// بقالها the stem بقال, صرلي and صرلها the stem صرل).
		cues(-1, sinceDurations()...),
		cues(1, "اقل من اسبوع", "باقل من اسبوع", "اكثر من اسبوع", "اكتر من اسبوع"), // "in less than a week" asks again
		// Opening hours, and "at once" (فورا، على طول; not فوري, which is
		// also Fawry, Egypt's payment network).
		kept(1, "ساعات الدوام", "اوقات الدوام", "opening hours", "working hours", "what time", "يفتحون", "بيفتحوا", "بيفتح", "بيسكروا", "يسكرون",
			"فورا", "فوريه", "على طول", "عالطول", "right away", "immediately", "instantly", "on the spot"),
		// "Next week" weighs what its اسبوع does, not twice that.
		kept(0, "الاسبوع الجاي"),
		kept(1, "tomorrow", "this week", "next week", "بكرا", "بكره", "باكر", "باجر",
			"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
			"الاحد", "الاثنين", "الاتنين", "الثلاثاء", "التلات", "الاربعاء", "الاربع", "الخميس", "الجمعه", "السبت"),
		// Session 11 (asp13): "is there time enough" (Gulf يمدي), opening
		// and closing, "quickly", and Arabizi spellings of
		// when, how long, a day, a week and making it in time.
		kept(1, "يمدي", "يمديني", "يمديك", "تمدي", "يمدينا", "ymdi", "ymdeeni", "yamdi", "ymdini"),
		kept(1, "بنفس اليوم", "بنفس النهار", "في نفس اليوم", "نستني", "بنستني", "تستني", "بتستني", "يستني", "استنى", "b nafs el yom", "bnafs el yom"),
		kept(1, "الدوام", "دوام", "يسكر", "بيسكر", "تسكر", "بتسكر", "فاتحين", "مفتوح", "يفتح", "تفتح", "بتفتح", "dawam", "el dawam"),
		kept(0.8, "بسرعه", "عاجل", "مستعجلين", "bsor3a", "b sor3a", "bsur3a"),
		kept(0.8, "يقفل", "بيقفل", "بيقفلوا", "يقفلون", "بيقفلو"),
		cues(2.5, "بدها وقت", "بدو وقت", "bada wa2t", "bado wa2t", "bdo wa2t", "bdha wa2t"), // "how much time does it want" is not its price
		kept(1, "imtan", "emtaa", "amta", "aymta", "emte", "emtah", "imteh", "eimta", "aimta", "meta", "waqtesh", "wa2tesh", "wa2teish",
			"kam yawm", "kam yoom", "kam yawom", "kam ayam", "kam ayyam", "kam yaum", "kam sa3a", "kam sa3ah", "kam osbo3", "kam usbu3", "adesh wa2t", "2addesh wa2t", "addesh wa2t", "kam wa2t",
			"waqt", "wa2et", "wagt", "el wa2t", "btookhod", "btu5od", "btakhud", "ta5ith", "yakhith", "tas2ghre2",
			"bl7a2", "bal7a2", "al7a2", "nl7a2", "l7a2", "bl7a2ha", "usbu3", "esbo3", "usboo3", "osboo3", "3al tool", "3ala tool", "fawran", "jahez", "jahze", "bteje7ez"),
	)),
	knowledge.AspectLocation: spellings(join(
		cues(1.2, "وين", "فين", "اين", "where", "wein", "wen", "fein", "fen", "feen", "which office", "من فين", "من وين", "mnein", "mneen", "men fein", "mn wein"),
		kept(1.2, "منين", "mnen", "menin", "mnin", "minen"),
		// "Where has my application got to" asks its status, not a place.
		cues(-1.2, "وين وصل", "وين وصلت", "وين صار", "وين صارت", "فين وصل", "فين وصلت", "اين وصل", "اين وصلت", "لوين وصل", "لفين وصل",
			"wein wasal", "wain wasal", "wen wasal", "fein wesel", "wein wesel", "wen wesel", "wein wesil", "wein sar", "wen sar", "fein wesle", "fen wesel", "where is my application", "where is my request", "where is my file"),
		// The Levantine فيني، فينا "can I, can we" have the stem of فين
		// "where": as written they are one cue with it, of no weight.
		kept(0, "فيني", "فينا"),
		cues(1, "النت", "عالنت", "بالنت"), // the internet, as said
		kept(1, "لينك", "اللينك", "الرابط", "رابط", "link", "the link", "linko"),
		kept(0.6, "near", "near me", "closest", "close to", "قريب", "اقرب", "قريب مني"),
		// Session 10 (asp11): from one's phone, remotely, without going.
		kept(1, "from my phone", "on my phone", "from my mobile", "on my mobile", "remotely", "without going", "من جوالي", "من تلفوني", "من التلفون", "عن بعد", "من غير ما اروح", "بدون ما اروح"),
		kept(1, "without visiting", "visit the", "go in person", "come in person"),                // Session 10: English
		kept(1, "by post", "by mail", "بالبريد", "which city", "اي مدينه", "اي محافظه", "اي فرع"), // delivered, or which place
		cues(1, "مكان", "مكتب", "فرع", "اونلاين", "اون لاين", "الكتروني", "الكترونيا", "عبر الانترنت", "الانترنت", "الموقع", "التطبيق", "ابلكيشن",
			"من البيت", "سفاره", "السفاره", "قنصليه", "الجوال", "الموبايل", "اروح", "نروح", "مركز", "رقم تلفون", "رقم هاتف", "عنوان المكتب",
			"online", "must i visit", "do i have to visit", "in person", "office", "offices", "branch", "website", "app", "embassy", "consulate", "phone number", "center", "centre", "nearest", "go to", "delivered", "from home", "internet",
			"maktab", "far3", "aroo7", "nroo7", "aro7", "mawqe3", "el mawqe3", "el site", "safara"),
		// Session 11 (asp13): delivered home, in person, and Arabizi
		// spellings of where, go, branch, office and from home. Living
		// abroad as a lean towards location was tried: it is mostly the
		// story (seven questions that ask nothing took it).
		kept(1, "بيوصلوها", "يوصلونها", "بيوصلوه", "يوصلونه", "يوصلوها", "بيبعتوها", "يرسلونها", "توصيل للبيت", "توصيل للمنزل", "bywasloha", "bywaslo", "ywasloha"),
		kept(0.6, "شخصيا", "حضوريا", "حضوري", "b nafsi", "bnafsi", "be nafsi", "b7ador", "shakhsiyan"),
		kept(1.2, "weyn", "wayn", "fain", "mnain", "men wein", "min wein", "mn wen", "men wen", "min wen", "mn fein", "men fen"),
		kept(1, "arou7", "barou7", "baro7", "brou7", "aruh", "arooh", "aroh", "nrou7", "bnrou7", "arawe7", "fer3", "el far3", "el maktab", "el mareez",
			"3al net", "3an bo3d", "mn el beit", "men el bet", "mn el bayt", "men el bait", "mn el beet", "tatbee2", "el tatbee2", "el app"),
	)),
	knowledge.AspectEligibility: spellings(join(
		cues(1, "شروط", "الشروط", "شرط", "يحق", "يستحق", "مؤهل", "مسموح", "يشترط", "الحد الادنى", "السن", "عمري", "العمر", "مين يقدر", "من يحق", "نيابه", "بالنيابه", "بدالي", "عني",
			"eligible", "eligibility", "allowed", "conditions", "qualify", "minimum age", "age", "who can", "on my behalf", "on behalf", "someone else", "requirement", "requirements", "entitled",
			"shorot", "shoroot", "shart", "mesmoo7", "masmoo7", "3omri", "yi7a2", "who has to", "who needs to", "who must", "byo7a2lo", "byo7a2li", "bi7a2li", "ye7a2li", "y7a2li", "يحقلي", "بيحقلي", "بيحقله",
			"بيستحق", "byesta7e2", "yesta7e2", "besta7e2", "mesta7e2", "too old", "too young", "under 18", "non-citizen"),
		kept(0.8, "عمره", "عمرها", "عمرو", "3omro", "3omra", "3omrha", "3umro", "3umra"), // an age mentioned; a noun of another aspect outweighs it
		// "Never (have I)": not an age.
		cues(-1, "ما عمري", "عمري ما", "3omri ma", "ma 3omri"),
		kept(1, "استحق", "بستحق", "نستحق", "يقبلونه", "يقبلوه", "بيقبلوه", "يقبلوني", "بيقبلوني", "يقبلوها"),
		kept(0.8, "ولا لا", "والا لا", "or not"),
		// Session 10 (asp11): whether it applies to someone (foreigners,
		// residents, "does it apply to me"), "even if".
		kept(1, "apply to me", "applies to me", "only for", "foreigners", "foreigner", "expats", "expat", "non-citizens", "non citizens",
			"ينطبق علي", "ينطبق عليا", "بينطبق علي", "تنطبق علي", "بتنطبق علي", "للاجانب", "الاجانب", "للاجنبي", "للمقيمين", "الوافدين", "للوافدين"),
		kept(0.6, "even if", "حتي لو", "7atta law", "hatta law"),
		// Session 10: English "is it still possible", "instead of me".
		kept(1, "still possible", "still eligible", "still allowed", "instead of me", "in my place", "for someone else", "does that need", "do i even need", "does it even need"),
		// Session 9: "how old", "is it my right", "am I allowed", "does it
		// cover me", "who can" in each dialect; Levantine فيني "can I".
		kept(1.5, "كم عمر", "قديش عمر", "كام عمر", "اي عمر", "كم سن"),
		cues(1, "من حقي", "من حقه", "من حقها", "من حقنا", "مين بيقدر", "مين بيحقله", "مين يحقله", "مين يحق له", "مين بيحق له", "منو يقدر", "منو يحق له", "منو يحقله", "منو اللي يقدر"),
		kept(1, "مسموحلي", "مسموحله", "مسموحلنا", "يشملني", "بيشملني", "تشملني", "بتشملني",
			"بتستحق", "تستحق", "بنستحق", "يستاهل", "بيستاهل", "تستاهل", "بتستاهل", "بستاهل", "استاهل", "نستاهل", "بنستاهل"),
		cues(0.6, "فيني", "فينا", "فيي", "لازم يكون", "لازم تكون"),
		kept(0.5, "لازم"), // "must I …?" asks whether it applies; any other cue outweighs it
		cues(0.6, "هل لازم", "هل يمكن", "هل يمكنني", "ينفع", "بقدر", "اقدر", "نقدر", "يقدر", "تقدر", "ممكن", "لازم اكون", "هل احتاج", "هل يلزم", "هل يجب", "مين",
			"can i", "can my", "can we", "can he", "can she", "can they", "can someone", "do i need", "is it possible", "am i", "must i", "does it cover", "covered",
			"هل يشمل", "يشمل", "بتقدر", "بيقدر", "تقدر", "لوالدته", "لوالده",
			"a2dar", "2adar", "yenfa3", "momken", "lazem akoon", "meen",
			"if i", "if i am", "لو انا", "اذا كنت", "law ana", "iza ana", "eza ana"),
		// Session 11 (asp13): "have I the right" in its Levantine and Gulf
		// forms (بحقلي، يحق لها), "is it permitted" (يجوز), "would I be
		// accepted" (تنقبل), "do they accept …" (a lean: a document noun
		// outweighs it), "does it work for me" (بيزبط، ينفعني), "can it be"
		// (بيصير, while "what happens" is steps), being a resident and not
		// a citizen, and Arabizi spellings of all of them.
		kept(1, "بحقلي", "بحقله", "بحقلها", "بحقلنا", "يحقله", "يحقلها", "يحقلنا", "بيحقلها", "بيحقلنا", "يحق لها", "يحق لنا",
			"ye7a22li", "ye7e2li", "y7e2li", "bye7a2li", "bye7a22lo", "bye7e2lo", "bi7e2li", "b7a2li", "b7a22li", "ye7a2lo", "y7a2lo", "yehaqli", "yehaqqli", "ya7ig", "y7ig", "ye7ig", "yi7i2li", "yi7a2li"),
		kept(1, "يجوز", "يجوزلي", "yjoz", "yajooz", "yejoz", "yjooz", "yajouz"),
		kept(1, "تنقبل", "بنقبل", "انقبل", "هتقبل", "هيقبلوني", "بتنقبل", "بينقبل", "ينقبل", "بيمشي حالي", "يمشي حالي", "ynqbel", "bin2ebel", "ten2ebel"),
		kept(0.6, "بيقبلوا", "يقبلون", "بيقبلو", "يقبلوا", "بقبلوا", "by2blo", "bye2blo", "bi2blo", "y2blo", "ye2blo", "byeqbalo"),
		kept(0.6, "بيزبط", "بتزبط", "يزبط", "بيصير", "يصير", "بصير", "بيصيرلي", "يصيرلي", "ينفعني", "بينفعني", "ينفعلي", "byezbat", "bizbat", "btezbat", "byseer", "bisir", "ysir", "yseer", "y9eer"),
		kept(0.8, "مقيم", "مقيمه", "مقيمين", "مش مواطن", "غير مواطن", "مش مواطنه", "muqeem", "mu2eem", "m2eem", "mqeem", "mesh mwaten", "mish mwaten", "msh mowaten", "mesh mowaten"),
		kept(0.6, "yenfa", "yinfa3", "benfa3", "bynfa3", "byenfa3", "ynf3", "agdar", "a8dar", "aqdar", "ba2der", "b2dar"),
		kept(1, "masmou7", "msmou7", "mesmou7", "shurut", "shroot", "el shorot", "3mri", "3umri"),
	)),
}

// sinceDurations are "since a week", "days ago" and the like, in each
// variety (see the time cues).
func sinceDurations() []string {
	var out []string
	for _, since := range []string{"من", "منذ", "قبل", "بقال", "صرل", "صارل", "له", "لها"} {
		for _, d := range []string{"اسبوع", "ايام"} {
			out = append(out, since+" "+d)
		}
	}
	return append(out, "الاسبوع الماضي", "الاسبوع اللي فات", "men osbo3", "mn osbo3", "men osbou3", "sarli osbo3",
		"weeks ago", "days ago", "for weeks", "for days")
}

// systemCues: whole-message intents. A message that also asks about a
// service is about the service ("hi, how do I renew my passport").
var systemCues = map[string][]cue{
	"greeting": cues(1, "مرحبا", "مرحبتين", "اهلا", "اهلين", "هلا", "هلا والله", "السلام عليكم", "سلام عليكم", "سلامو عليكو", "سلام", "صباح الخير", "مساء الخير", "صباح النور", "مساء النور", "تحيه طيبه", "تحية طيبة", "يا هلا", "هاي", "هلو",
		"السلام عليكم ورحمه الله", "السلام عليكم ورحمه الله وبركاته", "ازيك", "عامل ايه", "كيفك", "كيفكم", "كيف حالك", "كيف الحال", "شلونك", "شلونكم",
		"how are you", "how r u", "izzayak", "kifak", "kifkon", "shlonak",
		"مسا الخير", "مسا النور", "صباحو", "اخبارك", "شو اخبارك", "شخبارك", "وش اخبارك", "عساك بخير", "عساكم بخير", "كيف حالكم", "اهلا وسهلا", "اهلين وسهلين",
		"ezayak", "ezayek", "izzayek", "ezzayak", "kifik", "keefak", "kefak", "shlonich", "shlonkom", "kaifak", "kaif 7alak", "kif 7alak", "kif el 7al",
		"ahlein", "ahlain", "ahla", "ahlan wa sahlan", "hala wallah", "ya hala", "saba7 el 5eir", "saba7 el 5er", "sabah el 5er", "sabah el khair", "saba7 el kheir", "sabah al khair",
		"masa el 5eir", "masa2 el 5eir", "masa2 el 5er", "masa el 5er", "masa2 el kheir", "masa el khair", "masa al khair", "salam 3alekom", "salam 3aleikum", "salamu alaikum", "assalamu alaykum", "as salamu alaikum", "salam alaikum",
		"hi there", "hello there", "hey there", "good day", "morning", "evening", "anyone there", "anybody there", "is anyone there", "anyone here",
		// Session 10: "is anyone there?" asks whether someone answers, not
		// for a person; more openings; the bot called by its name.
		"في حدا", "فيه حدا", "في حد", "فيه حد", "في احد", "فيه احد", "حد موجود", "حدا موجود", "احد موجود", "حد هنا", "حدا هون", "احد هنا", "يوجد احد", "هل يوجد احد", "هل من احد", "من احد", "يسمعني", "حد هون", "حد يسمعني",
		"fi 7ada", "fi 7ad", "fih 7ad", "fi a7ad", "7ad mawgood", "7ad mawjood", "7ada mawjood", "a7ad mawjood", "7ada hon", "7ad hena",
		"صباح الفل", "صباح الورد", "صباح الياسمين", "صباح الانوار", "صبحك الله بالخير", "مساك الله بالخير", "صبحكم الله بالخير", "مرحبا الساع", "حياك الله", "حياكم الله", "هلا بك", "هلا وغلا", "يا هلا والله",
		"يا دليل", "دليل", "انت صاحي", "منيح", "مساء الفل", "slm", "helo", "hallo", "helloo", "heyy", "dalil", "ya dalil", "hope you re doing well", "hope you are well", "how s it going", "how is it going",
		"hi", "hello", "hey", "hiya", "good morning", "good evening", "good afternoon", "greetings", "salam", "salaam", "marhaba", "mar7aba", "ahlan", "ahleen", "hala", "sabah el kheir", "sabah el 5eir", "masa el kheir", "el salam 3alaykom", "salam 3alaykom", "assalamu alaikum",
		// Session 12: French and Spanish openings that Maghrebi and Levantine
		// writers use, and "الو" (hello?) as on the phone.
		"bonjour", "bonsoir", "salut", "hola", "الو", "آلو", "ألو", "alo", "allo", "سلامات", "salamat"),
	"thanks": cues(1, "شكرا", "شكرا جزيلا", "الف شكر", "مشكور", "مشكوره", "تسلم", "تسلمي", "تسلم ايدك", "يعطيك العافيه", "الله يعطيك العافيه", "جزاك الله خير", "ميرسي", "ممنون", "يسلمو", "كتر خيرك", "كثر الله خيرك", "ما قصرت", "شكرا على المساعده", "شكرا عالمساعده", "شكرا على مساعدتك", "شكرا للمساعده",
		"thanks for your help", "thanks for the help", "thank you for your help", "thank you for the help", "thanks for helping",
		"thanks", "thank you", "thank u", "thx", "ty", "cheers", "appreciate it", "appreciated", "very helpful", "been helpful", "helpful", "great help", "shukran", "shokran", "merci", "teslam", "mashkoor", "ya3tik el 3afye", "tislam", "متشكر", "متشكرين", "متشكره", "شكرا ليك", "شكرا ليكي", "شكرا لك", "mtshakker", "motashakker", "metshakker", "shokran gazeelan", "tislamo",
		// Session 10: blessings that thank, and more spellings.
		"يجزيك الخير", "الله يجزيك", "الله يجزيك الخير", "جزاك الله", "جزاك الله خيرا", "جزاكم الله خيرا", "اشكرك", "اشكركم", "بارك الله فيك", "بارك الله فيكم", "ممتن", "ممتنه", "ممتن لك",
		"ربنا يخليك", "الله يخليك", "يخليك", "الله يسلم ايديك", "يسلم ايديك", "تسلم ايديك", "يسلمو ايديك", "فدتني", "افدتني", "مشكوور", "ثانكس", "الله يسعدك", "الله يوفقك", "يعطيك الف عافيه",
		"yislamo", "yeslamo", "teslamo", "ye3tik el 3afye", "ya3teek el 3afya", "allah ye3tik el 3afye", "allah yesalmak", "rabena ykhallik", "tslm", "thnx", "thanx", "tnx",
		// Session 12 (sys15): blessings that thank in the Gulf and the
		// Maghreb-leaning ربي, "you did enough" (كفيت ووفيت), "I tired you",
		// the Gulf's ي for ج, and their Arabizi; French merci as spelled.
		"ربي يسعدك", "ربي يحفظك", "ربي يوفقك", "ربي يجزيك خير", "ربي يخليك", "الله يحفظك", "يزاك الله خير", "الله يزاك خير", "الله يعطيك الصحه", "يعطيك الصحه",
		"مشكورين", "ما تقصر", "ما تقصرون", "ما قصرتوا", "ما قصرتو", "كفيت ووفيت", "كفيت وافيت", "تعبتك معي", "تعبتك معايا", "تعبناك", "يسلم تمك", "يسلم ايدك", "تسلم ايدينك",
		"appreciate you", "appreciate ya", "thank youu", "thankss", "thanksss", "thenks", "thnks", "thanq", "tqvm",
		"mersi", "mercii", "merciii", "mirsi", "mrc", "merci beaucoup",
		"rabbi ys3dk", "rabi ys3dk", "rabbi yes3dak", "rabbi ys3dak", "allah ys3dk", "allah yes3dak", "allah yis3dak", "allah ys3dak",
		"kafeet w wafeet", "kafet w wafet", "kafait w wafait", "kafeit w wafeit", "kafeet wa wafeet",
		"allah ysallem edeek", "allah ysalem edak", "ysalem edak", "ysallem edak", "yslm edk", "yeslam edak", "tislam edak", "teslam edak", "teslam eidak",
		"mashkoreen", "mashkoorin", "mashkourin", "ma 2assart", "ma 2asart", "ma qasart", "ma gassart", "ta3abtak ma3i",
		"ma2asart", "ma2assart", "maqasart", "ma2asarto", "ma2asartu", "ma2asartoo",
		"jazakallah khair", "jazakallahu khairan", "jazakallah khairan", "jazakallahu khair", "jazak allahu khairan",
		"يجبر بخاطرك", "ربنا يجبر بخاطرك", "جبر الله بخاطرك", "يسلم هالتم", "يسلم ثمك", "ماقصرت", "ماقصرتوا", "ماقصرتو", "ماتقصر", "ماتقصرون"),
	"goodbye": cues(1, "مع السلامه", "مع السلامة", "باي", "الى اللقاء", "في امان الله", "تصبح علي خير", "يلا باي",
		"bye", "goodbye", "good bye", "see you", "see ya", "later", "take care", "ma3 el salama", "ma3a el salama", "yalla bye", "bye bye",
		// Session 12 (sys15): "by your leave" (بخاطرك), فمان الله run
		// together, the letter's دمتم بخير, Egypt's "سلام بقى", and Arabizi.
		"بخاطرك", "بخاطركم", "بخاطركن", "طاب يومك", "طاب يومكم", "يومك سعيد", "نهارك سعيد", "طابت ليلتك", "فمان الله", "فامان الله", "دمتم بخير", "دمت بخير", "دمتم سالمين", "سلام بقي", "يلا سلام", "يلا بسلام",
		"bkhatrak", "b5atrak", "bi5atrak", "bikhatrak", "bkhatrik", "b5atrik", "b5atrkom", "bkhatrkon", "fman allah", "fe aman allah", "f aman allah", "yalla salam", "salam ba2a",
		"bye now", "byeee", "byee", "bai", "talk later", "ttyl", "cya", "gotta go", "have a nice day", "have a good day",
		// Session 12: ma3 el salama's Levantine and Egyptian spellings.
		"ma3 el salameh", "ma3 el salame", "ma3 elsalameh", "ma3 elsalama", "ma3 il salame", "ma3 is salama", "ma3 salama", "ma3 salameh", "m3 slama", "m3 el salama", "ma3a salama", "ma3 alsalama", "ma3 as salama"),
	// handoff is decided by handoffCues below: a request verb and a person.
}

// systemWords are the one-word greetings, thanks and goodbyes ("مرحبا",
// "thanks"): they say nothing of whether a question is in scope, so the
// confidence does not count them ("مرحبا بدي مساعدة مالية" is as sure as
// "بدي مساعدة مالية").
var systemWords = newStrTable(func() map[string]bool {
	set := map[string]bool{}
	for _, cs := range systemCues {
		for _, c := range cs {
			if !strings.Contains(c.phrase, " ") {
				set[c.phrase] = true
			}
		}
	}
	return set
}())

// A handoff is a request to reach a person: an explicit phrase, or a verb of
// reaching ("speak", "حولني") together with a person ("موظف", "someone").
// A person alone is not enough: "can someone else pick up my ID?" or "the
// employee asked me for money" are questions about a service.
var (
	handoffExplicit = cues(1, "خدمه العملاء", "خدمة العملاء", "شخص حقيقي", "موظف حقيقي", "live agent", "human agent", "real person", "customer service",
		"a human", "call center", "talk to a human", "speak to a human", "7ad mn el staff",
		"real human", "human being", "human support", "customer support", "support team", "live chat",
		"لخدمه العملاء", "لخدمة العملاء", "بخدمه العملاء", "بخدمة العملاء",
		// support desks, and a person asked for against the bot
		"الدعم الفني", "بالدعم الفني", "للدعم الفني", "technical support", "tech support", "help desk", "helpdesk",
		"رقم مركز الاتصال", "رقم الكول سنتر", "رقم كول سنتر", "call centre", "number to call", "a number i can call", "رقم اتصل", "رقم للاتصال", "رقم اتصل عليه", "رقم اتصل بيه", "ra2am a7ki", "ra2am atasel",
		"عخدمه العملاء", "ردود الية", "رد الي", "الرد الالي", "automated replies", "automatic replies", "put me in touch", "get in touch with",
		"احد حقيقي", "حد حقيقي", "حدا حقيقي", "انسان حقيقي", "بني ادم", "بنادم", "مش روبوت", "مو روبوت", "مش بوت", "not a bot", "not a robot",
		"مع روبوت", "مع بوت", "مع الروبوت", "مع الة", "with a bot", "with a robot", "to a bot", "to a robot", "with the bot", "to the bot",
		"في موظف", "فيه موظف", "في حدا من الموظفين", "fi mwazaf", "fi mowazaf", "fih mwazaf", "is there an employee", "is there a person", "is there someone",
		"anyone real", "someone real", "somebody real", "real one", "actual person", "real agent")
	handoffVerb = cues(1, "اكلم", "اكلمه", "احكي", "اتكلم", "اتحدث", "التحدث", "التواصل", "اتواصل", "تواصلني", "حولني", "حولوني", "تحولني", "حولني", "وصلني", "توصلني", "يرد", "يرد علي", "يكلمني", "يساعدني", "ابغي احد", "بدي حدا", "عايز حد", "اريد التحدث",
		"speak", "talk", "connect", "transfer", "get me", "put me through", "chat with", "contact", "reach", "escalate",
		"akalem", "a7ki", "at7adath", "7awelni", "7awwelni", "tewasalni", "twasalni", "wasalni", "yrod", "yerod", "ykalemni",
		"call me", "call me back", "يتصل فيني", "يتصل علي", "يتصلوا علي", "يكلموني", "يحكي معي",
		"روبوت", "بوت", "bot", "robot", "chatbot", "كلمني", "كلموني", "احچي", "اكلمكم", "نكلم", "مساعده من", "e7ki", "ehki", "ahki", "a7ky", "akallem", "akalim", "kallemni", "atkalam", "atkallam", "at7adas",
		"a7tchi", "a7chi", "ahchi", "يتصل بي", "يتصل بيا", "يتصل فيي", "يتصل فيا", "يتصلوا بي", "يتصل بيه", "اشتكي لمسوول", "اشتكي للمسوول", "اشتكي لحد", "اشتكي لحدا", "اشتكي عند", "ashteki la", "in touch", "yetasel fiya", "yetasal fiya", "yetasel biya", "yetasel 3alaya", "y7kili", "ye7kili", "y7ki ma3i", "yehki ma3i", "wasselni", "waselni", "wassilni", "ysa3edni", "ysa3dni", "yesa3edni", "ysa3idni", "يحكيلي")
	handoffPerson = cues(1, "موظف", "الموظف", "موظفين", "الموظفين", "موظفه", "حد", "حدا", "احد", "شخص", "انسان", "بشري", "مسوول", "مندوب", "ممثل", "الوزاره",
		"agent", "human", "person", "someone", "somebody", "staff", "representative", "operator", "employee", "officer", "people", "ministry",
		"mowazaf", "mowazzaf", "muwazzaf", "7ad", "7ada", "ensan", "bani adam", "staff",
		"بموظف", "لموظف", "بحدا", "لحدا", "support", "supervisor", "manager", "مدير", "المدير", "المسوول",
		"mwazzaf", "mwazaf", "mwazfeen", "mwazafin", "el mwazaf", "insan", "a7ad", "ahad", "بحد", "مشرف", "المشرف", "لمسوول", "بالمسوول", "mas2ool", "mas2oul", "mowathaf", "mwathaf", "mowadaf", "mwadaf")
)

func isHandoff(hits []float64) bool {
	return hits[listHandoffExplicit] > 0 || (hits[listHandoffVerb] > 0 && hits[listHandoffPerson] > 0)
}

// residual counts the content words left once every matched cue phrase of
// the given lists is taken out: "good evening" leaves none, "hi, passport
// fees?" leaves two. A message with no residue is only a greeting (or
// thanks …). It reads the message's views (analysis.seqs): its words,
// their stems and, for Arabizi, the words' Arabic readings, so that "bas"
// (بس) or "a7ki" (احكي) count as the Arabic words they stand for.
func residual(an analysis, lists ...int) int {
	cover := coverOf(an, lists...)
	seqs := an.seqs
	tokens, stems := seqs[0], seqs[1]
	var trans []string
	if len(seqs) > 2 {
		trans = seqs[2]
	}
	n := 0
	for i, t := range tokens {
		if i < len(cover) && cover[i] {
			continue
		}
		if !residualTok.at(t) && !residualStem.at(stems[i]) && (i >= len(trans) || !residualTok.at(trans[i])) {
			n++
		}
	}
	return n
}

// coverOf marks the words (by position, the first 64) that a cue phrase
// of the given lists covers, in any of the message's views. The cues that
// start at a word or its stem are the word's (wordFeats.cues, as
// matchWordCues reads them), not looked up again.
func coverOf(an analysis, lists ...int) (cover [64]bool) {
	mark := func(c cueRef, i int) {
		if !slices.Contains(lists, c.list) {
			return
		}
		for j := 0; j < len(c.toks) && i+j < len(cover); j++ {
			cover[i+j] = true
		}
	}
	for v, seq := range an.seqs[:2] {
		for i, wf := range an.words {
			if k := wf.cues[v]; k > 0 {
				cuesFrom(seq, i, k, mark)
			}
		}
	}
	eachCue(an.seqs[2:], mark)
	return cover
}

// withoutCourtesy is the message's words less the greeting, thanks and
// goodbye phrases it opens or closes with ("الله يعطيك العافية، بدي اسجل
// ابني" → "بدي اسجل ابني"), and whether any were taken out. A phrase in
// the middle stays: there it is more often a word of the request
// (Levantine "hala2", هلا "now").
func withoutCourtesy(an analysis) (string, bool) {
	cover := coverOf(an, listGreeting, listThanks, listGoodbye)
	closing := coverOf(an, listThanks, listGoodbye) // a greeting word last is more often a word of the request ("… محل منيح؟")
	toks := an.seqs[0]
	// The phrases and the courtesy words beside them ("thanks a lot",
	// "shokran ya basha", "… ya ghali, thanks").
	lo, hi := 0, len(toks)
	for lo < hi && lo < len(cover) && (cover[lo] || lo > 0 && courtesy[toks[lo]]) {
		lo++
	}
	for hi > lo && hi-1 < len(closing) && (closing[hi-1] || hi < len(toks) && courtesy[toks[hi-1]]) {
		hi--
	}
	cut := false
	for i := range toks {
		if i < len(cover) && (i < lo && cover[i] || i >= hi && closing[i]) {
			cut = true
		}
	}
	if !cut {
		return "", false
	}
	return strings.Join(toks[lo:hi], " "), true
}

// residualTok and residualStem are the words residual does not count, as
// a token (stopwords, courtesy, aspect and generic words) and as a stem
// (the same but courtesy): two lookups a word instead of seven.
var residualTok, residualStem = func() (strTable[bool], strTable[bool]) {
	tok, stem := map[string]bool{}, map[string]bool{}
	for _, set := range []map[string]bool{stopwords, aspectWords, generic, courtesy} {
		for w, in := range set {
			if in {
				tok[w] = true
			}
		}
	}
	for _, set := range []map[string]bool{stopwords, aspectWords, generic} {
		for w, in := range set {
			if in {
				stem[w] = true
			}
		}
	}
	return newStrTable(tok), newStrTable(stem)
}()

// courtesy words add nothing to a greeting or thanks ("thanks a lot dear").
var courtesy = toSet("لك", "لكم", "كتير", "جزيلا", "يا", "غالي", "حبيبي", "اخي", "اخوي", "استاذ", "عليكم", "عليكو", "الله", "والله",
	"a", "lot", "so", "much", "very", "dear", "again", "sir", "man", "bro", "all", "everyone", "there", "guys", "team", "you", "u",
	"ya", "habibi", "7abibi", "kteer", "ktir", "gazeelan", "jazeelan", "ve", "ll", "re", "s", "d", "t", "been", "have",
	"help", "helping", "مساعده", "المساعده", "مساعدتك", "mosa3ade", "mosa3da", "ورحمه", "وبركاته", "plz", "pls", "please", "lw sama7t", "law sama7t",
	// "folks", "guys" (not جامعه "university": "marhaba ya jama3a" greets)
	"جماعه", "الجماعه", "شباب", "يا شباب", "يا جماعه", "jama3a", "jama3ah", "gama3a", "shabab", "ya jama3a", "ya shabab", "ya gama3a",
	// Session 12 (sys15): forms of address after thanks ("mashkoor ya 3am",
	// "تسلم يا معلم", "شكرا يا فندم") and "O Lord" after a blessing.
	"عم", "معلم", "باشا", "فندم", "الطيب", "يارب", "رب", "3am", "m3allem", "m3alem", "mo3allem", "basha", "ghali", "ghaly", "7elo", "fandem", "yarab", "yarabb")

// numAspects is len(knowledge.Aspects), as a constant (checked in init).
const numAspects = 6

func init() {
	if len(knowledge.Aspects) != numAspects {
		panic("intents: numAspects out of date")
	}
}

// Every cue list gets an index; a query is scanned once for all of them.
const (
	listGreeting = numAspects + iota
	listThanks
	listGoodbye
	listHandoffExplicit
	listHandoffVerb
	listHandoffPerson
	numLists
)

// systemIntents are the system intents a cue list names, in the order
// Understand tries them.
var systemIntents = [...]struct {
	intent      string
	list, class int // class: the system model's (sysThanks …)
}{{IntentThanks, listThanks, sysThanks}, {IntentGoodbye, listGoodbye, sysGoodbye}, {IntentGreeting, listGreeting, sysGreeting}}

type cueRef struct {
	list, idx int
	toks      []string
	w         float64
	id        int    // the cue's group (0 .. numCues-1): cues of one id count once
	next      uint64 // cueHash(toks[1]) for a cue of two words or more (see cuesFrom)
}

// cueIndex maps a cue's first word to the cues starting with it.
var cueIndex = func() map[string][]cueRef {
	lists := make([][]cue, numLists)
	for i, a := range knowledge.Aspects {
		lists[i] = aspectCues[a]
	}
	lists[listGreeting] = systemCues[IntentGreeting]
	lists[listThanks] = systemCues[IntentThanks]
	lists[listGoodbye] = systemCues[IntentGoodbye]
	lists[listHandoffExplicit] = handoffExplicit
	lists[listHandoffVerb] = handoffVerb
	lists[listHandoffPerson] = handoffPerson
	// A list's one-word cues that share a stem are one cue, and so are
	// phrases written twice (صورة and صوره normalize alike): a word is
	// matched as itself and as its stem, and "الرسوم" (الرسوم, and رسوم by
	// its stem) or "تكلفة" (تكلفه twice, كلف) would otherwise count two or
	// three times what "كم" or "رسم" counts. The first found counts: the
	// word as written, before its stem.
	idx := map[string][]cueRef{}
	for l, list := range lists {
		group := map[string]int{}
		for i, c := range list {
			toks := strings.Fields(c.phrase)
			if len(toks) == 0 {
				continue
			}
			key := c.phrase
			if len(toks) == 1 {
				key = Stem(c.phrase)
			}
			id, ok := group[key]
			if !ok {
				id = numCues
				group[key] = id
				numCues++
			}
			ref := cueRef{list: l, idx: i, toks: toks, w: c.weight, id: id}
			if len(toks) > 1 {
				ref.next = cueHash(toks[1])
			}
			idx[toks[0]] = append(idx[toks[0]], ref)
		}
	}
	// The same, as an open-addressing table: a question looks up each of
	// its words, most of which start no cue.
	if len(idx) >= len(cueSlots)/4 {
		panic("intents: cueSlots too small")
	}
	for k, refs := range idx {
		cueKeys = append(cueKeys, k)
		cueRefs = append(cueRefs, refs)
		var st cueStarts
		for _, c := range refs {
			if len(c.toks) == 1 {
				st.ones = append(st.ones, c)
			} else {
				st.nexts[c.next>>62] |= 1 << (c.next & 63)
			}
		}
		cueStart = append(cueStart, st)
		h := cueHash(k)
		for cueSlots[h&cueMask] != 0 {
			h++
		}
		cueSlots[h&cueMask] = uint16(len(cueKeys))
	}
	return idx
}()

// numCues counts the cue groups of cueIndex (cueRef.id).
var numCues int

// cueSlots is cueIndex's table: by cueHash of the word (probing on), the
// position in cueKeys and cueRefs plus one, 0 for an empty slot.
var (
	cueSlots [1 << 13]uint16
	cueKeys  []string
	cueRefs  [][]cueRef
	cueStart []cueStarts // by position, as cueRefs
)

// cueStarts sums up the cues that start at a word for cuesFrom: a bit of
// each next word of its cues of two words or more (cueRef.next), and its
// one-word cues, in order. Most words after it have none of those bits,
// and then its one-word cues are the ones found.
type cueStarts struct {
	nexts [4]uint64 // bit next&63 of nexts[next>>62]
	ones  []cueRef
}

const cueMask = uint64(len(cueSlots) - 1)

// cueHash hashes a word: its length and its first and last eight bytes
// (of a shorter one, its first and last four, or its first, middle and
// last byte), mixed (wordTable uses it too). Every byte counts, without a
// loop over them.
func cueHash(t string) uint64 {
	x := uint64(len(t)) * 0x9E3779B97F4A7C15
	switch {
	case len(t) >= 8:
		x ^= load64(t)
		x = (x ^ x>>29) * 0xBF58476D1CE4E5B9
		x ^= load64(t[len(t)-8:])
	case len(t) >= 4:
		x ^= uint64(load32(t)) | uint64(load32(t[len(t)-4:]))<<32
	case len(t) > 0:
		x ^= uint64(t[0]) | uint64(t[len(t)>>1])<<8 | uint64(t[len(t)-1])<<16
	}
	x = (x ^ x>>31) * 0x94D049BB133111EB
	return x ^ x>>29
}

// load64 reads the first eight bytes of s (len(s) >= 8), little-endian.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// load32 reads the first four bytes of s (len(s) >= 4), little-endian.
func load32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// cuesAt returns the cues whose first word is t: cueIndex[t].
func cuesAt(t string) []cueRef {
	if k := cueKey(t); k > 0 {
		return cueRefs[k-1]
	}
	return nil
}

// cueKey is t's position in cueKeys plus one, 0 when no cue starts with t.
// A word's features keep it for the word and for its stem (see
// matchWordCues). An Arabic word that starts no cue but does once its
// conjunction ف or و is taken off ("فماذا افعل", "وهل لازم", "فكم"; the
// stemmer leaves short words whole) starts the aspect cues that word
// starts: "and"/"so" does not change what is asked. Only a word that
// starts an aspect cue (كيف, هل): one that only greets, thanks or asks for
// a person is matched as written.
func cueKey(t string) uint16 { return cueKeyHashed(t, cueHash(t)) }

// cueKeyHashed is cueKey of t whose cueHash is h.
func cueKeyHashed(t string, h uint64) uint16 {
	k := cueSlotHashed(t, h)
	if k == 0 && len(t) > 4 && (strings.HasPrefix(t, "ف") || strings.HasPrefix(t, "و")) {
		if k = cueSlot(t[len("ف"):]); k > 0 {
			for _, c := range cueRefs[k-1] {
				if c.list < numAspects {
					return k
				}
			}
			return 0
		}
	}
	if k == 0 {
		k = articleCue(t)
	}
	return k
}

// articleCue is the cue key of a word written with a preposition on its
// article ("بالسفارة", "عالموقع", "للتطبيق") when the word with the bare
// article is a one-word aspect cue (السفاره، الموقع), else 0. The
// stemmer reads such words to a stem no cue is written as, and the cues
// name places and papers mostly with the article.
func articleCue(t string) uint16 {
	p := 0 // the preposition and article's length
	switch {
	case strings.HasPrefix(t, "لل"): // و and ف: cueKey
		p = len("لل")
	case strings.HasPrefix(t, "بال"), strings.HasPrefix(t, "عال"), strings.HasPrefix(t, "كال"):
		p = len("بال")
	}
	if p == 0 || len(t) <= p+4 {
		return 0
	}
	return articleCues.at(t[p:])
}

// articleCues is articleCue's table: by the word after the article, the
// cue key of the word with it when that is a one-word aspect cue (looked
// up without making the word with the article).
var articleCues = func() strTable[uint16] {
	m := map[string]uint16{}
	for k, refs := range cueIndex {
		rest, ok := strings.CutPrefix(k, "ال")
		if !ok || len(rest) <= 4 {
			continue
		}
		for _, c := range refs {
			if c.list < numAspects && len(c.toks) == 1 {
				m[rest] = cueSlot(k)
				break
			}
		}
	}
	return newStrTable(m)
}()

// cueSlot is cueKey of t as written.
func cueSlot(t string) uint16 { return cueSlotHashed(t, cueHash(t)) }

// cueSlotHashed is cueSlot of t whose cueHash is h.
func cueSlotHashed(t string, h uint64) uint16 {
	for ; ; h++ {
		k := cueSlots[h&cueMask]
		if k == 0 || cueKeys[k-1] == t {
			return k
		}
	}
}

// matchWordCues is matchCues(an.seqs) (cues_test.go), with the cues that start at each
// surface word and stem read from the words' features (wordFeats.cues)
// instead of looked up: the same cues in the same order, so the same sums.
func matchWordCues(an analysis) (hits [numLists]float64) {
	var seen [maxCues / 64]uint64
	for v, seq := range an.seqs[:2] {
		for i, wf := range an.words {
			if k := wf.cues[v]; k > 0 {
				cuesFrom(seq, i, k, func(c cueRef, _ int) { hitCue(&hits, &seen, c) })
			}
		}
	}
	eachCue(an.seqs[2:], func(c cueRef, _ int) { hitCue(&hits, &seen, c) })
	return hits
}

// hitCue counts a cue found, unless it was already.
func hitCue(hits *[numLists]float64, seen *[maxCues / 64]uint64, c cueRef) {
	if seen[c.id/64]&(1<<(c.id%64)) == 0 {
		seen[c.id/64] |= 1 << (c.id % 64)
		hits[c.list] += c.w
	}
}

// maxCues bounds numCues (checked in init), for matchWordCues' set of cues.
const maxCues = 4096

func init() {
	if numCues > maxCues {
		panic("intents: maxCues out of date")
	}
}

// eachCue calls fn for every cue phrase found in the word sequences, with
// the position of its first word.
func eachCue(seqs [][]string, fn func(c cueRef, at int)) {
	for _, seq := range seqs {
		for i, t := range seq {
			if k := cueKey(t); k > 0 {
				cuesFrom(seq, i, k, fn)
			}
		}
	}
}

// cuesFrom calls fn for each cue that starts with seq[i] (those of cue
// key k) whose other words follow in seq, in their order. A word starts up
// to thirty cues (شو, من, كم), most of two words or more: the hash of the
// word after it (equal words hash alike) rules those out, most often all
// of them at once (cueStarts), else one by one before any string is
// compared.
func cuesFrom(seq []string, i int, k uint16, fn func(c cueRef, at int)) {
	if i+1 < len(seq) {
		next := cueHash(seq[i+1])
		if cueStart[k-1].nexts[next>>62]&(1<<(next&63)) != 0 {
			cuesNext(seq, i, cueRefs[k-1], next, fn)
			return
		}
	}
	for _, c := range cueStart[k-1].ones {
		fn(c, i)
	}
}

// cuesNext is cuesFrom when a cue of two words or more may match: each of
// cues, tested; next is the hash of seq[i+1].
func cuesNext(seq []string, i int, cues []cueRef, next uint64, fn func(c cueRef, at int)) {
cues:
	for k := range cues {
		c := &cues[k] // not copied: most cues do not match
		if i+len(c.toks) > len(seq) || len(c.toks) > 1 && c.next != next {
			continue
		}
		for j := 1; j < len(c.toks); j++ {
			if seq[i+j] != c.toks[j] {
				continue cues
			}
		}
		fn(*c, i)
	}
}

// detectAspect returns the aspect whose cues weigh most (at least 0.5), or
// the empty aspect.
func detectAspect(hits []float64) (knowledge.Aspect, float64) {
	best, bestScore := knowledge.AspectNone, 0.0
	for i, a := range knowledge.Aspects {
		if s := hits[i]; s > bestScore+1e-9 {
			best, bestScore = a, s
		}
	}
	if bestScore < 0.5 {
		return knowledge.AspectNone, 0
	}
	return best, bestScore
}

// aspectWords are the one-word aspect cues ("رسوم", "documents", "online").
// They say what is asked, not which service, so the service index ignores
// them on both sides: otherwise "how long?" leans to whichever service has
// most examples about time.
var aspectWords = func() map[string]bool {
	m := map[string]bool{}
	for _, list := range aspectCues {
		for _, c := range list {
			if !strings.Contains(c.phrase, " ") && !c.kept {
				m[c.phrase] = true
				m[Stem(c.phrase)] = true
			}
		}
	}
	return m
}()

// aspectLists are the cue lists of the aspects (0 .. numAspects-1).
var aspectLists = []int{0, 1, 2, 3, 4, 5}

// generic words name no service ("apply", "اقدم"): a follow-up made of them
// and aspect words still refers to the conversation's service.
var generic = toSet("apply", "applying", "submit", "request", "do", "it", "this", "that", "one", "service",
	"اقدم", "نقدم", "قدم", "تقديم", "التقديم", "بقدم", "يقدم", "تقدم", "بقدر", "اقدر", "نقدر", "بنقدر", "بروح", "اروح", "نروح", "اطلب", "نطلب", "الطلب", "طلب", "اعمل", "اسوي", "المعامله", "معامله", "الخدمه", "خدمه", "هاي", "هذي",
	"a2addem", "2addem", "a2adem", "ba2dar", "bi2dar", "2adar", "nu2addem", "a3mel", "el talab", "talab")
