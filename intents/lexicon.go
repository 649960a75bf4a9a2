package intents

// The lexicons below are written in normalized form (see Normalize): no
// hamza on alef, ة written ه, ى written ي.

// dialectLexicon maps dialect and colloquial words (and common loanwords)
// to the Modern Standard Arabic word the knowledge base most likely uses,
// so "بدي اطلع باسبور" meets "اريد استخراج جواز". The original word is kept
// too: the mapping adds, it does not replace.
var dialectLexicon = map[string][]string{
	// wanting
	"بدي": {"اريد"}, "بدنا": {"اريد"}, "بدو": {"اريد"}, "بدها": {"اريد"}, "ابي": {"اريد"}, "ابغي": {"اريد"}, "ابغا": {"اريد"},
	"نبي": {"اريد"}, "نبغي": {"اريد"}, "عايز": {"اريد"}, "عاوز": {"اريد"}, "عايزه": {"اريد"}, "عايزين": {"اريد"},
	"عاوزين": {"اريد"}, "حابب": {"اريد"}, "محتاج": {"احتاج"}, "محتاجين": {"احتاج"}, "محتاجه": {"احتاج"},
	// getting / doing
	"اطلع": {"استخراج"}, "اطالع": {"استخراج"}, "نطلع": {"استخراج"}, "يطلع": {"استخراج"}, "طلع": {"استخراج"},
	"اسوي": {"عمل"}, "نسوي": {"عمل"}, "يسوي": {"عمل"}, "اعمل": {"عمل"}, "نعمل": {"عمل"},
	"اخلص": {"انجاز"}, "يخلص": {"انجاز"},
	// question words
	"شو": {"ماذا"}, "ايش": {"ماذا"}, "وش": {"ماذا"}, "ايه": {"ماذا"}, "اي": {"ماذا"},
	"قديش": {"كم"}, "قداش": {"كم"}, "كام": {"كم"}, "بكام": {"كم"}, "بكم": {"كم"},
	"وين": {"اين"}, "فين": {"اين"}, "ازاي": {"كيف"}, "كيفاش": {"كيف"}, "شلون": {"كيف"},
	"امتي": {"متي"}, "ايمتي": {"متي"}, "ليش": {"لماذا"}, "ليه": {"لماذا"},
	"هلا": {"الان"}, "هلق": {"الان"}, "دلوقتي": {"الان"}, "الحين": {"الان"},
	// documents and services
	"باسبور": {"جواز"}, "باسبورت": {"جواز"}, "الباسبور": {"جواز"}, "جوازي": {"جواز"},
	"كارنيه": {"بطاقه"}, "كارت": {"بطاقه"}, "كرت": {"بطاقه"},
	"ليسن": {"رخصه"}, "لايسنس": {"رخصه"}, "ليسنس": {"رخصه"}, "رخصتي": {"رخصه"},
	"سواقه": {"قياده"}, "السواقه": {"قياده"}, "سياقه": {"قياده"},
	"عربيه": {"مركبه", "سياره"}, "العربيه": {"مركبه", "سياره"}, "عربيتي": {"مركبه", "سياره"}, "سيارتي": {"مركبه", "سياره"},
	"موتوسيكل": {"مركبه", "دراجه"}, "موتور": {"مركبه", "دراجه"},
	"كهربا": {"كهرباء"}, "الكهربا": {"كهرباء"}, "عداد": {"عداد", "كهرباء"},
	"مي": {"مياه"}, "ميه": {"مياه"}, "الميه": {"مياه"}, "الموي": {"مياه"}, "مويه": {"مياه"}, "الموية": {"مياه"},
	"معاش": {"تقاعد", "راتب"}, "المعاش": {"تقاعد", "راتب"},
	"توجيهي": {"ثانويه", "نتائج"}, "التوجيهي": {"ثانويه", "نتائج"}, "الثانويه": {"ثانويه"},
	"شغل": {"عمل"}, "الشغل": {"عمل"}, "وظيفه": {"عمل"},
	"فيش": {"حسن", "سلوك"}, "الفيش": {"حسن", "سلوك"}, "محكوميه": {"سلوك"},
	"ولادي": {"ابناء"}, "عيالي": {"ابناء"}, "الولاد": {"ابناء"}, "العيال": {"ابناء"},
	"ابويا": {"ابي"}, "ابوي": {"ابي"}, "امي": {"ام"}, "مرتي": {"زوجه"}, "مراتي": {"زوجه"},
	"بلاغ": {"شكوي", "بلاغ"}, "اشتكي": {"شكوي"}, "شكوه": {"شكوي"},
	"تست": {"اختبار"}, "امتحان": {"اختبار"},
	"مولود": {"ميلاد"}, "مولوده": {"ميلاد"}, "انولد": {"ميلاد"}, "اتولد": {"ميلاد"},
	"توفي": {"وفاه"}, "توفت": {"وفاه"}, "مات": {"وفاه"}, "ماتت": {"وفاه"},
	"اجدد": {"تجديد"}, "جدد": {"تجديد"}, "نجدد": {"تجديد"}, "يجدد": {"تجديد"},
	"اسجل": {"تسجيل"}, "نسجل": {"تسجيل"}, "سجل": {"تسجيل"},
}

// englishLexicon adds the KB's usual English word for common variants.
var englishLexicon = map[string][]string{
	"id":        {"identity", "card"},
	"licence":   {"license"},
	"licenses":  {"license"},
	"car":       {"vehicle"},
	"cars":      {"vehicle"},
	"motorbike": {"vehicle", "motorcycle"},
	"dad":       {"father"},
	"mom":       {"mother"},
	"mum":       {"mother"},
	"kid":       {"child"},
	"kids":      {"child"},
	"baby":      {"newborn", "child"},
	"job":       {"work"},
	"jobs":      {"work"},
	"ticket":    {"fine"},
	"tickets":   {"fine"},
	"poa":       {"power", "attorney"},
	"tawjihi":   {"secondary", "exam"},
	"thanaweya": {"secondary", "exam"},
}

// stopwords carry no service meaning; they still count for aspect and
// system-intent cues, which look at the whole text.
var stopwords = toSet(
	// Arabic (normalized) and dialect function words
	"في", "من", "الي", "علي", "عن", "مع", "هل", "ما", "ماذا", "كيف", "كم", "اين", "متي", "لماذا", "او", "ام", "و",
	"ان", "انا", "انت", "انتي", "هو", "هي", "نحن", "احنا", "هذا", "هذه", "هاد", "هادا", "هاي", "ده", "دي", "دا",
	"اللي", "الذي", "التي", "لو", "اذا", "كان", "يكون", "عشان", "علشان", "لان", "بس", "يا", "لي", "لنا", "له", "لها",
	"عند", "عندي", "فيه", "فيها", "مش", "مو", "مب", "لا", "لم", "لن", "قد", "كل", "بعد", "قبل", "ايضا", "كمان", "برضه",
	"اريد", "بدي", "بدها", "بدك", "بده", "بدهم", "ابي", "ابغي", "عايز", "عاوز", "ممكن", "لو سمحت", "من فضلك", "رح", "راح", "عم", "حتي", "ولا",
	"شو", "ايش", "وش", "ايه", "بدنا", "بدو", "يعني", "طيب", "اه", "لسه", "لسا", "بتاع", "بتاعي", "تبع", "تبعي", "حق", "حقي",
	"الي", "ال", "اي", "هيك", "كده", "كدا", "زي", "مثل", "جدا", "كتير", "كثير",
	// English
	"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "from", "with", "by", "is", "are", "was",
	"were", "be", "been", "am", "i", "me", "my", "we", "our", "you", "your", "it", "its", "this", "that", "these",
	"those", "do", "does", "did", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "how",
	"what", "which", "who", "whom", "where", "when", "why", "there", "here", "please", "want", "wanna", "need",
	"get", "got", "have", "has", "had", "if", "so", "as", "about", "into", "up", "out", "any", "some", "i'm", "im",
	"just", "also", "too", "very", "much", "many", "not", "no", "yes", "hi", "is", "it's", "he", "she", "they", "them",
	"his", "her", "their", "us", "than", "then", "now", "still", "take", "takes", "took", "taking", "go", "goes", "going", "come",
	"make", "know", "tell", "let", "see", "look", "like", "think", "ok", "okay", "thing", "things", "something", "anything", "long",
	// Arabizi function words
	"el", "al", "il", "fi", "fe", "mn", "min", "men", "ana", "enta", "ya", "w", "wa", "3ala", "3a", "3al", "3an",
	"bade", "baddi", "badi", "bdi", "3ayez", "3ayza", "3awez", "3ayz", "abi", "abgha", "shu", "sho", "eh", "eih",
	"kif", "keef", "ezay", "ezzay", "izzay", "kam", "2addesh", "addesh", "adesh", "2adesh", "wein", "wen", "fein",
	"fen", "lazem", "lazim", "momken", "mumkin", "a2dar", "2adar", "mesh", "msh", "mish", "mush", "wala", "walla",
	"3ashan", "3shan", "ashan", "le", "la", "lel", "lil", "bel", "bil", "fel", "fil", "wel", "ma", "hal",
)

func toSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
