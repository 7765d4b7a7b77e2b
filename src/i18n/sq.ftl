lang-label = Gjuha
brand = Sportello · Shërbimet e punësimit
cpi-full-name = Qendra e Punësimit e { $name }
cpi-province = Provinca e { $province }

home-lead = Zgjidhni një Qendër Punësimi për të hapur kioskën e saj.
home-list = Lista e Qendrave të Punësimit

totem-unknown-title = Qendra e Punësimit nuk u gjet
totem-unknown-body = Kjo kioskë nuk është konfiguruar për një Qendër Punësimi të njohur.
totem-inactive = Ky kioskë nuk është ende aktiv. Për shërbimet e Qendrës së Punësimit drejtohuni te personeli.
totem-revoked = Ky kioskë është çaktivizuar nga qendra e punësimit dhe nuk është më i lidhur. Kërkoji një punonjësi ta aktivizojë përsëri.

cpi-address = Adresa
cpi-hours = Orari i punës
cpi-contacts = Kontaktet
cpi-phone = Telefoni:
cpi-email = E-mail:

charter-title = Karta e shërbimeve
charter-lead = Zgjidhni një fushë për të parë shërbimet, për kë janë dhe sa zgjasin.
charter-back = ← Karta e shërbimeve
charter-return = Kthehu te karta e shërbimeve
audience-citizens = Për qytetaret dhe qytetarët
audience-employers = Për ndërmarrjet
area-services-count = { $count ->
    [one] 1 shërbim
   *[other] { $count } shërbime
}
area-title = Fusha { $letter } · { $name }
area-back = ← Fusha { $letter }
area-not-found = Fusha nuk u gjet
service-not-found = Shërbimi nuk u gjet
service-what = Çfarë është
service-for-whom = Për kë është
service-conditions = Kushtet
service-duration = Kohëzgjatja standarde
service-legal = Referencat ligjore
duration-caption = Kohëzgjatja standarde e shërbimit { $code }
duration-recipients = Për
duration-length = Kohëzgjatja
duration-minutes = { $minutes } minuta
duration-none = Nuk parashikohet
crumbs = Rruga

board-notices = Njoftime
board-directory = Shërbime të tjera vendore
board-phone = Tel. { $phone }

sync-online = Në linjë
sync-offline = Jashtë linje
sync-all-saved = Gjithçka u ruajt në server
sync-nothing-pending = Asnjë ndryshim në pritje
sync-pending = { $count ->
    [one] 1 ndryshim për t'u dërguar
   *[other] { $count } ndryshime për t'u dërguar
}
sync-last = Sinkronizimi i fundit: { $time }
sync-never = Nuk është sinkronizuar kurrë
sync-refused = Serveri refuzoi një ndryshim: { $reason }

did-start = Deklaroni gatishmërinë tuaj për punë (DID)
did-title = Deklaratë e gatishmërisë së menjëhershme
did-lead = Nëse nuk jeni ende të regjistruar në Qendrën e Punësimit, lini këtu të dhënat tuaja: një operator do ta konfirmojë deklaratën dhe do t'ju thërrasë për intervistën e orientimit.
did-cf = Kodi fiskal (codice fiscale)
did-surname = Mbiemri
did-name = Emri
did-phone = Telefoni
did-email = E-mail (opsionale)
did-submit = Dërgo deklaratën
did-cf-invalid = Kod fiskal i pavlefshëm: { $reason }
did-missing = Shkruani mbiemrin, emrin dhe një numër telefoni.
did-done = Deklarata u regjistrua. Një operator do ta konfirmojë brenda 2 ditëve pune.
did-queued = Totemi është pa rrjet: deklarata do të dërgohet sapo të kthehet lidhja.
did-sent = Deklarata arriti në Qendrën e Punësimit.
did-refused = Sistemi nuk e pranoi këtë deklaratë: nuk do të arrijë në Qendrën e Punësimit. Drejtohuni te sporteli. Kur shtypni Mbaro, të dhënat tuaja fshihen nga ky totem.
did-unavailable = Ky totem nuk është aktivizuar: drejtohuni në sportel.

cert-start = Situata ime dhe certifikatat (me kartën shëndetësore)
cert-title = Certifikata me kartën shëndetësore
cert-scan-lead = Kaloni barkodin në pjesën e pasme të Tessera Sanitaria nën lexues, ose shkruani kodin fiskal.
cert-cf = Kodi fiskal (codice fiscale)
cert-next = Vazhdo
cert-cf-invalid = Kod fiskal i pavlefshëm: { $reason }
cert-factor-title = Konfirmoni që karta është juaja
cert-factor-lead = Shkruani 8 shifrat e fundit të numrit të kartës dhe datën e skadencës, siç janë të shtypura në pjesën e pasme.
cert-digits = 8 shifrat e fundit të numrit të kartës
cert-expiry = Data e skadencës (DD/MM/VVVV)
cert-digits-invalid = Duhen 8 shifrat e fundit të numrit të kartës.
cert-expiry-invalid = Shkruani datën e skadencës si DD/MM/VVVV.
cert-confirm = Konfirmo
cert-offline = Totemi tani nuk është i lidhur: situata dhe certifikatat kërkohen vetëm me lidhje. Drejtohuni në sportelin e Qendrës së Punësimit, { $address }.
cert-not-enrolled = Ky totem nuk është aktivizuar: certifikatat nuk janë të disponueshme. Drejtohuni në sportel.
cert-status-title = Situata ime
cert-employment = Gjendja
cert-did = Deklarata e gatishmërisë së menjëhershme (DID)
cert-did-none = Asnjë DID e regjistruar
cert-pds = Marrëveshja e shërbimit
cert-pds-signed = Nënshkruar më { $date }
cert-pds-none = Ende e panënshkruar
cert-l68 = Punësimi i synuar (Ligji 68/99)
cert-l68-yes = I regjistruar që nga { $date }
cert-l68-no = I paregjistruar
cert-appointment = Takimi i ardhshëm
cert-appointment-on = Intervistë orientimi më { $date }
cert-appointment-none = Asnjë takim i caktuar
cert-deadlines = Çfarë ju detyrohet Qendra e Punësimit
cert-deadline-b1 = Intervista e orientimit
cert-deadline-pai = Propozimi i një plani të politikës aktive (PAI)
cert-deadline-due = deri më { $date }
cert-deadline-done = bërë më { $date }
cert-deadline-late = me vonesë: duhej bërë deri më { $date }
cert-choose = Zgjidhni një certifikatë për ta shtypur
cert-kind-did = Vërtetim papunësie dhe DID
cert-kind-sap = Ekstrakt i kartelës profesionale
cert-kind-l68 = Regjistrimi në punësimin e synuar
cert-kind-pds = Kopje e marrëveshjes së shërbimit
cert-print = Shtyp
cert-back = ← Situata ime
employment-disoccupato = I papunë
employment-inoccupato = Në kërkim të punës së parë
employment-occupato = I punësuar
employment-sospeso = Gjendje e pezulluar (punë e shkurtër)
employment-studente = Student
keyboard-label = Tastiera në ekran
keyboard-delete = Fshi shkronjën para kursorit
keyboard-clear = Pastro
keyboard-space = Hapësirë
keyboard-shift = Shkronja të mëdha
idle-warning = Jeni ende këtu? Për privatësinë tuaj seanca mbaron pas { $seconds } sekondash.
idle-continue = Vazhdo
did-slot-title = Zgjidhni ditën e intervistës së orientimit
did-slot-lead = Intervista zgjat rreth një orë, në Qendrën e Punësimit. Ofrohen vetëm ditë brenda dy muajve nga deklarata.
did-slot-skip = Jo tani: Qendra e Punësimit do të më telefonojë
did-time-title = Zgjidhni orën e { $day }
did-day-change = Zgjidhni një ditë tjetër
did-no-days = Nuk ka më ditë të lira brenda dy muajve: Qendra e Punësimit do t'ju telefonojë.
did-no-agenda = Oraret e intervistave nuk kanë arritur ende në këtë totem: dërgoni deklaratën dhe Qendra e Punësimit do t'ju telefonojë për të caktuar intervistën.
did-week = Java nga { $from } deri më { $to }
did-week-prev = ← Java e mëparshme
did-week-next = Java tjetër →
did-slot-lost = Na vjen keq: e njëjta orë sapo ishte rezervuar në një totem tjetër. Zgjidhni një orë të re.
weekday-1 = E hënë
weekday-2 = E martë
weekday-3 = E mërkurë
weekday-4 = E enjte
weekday-5 = E premte
weekday-6 = E shtunë
weekday-7 = E diel
did-receipt-slot = Intervista e orientimit: { $when }
did-receipt-none = Qendra e Punësimit do t'ju telefonojë për të caktuar intervistën e orientimit.
did-receipt-ref = Referenca: { $reference }
did-receipt-qr = Kodi QR i mandatës
did-print = Shtyp mandatën
cert-pdf = Shkarko PDF-në
session-end = Mbaro
a11y-label = Aksesueshmëria
a11y-large-text = Tekst i madh
a11y-contrast = Kontrast i lartë
a11y-reachable = Komandat poshtë
jobs-start = Oferta pune
jobs-title = Oferta pune
jobs-unavailable = Ofertat nuk kanë arritur ende në këtë totem.
jobs-filters = Filtro ofertat
jobs-profession = Profesioni
jobs-municipality = Komuna
jobs-contract = Kontrata
jobs-time = Orari
jobs-time-full = Me kohë të plotë
jobs-time-part = Me kohë të pjesshme
jobs-any-profession = Të gjitha
jobs-any-municipality = Të gjitha
jobs-any-contract = Të gjitha
jobs-any-time = Të gjitha
jobs-recent = Vetëm të javës së fundit
jobs-count = { $count ->
    [one] 1 ofertë
   *[other] { $count } oferta
}
jobs-published = Publikuar më
jobs-reference = Referenca
jobs-description = Përshkrimi
jobs-requirements = Kërkesat
jobs-apply = Si të aplikoni
jobs-back = ← Të gjitha ofertat
jobs-not-found = Oferta nuk u gjet ose nuk është më e disponueshme
jobs-qr = Kodi QR i ofertës
jobs-qr-hint = Skanoni kodin me telefon për ta marrë ofertën me vete.
jobs-print = Shtyp një kujtesë
jobs-contract-indeterminato = Me afat të pacaktuar
jobs-contract-determinato = Me afat të caktuar
jobs-contract-apprendistato = Praktikë profesionale
jobs-contract-tirocinio = Stazh
jobs-contract-somministrazione = Punë me agjenci
cp-group-1 = Drejtues dhe sipërmarrës
cp-group-2 = Profesione intelektuale dhe shkencore
cp-group-3 = Profesione teknike
cp-group-4 = Punë zyre
cp-group-5 = Tregti dhe shërbime
cp-group-6 = Zejtarë, punëtorë të kualifikuar dhe fermerë
cp-group-7 = Operatorë makinerish dhe shoferë
cp-group-8 = Profesione të pakualifikuara
cp-group-9 = Forcat e armatosura

# Queue tickets
ticket-start = Merr një numër për sportelin
ticket-title = Merr një numër
ticket-lead = Zgjidh fushën e shërbimit që të nevojitet. Për secilën fushë shikon sa persona presin dhe pritjen e vlerësuar.
ticket-priority-title = Fusha { $area }: a ke të drejtë përparësie?
ticket-priority-lead = Personat me aftësi të kufizuara dhe gratë shtatzëna thirren para të tjerëve.
ticket-priority-normal = Jo, numër i zakonshëm
ticket-priority-disability = Po, person me aftësi të kufizuara
ticket-priority-pregnancy = Po, grua shtatzënë
ticket-priority-printed = Numër me përparësi
ticket-change-area = Ndrysho fushën
ticket-next = Je i radhës: ndiq thirrjen në tabelë.
ticket-wait = { $ahead ->
    [one] 1 person para teje · pritja e vlerësuar rreth { $minutes } minuta
   *[other] { $ahead } persona para teje · pritja e vlerësuar rreth { $minutes } minuta
}
ticket-wait-unknown = { $ahead ->
    [one] 1 person para teje · asnjë sportel i hapur tani për këtë fushë: pritja nuk mund të vlerësohet
   *[other] { $ahead } persona para teje · asnjë sportel i hapur tani për këtë fushë: pritja nuk mund të vlerësohet
}
ticket-qr = Skano kodin me telefon për të ndjekur radhën tënde
ticket-print = Printo biletën
ticket-another = Merr një numër tjetër
ticket-sent = Sportelet e shohin tashmë numrin tënd.
ticket-queued = Numri yt është i vlefshëm: sportelet do ta shohin sapo totemi të rikthehet në linjë.
ticket-unavailable = Ky totem nuk është aktivizuar: numrat për sportelin nuk janë të disponueshëm. Drejtohu pritjes.
ticket-no-code = Ky totem nuk ka shkronjë për biletat: drejtohu pritjes.
ticket-no-day = Numrat e sotëm nuk janë ende të disponueshëm në këtë totem: drejtohu pritjes.
ticket-exhausted = Numrat e sotëm për këtë fushë mbaruan në këtë totem: përdor një totem tjetër ose drejtohu pritjes.
survey-start = Vlerëso shërbimin që more
survey-title = Si shkoi në sportel?
survey-number = Numri i biletës sate
survey-continue = Vazhdo
survey-bad-number = Shkruaje numrin si në biletë, për shembull A-B-017.
survey-unknown = Nuk e gjejmë këtë numër ndër biletat e sotme.
survey-not-done = Mund ta vlerësosh shërbimin kur të ketë përfunduar.
survey-question = Sa i kënaqur je me shërbimin që more (bileta { $number }, { $area })?
survey-rating = Nota { $n } nga 5
survey-scale = 1 = aspak i kënaqur · 5 = shumë i kënaqur
survey-comment = Koment (opsional, mos shkruaj të dhëna personale)
survey-send = Dërgo
survey-choose = Zgjidh një notë nga 1 në 5.
survey-thanks = Faleminderit: vlerësimi yt ndihmon Qendrën e Punësimit të përmirësohet.
queue-loading = Duke u ngarkuar…
queue-status-title = Radha jote
queue-called = Është radha jote: shko te sporteli { $desk }.
queue-done = Shërbimi përfundoi.
queue-no-show = U thirre por nuk ishe i pranishëm: drejtohu pritjes.
ticket-check-code = Kodi për të vlerësuar shërbimin: { $code }
survey-lead = Afro kodin QR të biletës te lexuesi, ose shkruaj numrin dhe kodin e shtypur në biletë.
survey-code = Kodi i shtypur në biletë
