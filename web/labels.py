"""Translated titles of stored values (kinds, sectors, channels…).

Stored values stay English identifiers; these are what a person reads.
"""

from __future__ import annotations

from web.text import _l

KIND_TITLES = {
    "sister": _l("Sister libraries"),
    "local": _l("Local partnership"),
}
PARTY_ROLE_TITLES = {
    "lead": _l("Lead library"),
    "partner": _l("Partner"),
}
SECTOR_TITLES = {
    "public": _l("Public sector"),
    "social": _l("Social sector"),
    "economic": _l("Economic sector"),
}
DIRECTION_TITLES = {
    "information": _l("Information cooperation and countering disinformation"),
    "culture": _l("Cultural and professional exchange"),
    "humanitarian": _l("Humanitarian exchange of books and materials"),
}
CHANNEL_TITLES = {
    "website": _l("Website"),
    "facebook": _l("Facebook"),
    "instagram": _l("Instagram"),
    "telegram": _l("Telegram"),
    "x": _l("X"),
    "youtube": _l("YouTube"),
    "press": _l("Local press"),
    "radio": _l("Radio"),
    "newsletter": _l("Newsletter"),
    "notice_board": _l("The library's notice board"),
}
ACTIVITY_STATUS_TITLES = {
    "planned": _l("Planned"),
    "done": _l("Done"),
    "cancelled": _l("Cancelled"),
}
PLACE_KIND_TITLES = {
    "library": _l("In the library"),
    "premises": _l("At a partner's premises"),
    "online": _l("Online"),
}
HOURS_KIND_TITLES = {
    "meeting": _l("Partnership meeting"),
    "preparation": _l("Preparing a meeting"),
    "phone": _l("Consultation by phone"),
    "email": _l("Consultation by e-mail"),
    "forum": _l("Consultation on a forum"),
    "video_call": _l("Consultation by video call"),
    "organisational": _l("Organisational meeting"),
    "monitoring": _l("Mid-term monitoring meeting"),
}
#: Languages of a partnership's documents, named in the reader's language.
LANGUAGE_TITLES = {
    "en": _l("English"),
    "uk": _l("Ukrainian"),
    "pl": _l("Polish"),
}
#: The interface languages, each named in itself (for the switcher).
LOCALE_NAMES = {
    "en": "English",
    "uk": "Українська",
    "pl": "Polski",
}
#: History rows of creation have no transition of their own.
CREATED = _l("Partnership created")
LIBRARY_TYPE_TITLES = {
    "national": _l("National library"),
    "regional": _l("Regional library"),
    "public": _l("Public library"),
    "university": _l("University library"),
    "school": _l("School library"),
    "special": _l("Special library"),
}
LIBRARY_STATUS_TITLES = {
    "operating": _l("Operating"),
    "relocated": _l("Relocated"),
    "damaged": _l("Damaged"),
    "destroyed": _l("Destroyed"),
    "occupied": _l("Under occupation"),
}
SUBJECT_TITLES = {
    "history": _l("History"),
    "local_history": _l("Local history"),
    "literature": _l("Literature"),
    "children": _l("Children's books"),
    "science": _l("Science"),
    "technology": _l("Technology"),
    "arts": _l("Arts"),
    "music": _l("Music"),
    "languages": _l("Languages"),
    "law": _l("Law"),
    "medicine": _l("Medicine"),
    "agriculture": _l("Agriculture"),
}
