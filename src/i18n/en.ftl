lang-label = Language
brand = Sportello · Employment services
cpi-full-name = Job Centre of { $name }
cpi-province = Province of { $province }

home-lead = Choose a Job Centre to open its kiosk.
home-list = List of Job Centres

totem-unknown-title = Job Centre not found
totem-unknown-body = This kiosk is not set up for a known Job Centre.
totem-activate = Activate this kiosk

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
did-unavailable = This totem is not activated: please ask at the desk.
