lang-label = Language
brand = Sportello · Employment services
cpi-full-name = Job Centre of { $name }
cpi-province = Province of { $province }

home-lead = Choose a Job Centre to open its kiosk.
home-list = List of Job Centres

totem-unknown-title = Job Centre not found
totem-unknown-body = This kiosk is not set up for a known Job Centre.
totem-inactive = This kiosk is not active yet. For the Job Centre's services, please ask the staff.
totem-revoked = This kiosk has been deactivated by the job centre and is no longer connected. Ask a member of staff to activate it again.

cpi-address = Address
cpi-hours = Opening hours
cpi-contacts = Contacts
cpi-phone = Phone:
cpi-email = E-mail:

charter-title = Charter of services
charter-lead = Choose an area to see its services, who they are for and how long they take.
charter-back = ← Charter of services
charter-return = Back to the charter of services
audience-citizens = For citizens
audience-employers = For employers
area-services-count = { $count ->
    [one] 1 service
   *[other] { $count } services
}
area-title = Area { $letter } · { $name }
area-back = ← Area { $letter }
area-not-found = Area not found
service-not-found = Service not found
service-what = What it is
service-for-whom = Who it is for
service-conditions = Conditions
service-duration = Standard duration
service-legal = Legal references
duration-caption = Standard duration of service { $code }
duration-recipients = For
duration-length = Duration
duration-minutes = { $minutes } minutes
duration-none = Not provided
crumbs = Path

board-notices = Notices
board-directory = Other local services
board-phone = Tel. { $phone }

sync-online = Online
sync-offline = Offline
sync-all-saved = Everything saved on the server
sync-nothing-pending = No changes waiting
sync-pending = { $count ->
    [one] 1 change to send
   *[other] { $count } changes to send
}
sync-last = Last sync: { $time }
sync-never = Never synced
sync-refused = The server refused a change: { $reason }

did-start = Declare that you are available for work (DID)
did-title = Declaration of immediate availability
did-lead = If you are not yet registered with the Job Centre, leave your details here: an operator will confirm the declaration and call you for the guidance interview.
did-cf = Tax code (codice fiscale)
did-surname = Surname
did-name = Name
did-phone = Phone
did-email = E-mail (optional)
did-submit = Send the declaration
did-cf-invalid = Invalid tax code: { $reason }
did-missing = Enter surname, name and a phone number.
did-done = Declaration recorded. An operator will confirm it within 2 working days.
did-queued = The totem is offline: the declaration will be sent as soon as the connection is back.
did-sent = The declaration has reached the Job Centre.
did-refused = The system did not accept this declaration: it will not reach the Job Centre. Please go to the desk. When you press Done, your data is erased from this totem.
did-unavailable = This totem is not activated: please ask at the desk.

cert-start = My status and certificates (with the health card)
cert-title = Certificates with your health card
cert-scan-lead = Hold the barcode on the back of your Tessera Sanitaria under the reader, or type your tax code.
cert-cf = Tax code (codice fiscale)
cert-next = Next
cert-cf-invalid = Invalid tax code: { $reason }
cert-factor-title = Confirm the card is yours
cert-factor-lead = Type the last 8 digits of the card number and the expiry date, as printed on the back.
cert-digits = Last 8 digits of the card number
cert-expiry = Expiry date (DD/MM/YYYY)
cert-digits-invalid = The last 8 digits of the card number are needed.
cert-expiry-invalid = Type the expiry date as DD/MM/YYYY.
cert-confirm = Confirm
cert-offline = The totem is offline right now: your status and certificates are only available with a connection. Please go to the Job Centre desk, { $address }.
cert-not-enrolled = This totem is not activated: certificates are not available. Please ask at the desk.
cert-status-title = My status
cert-employment = Status
cert-did = Declaration of immediate availability (DID)
cert-did-none = No DID recorded
cert-pds = Service agreement
cert-pds-signed = Signed on { $date }
cert-pds-none = Not signed yet
cert-l68 = Targeted placement (Law 68/99)
cert-l68-yes = Registered since { $date }
cert-l68-no = Not registered
cert-appointment = Next appointment
cert-appointment-on = Guidance interview on { $date }
cert-appointment-none = No appointment booked
cert-deadlines = What the Job Centre owes you
cert-deadline-b1 = Guidance interview
cert-deadline-pai = Offer of an active labour policy plan (PAI)
cert-deadline-due = by { $date }
cert-deadline-done = done on { $date }
cert-deadline-late = late: it was due by { $date }
cert-choose = Choose a certificate to print
cert-kind-did = Unemployment and DID certificate
cert-kind-sap = Extract of the professional record
cert-kind-l68 = Targeted placement registration
cert-kind-pds = Copy of the service agreement
cert-print = Print
cert-back = ← My status
employment-disoccupato = Unemployed
employment-inoccupato = Looking for a first job
employment-occupato = Employed
employment-sospeso = Suspended status (short job)
employment-studente = Student
keyboard-label = On-screen keyboard
keyboard-delete = Delete the character before the cursor
keyboard-clear = Clear
keyboard-space = Space
keyboard-shift = Capital letters
idle-warning = Are you still there? For your privacy the session ends in { $seconds } seconds.
idle-continue = Continue
did-slot-title = Choose the day of your guidance interview
did-slot-lead = The interview takes about an hour, at the Job Centre. Only days within two months of the declaration are offered.
did-slot-skip = Not now: the Job Centre will call me
did-time-title = Choose the time on { $day }
did-day-change = Choose another day
did-no-days = No free day is left within two months: the Job Centre will call you.
did-no-agenda = The interview times have not reached this totem yet: send the declaration and the Job Centre will call you to set the interview.
did-week = Week from { $from } to { $to }
did-week-prev = ← Previous week
did-week-next = Next week →
did-slot-lost = Sorry: the same time had just been booked at another totem. Please choose a new time.
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
did-receipt-slot = Guidance interview: { $when }
did-receipt-none = The Job Centre will call you to book the guidance interview.
did-receipt-ref = Reference: { $reference }
did-receipt-qr = QR code of the receipt
did-print = Print the receipt
cert-pdf = Download the PDF
session-end = Done
a11y-label = Accessibility
a11y-large-text = Large text
a11y-contrast = High contrast
a11y-reachable = Controls at the bottom
jobs-start = Job vacancies
jobs-title = Job vacancies
jobs-unavailable = The vacancies have not reached this totem yet.
jobs-filters = Filter the vacancies
jobs-profession = Profession
jobs-municipality = Town
jobs-contract = Contract
jobs-time = Working time
jobs-time-full = Full-time
jobs-time-part = Part-time
jobs-any-profession = All
jobs-any-municipality = All
jobs-any-contract = All
jobs-any-time = All
jobs-recent = Only from the last week
jobs-count = { $count ->
    [one] 1 vacancy
   *[other] { $count } vacancies
}
jobs-published = Published on
jobs-reference = Reference
jobs-description = Description
jobs-requirements = Requirements
jobs-apply = How to apply
jobs-back = ← All vacancies
jobs-not-found = Vacancy not found or no longer available
jobs-qr = QR code of the vacancy
jobs-qr-hint = Scan the code with your phone to take the vacancy with you.
jobs-print = Print a reminder
jobs-contract-indeterminato = Permanent
jobs-contract-determinato = Fixed-term
jobs-contract-apprendistato = Apprenticeship
jobs-contract-tirocinio = Traineeship
jobs-contract-somministrazione = Agency work
cp-group-1 = Managers and entrepreneurs
cp-group-2 = Intellectual and scientific professions
cp-group-3 = Technical professions
cp-group-4 = Office work
cp-group-5 = Sales and services
cp-group-6 = Craft, skilled workers and farmers
cp-group-7 = Plant and machine operators, drivers
cp-group-8 = Elementary occupations
cp-group-9 = Armed forces

# Queue tickets
ticket-start = Take a number for the desk
ticket-title = Take a number
ticket-lead = Choose the area of the service you need. For each area you can see how many people are waiting and the estimated wait.
ticket-priority-title = Area { $area }: are you entitled to priority?
ticket-priority-lead = People with disabilities and pregnant women are called before the others.
ticket-priority-normal = No, ordinary number
ticket-priority-disability = Yes, person with a disability
ticket-priority-pregnancy = Yes, pregnant woman
ticket-priority-printed = Priority number
ticket-change-area = Change area
ticket-next = You are next: watch for your call on the display board.
ticket-wait = { $ahead ->
    [one] 1 person before you · estimated wait about { $minutes } minutes
   *[other] { $ahead } people before you · estimated wait about { $minutes } minutes
}
ticket-wait-unknown = { $ahead ->
    [one] 1 person before you · no desk is open for this area now: the wait cannot be estimated
   *[other] { $ahead } people before you · no desk is open for this area now: the wait cannot be estimated
}
ticket-qr = Scan the code with your phone to follow your turn
ticket-print = Print the ticket
ticket-another = Take another number
ticket-sent = The desks can already see your number.
ticket-queued = Your number is valid: the desks will see it as soon as the totem is back online.
ticket-unavailable = This totem is not activated: desk numbers are not available. Please ask at reception.
ticket-no-code = This totem has no letter for tickets: please ask at reception.
ticket-no-day = Today's numbers are not available on this totem yet: please ask at reception.
ticket-exhausted = This totem has run out of numbers for this area today: use another totem or ask at reception.
survey-start = Rate the service you received
survey-title = How did it go at the desk?
survey-number = Your ticket number
survey-continue = Continue
survey-bad-number = Write the number as it is on the ticket, for example A-B-017.
survey-unknown = We cannot find this number among today's tickets.
survey-not-done = You can rate the service once it is over.
survey-question = How satisfied are you with the service you received (ticket { $number }, { $area })?
survey-rating = Rating { $n } out of 5
survey-scale = 1 = not satisfied at all · 5 = very satisfied
survey-comment = Comment (optional, do not write personal data)
survey-send = Send
survey-choose = Choose a rating from 1 to 5.
survey-thanks = Thank you: your rating helps the Job Centre improve.
queue-loading = Loading…
queue-status-title = Your turn
queue-called = It's your turn: go to desk { $desk }.
queue-done = Service completed.
queue-no-show = You were called but were not there: please ask at reception.
ticket-check-code = Code to rate the service: { $code }
survey-lead = Hold the ticket's QR code to the scanner, or type the number and the code printed on the ticket.
survey-code = Code printed on the ticket
