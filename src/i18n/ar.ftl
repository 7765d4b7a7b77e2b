lang-label = اللغة
brand = Sportello · خدمات التشغيل
cpi-full-name = مركز التشغيل في { $name }
cpi-province = مقاطعة { $province }

home-lead = اختر مركز التشغيل لفتح الكشك الخاص به.
home-list = قائمة مراكز التشغيل

totem-unknown-title = لم يتم العثور على مركز التشغيل
totem-unknown-body = هذا الكشك غير مُعَدّ لأي مركز تشغيل معروف.
totem-inactive = هذا الكشك غير مفعّل بعد. للحصول على خدمات مركز التشغيل، يرجى التوجه إلى الموظفين.
totem-revoked = تم إيقاف هذا الكشك من قبل مركز التوظيف ولم يعد متصلاً. اطلب من أحد الموظفين تفعيله من جديد.

cpi-address = العنوان
cpi-hours = ساعات العمل
cpi-contacts = الاتصال
cpi-phone = الهاتف:
cpi-email = البريد الإلكتروني:

charter-title = ميثاق الخدمات
charter-lead = اختر مجالاً لرؤية الخدمات ولمن هي موجهة وكم تستغرق.
charter-back = → ميثاق الخدمات
charter-return = العودة إلى ميثاق الخدمات
audience-citizens = للمواطنات والمواطنين
audience-employers = للشركات
area-services-count = { $count ->
    [one] خدمة واحدة
    [two] خدمتان
    [few] { $count } خدمات
   *[other] { $count } خدمة
}
area-title = المجال { $letter } · { $name }
area-back = → المجال { $letter }
area-not-found = المجال غير موجود
service-not-found = الخدمة غير موجودة
service-what = ما هي
service-for-whom = لمن هي موجهة
service-conditions = الشروط
service-duration = المدة المعيارية
service-legal = المراجع القانونية
duration-caption = المدة المعيارية للخدمة { $code }
duration-recipients = الفئة
duration-length = المدة
duration-minutes = { $minutes } دقيقة
duration-none = غير محددة
crumbs = المسار

board-notices = إعلانات
board-directory = خدمات محلية أخرى
board-phone = هاتف { $phone }

sync-online = متصل
sync-offline = غير متصل
sync-all-saved = تم حفظ كل شيء على الخادم
sync-nothing-pending = لا توجد تغييرات في الانتظار
sync-pending = { $count ->
    [one] تغيير واحد للإرسال
   *[other] { $count } تغييرات للإرسال
}
sync-last = آخر مزامنة: { $time }
sync-never = لم تتم المزامنة بعد
sync-refused = رفض الخادم تعديلاً: { $reason }

did-start = صرّح باستعدادك للعمل (DID)
did-title = تصريح بالاستعداد الفوري للعمل
did-lead = إذا لم تكن مسجلاً بعد في مركز التشغيل، اترك بياناتك هنا: سيؤكد موظف التصريح ويتصل بك لمقابلة التوجيه.
did-cf = الرمز الضريبي (codice fiscale)
did-surname = اللقب
did-name = الاسم
did-phone = الهاتف
did-email = البريد الإلكتروني (اختياري)
did-submit = أرسل التصريح
did-cf-invalid = الرمز الضريبي غير صالح: { $reason }
did-missing = أدخل اللقب والاسم ورقم الهاتف.
did-done = تم تسجيل التصريح. سيؤكده موظف خلال يومي عمل.
did-queued = الجهاز غير متصل بالشبكة: سيُرسل التصريح فور عودة الاتصال.
did-sent = وصل التصريح إلى مركز التشغيل.
did-refused = لم يقبل النظام هذا التصريح: لن يصل إلى مركز التشغيل. يرجى التوجه إلى الشباك. عند الضغط على إنهاء، تُمحى بياناتك من هذا الجهاز.
did-unavailable = هذا الجهاز غير مفعّل: يرجى التوجه إلى الشباك.

cert-start = وضعي والشهادات (بالبطاقة الصحية)
cert-title = الشهادات بالبطاقة الصحية
cert-scan-lead = مرّر الرمز الشريطي الموجود على ظهر البطاقة الصحية تحت القارئ، أو اكتب الرمز الضريبي.
cert-cf = الرمز الضريبي (codice fiscale)
cert-next = التالي
cert-cf-invalid = الرمز الضريبي غير صالح: { $reason }
cert-factor-title = أكّد أن البطاقة لك
cert-factor-lead = اكتب آخر 8 أرقام من رقم البطاقة وتاريخ انتهاء صلاحيتها كما هي مطبوعة على الظهر.
cert-digits = آخر 8 أرقام من رقم البطاقة
cert-expiry = تاريخ انتهاء الصلاحية (يوم/شهر/سنة)
cert-digits-invalid = يجب إدخال آخر 8 أرقام من رقم البطاقة.
cert-expiry-invalid = اكتب تاريخ انتهاء الصلاحية بالشكل يوم/شهر/سنة.
cert-confirm = تأكيد
cert-offline = الجهاز غير متصل الآن: لا يمكن طلب الوضع والشهادات إلا مع الاتصال. توجّه إلى شباك مركز التشغيل، { $address }.
cert-not-enrolled = هذا الجهاز غير مفعّل: الشهادات غير متاحة. يرجى التوجه إلى الشباك.
cert-status-title = وضعي
cert-employment = الحالة
cert-did = التصريح بالاستعداد الفوري للعمل (DID)
cert-did-none = لا يوجد تصريح مسجّل
cert-pds = اتفاق الخدمة
cert-pds-signed = وُقّع بتاريخ { $date }
cert-pds-none = لم يوقَّع بعد
cert-l68 = التشغيل الموجّه (القانون 68/99)
cert-l68-yes = مسجّل منذ { $date }
cert-l68-no = غير مسجّل
cert-appointment = الموعد القادم
cert-appointment-on = مقابلة توجيه بتاريخ { $date }
cert-appointment-none = لا يوجد موعد محدد
cert-deadlines = ما يدين به لك مركز التشغيل
cert-deadline-b1 = مقابلة التوجيه
cert-deadline-pai = اقتراح مسار سياسة تشغيل نشطة (PAI)
cert-deadline-due = قبل { $date }
cert-deadline-done = أُنجز بتاريخ { $date }
cert-deadline-late = متأخر: كان يجب قبل { $date }
cert-choose = اختر شهادة لطباعتها
cert-kind-did = شهادة البطالة والتصريح
cert-kind-sap = مستخرج من البطاقة المهنية
cert-kind-l68 = التسجيل في التشغيل الموجّه
cert-kind-pds = نسخة من اتفاق الخدمة
cert-print = طباعة
cert-back = ← وضعي
employment-disoccupato = عاطل عن العمل
employment-inoccupato = يبحث عن أول عمل
employment-occupato = يعمل
employment-sospeso = حالة معلّقة (عمل قصير)
employment-studente = طالب
keyboard-label = لوحة المفاتيح على الشاشة
keyboard-delete = حذف الحرف قبل المؤشر
keyboard-clear = مسح
keyboard-space = مسافة
keyboard-shift = أحرف كبيرة
idle-warning = هل ما زلت هنا؟ حفاظاً على خصوصيتك تنتهي الجلسة خلال { $seconds } ثانية.
idle-continue = متابعة
did-slot-title = اختر يوم مقابلة التوجيه
did-slot-lead = تستغرق المقابلة نحو ساعة في مركز التشغيل. تُعرض فقط الأيام خلال شهرين من التصريح.
did-slot-skip = ليس الآن: سيتصل بي مركز التشغيل
did-time-title = اختر الساعة يوم { $day }
did-day-change = اختر يومًا آخر
did-no-days = لم يعد هناك يوم متاح خلال شهرين: سيتصل بك مركز التشغيل.
did-no-agenda = لم تصل مواعيد المقابلات إلى هذا الجهاز بعد: أرسل الإقرار وسيتصل بك مركز التشغيل لتحديد موعد المقابلة.
did-week = الأسبوع من { $from } إلى { $to }
did-week-prev = الأسبوع السابق
did-week-next = الأسبوع التالي
did-slot-lost = نأسف: حُجز الموعد نفسه للتو في جهاز آخر. اختر موعدًا جديدًا.
weekday-1 = الاثنين
weekday-2 = الثلاثاء
weekday-3 = الأربعاء
weekday-4 = الخميس
weekday-5 = الجمعة
weekday-6 = السبت
weekday-7 = الأحد
did-receipt-slot = مقابلة التوجيه: { $when }
did-receipt-none = سيتصل بك مركز التشغيل لتحديد موعد مقابلة التوجيه.
did-receipt-ref = المرجع: { $reference }
did-receipt-qr = رمز QR للإيصال
did-print = اطبع الإيصال
cert-pdf = تنزيل ملف PDF
session-end = إنهاء
a11y-label = إمكانية الوصول
a11y-large-text = نص كبير
a11y-contrast = تباين عالٍ
a11y-reachable = الأزرار في الأسفل
jobs-start = عروض العمل
jobs-title = عروض العمل
jobs-unavailable = لم تصل العروض بعد إلى هذا الجهاز.
jobs-filters = تصفية العروض
jobs-profession = المهنة
jobs-municipality = البلدية
jobs-contract = العقد
jobs-time = دوام العمل
jobs-time-full = دوام كامل
jobs-time-part = دوام جزئي
jobs-any-profession = الكل
jobs-any-municipality = الكل
jobs-any-contract = الكل
jobs-any-time = الكل
jobs-recent = فقط من الأسبوع الأخير
jobs-count = { $count ->
    [one] عرض واحد
   *[other] { $count } عروض
}
jobs-published = نُشر بتاريخ
jobs-reference = المرجع
jobs-description = الوصف
jobs-requirements = الشروط
jobs-apply = طريقة التقديم
jobs-back = ← كل العروض
jobs-not-found = العرض غير موجود أو لم يعد متاحاً
jobs-qr = رمز QR للعرض
jobs-qr-hint = امسح الرمز بهاتفك لتأخذ العرض معك.
jobs-print = اطبع تذكيراً
jobs-contract-indeterminato = عقد دائم
jobs-contract-determinato = عقد محدد المدة
jobs-contract-apprendistato = تلمذة مهنية
jobs-contract-tirocinio = تدريب
jobs-contract-somministrazione = عمل عبر وكالة
cp-group-1 = المديرون وأصحاب المشاريع
cp-group-2 = المهن الفكرية والعلمية
cp-group-3 = المهن التقنية
cp-group-4 = الأعمال المكتبية
cp-group-5 = التجارة والخدمات
cp-group-6 = الحرفيون والعمال المهرة والمزارعون
cp-group-7 = مشغلو الآلات والسائقون
cp-group-8 = المهن غير الماهرة
cp-group-9 = القوات المسلحة

# Queue tickets
ticket-start = خذ رقمًا للشباك
ticket-title = خذ رقمًا
ticket-lead = اختر مجال الخدمة التي تحتاجها. لكل مجال ترى عدد المنتظرين ووقت الانتظار المقدّر.
ticket-priority-title = المجال { $area }: هل لك حق الأولوية؟
ticket-priority-lead = يُنادى الأشخاص ذوو الإعاقة والنساء الحوامل قبل غيرهم.
ticket-priority-normal = لا، رقم عادي
ticket-priority-disability = نعم، شخص ذو إعاقة
ticket-priority-pregnancy = نعم، امرأة حامل
ticket-priority-printed = رقم ذو أولوية
ticket-change-area = غيّر المجال
ticket-next = أنت التالي: انتبه إلى النداء على لوحة العرض.
ticket-wait = { $ahead ->
    [one] شخص واحد قبلك · الانتظار المقدّر حوالي { $minutes } دقيقة
   *[other] { $ahead } أشخاص قبلك · الانتظار المقدّر حوالي { $minutes } دقيقة
}
ticket-wait-unknown = { $ahead ->
    [one] شخص واحد قبلك · لا يوجد شباك مفتوح الآن لهذا المجال: لا يمكن تقدير الانتظار
   *[other] { $ahead } أشخاص قبلك · لا يوجد شباك مفتوح الآن لهذا المجال: لا يمكن تقدير الانتظار
}
ticket-qr = امسح الرمز بهاتفك لمتابعة دورك
ticket-print = اطبع التذكرة
ticket-another = خذ رقمًا آخر
ticket-sent = رقمك ظاهر الآن لدى الشبابيك.
ticket-queued = رقمك صالح: ستراه الشبابيك فور عودة الجهاز إلى الاتصال.
ticket-unavailable = هذا الجهاز غير مفعّل: أرقام الشبابيك غير متاحة. يرجى التوجه إلى الاستقبال.
ticket-no-code = ليس لهذا الجهاز حرف للتذاكر: يرجى التوجه إلى الاستقبال.
ticket-no-day = أرقام اليوم غير متاحة بعد على هذا الجهاز: يرجى التوجه إلى الاستقبال.
ticket-exhausted = نفدت أرقام اليوم لهذا المجال على هذا الجهاز: استخدم جهازًا آخر أو توجه إلى الاستقبال.
survey-start = قيّم الخدمة التي تلقيتها
survey-title = كيف كانت تجربتك عند الشباك؟
survey-number = رقم تذكرتك
survey-continue = متابعة
survey-bad-number = اكتب الرقم كما هو على التذكرة، مثلًا A-B-017.
survey-unknown = لم نجد هذا الرقم بين تذاكر اليوم.
survey-not-done = يمكنك التقييم بعد انتهاء الخدمة عند الشباك.
survey-question = ما مدى رضاك عن الخدمة التي تلقيتها (التذكرة { $number }، { $area })؟
survey-rating = التقييم { $n } من 5
survey-scale = 1 = غير راضٍ إطلاقًا · 5 = راضٍ جدًا
survey-comment = تعليق (اختياري، لا تكتب بيانات شخصية)
survey-send = إرسال
survey-choose = اختر تقييمًا من 1 إلى 5.
survey-thanks = شكرًا: تقييمك يساعد مركز التوظيف على التحسّن.
queue-loading = جارٍ التحميل…
queue-status-title = دورك
queue-called = حان دورك: توجّه إلى الشباك { $desk }.
queue-done = انتهت الخدمة.
queue-no-show = نوديت ولم تكن حاضرًا: يرجى التوجه إلى الاستقبال.
ticket-check-code = رمز تقييم الخدمة: { $code }
survey-lead = قرّب رمز QR الموجود على التذكرة من القارئ، أو اكتب الرقم والرمز المطبوعين على التذكرة.
survey-code = الرمز المطبوع على التذكرة
