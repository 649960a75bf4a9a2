package intents

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// synonymGroups are groups of everyday Arabic words of one meaning: the
// written word and its usual dialect forms (Levantine, Gulf, Egyptian,
// Maghrebi), in a few inflections each. Every member of a group gets the
// group's feature, so a question that says حوّلت meets an example that says
// أرسلت, and one that says ضيعت meets فقدت, which a few examples a service
// rarely show together. General vocabulary of services, money, documents,
// requests and problems, written from knowledge of the language (not from
// any data set's phrasing). Written as ordinary text: init normalizes and
// stems them, and a word is found by its stem. A member written with "="
// is found as it is written (after the article or one attached letter),
// not by its stem: its stem is a common word of another meaning (فيني "I
// can" has the stem of فين "where", رقمي "digital" that of رقم "number",
// ألغيت "I cancelled" that of بغيت "I wanted" once its ب is cut).
var synonymGroups = [][]string{
	// sending, transferring
	{"أرسل", "أرسلت", "إرسال", "يرسل", "ترسل", "مرسل", "مرسلة", "أرسلها", "بعت", "بعتت", "ابعت", "بعتلي", "بعتها", "بعث", "بعثت", "أبعث",
		"دز", "دزيت", "صيفط", "صيفطت", "وديت", "وديتها", "بودي", "حول", "حولت", "تحويل", "تحويلات", "أحول", "بحول", "يحول", "=حوالة", "=حوالات", "محول", "محولة", "حولتها", "انبعت", "انبعتت", "انبعتو", "بعتولي", "بعتلك", "ببعت", "ابعتلي", "بعتنا", "حولتلي", "حولولي", "حولنا", "سيفط", "سيفطت", "دزيتها", "دزيته", "بعتو", "تنبعت", "ينبعت", "بتنبعت", "بعتهم", "بعتتها", "بعتتلي", "حولتو", "تبعتو", "بتبعتو"},
	// receiving, arriving
	{"استلم", "استلمت", "استلام", "أستلم", "بستلم", "يستلم", "تسلم", "تسلمت", "=تلقيت", "تلقى", "أتلقى", "وصل", "وصلت", "وصول", "يوصل", "توصل",
		"وصلني", "وصلتني", "بتوصل", "بيوصل", "اجت", "اجا", "إجت", "إجا", "جاني", "جتني", "أجاني", "وصلتش", "ما وصلت", "بستلمو", "استلمتها", "استلمته", "وصلتلي", "اجتني", "ما اجاني", "ما وصلني", "استلمتهم", "استلمتو", "استلمها", "استلمهم", "=ماوصلت", "=ماوصلني", "=موصلتش", "=موصلش", "وصلها", "وصلوا", "وصلوني", "بيوصلني",
		"=يأتي", "=تأتي", "=سيأتي", "=يصل", "=تصل", "=سيصل", "=ستصل", "=جاء", "=جاءت"},
	// cancelling
	{"ألغي", "إلغاء", "=ألغيت", "يلغي", "تلغي", "ملغي", "ملغى", "ملغية", "الغيه", "ألغيها", "كنسل", "كنسلت", "أكنسل", "بكنسل", "تكنسل", "إلغاؤه", "=الغائها", "انلغى", "انلغت", "اتلغى", "اتلغت", "ألغت", "ألغوا", "لغيت", "لغي", "=بلغي", "=ألغيته", "=ألغيتها"},
	// stopping, freezing
	{"أوقف", "أوقفت", "إيقاف", "توقف", "توقفت", "وقف", "وقفت", "يوقف", "موقوف", "موقوفة", "بطل", "بطلت", "جمد", "جمدت", "تجميد", "أجمد", "مجمد", "مجمدة"},
	// blocking, locking
	{"حظر", "محظور", "محظورة", "انحظر", "انحظرت", "اتحظر", "حجب", "محجوب", "قفل", "قفلت", "مقفول", "مقفل", "مقفلة", "انقفل", "انقفلت", "اتقفل", "اتقفلت",
		"مسكر", "مسكرة", "تسكر", "تسكرت", "منع", "ممنوع", "انمنع", "أقفل"},
	// unblocking, unlocking
	{"فك", "فكيت", "أفك", "رفع الحظر", "إلغاء الحظر", "فتح القفل"},
	// paying
	{"دفع", "أدفع", "دفعت", "يدفع", "تدفع", "مدفوع", "مدفوعة", "بدفع", "بتدفع", "دفعتها", "دفعتو", "سدد", "سداد", "أسدد", "سددت", "تسديد", "يسدد", "حاسب", "=حاسبت", "بحاسب", "اندفع", "اندفعت", "دفعوا"},
	// payments
	{"دفعة", "دفعات", "مدفوعات", "قسط", "أقساط", "فاتورة", "فواتير", "إيصال", "إيصالات"},
	// withdrawing
	{"سحب", "أسحب", "سحبت", "يسحب", "تسحب", "مسحوب", "بسحب", "سحوبات", "سحبها", "انسحب", "انسحبت", "طلعت مصاري", "اطلع مصاري", "سحبتهم", "سحبتها", "سحبتو", "سحبته"},
	// depositing, putting in
	{"أودع", "إيداع", "أودعت", "مودع", "إيداعات", "يودع", "حط", "حطيت", "أحط", "بحط", "حطيتهم", "حطيتها", "وضع", "وضعت", "وديعة", "ودائع"},
	// topping up, charging
	{"شحن", "أشحن", "شحنت", "بشحن", "يشحن", "تعبئة", "عبي", "عبيت", "أعبي", "بعبي", "تعباية", "تعبية", "عبيتها", "شحنتها", "عبيتلي", "شحنتو", "انشحن", "انشحنت", "=اتعبى", "بتعبي"},
	// changing, replacing, updating
	{"غير", "تغيير", "أغير", "غيرت", "يغير", "بغير", "تغير", "بدل", "تبديل", "أبدل", "بدلت", "استبدل", "استبدال", "أستبدل", "عدل", "تعديل", "أعدل", "عدلت",
		"تعديلات", "حدث", "تحديث", "أحدث", "حدثت", "تحديثات", "غيرتلي", "غيرتها", "تعدلوها", "تعدلوه", "عدلولي", "غيرولي", "اغيره", "بغيره"},
	// exchanging money
	{"صرف", "أصرف", "تصريف", "بصرف", "صرفت", "تبادل", "أتبادل", "يتبادل"},
	// forgetting, not remembering
	{"نسيت", "أنسى", "نسيان", "=ناسي", "=ناسية", "نسي", "نسيته", "نسيتها", "متذكر", "بتذكر", "أتذكر", "تذكر", "فاكر", "نسيتو"},
	// losing
	{"فقد", "فقدت", "فقدان", "أفقد", "مفقود", "مفقودة", "فقدتها", "أضعت", "=ضاع", "ضاعت", "ضيعت", "ضايع", "ضايعة", "مضيع", "مضيعها", "ضياع", "أضاع",
		"يضيع", "ضيعتها", "ضيعته", "الضايعة", "ضاعت مني", "ضاع مني", "ضيعتو"},
	// stealing
	{"سرق", "سرقت", "سرقة", "مسروق", "مسروقة", "انسرق", "انسرقت", "اتسرق", "اتسرقت", "نشل", "نشلت", "سارق", "لص", "حرامي", "سرقوا", "سرقوها", "انسرقوا", "سرقوني"},
	// hacking, fraud
	{"اختراق", "اخترق", "مخترق", "مخترقة", "تهكير", "هكر", "مهكر", "احتيال", "احتيالي", "احتيالية", "نصب", "نصاب", "مشبوه", "مشبوهة", "تزوير", "مزور"},
	// opening, creating
	{"فتح", "أفتح", "فتحت", "يفتح", "مفتوح", "إنشاء", "أنشئ", "أنشأت", "ينشئ", "تأسيس", "أسس"},
	// closing, ending
	{"أغلق", "إغلاق", "أغلقت", "يغلق", "مغلق", "مغلقة", "سكر", "سكرت", "أسكر", "بسكر", "سكرو", "أقفل", "إنهاء", "=أنهي", "أنهيت"},
	// using
	{"استخدم", "استخدام", "استخدمت", "أستخدم", "يستخدم", "بستخدم", "مستخدم", "استعمل", "استعمال", "استعملت", "أستعمل", "بستعمل", "يستعمل", "مستعمل", "بتستعمل", "بنستعمل", "بستعملها", "بستخدمها", "بيستخدم", "بتستخدم", "بنستخدم", "يستخدموا"},
	// working, functioning
	{"يعمل", "تعمل", "اشتغل", "يشتغل", "بيشتغل", "بتشتغل", "تشتغل", "اشتغلت", "شغال", "شغالة", "زبط", "بزبط", "بيزبط", "زابط", "زابطة", "ماشي", "خدام", "خدامة", "تخدم", "بتزبط", "زبطت"},
	// broken, out of order
	{"معطل", "معطلة", "عطلان", "عطلانة", "خربان", "خربانة", "خربت", "خرب", "تعطل", "تعطلت", "تالف", "تالفة", "مكسور", "مكسورة", "انكسر", "انكسرت", "عطل", "أعطال", "لا يعمل", "لا تعمل", "لم يعمل", "لم تعمل", "مش شغال", "مش شغالة", "ما بتشتغل", "ما بيشتغل", "ما اشتغل", "ما اشتغلت", "مش زابط", "مش زابطة", "ما زبط", "ما بزبط", "ما بتزبط"},
	// money, cash
	{"=مال", "أموال", "نقود", "مصاري", "فلوس", "كاش", "نقد", "نقدا", "نقدي", "نقدية", "بيزات", "=مصريات", "=مصرياتي", "فلوسي", "أموالي", "نقودي"},
	// amounts, sums
	{"مبلغ", "مبالغ", "قيمة", "المبلغ", "كمية"},
	// fees, charges, costs
	{"رسوم", "=رسم", "عمولة", "عمولات", "تكلفة", "تكاليف", "كلفة", "أجور", "تكلف", "يكلف", "بتكلف", "بيكلف", "كلف", "مصاريف", "تقاضى", "يتقاضى", "تتقاضى", "أتقاضى", "تحصيل", "انحسب", "انحسبت", "=بنحسب", "بتحسبوا", "محاسبة", "بكلف", "بكلفني", "كلفتني", "بتكلفني", "بيكلفني"},
	// prices, rates
	{"سعر", "أسعار", "ثمن", "معدل", "تسعيرة"},
	// cards
	{"بطاقة", "بطاقات", "بطاقتي", "كرت", "كارت", "كروت", "كرتي", "كارتي", "كارطة", "كارنيه"},
	// accounts
	{"حساب", "حسابي", "حسابات", "حسابك", "أكاونت"},
	// phones
	{"هاتف", "هواتف", "جوال", "جوالي", "موبايل", "موبايلي", "تلفون", "=تلفوني", "تليفون", "تليفوني", "محمول", "=خلوي", "هاتفي"},
	// addresses, residence
	{"عنوان", "عناوين", "عنواني", "سكن", "سكني", "مسكن", "إقامة", "أسكن", "ساكن"},
	// passwords, secret codes
	{"سري", "السري", "باسورد", "باسوورد", "مرور", "كلمة السر", "رمز", "رموز", "كود", "رمزي", "الرمز", "الرقم السري", "رقم التعريف الشخصي", "رمز التعريف الشخصي", "كلمة المرور", "رمز المرور"},
	// time, duration
	{"وقت", "أوقات", "مدة", "فترة", "زمن", "وقتا", "يستغرق", "تستغرق", "استغرق", "يستغرقه", "تستغرقه"},
	// days, weeks (how long something takes)
	{"يوم", "أيام", "يومين", "أسبوع", "أسابيع", "أسبوعين", "=جمعة", "شهر", "أشهر", "شهور"},
	// waiting
	{"انتظر", "انتظار", "انتظرت", "أنتظر", "بنتظر", "ينتظر", "استنى", "بستنى", "استنيت", "أستنى", "نطرت", "ناطر", "مستني", "بستنا", "بنطر", "ناطرة", "مستنية"},
	// finding
	{"وجد", "وجدت", "أجد", "يجد", "وجدتها", "لقيت", "لاقيت", "لقي", "=ألاقي", "بلاقي", "لقيتها", "لقيته", "عثر", "عثرت", "العثور", "أعثر", "لاقيتها", "لقيتو", "ملاقيها", "لاقيته"},
	// getting, obtaining
	{"حصل", "أحصل", "حصلت", "الحصول", "يحصل", "تحصل", "بحصل", "أخذ", "أخذت", "آخذ", "يأخذ", "أخد", "أخدت", "خدت", "آخد", "ياخد", "بياخد", "باخد", "ناخد", "اخدتو", "اخدو", "يوخد", "بيوخد", "بوخد", "اوخد", "توخد", "بتوخد", "بتوخدو", "بتاخد", "تاخد", "بتاخدو"},
	// ordering, requesting
	{"طلب", "أطلب", "طلبت", "يطلب", "طلبات", "طلبية", "اوردر", "بطلب", "طلبتو", "طلبتها", "طلبتهم"},
	// knowing, understanding
	{"أعرف", "عرفت", "معرفة", "أفهم", "فهمت", "فاهم", "=أدري", "بعرف", "يعرف", "عارف", "بعرفش"},
	// helping, support
	{"مساعدة", "ساعد", "ساعدني", "ساعدوني", "أساعد", "تساعدني", "بتساعدني", "دعم", "مساعدتي"},
	// problems
	{"مشكلة", "مشاكل", "مشكل", "خلل", "عطل", "إشكال"},
	// wrong, mistaken
	{"خطأ", "خاطئ", "خاطئة", "غلط", "غلطة", "بالغلط", "أخطأت", "غلطت", "صحيح", "صح"},
	// refunds, returning
	{"استرداد", "استرجاع", "إرجاع", "رجع", "رجعت", "رجعوا", "ترجيع", "استرد", "أسترد", "استرجع", "أسترجع", "مرتجع", "أرجع", "ارجعها", "بترجعو", "ترجع", "يرجع", "إعادة", "أعيد", "يعيد", "أعادت", "أعادوا", "أعيدوا", "تعيد", "بترجع", "رجعولي", "يرجعولي", "ترجعولي", "رجعلي", "ترجعلي", "رجعوها", "ترجعوها"},
	// declining, refusing
	{"رفض", "رفضت", "مرفوض", "مرفوضة", "رفضوا", "انرفض", "انرفضت", "اترفض", "اترفضت", "رفضتو", "يرفض", "ترفض", "بيرفض", "بترفض"},
	// accepting, supporting
	{"يقبل", "تقبل", "=بقبل", "قبول", "مقبول", "مقبولة", "قبلت", "بيقبل", "بتقبل", "يدعم", "تدعم", "مدعوم", "مدعومة", "بتدعم", "بيدعم", "موافقة", "وافق", "أوافق", "وافقت", "يوافق", "أقبل", "انقبلت", "انقبل", "بتقبلوا", "اتقبلت"},
	// verifying, confirming
	{"تحقق", "التحقق", "أتحقق", "تأكيد", "أكد", "تأكد", "أتأكد", "توثيق", "وثق", "أوثق", "إثبات", "أثبت", "تأكدت", "اتاكد"},
	// identity
	{"هوية", "هويتي", "الهوية", "هويات", "بطاقة شخصية", "البطاقة الشخصية", "إثبات شخصية"},
	// countries
	{"دولة", "دول", "=بلد", "بلاد", "=بلدان", "=البلد", "أمريكا", "أميركا", "بريطانيا", "=ألمانيا", "فرنسا", "أوروبا", "الصين", "=تركيا", "إسبانيا", "إيطاليا", "كندا", "أستراليا", "=اليابان", "الهند", "روسيا"},
	// abroad, foreign
	{"خارج", "الخارج", "=برا", "بره", "أجنبي", "أجنبية", "دولي", "دولية"},
	// currencies
	{"=عملة", "=عملات", "=العملة", "=عمله", "دولار", "دولارات", "يورو", "جنيه", "جنيهات", "ريال", "دينار", "دنانير", "شيكل", "درهم", "ليرة", "روبل", "باوند", "استرليني"},
	// buying, shopping
	{"اشتري", "اشتريت", "شراء", "شريت", "=شرا", "يشتري", "=مشتريات", "تسوق", "أتسوق", "تسوقت", "بشتري", "شريته", "=مشترى"},
	// selling, shops
	{"=محل", "=محلات", "متجر", "دكان", "بقالة", "سوبرماركت", "مطعم", "تاجر", "بائع", "بياع"},
	// pending, stuck
	{"معلق", "معلقة", "عالق", "معلقين", "معلّق", "قيد"},
	// twice, duplicate
	{"=مرتين", "مكرر", "مكررة", "تكرار", "مزدوج", "دبل", "كرر", "تكررت", "مرة ثانية", "عدة مرات", "أكثر من مرة", "كذا مرة"},
	// limits
	{"حد", "حدود", "سقف", "أقصى", "الحد", "ليمت", "أدنى"},
	// applications
	{"تطبيق", "التطبيق", "ابلكيشن", "أبلكيشن", "برنامج", "تطبيقكم"},
	// age
	{"عمر", "سن", "سني", "عمري", "أعمار"},
	// children
	{"ابن", "ابني", "ولد", "=ولدي", "طفل", "أطفال", "بنت", "بنتي", "أولاد", "ابنتي", "أبناء", "عيالي", "بنات", "طفلي"},
	// new
	{"=جديد", "=جديدة", "جداد", "=الجديدة"},
	// extra, spare, replacement
	{"إضافي", "إضافية", "احتياطي", "احتياطية", "بديل", "بديلة", "ثانية", "تانية", "تاني", "ثاني"},
	// virtual, digital
	{"افتراضي", "افتراضية", "وهمي", "وهمية", "=رقمي", "=رقمية", "إلكتروني", "إلكترونية", "أونلاين"},
	// physical, real
	{"=فعلي", "=فعلية", "=حقيقي", "=حقيقية", "بلاستيك", "بلاستيكية", "ملموس", "ملموسة", "=عادية", "=عادي"},
	// fast, urgent
	{"بسرعة", "سريع", "سريعة", "عاجل", "مستعجل", "مستعجلة", "فورا", "فوري", "فورية", "حالا", "عطول"},
	// late, delayed, slow
	{"تأخر", "تأخير", "متأخر", "متأخرة", "تأخرت", "اتأخر", "اتأخرت", "بطيء", "طولت", "مطول", "طول"},
	// expired, ended
	{"منتهي", "منتهية", "انتهت", "=انتهى", "انتهاء", "خلصت", "صلاحية", "صلاحيتها"},
	// renewing
	{"=تجديد", "=تجديده", "=تجديدها", "جدد", "أجدد", "جددت", "يجدد", "نجدد"},
	// documents, papers
	{"وثيقة", "وثائق", "مستند", "مستندات", "أوراق", "ورق", "ورقة", "أوراقي", "مستنداتي"},
	// certificates
	{"شهادة", "شهادات", "إفادة"},
	// applying, submitting
	{"قدم", "أقدم", "=تقديم", "قدمت", "يقدم", "=التقديم", "تقدمت", "أتقدم", "بقدم"},
	// salary, pension
	{"راتب", "رواتب", "معاش", "المعاش", "راتبي", "=أجر", "دخل"},
	// deducting, debiting
	{"خصم", "خصمت", "اقتطاع", "انخصم", "انخصمت", "اتخصم", "خصومات", "مخصوم", "يخصم"},
	// noticing, seeing
	{"لاحظ", "لاحظت", "شفت", "رأيت", "انتبهت", "أشوف", "بشوف", "شايف", "أرى", "ملاحظة", "تشوف", "بتشوف", "أشوفه", "أشوفها", "شفتها", "شفته", "تشوفلي"},
	// appearing, showing
	{"يظهر", "ظهر", "ظاهر", "تظهر", "ظهرت", "بيبين", "بتبين", "بين", "مبين", "بيظهر", "بتظهر", "=بانت", "=يبان"},
	// balance
	{"رصيد", "الرصيد", "رصيدي"},
	// transactions, operations
	{"معاملة", "معاملات", "حركة", "حركات", "معاملتي"},
	// machines, ATMs
	{"صراف", "الصراف", "ماكينة", "ماكنة", "جهاز", "=آلة", "أجهزة", "الماكينة"},
	// swallowing, retaining
	{"ابتلع", "ابتلعت", "بلع", "بلعت", "بلعها", "=أكلها", "احتجز", "احتجزت", "محتجز", "محتجزة"},
	// linking, adding
	{"ربط", "أربط", "ربطت", "يربط", "مربوط", "شبك", "أشبك", "شبكت", "بشبك", "إضافة", "أضيف", "أضفت", "ضيف", "أضيفها", "أربطها", "أشبكها", "بضيف", "نضيف", "ضفت", "بتضيف", "يضيفوا"},
	// deleting, removing
	{"حذف", "أحذف", "حذفت", "إزالة", "أزيل", "أزلت", "امسح", "شيل", "أشيل", "شلت", "بشيل"},
	// activating
	{"تفعيل", "فعلت", "تنشيط", "نشط", "أنشط", "نشطت", "مفعل", "مفعلة", "شغلت", "أشغل", "تشغيل"},
	// recipients, beneficiaries
	{"مستفيد", "المستفيد", "مستلم", "المستلم", "متلقي", "مستفيدين"},
	// friends, people
	{"=صديق", "=صديقي", "صاحب", "صاحبي", "رفيق", "رفيقي", "صحابي", "أصدقاء", "=صديقتي", "صاحبتي"},
	// family
	{"عائلة", "عيلة", "عيلتي", "=أهل", "=أهلي", "أسرة", "أقارب", "قريب"},
	// home
	{"بيت", "منزل", "دار", "شقة", "بيتي", "منزلي"},
	// moving house
	{"انتقل", "انتقلت", "انتقال", "عزلت", "عزلنا", "رحلت", "أنتقل", "نقلت", "غيرت السكن"},
	// travel
	{"سافر", "سفر", "مسافر", "سافرت", "أسافر", "بسافر", "رحلة", "سفرة", "إجازة"},
	// free of charge
	{"مجاني", "مجانا", "مجانية", "ببلاش", "بلاش"},
	// cheques
	{"شيك", "شيكات", "صك", "الشيك"},
	// fast enough, when: time words
	{"هلأ", "هلق", "هسا", "هسه", "دلوقتي", "=الحين", "=توا", "دابا", "=حاليا", "هلقيت"},
	{"أمس", "مبارح", "امبارح", "البارح"},
	{"غدا", "بكرا", "=بكره"},
	// still, yet
	{"بعد", "لسه", "لسا", "لساتها", "لساته", "زال", "يزال", "تزال", "لساتو", "=لهلأ", "=لهلق", "=لهلء"},
	// companies, banks
	{"بنك", "مصرف", "البنك", "المصرف", "بنوك"},
	// interest, profit
	{"فائدة", "فوائد", "أرباح", "ربح"},
	// loans
	{"قرض", "قروض", "سلفة", "تمويل", "دين", "ديون", "رهن", "عقاري", "رهون"},
	// emails, messages
	{"إيميل", "ايميل", "بريد", "رسالة", "رسائل", "مسج", "مسجات", "إشعار", "إشعارات", "=تنبيه", "=تنبيهات"},
	// calls, contacting
	{"اتصل", "اتصال", "اتصلت", "=تواصل", "أتواصل", "كلمت", "أكلم", "بكلم", "رن", "رنيت", "أحكي"},
	// names
	{"اسم", "اسمي", "أسماء", "الاسم"},
	// appointments, bookings
	{"موعد", "مواعيد", "ميعاد", "حجز", "أحجز", "حجزت", "يحجز"},
	// licences, permits
	{"رخصة", "رخص", "تصريح", "تصاريح", "ترخيص", "إذن"},
	// fines
	{"مخالفة", "مخالفات", "غرامة", "غرامات"},
	// complaints
	{"شكوى", "شكاوى", "بلاغ", "أشتكي", "اشتكيت", "شكوة"},
	// offices, branches
	{"مكتب", "مكاتب", "فرع", "فروع", "دائرة", "=مركز"},
	// registering
	{"تسجيل", "أسجل", "سجلت", "يسجل", "مسجل", "التسجيل", "بسجل"},
	// birth
	{"ميلاد", "مولود", "مولودة", "انولد", "اتولد", "ولدت"},
	// death
	{"وفاة", "توفي", "توفيت", "مات", "ماتت", "متوفى"},
	// marriage
	{"زواج", "تزوجت", "اتجوزت", "متزوج", "عرس", "زوج", "زوجة", "زواجي", "زواجنا", "متزوجة", "متزوجين", "عرسي", "عرسنا"},
	// sickness, health
	{"مريض", "مرض", "صحة", "صحي", "علاج", "طبيب", "دكتور", "مستشفى"},
	// jobs, employment
	{"وظيفة", "شغل", "الشغل", "توظيف", "موظف"},
	// school, study
	{"مدرسة", "مدارس", "جامعة", "دراسة", "طالب", "طلاب"},
	// car
	{"سيارة", "سيارتي", "عربية", "مركبة", "سيارات", "عربيتي"},
	// can, able
	{"أستطيع", "أقدر", "بقدر", "=بتقدر", "=بيقدر", "=فيني", "نجم", "يمكن", "يمكنني", "=أتمكن", "سأتمكن", "تقدر", "بقدرش", "قدرت", "بقدروا", "تقدروا", "=بنقدر", "نقدر", "تمكنت"},
	// must, need
	{"يجب", "لازم", "ضروري", "محتاج", "أحتاج", "بحاجة", "يلزم", "محتاجة", "بحتاج"},
	// where from, sources
	{"مصدر", "مصادر", "جهة"},
	// tell me, explain
	{"أخبرني", "احكيلي", "=قلي", "قولي", "اشرح", "شرح", "وضح", "توضيح", "فسر", "تفسير", "بتحكيلي", "تحكيلي", "توضح", "يوضح", "موضح", "واضح", "واضحة", "تشرح", "يشرح"},
	// failing, succeeding
	{"فشل", "فشلت", "فاشل", "فاشلة", "تفشل", "يفشل", "نجح", "نجحت", "ينجح", "تنجح", "أنجح", "ناجح", "ناجحة"},
	// completing, carrying out
	{"اكتمل", "اكتملت", "مكتمل", "مكتملة", "أكمل", "إكمال", "إتمام", "أتمم", "تنفيذ", "نفذ", "نفذت", "تنفذ", "معالجة", "يعالج", "عالج"},
	// trying
	{"حاول", "حاولت", "محاولة", "محاولات", "أحاول", "بحاول", "جرب", "جربت", "أجرب", "بجرب", "تجربة", "يحاول"},
	// strange, unknown
	{"غريب", "غريبة", "مجهول", "مجهولة", "غريبين", "مش معروف", "لا أعرفها", "لا أعرفه", "ما بعرفها", "ما بعرفه", "مش عارفها", "مش عارفه", "لا أعرف", "ما بعرف", "مش عارف"},
	// details, information
	{"تفاصيل", "بيانات", "معلومات", "معلوماتي", "بياناتي", "تفاصيلي", "معلومة"},
	// personal
	{"شخصي", "شخصية", "الشخصية"},
	// wallets
	{"محفظة", "محفظتي", "جزدان", "جزداني", "=محافظ"},
	// delivery
	{"توصيل", "تسليم", "يسلم", "سلموني"},
	// expecting
	{"أتوقع", "توقع", "متوقع", "متوقعة", "المتوقع", "توقعت", "يتوقع"},
	// statements
	{"كشف", "كشوف", "كشوفات", "بيان", "كشف حساب"},
	// less, short
	{"أقل", "ناقص", "ناقصة", "نقص", "قليل", "أنقص"},
	// more, increase
	{"أكثر", "زيادة", "زايد", "زيادات", "أزيد", "رفع", "أرفع", "يزيد"},
	// allowed, permitted
	{"مسموح", "يسمح", "السماح", "تسمح", "سمح", "يسمحوا"},
	// temporary, single-use
	{"مؤقت", "مؤقتة", "مؤقتا", "مؤقتين"},
	// young, minors
	{"صغير", "صغيرة", "قاصر", "قاصرين", "قاصرة", "صغار"},
	// reasons
	{"سبب", "السبب", "أسباب", "بسبب", "لسبب"},
	// many, several
	{"متعدد", "متعددة", "عدة", "عديد", "كذا", "عدد"},
	// thinking, believing
	{"أعتقد", "اعتقدت", "ظننت", "أظن", "بظن", "بعتقد", "بفكر", "مفكر", "مفكرة", "فكرت", "أفكر", "حسيت", "شكلو", "يبدو"},
	// continuing, staying
	{"استمر", "يستمر", "استمرار", "ضل", "بضل", "بيضل", "بتضل", "ظل", "يظل", "أضل", "تضل", "بقي", "بقيت", "يبقى"},
	// issuing
	{"إصدار", "أصدر", "يصدر", "صدر", "صدرت", "استخراج", "استخرج", "أستخرج", "تصدر"},
	// entering, typing in
	{"دخول", "أدخل", "دخلت", "يدخل", "إدخال", "أدخلت", "كتبت", "أكتب", "ادخلتها"},
	// the internet
	{"إنترنت", "الإنترنت", "النت", "أونلاين", "موقع", "الموقع", "مواقع", "أون لاين"},
	// skipping, bypassing, going past
	{"تخطي", "أتخطى", "يتخطى", "تجاوز", "أتجاوز", "يتجاوز", "تجاوزت", "=اتجاوز", "=اتخطى"},
	// goods, items bought
	{"منتج", "منتجات", "سلعة", "سلع", "بضاعة", "بضائع", "=عنصر", "=قطعة"},
	// give
	{"أعطى", "أعطني", "عطاني", "أعطيت", "إعطاء", "=اداني", "=ادتني", "=اديني", "عطيني", "أعطي", "عطيت"},
}

// synonymNonMembers are common words of another meaning whose stem is a
// member's, so they take no group: قبل "before" has the stem of بيقبل "he
// accepts", واجد "a lot" that of أجد "I find", مكنة "machine" that of يمكنك
// "you can", شغلة "thing" that of شغل "work", علاقة "relation" that of
// لاقيتها "I found it" once its ع is cut, and بتصل "I call" (Levantine,
// Egyptian) reads as ب and تصل "it arrives". (Where the member is the
// rare form, it is written with "=" instead.)
var synonymNonMembers = []string{"قبل", "واجد", "مكنة", "شغلة", "علاقة", "بتصل"}

// synonymStems maps the stem of each one-word group member to its groups;
// synonymForms maps the members written with "=" to theirs, by the word
// itself; synonymPhrases lists the members of several words by their first
// stem.
// A group's feature is "s|~" and its first word: a feature of the
// learned model, naive Bayes and the centroids, not of the neighbour index
// or of what makes a word known (a synonym is evidence of what is asked,
// not a word the knowledge base has).
var (
	synonymStems   = map[string][]int32{}
	synonymForms   = map[string][]int32{}
	synonymPhrases = map[string][]synonymPhrase{}
	synonymKeys    []string
	synonymMembers [][]string // stems of each group's one-word members
	// synonymStems and synonymPhrases for the lookups of new words
	synonymStemTab   strTable[[]int32]
	synonymPhraseTab strTable[[]synonymPhrase]
)

// synonymPhrase is a group member of several words (رقم التعريف الشخصي,
// لا يعمل), as stems.
type synonymPhrase struct {
	stems []string
	group int32
}

func init() {
	for _, w := range synonymNonMembers {
		synonymForms[Normalize(w)] = []int32{}
	}
	keys := map[string]bool{}
	for g, ws := range synonymGroups {
		// The key: the group's first word, as written.
		key := "~" + Normalize(strings.TrimPrefix(ws[0], "="))
		if keys[key] || strings.Contains(ws[0], " ") {
			panic("intents: synonym group " + key + " repeated or a phrase")
		}
		keys[key] = true
		var members []string
		for _, w := range ws {
			form, exact := strings.CutPrefix(w, "=")
			toks := Tokens(Normalize(form))
			stems := make([]string, len(toks))
			for i, t := range toks {
				stems[i] = Stem(t)
			}
			switch {
			case exact && len(toks) > 1:
				panic("intents: synonym " + w + " is a phrase written to be matched as it is")
			case exact:
				synonymForms[toks[0]] = append(synonymForms[toks[0]], int32(g))
			case len(stems) > 1:
				synonymPhrases[stems[0]] = append(synonymPhrases[stems[0]], synonymPhrase{stems, int32(g)})
				continue
			default:
				if gs := synonymStems[stems[0]]; len(gs) == 0 || gs[len(gs)-1] != int32(g) {
					synonymStems[stems[0]] = append(gs, int32(g))
				}
			}
			if !slices.Contains(members, stems[0]) {
				members = append(members, stems[0])
			}
		}
		synonymKeys = append(synonymKeys, key)
		synonymMembers = append(synonymMembers, members)
	}
	synonymFormWords = newStrTable(formWords(synonymForms))
	synonymStemTab, synonymPhraseTab = newStrTable(synonymStems), newStrTable(synonymPhrases)
}

// phraseGroups appends to gs the group of every synonym phrase the words
// make (wordFeats.phrases holds the phrases each word's stem starts).
func phraseGroups(words []*wordFeats, gs []int32) []int32 {
	for i, wf := range words {
	phrases:
		for _, p := range wf.phrases {
			if i+len(p.stems) > len(words) {
				continue
			}
			for j, st := range p.stems[1:] {
				if words[i+1+j].stem != st {
					continue phrases
				}
			}
			gs = append(gs, p.group)
		}
	}
	return gs
}

// synonymUse tells, for every group, whether the knowledge base uses a
// member (stems of its services or of its near misses; every word of a
// phrase): the others' features could match nothing.
func synonymUse(known, near map[string]bool) []bool {
	use := make([]bool, len(synonymMembers))
	for g, ms := range synonymMembers {
		for _, st := range ms {
			if known[st] || near[st] {
				use[g] = true
				break
			}
		}
	}
	for _, ps := range synonymPhrases {
		for _, p := range ps {
			if !slices.ContainsFunc(p.stems, func(st string) bool { return !known[st] && !near[st] }) {
				use[p.group] = true
			}
		}
	}
	return use
}

// synonymsOf is the groups of a word (t, its stem st): those of a member
// written with "=" if it is one (synonymForm), else by its stem, or else by
// the stem of what follows an attached preposition or conjunction
// (لتحويل، بمصاري، وفلوسي، عحسابي), which the stemmer leaves on as cutting
// them blindly breaks words that start with those letters; or else, for a
// word of five letters or more ending in ا, by the word without it: the
// accusative's tanween (رسوماً، تحويلاً، مبلغاً، معلقاً) loses its mark in
// Normalize and leaves an alif the stemmer keeps, as cutting a final ا
// from every word breaks many (أمريكا، هنا). Not after و: بعتوا، دفعوا
// are verbs' plurals, which their own stems decide. Only the groups read
// it, so the word stays as unknown as it was.
func synonymsOf(t, st string) []int32 {
	if gs, ok := synonymForm(t); ok {
		return gs
	}
	if gs := synonymStemTab.get(st); gs != nil {
		return *gs
	}
	rest := t
	for range 2 {
		r, n := utf8.DecodeRuneInString(rest)
		if !strings.ContainsRune(cliticLetters, r) || utf8.RuneCountInString(rest) < 4 {
			break
		}
		rest = rest[n:]
		if gs := synonymStemTab.get(Stem(rest)); gs != nil {
			return *gs
		}
	}
	if bare, ok := strings.CutSuffix(t, "ا"); ok && utf8.RuneCountInString(t) >= 5 && !strings.HasSuffix(bare, "و") {
		if gs, ok := synonymForm(bare); ok {
			return gs
		}
		if gs := synonymStemTab.get(Stem(bare)); gs != nil {
			return *gs
		}
	}
	return nil
}

// synonymForm is the groups of t if it is a member written with "=" or one
// of synonymNonMembers (none), as it is or after the article (الرقمية) or
// one attached letter (لولدي).
func synonymForm(t string) ([]int32, bool) {
	if gs := synonymFormWords.get(t); gs != nil {
		return *gs, true
	}
	return nil, false
}

// synonymFormWords maps every word synonymForm reads as a form to the
// form's groups: one lookup a new word instead of one for each article.
var synonymFormWords strTable[[]int32]

// formWords is synonymFormWords for the forms of forms: each form as it
// is, then after each article, then after each attached letter. A word
// that reads as several keeps the first reading in that order.
func formWords(forms map[string][]int32) map[string][]int32 {
	words := make(map[string][]int32, len(forms)*(1+len(arArticles)+utf8.RuneCountInString(cliticLetters)))
	add := func(prefix string) {
		for f, gs := range forms {
			if _, ok := words[prefix+f]; !ok {
				words[prefix+f] = gs
			}
		}
	}
	add("")
	for _, p := range arArticles {
		add(p)
	}
	for _, c := range cliticLetters {
		add(string(c))
	}
	return words
}

// arArticles is the article with what may stand before it (arPrefixes).
var arArticles = func() []string {
	ps := make([]string, len(arPrefixes))
	for i, p := range arPrefixes {
		ps[i] = string(p)
	}
	return ps
}()

const cliticLetters = "لبعفكو"
