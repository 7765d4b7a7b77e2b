lang-label = اللغة
brand = Sportello · خدمات التشغيل
cpi-full-name = مركز التشغيل في { $name }
cpi-province = مقاطعة { $province }

home-lead = اختر مركز التشغيل لفتح الكشك الخاص به.
home-list = قائمة مراكز التشغيل

totem-unknown-title = لم يتم العثور على مركز التشغيل
totem-unknown-body = هذا الكشك غير مُعَدّ لأي مركز تشغيل معروف.
totem-activate = تفعيل هذا الكشك

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
did-unavailable = هذا الجهاز غير مفعّل: يرجى التوجه إلى الشباك.
