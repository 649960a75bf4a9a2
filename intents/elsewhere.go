package intents

import (
	"slices"
	"strings"
)

// Providers other than the portal: foreign states, cities and agencies,
// private companies, brands and apps, banks, landlords and employers. A
// citizen who asks a government portal to reset a Gmail password, renew a
// licence with the DVLA or change an address at a bank shares most of a
// service's words (password, licence, address), so the index ranks that
// service first, and one word the knowledge base lacks lowers the
// confidence too little. Editors list the near misses they foresee
// (not_for); these words carry the same lesson to the providers they did
// not. A question that names one is less likely to be about its best
// service, unless that service's own texts name the same provider, in
// either language (an attestation "for a master's in Germany", a power of
// attorney "for the bank"), or the knowledge base is about such providers
// at all (a banking one names banks everywhere): see Matcher.elsewhere and
// calibrate's term for it.
//
// Each group is one provider, its Arabic, English and Arabizi names. Arab
// countries and cities are left out: one of them is the portal's own, and
// residents from the others ask for its services every day. So are names
// with an everyday sense (Arabic زين "fine", طلبات "requests", جوال
// "mobile phone"; English "us", "visa", "noon", "windows") and businesses
// that need the portal's licences (salons, restaurants, shops).
var elsewhereGroups = [][]string{
	// States, cities and agencies outside the Arab world.
	{"امريكا", "america", "usa", "amrika", "amreeka"},
	{"بريطانيا", "انجلترا", "انكلترا", "uk", "britain", "england", "britanya", "ingeltera"},
	{"لندن", "london"}, {"مانشستر", "manchester"}, {"نيويورك", "york", "nyc"},
	{"كندا", "canada", "kanada"}, {"تورنتو", "toronto"},
	{"المانيا", "germany", "almanya", "almania"}, {"برلين", "berlin"},
	{"فرنسا", "france", "faransa", "fransa"}, {"باريس", "paris"},
	{"ايطاليا", "italy"}, {"اسبانيا", "spain"}, {"هولندا", "netherlands", "holland"}, {"بلجيكا", "belgium"},
	{"السويد", "sweden"}, {"النرويج", "norway"}, {"الدنمارك", "denmark"}, {"سويسرا", "switzerland"}, {"النمسا", "austria"},
	{"تركيا", "turkey", "torkya", "turkya"}, {"اسطنبول", "استنبول", "istanbul"},
	{"روسيا", "russia"}, {"اوكرانيا", "ukraine"}, {"الصين", "china"}, {"اليابان", "japan"}, {"كوريا", "korea"},
	{"الهند", "india"}, {"باكستان", "pakistan"}, {"ماليزيا", "malaysia"}, {"اندونيسيا", "indonesia"},
	{"استراليا", "australia"}, {"اوروبا", "europe"}, {"ايران", "iran"}, {"قبرص", "cyprus"}, {"اليونان", "greece"},
	{"البرازيل", "brazil"},
	{"irs"}, {"dvla"}, {"dmv"}, {"uscis"}, {"hmrc"}, {"nhs"}, {"schengen", "شنغن", "شنجن"}, {"ielts", "ايلتس"}, {"toefl", "توفل"}, {"gmat"},
	// Companies, brands and apps.
	{"gmail", "جيميل", "hotmail", "outlook", "yahoo"}, {"google", "جوجل", "قوقل", "غوغل"},
	{"facebook", "فيسبوك", "فيس بوك"}, {"instagram", "insta", "انستقرام", "انستغرام", "انستجرام"},
	{"whatsapp", "watsapp", "واتساب", "واتس"}, {"tiktok", "تيكتوك"}, {"snapchat", "snap", "سناب"},
	{"twitter", "تويتر"}, {"youtube", "يوتيوب"}, {"netflix", "نتفليكس"}, {"spotify"},
	{"apple", "iphone", "icloud", "ايفون", "ايكلاود", "ابل"}, {"samsung", "سامسونج", "سامسونغ"}, {"huawei", "هواوي"},
	{"microsoft", "مايكروسوفت"}, {"amazon", "امازون"}, {"aliexpress"}, {"ebay"}, {"shein"}, {"temu"}, {"نون"},
	{"talabat"}, {"careem"}, {"uber", "اوبر"}, {"aramex", "ارامكس"}, {"dhl"}, {"fedex", "فيدكس"},
	{"vodafone", "فودافون"}, {"orange", "اورنج", "اورانج"}, {"etisalat"}, {"stc"}, {"mobily"}, {"jawwal"}, {"ooredoo", "اوريدو"},
	{"paypal", "بايبال"}, {"mastercard", "ماستركارد"}, {"bupa", "بوبا"}, {"ikea", "ايكيا"}, {"carrefour", "كارفور"},
	{"playstation", "بلايستيشن", "xbox"}, {"binance", "bitcoin", "بيتكوين"},
	// Banks, landlords, employers.
	{"بنك", "بنوك", "مصرف", "bank", "banks"},
	{"مؤجر", "landlord", "landlady"},
	{"employer", "boss"},
}

// elsewhereWords maps every written form of a provider's name to its group
// (1 + its index in elsewhereGroups): Arabic names with the article and
// the common proclitics, exact (their stems would collide with verbs:
// تركيا، ترك), Latin ones with a plural s.
var elsewhereWords = newStrTable(func() map[string]uint16 {
	set := map[string]uint16{}
	for g, names := range elsewhereGroups {
		for _, w := range names {
			if strings.Contains(w, " ") {
				w = strings.ReplaceAll(w, " ", "")
			}
			if hasLatin(w) {
				set[w], set[w+"s"] = uint16(g+1), uint16(g+1)
				continue
			}
			w = Normalize(w)
			bare := strings.TrimPrefix(w, "ال")
			for _, p := range []string{"", "ال", "ب", "بال", "ل", "لل", "و", "وال", "ف"} {
				set[p+bare] = uint16(g + 1)
			}
		}
	}
	return set
}())

// elsewhereOf returns the provider group a question word (normalized)
// names, 0 for none.
func elsewhereOf(t string) uint16 { return elsewhereWords.at(t) }

// providerServices lists, for every provider group, the services whose
// texts name it in any form, ascending (from the words' word features and
// wordSvcs). It runs while the index is built, before the words' wordIDs
// are. It also reports whether any near miss names a provider: only then
// have the editors taught the knowledge base that other providers'
// requests are not its own (a banking knowledge base imported from
// examples names banks and apps as its subject, and has no near misses).
func (m *Matcher) providerServices(words []*wordFeats) (out [][]int32, taught bool) {
	out = make([][]int32, len(elsewhereGroups)+1)
	for _, wf := range words {
		g := wf.away
		if g == 0 {
			continue
		}
		for _, id := range wf.ids {
			if !m.isWord[id] {
				continue
			}
			svcs := m.wordSvcs.at(id)
			real, _ := slices.BinarySearch(svcs, int32(m.real))
			out[g] = append(out[g], svcs[:real]...)
			taught = taught || real < len(svcs)
		}
	}
	for g := range out {
		slices.Sort(out[g])
		out[g] = slices.Compact(out[g])
	}
	return out, taught
}

// elsewhereShare: a provider that at least this share of the services'
// texts name is the knowledge base's own subject.
const elsewhereShare = 0.3

// elsewhere reports whether the question names a provider (elsewhereGroups)
// that service svc's texts do not name and that the knowledge base does
// not name broadly. Without near misses that name providers it is always
// false (providers is nil).
func (m *Matcher) elsewhere(an analysis, svc int32) bool {
	if m.providers == nil {
		return false
	}
	for _, wf := range an.words {
		if g := wf.away; g != 0 {
			svcs := m.providers[g]
			if !hasService(svcs, svc) && float64(len(svcs)) < elsewhereShare*float64(m.real) {
				return true
			}
		}
	}
	return false
}
