lang-label = Gjuha
brand = Sportello · Shërbimet e punësimit
cpi-full-name = Qendra e Punësimit e { $name }
cpi-province = Provinca e { $province }

home-lead = Zgjidhni një Qendër Punësimi për të hapur kioskën e saj.
home-list = Lista e Qendrave të Punësimit

totem-unknown-title = Qendra e Punësimit nuk u gjet
totem-unknown-body = Kjo kioskë nuk është konfiguruar për një Qendër Punësimi të njohur.
totem-activate = Aktivizo këtë kioskë

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
did-unavailable = Ky totem nuk është aktivizuar: drejtohuni në sportel.
