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
	"استماره": {"ترخيص", "مركبه"}, "الاستماره": {"ترخيص", "مركبه"}, "استمارتي": {"ترخيص", "مركبه"}, "استمارته": {"ترخيص", "مركبه"}, // Gulf: vehicle registration card
	"موتر": {"مركبه", "سياره"}, "الموتر": {"مركبه", "سياره"}, "موتري": {"مركبه", "سياره"}, "موترك": {"مركبه", "سياره"}, // Gulf: car
	"زباله": {"نفايات"}, "الزباله": {"نفايات"}, "زبايل": {"نفايات"}, "قمامه": {"نفايات"}, "القمامه": {"نفايات"},
	"الحاره": {"الحي"}, "حارتنا": {"الحي"}, "الحته": {"الحي"}, "الفريج": {"الحي"}, // neighbourhood (Levantine, Egyptian, Gulf)
	"ستارت": {"شركه", "ناشئه"},
	"كهربا": {"كهرباء"}, "الكهربا": {"كهرباء"}, "عداد": {"عداد", "كهرباء"},
	"مي": {"مياه"}, "ميه": {"مياه"}, "الميه": {"مياه"}, "الموي": {"مياه"}, "مويه": {"مياه"}, "المويه": {"مياه"},
	"معاش": {"تقاعد", "راتب"}, "المعاش": {"تقاعد", "راتب"},
	"توجيهي": {"ثانويه", "نتائج"}, "التوجيهي": {"ثانويه", "نتائج"}, "الثانويه": {"ثانويه"},
	"شغل": {"عمل"}, "الشغل": {"عمل"}, "وظيفه": {"عمل"},
	"فيش": {"حسن", "سلوك"}, "الفيش": {"حسن", "سلوك"}, "محكوميه": {"سلوك"},
	"ولادي": {"ابناء"}, "عيالي": {"ابناء"}, "الولاد": {"ابناء"}, "العيال": {"ابناء"},
	"ابويا": {"ابي"}, "ابوي": {"ابي"}, "امي": {"ام"}, "مرتي": {"زوجه"}, "مراتي": {"زوجه"},
	"بلاغ": {"شكوي", "بلاغ"}, "اشتكي": {"شكوي"}, "شكوه": {"شكوي"},
	"تست": {"اختبار"}, "امتحان": {"اختبار"},
	"رضيع": {"طفل", "مولود"}, "رضيعه": {"طفل", "مولود"}, "الرضيع": {"طفل", "مولود"}, // an infant
	"تكافل":  {"مساعده"},                                                          // Egypt's Takaful cash support
	"خطيبتي": {"زواج"}, "خطيبي": {"زواج"}, "خطيبته": {"زواج"}, "خطيبها": {"زواج"}, // a fiancé(e): the marriage to come
	"حافز":  {"باحث", "عمل"}, // Saudi Arabia's programme for jobseekers
	"مولود": {"ميلاد"}, "مولوده": {"ميلاد"}, "انولد": {"ميلاد"}, "اتولد": {"ميلاد"},
	"توفي": {"وفاه"}, "توفت": {"وفاه"}, "مات": {"وفاه"}, "ماتت": {"وفاه"},
	"اجدد": {"تجديد"}, "جدد": {"تجديد"}, "نجدد": {"تجديد"}, "يجدد": {"تجديد"},
	"اسجل": {"تسجيل"}, "نسجل": {"تسجيل"}, "سجل": {"تسجيل"},
	// Everyday dialect words of any domain (Levantine, Gulf, Egyptian,
	// Maghrebi), to the usual written word: money, sending, putting,
	// working, losing, finding, buying, time. Only dialect forms: a word
	// the written language shares (ضاع، اقدر، اشتريت) is left as it is.
	"مصاري": {"اموال", "نقود"}, "المصاري": {"اموال", "نقود"}, "مصرياتي": {"اموال", "نقود"},
	"فلوس": {"اموال", "نقود"}, "الفلوس": {"اموال", "نقود"}, "فلوسي": {"اموال", "نقود"}, "بيزات": {"اموال"}, "كاش": {"نقد", "نقدا"},
	"بعت": {"ارسل"}, "بعتت": {"ارسلت"}, "ابعت": {"ارسل"}, "بعتلي": {"ارسل"}, "بعتو": {"ارسل"}, "بعتها": {"ارسل"}, "بعتوا": {"ارسل"},
	"دزيت": {"ارسلت"}, "دز": {"ارسل"}, "صيفط": {"ارسل"}, "صيفطت": {"ارسلت"},
	"حط": {"وضع", "ايداع"}, "حطيت": {"وضع", "ايداع"}, "احط": {"وضع", "ايداع"}, "حطيتهم": {"وضع", "ايداع"}, "حطيتها": {"وضع", "ايداع"},
	"زبط": {"نجح", "يعمل"}, "بزبط": {"يعمل"}, "بيزبط": {"يعمل"}, "زابط": {"يعمل"}, "زابطه": {"يعمل"},
	"شغال": {"يعمل"}, "شغاله": {"يعمل"}, "بتشتغل": {"يعمل"}, "بيشتغل": {"يعمل"}, "تشتغل": {"يعمل"}, "اشتغلت": {"عمل"},
	"ماخدمش": {"يعمل"}, "خدامه": {"يعمل"}, "تخدم": {"يعمل"},
	"خربان": {"معطل", "تعطل"}, "خربانه": {"معطل", "تعطل"}, "خربت": {"تعطل"}, "عطلان": {"معطل"}, "عطلانه": {"معطل"},
	"ضايع": {"مفقود", "فقد"}, "ضايعه": {"مفقود", "فقد"}, "ضيعت": {"فقدت", "اضعت"}, "ضيعتها": {"فقدت", "اضعت"}, "مضيعها": {"فقدت"},
	"انسرق": {"سرق"}, "انسرقت": {"سرقت", "مسروق"}, "اتسرق": {"سرق"}, "اتسرقت": {"سرقت", "مسروق"},
	"لقيت": {"وجدت"}, "لقيتها": {"وجدت"}, "لقيته": {"وجدت"}, "لاقيت": {"وجدت"},
	"شريت": {"اشتريت", "شراء"}, "شرا": {"شراء"}, "شريته": {"اشتريت", "شراء"},
	"اجت": {"وصلت"}, "اجا": {"وصل"}, "وصلتش": {"وصلت"},
	"هسا": {"الان"}, "هسه": {"الان"}, "هلقيت": {"الان"}, "توا": {"الان"}, "دابا": {"الان"}, "دحين": {"الان"},
	"مبارح": {"امس"}, "امبارح": {"امس"}, "البارح": {"امس"}, "بكرا": {"غدا"}, "بكره": {"غدا"},
	"صاحبي": {"صديقي"}, "صاحبتي": {"صديقتي"}, "رفيقي": {"صديقي"}, "صحابي": {"اصدقاء"},
	"غلط": {"خطا", "خاطئ"}, "بالغلط": {"خطا", "خاطئ"}, "منيح": {"جيد"}, "مليح": {"جيد"}, "زين": {"جيد"}, "كويس": {"جيد"},
	"بطلت": {"توقفت"}, "بطل": {"توقف"},
	"مستعجل": {"عاجل"}, "مستعجله": {"عاجل"},
	"اشي": {"شيء"}, "شي": {"شيء"}, "شغله": {"شيء"},
	"عبيت": {"تعبئه", "شحن"}, "اعبي": {"تعبئه", "شحن"}, "عبي": {"تعبئه", "شحن"}, "تعبايه": {"تعبئه", "شحن"},
	"سكر": {"اغلاق"}, "سكرت": {"اغلاق"}, "مسكر": {"مغلق"}, "اسكر": {"اغلاق"}, "سكرو": {"اغلاق"},
	"احكيلي": {"اخبرني"}, "تحكيلي": {"اخبرني"}, "بتحكيلي": {"اخبرني"}, "قلي": {"اخبرني"}, "قولي": {"اخبرني"},
	"بقدر": {"استطيع"}, "بتقدر": {"تستطيع"}, "فيني": {"استطيع"}, "نجم": {"استطيع"}, "نجمت": {"استطعت"},
	"اخد": {"اخذ"}, "اخدت": {"اخذت"}, "خدت": {"اخذت"}, "ياخد": {"ياخذ"}, "بياخد": {"ياخذ"},
	"عطاني": {"اعطي"}, "ادتني": {"اعطي"}, "اداني": {"اعطي"},
	"ودي": {"اريد"}, "بغيت": {"اريد"}, "نحب": {"اريد"}, "حاب": {"اريد"}, "خاصني": {"احتاج"},
	"موبايل": {"هاتف"}, "موبايلي": {"هاتف"}, "جوالي": {"هاتف"}, "تلفوني": {"هاتف"}, "تليفوني": {"هاتف"},
	"باسوورد": {"كلمه", "مرور"}, "الباسوورد": {"كلمه", "مرور"},
	"ماكينه": {"جهاز", "صراف"}, "المكنه": {"جهاز", "صراف"}, "الماكينه": {"جهاز", "صراف"},
	"كارطه": {"بطاقه"}, "الكارطه": {"بطاقه"}, "الكارته": {"بطاقه"}, "الكرت": {"بطاقه"}, "الكارت": {"بطاقه"}, "كرتي": {"بطاقه"}, "كارتي": {"بطاقه"},
	"بزاف": {"كثير"}, "برشا": {"كثير"}, "واجد": {"كثير"},
	"علاش": {"لماذا"}, "شنو": {"ماذا"}, "شنوه": {"ماذا"}, "شحال": {"كم"},
	// Levantine (Palestinian, Jordanian): ق said as a glottal stop (اديش for
	// قديش), وينتا "when", لهلأ "until now", اجيب "I get", اوخد "I take"
	// (found by stem too: بيوخد، بتوخد), مصاري with its clitics (stem مصار).
	"اديش": {"كم"}, "كديش": {"كم"}, "باديش": {"كم"}, "بقديش": {"كم"},
	"ايمتا": {"متي"}, "امتا": {"متي"}, "وينتا": {"متي"}, "لايمتي": {"متي"}, "لامتي": {"متي"},
	"لوين": {"اين"}, "منوين": {"اين"}, "لشو": {"لماذا"},
	"لهلا": {"الان"}, "لهلق": {"الان"}, "هلء": {"الان"}, "لهلء": {"الان"},
	"مصار": {"اموال", "نقود"},
	"اجيب": {"احصل"}, "بجيب": {"احصل"}, "نجيب": {"احصل"}, "تجيب": {"تحصل"}, "جبت": {"حصلت"},
	"اوخد": {"اخذ"}, "يوخد": {"ياخذ"}, "توخد": {"تاخذ"}, "وخد": {"ياخذ"},
	// Government-service words as citizens say them (session 9, helper
	// dia10), each checked for an everyday meaning of its own: Egyptian
	// بايظ "damaged", ميعاد "appointment", توكيل "power of attorney", الرقم
	// القومي "the national ID"; Levantine عزّل "move house"; Gulf انباق
	// "was stolen", الموية "water", ابتعاث "scholarship"; the b- present of
	// renew and register (بجدد، بسجل: four letters, too short for the
	// stemmer's prefix rule); marriage, birth and death as said in speech.
	"بايظ": {"تالف"}, "بايظه": {"تالف"}, "باظ": {"تالف"}, "باظت": {"تالف"}, "تلفان": {"تالف"}, "تلفانه": {"تالف"},
	"انباق": {"سرق"}, "انباقت": {"سرقت", "مسروق"},
	"ميعاد": {"موعد"}, "الميعاد": {"موعد"}, "ميعادي": {"موعد"}, "مواعيد": {"موعد"},
	"توكيل": {"وكاله"}, "التوكيل": {"وكاله"}, "اوكل": {"وكاله"}, "نوكل": {"وكاله"},
	"عزلت": {"انتقلت"}, "عزلنا": {"انتقلت"}, "بعزل": {"انتقلت"}, "نعزل": {"انتقلت"},
	"المي": {"مياه"}, "ابتعاث": {"منحه"}, "الابتعاث": {"منحه"},
	"جمرك": {"جمارك"}, "جمركه": {"جمارك"},
	"فيزا": {"تاشيره"}, "الفيزا": {"تاشيره"}, "فيزه": {"تاشيره"},
	"سواق": {"سايق"},
	"بجدد": {"تجديد"}, "جددت": {"تجديد"}, "بسجل": {"تسجيل"}, "سجلت": {"تسجيل"}, "بطلع": {"استخراج"},
	"ملجت": {"زواج", "عقد"}, "ملجه": {"زواج", "عقد"}, "الملجه": {"زواج", "عقد"}, "ملجتي": {"زواج", "عقد"}, // Gulf: the marriage contract (ملكة, ك as ج)
	"اتجوزت": {"زواج"}, "تجوزت": {"زواج"}, "اتجوزنا": {"زواج"}, "تجوزنا": {"زواج"}, "نتجوز": {"زواج"}, "اتجوز": {"زواج"}, "جوزي": {"زوج"},
	"ولاده": {"ميلاد"}, "الولاده": {"ميلاد"}, "ولدت": {"ميلاد"}, "خلفت": {"ميلاد"}, "بيبي": {"مولود", "طفل"}, "البيبي": {"مولود", "طفل"},
	"المرحوم": {"وفاه", "متوفي"}, "المرحومه": {"وفاه", "متوفي"}, "اتوفي": {"وفاه"}, "اتوفت": {"وفاه"}, "يرحمه": {"وفاه"}, "يرحمها": {"وفاه"},
	"اشتكيت": {"شكوي"}, "بشتكي": {"شكوي"}, "نشتكي": {"شكوي"},
	"كنسل": {"الغاء"}, "اكنسل": {"الغاء"}, "كنسلت": {"الغاء"},
	// The Gulf's ليسن with a pronoun (its stem ليس is "is not"), the
	// Levantine بدالو "in its place", معونه "aid", ولاد "children", تلف
	// "was damaged", خلصان "expired", the Gulf's خلاصة القيد (the family
	// register's extract).
	"ليسني": {"رخصه"}, "ليسنك": {"رخصه"}, "ليسنه": {"رخصه"}, "ليسنها": {"رخصه"}, "ليسنسي": {"رخصه"},
	"بدالو": {"بدل"}, "بداله": {"بدل"}, "بدالها": {"بدل"},
	"معون": {"مساعده"}, "ولاد": {"ابناء"}, // معون: the stem of معونه، المعونه
	"رزقنا": {"مولود", "ميلاد"}, "رزقت": {"مولود", "ميلاد"}, "انرزقنا": {"مولود", "ميلاد"}, "انرزقت": {"مولود", "ميلاد"},
	"جددو": {"تجديد"}, "اجددو": {"تجديد"}, "بجددو": {"تجديد"}, "نجددو": {"تجديد"},
	"الاسره": {"عايله"}, "اسره": {"عايله"}, "اسرتي": {"عايله"}, "لاسرتي": {"عايله"},
	"مكرمه": {"منحه"}, "المكرمه": {"منحه"},
	"تلفت": {"تالف"}, "تلف": {"تالف"}, "خلصان": {"منتهي"}, "خلصانه": {"منتهي"},
	"خلاصه": {"اخراج"},
	// Letters as said: the Gulf's ج as ي (الياي "the coming", يديد
	// "new"), ث as ت (التانويه "secondary"), ظ as ض (موضف "employee"),
	// the Kuwaiti باجر "tomorrow" and بجم "for how much".
	"ياي": {"جاي"}, "الياي": {"الجاي"}, "يديد": {"جديد"}, "اليديد": {"جديد"}, "يديده": {"جديده"}, "اليديده": {"جديده"},
	"تانويه": {"ثانويه"}, "التانويه": {"ثانويه"},
	"موضف": {"موظف"}, "الموضف": {"موظف"}, "موضفه": {"موظف"}, "موضفين": {"موظف"},
	"باجر": {"غدا"}, "بجم": {"كم"},
	// Egyptian (session 10, helper arz11): the passive it- of everyday
	// verbs (اتسجل "was registered", اتأخر "was late"; not اتقدم: MSA's
	// أتقدم "I apply"), سقط "failed" an exam (and اختبار, the test, is
	// the knowledge base's امتحان), loanwords of the internet (ابلكيشن،
	// سايت، فورم، ابلاي "apply"), النمر "the number plates", النور "the
	// electricity" (عداد النور), قسيمة "the marriage certificate", اطلع
	// with "for him/her", the future with ه or ح on the verbs of the
	// services (هجدد "I will renew": too short for the stemmer's rule).
	"اتسجل": {"تسجيل"}, "اتسجلت": {"تسجيل"}, "اتجدد": {"تجديد"}, "اتجددت": {"تجديد"},
	"اتاخر": {"تاخير"}, "اتاخرت": {"تاخير"}, "متاخر": {"تاخير"}, "اتلغي": {"الغاء"}, "اتلغت": {"الغاء"}, "اتنقل": {"نقل"}, "اتنقلت": {"نقل"},
	"سقطت": {"رسبت"}, "ساقط": {"رسبت"}, "سقط": {"رسبت"}, "اختبار": {"امتحان"},
	"ابلكيشن": {"تطبيق"}, "الابلكيشن": {"تطبيق"}, "ابليكيشن": {"تطبيق"}, "الابليكيشن": {"تطبيق"},
	"سايت": {"موقع"}, "السايت": {"موقع"}, "ويبسايت": {"موقع"}, "فورم": {"استماره", "نموذج"}, "الفورم": {"استماره", "نموذج"},
	"ابلاي": {"تقديم"},
	"النمر": {"لوحه"}, "نمر": {"لوحه"}, "النور": {"كهرباء"},
	"قسيمه": {"زواج", "وثيقه"}, "القسيمه": {"زواج", "وثيقه"},
	"هجدد": {"تجديد"}, "حجدد": {"تجديد"}, "هطلع": {"استخراج"}, "حطلع": {"استخراج"}, "هقدم": {"تقديم"}, "حقدم": {"تقديم"}, "هسجل": {"تسجيل"}, "حسجل": {"تسجيل"},
	"اطلعله": {"استخراج"}, "اطلعلها": {"استخراج"}, "اطلعلي": {"استخراج"}, "نطلعله": {"استخراج"}, "نطلعلها": {"استخراج"}, "يطلعلي": {"استخراج"},
	// Session 11 (svc14): life events told, not named. Married (متجوز
	// is no word of the knowledge base's), the wedding (عرس); a child
	// "had" (خلّفنا), twins, "with a boy/girl" (رزقنا بولد: four letters,
	// too short for the stemmer's ب); died in Egyptian and Gulf forms;
	// attesting in the first person; the Saudi speed camera (ساهر) and
	// parking (صفيت، ركنت) for traffic fines. Not تزوجت nor
	// the Gulf's سويت "I did": ArBanking77 has both, and its dev lost
	// three questions with them.
	"متزوج": {"زواج"}, "متزوجه": {"زواج"}, "متجوز": {"زواج"}, "متجوزه": {"زواج"},
	"متجوزين": {"زواج"}, "متزوجين": {"زواج"}, "عرس": {"زواج"}, "عرسي": {"زواج"}, "عرسنا": {"زواج"}, "العرس": {"زواج"}, "زواجي": {"زواج"}, "زواجنا": {"زواج"},
	"خلفنا": {"مولود", "ميلاد"}, "خلفنالك": {"مولود", "ميلاد"}, "توام": {"مولود"}, "التوام": {"مولود"}, "توايم": {"مولود"},
	"بولد": {"مولود"}, "ببنت": {"مولود"}, "بمولود": {"مولود"}, "رزقني": {"مولود", "ميلاد"}, "رزقه": {"مولود", "ميلاد"}, "رزقها": {"مولود", "ميلاد"},
	"توفاه": {"وفاه"}, "توفيت": {"وفاه"}, "اتوفوا": {"وفاه"}, "توفوا": {"وفاه"}, "وفاته": {"وفاه"}, "وفاتها": {"وفاه"},
	"نوثق": {"توثيق"}, "اوثق": {"توثيق"}, "بوثق": {"توثيق"}, "وثقت": {"توثيق"},
	"ساهر": {"مخالفه", "رادار"}, "صفيت": {"وقوف"}, "صفيتها": {"وقوف"}, "ركنت": {"وقوف"}, "ركنتها": {"وقوف"},
	// Damage told as it happened (got wet, got ruined, torn, burnt), the
	// Gulf's ملكت "signed the marriage contract" (ملجت is here already),
	// Saudi Arabia's نفاذ (the national single sign-on), a wall (حيط), a
	// record's judgments (احكام، سوابق), a stroke (جلطه) as a disability.
	"اتبل": {"تالف"}, "اتبلت": {"تالف"}, "مبلول": {"تالف"}, "اتبهدل": {"تالف"}, "اتبهدلت": {"تالف"}, "مبهدل": {"تالف"}, "تبهدل": {"تالف"},
	"اتقطع": {"تالف", "ممزق"}, "اتقطعت": {"تالف", "ممزق"}, "اتمزق": {"ممزق"}, "اتمزقت": {"ممزق"}, "انحرق": {"تالف"}, "انحرقت": {"تالف"}, "اتحرق": {"تالف"}, "اتحرقت": {"تالف"},
	"ملكت": {"زواج", "عقد"}, "ملكتي": {"زواج", "عقد"},
	"النفاذ": {"هويه", "رقميه"}, "نفاذ": {"هويه", "رقميه"},
	"حيط": {"جدار"}, "الحيط": {"جدار"}, "حيطان": {"جدار"},
	"احكام": {"محكوميه", "سلوك"}, "سوابق": {"محكوميه", "سلوك"},
	"جلطه": {"اعاقه"}, "الجلطه": {"اعاقه"},
}

// dialectFunction maps dialect question words to the written question word
// they ask as, whose function-word feature they then add (only with few
// examples a service: see analyzer.fewShot). Ten examples an intent, some
// written in MSA and some in a dialect, rarely show ليش beside لماذا; the
// sample knowledge base, with its 55, does (sessions 6 and 7: as synonym
// groups for every knowledge base they moved some of its decisions).
// "Want" (بدي → اريد), the demonstratives (هاد → هذا), اللي، عشان، كمان
// were tried too (session 10): Palestinian rows gained, MSA ones lost.
var dialectFunction = map[string]string{
	// why, what, how much, where, when, how
	"ليش": "لماذا", "ليه": "لماذا", "لشو": "لماذا", "علاش": "لماذا",
	"شو": "ماذا", "ايش": "ماذا", "وش": "ماذا", "شنو": "ماذا", "شنوه": "ماذا",
	"قديش": "كم", "اديش": "كم", "كديش": "كم", "قداش": "كم", "كام": "كم", "شحال": "كم", "بقديش": "كم", "باديش": "كم", "بكام": "كم",
	"وين": "اين", "فين": "اين", "لوين": "اين", "منوين": "اين",
	"ايمتا": "متي", "امتا": "متي", "ايمتي": "متي", "امتي": "متي", "وينتا": "متي", "وقتيش": "متي",
	"ازاي": "كيف", "كيفاش": "كيف", "شلون": "كيف",
}

// dialectFunctionStems is dialectFunction with the written words stemmed,
// as their function-word features are keyed.
var dialectFunctionStems = func() strTable[string] {
	m := make(map[string]string, len(dialectFunction))
	for k, v := range dialectFunction {
		m[k] = Stem(v)
	}
	return newStrTable(m)
}()

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
	"startup":   {"company", "business"},
	"startups":  {"company", "business"},
	"trip":      {"travel"},
	"trips":     {"travel"},
	"thanaweya": {"secondary", "exam"},
	"mulkiya":   {"registration", "vehicle"}, // the Gulf's vehicle registration card
	"mulkiyah":  {"registration", "vehicle"},
	"molkiya":   {"registration", "vehicle"},
	"bebe":      {"newborn", "child"}, // French bébé, in Levantine and Egyptian Arabizi
	"tin":       {"tax", "number"},    // taxpayer identification number
	"tins":      {"tax", "number"},
	"behaviour": {"conduct"},
	"behavior":  {"conduct"},
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
	// "since"; question and negation words with و or ف (three letters:
	// the stemmer keeps the و); prepositions with a pronoun
	"منذ", "ولم", "ولن", "وهل", "وكم", "وما", "فما", "فهل",
	// dialect function words: "that", "which", "for", "until", "too",
	// "if", the possessives (حق Gulf, تبع Levantine, بتاع Egyptian) with
	// their pronouns, and "want" with its persons, as ابي and بدي are
	"برضو", "هناك",
	// praise and wishes: الحمد لله، ان شاء الله، ما شاء الله
	"الحمدلله", "الحمد", "لله", "انشالله", "انشاءالله", "ماشاءالله", "شاء", "ربنا", "الله",
	"حقنا", "حقه", "حقها", "حقك", "حقهم", "حقتي",
	"بتاعتي", "بتاعه", "بتاعها", "بتاعك", "بتاعنا", "بتاعت",
	"يبي", "تبي", "نبي", "يبون", "تبون", "يبغي", "تبغي", "يبغون", "نبغي", "يبونها", "يبونه",
	"عايزين", "عاوزين", "عايزه", "عاوزه", "بدكم", "بدهن",
	"عنه", "عنها", "عنهم", "منه", "منها", "منهم",
	// English
	"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "from", "with", "by", "is", "are", "was",
	"were", "be", "been", "am", "i", "me", "my", "we", "our", "you", "your", "it", "its", "this", "that", "these",
	"those", "do", "does", "did", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "how",
	"what", "which", "who", "whom", "where", "when", "why", "there", "here", "please", "want", "wanna", "need",
	"get", "got", "have", "has", "had", "if", "so", "as", "about", "into", "up", "out", "any", "some", "i'm", "im",
	"just", "also", "too", "very", "much", "many", "not", "no", "yes", "hi", "is", "it's", "he", "she", "they", "them",
	"his", "her", "their", "us", "than", "then", "now", "still", "take", "takes", "took", "taking", "go", "goes", "going", "come",
	"make", "know", "tell", "let", "see", "look", "like", "think", "ok", "okay", "thing", "things", "something", "anything", "long",
	"almost", "nearly", "try", "tried", "trying",
	// Session 12 (arz15): what "I'd", "it'll" leave once the
	// apostrophe splits them, and chat fillers. The knowledge base uses
	// none of them, so they counted as words it does not cover and pushed
	// chatty questions out of scope. ("I'm", "don't" leave m and t, which
	// its own texts have: as stopwords they retrain the models.)
	"d", "ll", "sure", "unsure", "wondering", "hoping", "curious", "honestly",
	"figure", "appreciate", "supposed", "clue",
	// courtesy that Arabizi borrows too ("natijet el tawjihi plz", "sorry bas …")
	"plz", "pls", "plzz", "plis", "sorry", "sry", "merci", "mersi",
	// Arabizi function words
	"el", "al", "il", "fi", "fe", "mn", "min", "men", "ana", "enta", "ya", "w", "wa", "3ala", "3a", "3al", "3an",
	"bade", "baddi", "badi", "bdi", "3ayez", "3ayza", "3awez", "3ayz", "abi", "abgha", "shu", "sho", "eh", "eih",
	"kif", "keef", "ezay", "ezzay", "izzay", "kam", "2addesh", "addesh", "adesh", "2adesh", "wein", "wen", "fein",
	"fen", "lazem", "lazim", "momken", "mumkin", "a2dar", "2adar", "mesh", "msh", "mish", "mush", "wala", "walla",
	"3ashan", "3shan", "ashan", "le", "la", "lel", "lil", "bel", "bil", "fel", "fil", "wel", "ma", "hal",
	"ebi", "eza", "iza", "shou", "esh", "eish", "wesh", "wsh", "ma3", "ma3i", "ma3y", "3andi", "3indi", "mumken",
	"yenfa3", "ynfa3", "kaif", "wain", "feen", "emta", "imta",
	// the Arabic list's طيب، يعني، كده، هيك ("okay", "I mean", "like this")
	"tayeb", "tayyeb", "tayb", "ya3ni", "y3ni", "keda", "kida", "hek", "heik",
)

func toSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// Nationalities other than any Arab country's are read as "foreign": a
// citizen portal serves its own country's documents, and editors write
// their near misses with a few nationalities ("renew my American
// passport") or with "foreign"; this carries them to every other
// nationality ("my German passport") and to questions that are in scope
// for foreigners ("can a German register a company"). Arab nationalities
// are left out: one of them is the portal's own.
var foreignWords strTable[string]

func init() {
	foreign := map[string]string{}
	// Exact written forms only (with the article, the feminine and the
	// plural): a stem such as ترك is also a verb.
	for _, w := range nationalitiesAR {
		for _, f := range []string{w, w + "ه", w + "ين"} {
			foreign[f] = "اجنبي"
			foreign["ال"+f] = "الاجنبي"
		}
	}
	for _, w := range nationalitiesEN {
		foreign[w] = "foreign"
		foreign[w+"s"] = "foreigners"
	}
	// Arabizi spellings, read as "ajnabi" (the knowledge base's Arabizi
	// for foreign; transliterated, almani would read as لمن). Not the
	// languages' names that are also nationalities' (inglizi, faransawi):
	// "bel engelizy" asks for a paper in English.
	for _, w := range nationalitiesArabizi {
		foreign[w] = "ajnabi"
	}
	foreignWords = newStrTable(foreign)
}

// nationalitiesAR, nationalitiesEN and nationalitiesArabizi are the
// nationalities foreignWords reads as "foreign" (Arab ones left out).
var (
	nationalitiesAR = []string{"امريكي", "بريطاني", "انجليزي", "انكليزي", "الماني", "فرنسي", "ايطالي", "اسباني", "برتغالي", "هولندي", "بلجيكي",
		"سويسري", "نمساوي", "سويدي", "نرويجي", "دنماركي", "فنلندي", "بولندي", "روسي", "اوكراني", "يوناني", "تركي", "ايراني",
		"افغاني", "باكستاني", "هندي", "بنغالي", "نيبالي", "فلبيني", "اندونيسي", "ماليزي", "صيني", "ياباني", "كوري", "تايلندي",
		"فيتنامي", "استرالي", "كندي", "مكسيكي", "برازيلي", "ارجنتيني", "نيجيري", "اثيوبي", "كيني", "اريتري", "ايرلندي",
		"روماني", "بلغاري", "صربي", "مجري", "تشيكي", "اوروبي"}
	nationalitiesEN = []string{"american", "british", "english", "german", "french", "italian", "spanish", "portuguese", "dutch", "belgian",
		"swiss", "austrian", "swedish", "norwegian", "danish", "finnish", "polish", "russian", "ukrainian", "greek", "turkish",
		"iranian", "afghan", "pakistani", "indian", "bangladeshi", "nepali", "nepalese", "filipino", "indonesian", "malaysian",
		"chinese", "japanese", "korean", "thai", "vietnamese", "australian", "canadian", "mexican", "brazilian", "argentinian",
		"nigerian", "ethiopian", "kenyan", "eritrean", "irish", "romanian", "bulgarian", "serbian", "hungarian", "czech", "european"}
	nationalitiesArabizi = []string{"amriki", "amrikiye", "amrikiya", "amreeki", "amreekiye", "amerkani", "amerkaniye", "amrikani",
		"almani", "almaniye", "almaniya", "almaniyye", "britani", "britaniye", "britaniya", "turki", "torki", "turkiye", "torkiye",
		"faransi", "faransiye", "kanadi", "kanadiye", "kanadiya", "hindi", "hindiye", "rusi", "rusiye", "yabani", "yabaniye",
		"orobbi", "orobbiye", "urubbi", "urubbiye"}
)
