"""English dates in one form, "September 8, 2026", as the long dates of the event pages
("Monday, September 8, 2026, 10:00 AM", locale/en's translation of templates/includes/
date_range.html) write them: Django's English default abbreviates the month ("Sept. 8, 2026")
and writes short dates as "09/08/2026", which read differently in the UK and the US."""

DATE_FORMAT = "F j, Y"
SHORT_DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, g:i A"
SHORT_DATETIME_FORMAT = "F j, Y, g:i A"
